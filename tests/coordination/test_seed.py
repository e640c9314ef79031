import datetime
import io

from contacts.models import Topic
from coordination import seed
from coordination.models import (
    Body,
    BodyTheme,
    Committee,
    Conference,
    CoordinationOffice,
    EventFormat,
    Forum,
    Foundation,
    Lineage,
    LineageKind,
    Membership,
    OfficeTask,
    TopicArea,
)
from core.dates import DatePrecision


def counts():
    models = [Body, Foundation, Lineage, Membership, OfficeTask, EventFormat, TopicArea, Topic]
    rows = {model.__name__: model.objects.count() for model in models}
    recorded = [
        Conference,
        CoordinationOffice,
        Committee,
        Forum,
        Foundation,
        BodyTheme,
        Membership,
        Lineage,
        OfficeTask,
        EventFormat,
        TopicArea,
    ]
    rows["history"] = {model.__name__: model.history.count() for model in recorded}
    return rows


def test_loading_twice_changes_nothing(seeded):
    before = counts()
    assert all(before["history"].values()), "every seeded kind of record has a first version"
    seed.load(io.StringIO())
    assert counts() == before


def test_kkjp_was_founded_in_september_2017_from_a_merger(seeded):
    kkjp = Conference.objects.get(slug="kkjp")
    assert kkjp.name == "Konferenz für Kinder- und Jugendpolitik"
    assert (kkjp.founded_on, kkjp.founded_precision) == (
        datetime.date(2017, 9, 1),
        DatePrecision.MONTH,
    )
    assert kkjp.parent_organisation.slug == "sodk"
    merged = Lineage.objects.filter(successor=kkjp, kind=LineageKind.MERGER)
    assert {link.predecessor.slug for link in merged} == {"kkjf", "kkjs"}
    assert Conference.objects.get(slug="kkjf").founded_on.year == 1994
    assert Conference.objects.get(slug="kkjs").founded_on.year == 1989


def test_kkjp_themes_are_grouped_into_protection_and_promotion(seeded):
    kkjp = Conference.objects.get(slug="kkjp")
    themes = {theme.topic.name: theme.area for theme in kkjp.body_themes.select_related("topic")}
    assert themes["Fremdplatzierung"] == "protection"
    assert themes["Unbegleitete Minderjährige"] == "protection"
    assert themes["Frühe Förderung"] == "promotion"
    assert themes["Partizipation"] == "promotion"


def test_seed_reuses_the_shared_topics(seeded):
    assert Topic.objects.filter(name="Fremdplatzierung").count() == 1
    assert Topic.objects.get(name="Frühe Förderung").slug == "fruehe-foerderung"


def test_office_has_one_record_per_task_and_the_coordinator(seeded):
    office = CoordinationOffice.objects.get(slug=seed.OFFICE_SLUG)
    assert office.founded_on == datetime.date(2015, 4, 1)
    assert office.host_organisation.slug == "akjb"
    assert office.directorate.slug == "bksd"
    assert office.coordinator.person.slug == "andrea-ruder"
    assert office.tasks.count() == len(seed.OFFICE_TASKS) == 5


def test_steering_group_has_the_four_directorates(seeded):
    group = Committee.objects.get(slug="steuergruppe-kinder-und-jugendhilfe")
    assert [m.organisation.slug for m in group.memberships.all()] == ["vgd", "sid", "fkd", "bksd"]
    assert group.led_by.person.slug == "andrea-ruder"


def test_dialogforum_formats_and_topic_areas(seeded):
    forum = Forum.objects.get(slug="dialogforum")
    assert forum.funder.slug == "bmfsfj"
    assert forum.host_organisation.slug == "difu"
    assert forum.funded_since.year == 2017
    assert forum.accompanies.in_force_on == datetime.date(2021, 6, 10)
    assert [f.name for f in forum.formats.all()] == [
        "Plattformen für öffentlichen Erfahrungsaustausch",
        "Expertengespräche",
    ]
    areas = TopicArea.objects.filter(format__forum=forum).values_list("name", flat=True)
    assert list(areas) == seed.PLATFORM_TOPIC_AREAS
    assert "Unterbringung außerhalb der eigenen Familie" in areas
    board = Committee.objects.get(slug="projektbeirat-dialogforum")
    assert board.memberships.count() == 6


def test_facts_the_seeds_do_not_give_stay_empty(seeded):
    assert Conference.objects.get(slug="kkjf").purpose == ""
    assert Foundation.objects.get(slug="pavo").in_force_on is None
