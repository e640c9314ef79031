"""The site search (core.search) as a visitor and an editor meet it, on either engine.

Every test builds its own few records; the index is kept in step by the signal handlers,
so each test also checks that saving a record is all it takes to find it. The same tests
run on SQLite (FTS5) and PostgreSQL (tsvector): `DATABASE_URL=postgres://… pytest`.
"""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Organisation, OrganisationKind, Person, ServiceArea
from coordination.models import Lineage, LineageKind
from core.models import SearchEntry
from core.search.query import parse
from core.search.searching import Searcher, complete
from planning.models import Decision, DecisionBody

# The builders of the coordination and planning tests, shared rather than copied; imported
# fixtures are parameters of the tests below (ruff would call that a redefinition).
# ruff: noqa: F401, F811
from tests.coordination.conftest import make_conference, make_office
from tests.planning.conftest import make_area, make_field, make_plan

pytestmark = pytest.mark.django_db

is_sqlite = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="SQLite only", globals={"connection": connection}
)


def search(text, language="de", **options):
    """(results, every hit in the order of the result list) for `text`."""
    searcher = Searcher(text, language, **options)
    results = searcher.run()
    return results, list(searcher.hit_list(results.total)[0 : results.total])


def titles(text, language="de", **options):
    return [hit.title for hit in search(text, language, **options)[1]]


@pytest.fixture
def organisation(make_organisation):
    """An organisation without a canton (so no canton's name among its words)."""

    def make(name, **fields):
        fields.setdefault("service_area", ServiceArea.INTERCANTONAL)
        return make_organisation(name=name, canton=None, **fields)

    return make


# Spellings: umlauts, accents, ß.


@pytest.mark.parametrize("typed", ["Müller", "Mueller", "Muller", "MÜLLER", "müller"])
def test_every_spelling_of_an_umlaut_finds_it(make_position, make_person, typed):
    make_position(person=make_person("Regula", "Müller"))
    assert titles(typed) == ["Regula Müller"]


@pytest.mark.parametrize("typed", ["Müller", "Mueller", "Muller"])
def test_a_name_written_with_ue_is_found_by_the_umlaut_too(make_position, make_person, typed):
    # Swiss registers often spell "Mueller"; a visitor types "Müller".
    make_position(person=make_person("Regula", "Mueller"))
    results, hits = search(typed)
    assert [hit.title for hit in hits] == ["Regula Mueller"]
    assert results.corrected_from == ""  # found as typed, not as "Meinten Sie …?"


@pytest.mark.parametrize("typed", ["Füllinsdorf", "Fuellinsdorf", "Fullinsdorf", "füllinsdorf"])
def test_place_names_in_every_spelling(organisation, typed):
    organisation("Gemeindeverwaltung", town="Füllinsdorf")
    assert titles(typed) == ["Gemeindeverwaltung"]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Genève", "Geneve"),
        ("Geneve", "Genève"),
        ("Genève", "GENÈVE"),
        ("Ergolzstraße 3", "Ergolzstrasse"),
        ("Ergolzstrasse 3", "Ergolzstraße"),
    ],
)
def test_accents_and_sharp_s_either_way(organisation, written, typed):
    organisation("Beratungsstelle", street=written)
    assert titles(typed) == ["Beratungsstelle"]


# Stems, in the language of the page.


def test_german_inflections_find_each_other(organisation):
    organisation("Jugendtreff", description="Ein Ort für Jugendliche aus dem Dorf.")
    assert titles("Jugendlichen") == ["Jugendtreff"]
    assert titles("Jugendlicher") == ["Jugendtreff"]


def test_french_stems_in_the_french_text(organisation):
    organisation(
        "Jugendarbeit",
        description="Offene Jugendarbeit.",
        description_fr="Des activités éducatives pour les jeunes.",
    )
    # "éducation" and "éducatives" share only their French stem ("educ").
    assert titles("éducation", "fr") == ["Jugendarbeit"]
    assert titles("éducation", "de") == []  # the German page has the German text


def test_italian_stems_in_the_italian_text(organisation):
    organisation(
        "Fachstelle Jugendpolitik",
        description="Kinder- und Jugendpolitik im Kanton.",
        description_it="Le politiche dell'infanzia e della gioventù.",
    )
    # "politica" and "politiche" share only their Italian stem ("polit").
    assert titles("politica", "it") == ["Fachstelle Jugendpolitik"]


# Typos and "Meinten Sie …?".


@pytest.mark.parametrize(
    ("typed", "corrected", "found"),
    [
        ("Jugenhilfe", "Jugendhilfe", "Fachstelle Jugendhilfe"),
        ("Rudr", "Ruder", "Andrea Ruder"),
        ("Fülinsdorf", "Füllinsdorf", "Fachstelle Jugendhilfe"),
        ("Fachstelle Jugenhilfe", "Fachstelle Jugendhilfe", "Fachstelle Jugendhilfe"),
    ],
)
def test_a_typo_is_corrected_and_searched(
    organisation, make_position, make_person, typed, corrected, found
):
    office = organisation("Fachstelle Jugendhilfe", town="Füllinsdorf")
    make_position(person=make_person("Andrea", "Ruder"), organisation=office)
    results, hits = search(typed)
    assert results.corrected_from == typed
    assert results.searched_text == corrected
    assert found in [hit.title for hit in hits]


def test_a_short_word_is_not_corrected_into_an_unrelated_one(organisation):
    organisation("Fachstelle Gewaltprävention", description="Gewalt gegen Kinder verhindern.")
    results, hits = search("Genf")
    assert hits == []
    assert results.corrected_from == ""  # not "Meinten Sie gegen?"


def test_a_word_that_exists_is_not_corrected(organisation):
    organisation("Fachstelle Jugendhilfe")
    organisation("Jugendhilfe Liestal")
    results = Searcher("Jugendhilfe", "de").run()
    assert results.corrected_from == "" and results.total == 2


# Completion as the visitor types.


def test_completion_finds_words_by_their_beginning(make_office):
    make_office(name="Koordinationsstelle Kinder- und Jugendhilfe")
    assert [hit.title for hit in complete("Koord", "de")] == [
        "Koordinationsstelle Kinder- und Jugendhilfe"
    ]
    assert [hit.title for hit in complete("Kinder- und Jug", "de")] == [
        "Koordinationsstelle Kinder- und Jugendhilfe"
    ]


def test_completion_needs_two_letters_and_respects_drafts(make_office):
    make_office(name="Koordinationsstelle Entwurf", is_published=False)
    assert complete("K", "de") == []
    assert complete("Koord", "de") == []
    assert [hit.title for hit in complete("Koord", "de", include_drafts=True)] == [
        "Koordinationsstelle Entwurf"
    ]


# Synonyms: spellings, languages, abbreviations.


@pytest.mark.parametrize(
    ("written", "typed", "language"),
    [
        ("Fachstelle Kinderschutz", "Kindesschutz", "de"),
        ("Fachstelle Kindesschutz", "Kinderschutz", "de"),
        ("Beratung in Genf", "Genève", "fr"),
        ("Beratung in Genf", "Geneve", "de"),
        ("Consultation à Genève", "Genf", "de"),
        ("Beratung im Kanton Basel-Landschaft", "BL", "de"),
        ("Beratung im Kanton Basel-Landschaft", "Bâle-Campagne", "fr"),
        ("Beratung im Kanton Basel-Landschaft", "Baselland", "de"),
        ("Beratung im Baselbiet", "Basel-Landschaft", "de"),
    ],
)
def test_synonyms_find_each_other(organisation, written, typed, language):
    organisation("Anlaufstelle", description=written)
    assert titles(typed, language) == ["Anlaufstelle"]


def test_conference_abbreviations_in_every_language(make_conference, organisation):
    make_conference(name="Konferenz für Kinder- und Jugendpolitik", short_name="KKJP")
    organisation("Konferenz der Sozialdirektoren", short_name="SODK")
    assert titles("CPEJ") == ["Konferenz für Kinder- und Jugendpolitik (KKJP)"]
    assert titles("CPEJ", "fr") == ["Konferenz für Kinder- und Jugendpolitik (KKJP)"]
    assert titles("CDAS", "fr") == ["Konferenz der Sozialdirektoren (SODK)"]
    assert titles("CDOS", "it") == ["Konferenz der Sozialdirektoren (SODK)"]


def test_lower_case_codes_in_a_sentence_are_words_not_cantons(organisation):
    organisation("Beratung Genf", description="Kanton Basel-Landschaft")
    assert parse("Beratung ge").clauses[1].alternatives == [("ge",)]
    assert parse("Beratung bl").clauses[1].alternatives == [("bl",)]
    assert ("genf",) in parse("Beratung GE").clauses[1].alternatives
    assert titles("Beratung ge") == []
    assert titles("Beratung bl") == []
    assert titles("Beratung GE") == ["Beratung Genf"]
    assert titles("Beratung BL") == ["Beratung Genf"]


# Codes and numbers.


def test_abbreviation_postcode_and_bfs_number(organisation, make_municipality):
    fuellinsdorf = make_municipality("Füllinsdorf", bfs_number=2825)
    organisation(
        "Amt für Kind, Jugend und Behindertenangebote",
        short_name="AKJB",
        postcode="4414",
        town="Füllinsdorf",
        municipality=fuellinsdorf,
    )
    organisation("Amt für Volksschulen", postcode="4410", town="Liestal")
    expected = ["Amt für Kind, Jugend und Behindertenangebote (AKJB)"]
    assert titles("AKJB") == expected
    assert titles("akjb") == expected
    assert titles("4414") == expected
    assert titles("2825") == expected


@pytest.mark.parametrize(
    "typed",
    ["061 552 17 99", "+41 61 552 17 99", "0615521799", "+41615521799", "0041 61 552 17 99"],
)
def test_a_phone_number_however_it_is_written(make_position, make_person, typed):
    make_position(person=make_person("Andrea", "Ruder"), phone="+41615521799")
    make_position(person=make_person("Beat", "Anders"), phone="+41615521770")
    assert titles(typed) == ["Andrea Ruder"]


def test_a_reference_number_with_a_slash(make_plan):
    plan = make_plan(title="Planung Kinder- und Jugendhilfe")
    Decision.objects.create(
        plan=plan,
        decided_on=date(2019, 9, 1),
        body=DecisionBody.REGIERUNGSRAT,
        reference_number="2017/650",
        title="Überweisung der Landratsvorlage zum Postulat 2017/650",
    )
    Decision.objects.create(
        plan=plan,
        decided_on=date(2018, 1, 1),
        body=DecisionBody.REGIERUNGSRAT,
        title="Postulat 2018/12",
    )
    assert titles("2017/650") == ["Überweisung der Landratsvorlage zum Postulat 2017/650"]


# Web search syntax.


def test_quotes_or_and_minus(organisation):
    organisation("Kinder- und Jugendhilfe Liestal")
    organisation("Jugendhilfe für Kinder", town="Liestal")
    organisation("Elternberatung", town="Sissach")
    assert sorted(titles("Jugendhilfe Kinder")) == [
        "Jugendhilfe für Kinder",
        "Kinder- und Jugendhilfe Liestal",
    ]
    assert titles('"Kinder- und Jugendhilfe"') == ["Kinder- und Jugendhilfe Liestal"]
    assert titles('"Jugendhilfe Kinder"') == []
    assert sorted(titles("Sissach OR Liestal")) == [
        "Elternberatung",
        "Jugendhilfe für Kinder",
        "Kinder- und Jugendhilfe Liestal",
    ]
    assert titles("Jugendhilfe -Liestal") == []
    assert titles("Jugendhilfe -Kinder") == []
    assert titles('Jugendhilfe -"Kinder- und Jugendhilfe"') == ["Jugendhilfe für Kinder"]


def test_only_a_minus_finds_nothing(organisation):
    organisation("Jugendhilfe Liestal")
    assert Searcher("-Liestal", "de").run().total == 0


def test_operators_and_quotes_are_never_sql(organisation):
    organisation("Jugendhilfe Liestal")
    for text in ['"', "' OR 1=1 --", "NEAR(a b)", "a* AND b:", "{name_text}:x", "!!()&|<->"]:
        Searcher(text, "de").run()  # no error: words reach the engines as parameters


# Ranking.


def test_exact_name_then_name_then_title_then_body(organisation, make_position, make_person):
    organisation("Beratung", description="Sorgerecht und Unterhalt.")
    make_position(
        person=make_person("Eva", "Keller"),
        title="Beraterin Sorgerecht",
        organisation=organisation("Familienberatung"),
    )
    organisation("Fachstelle Sorgerecht und Unterhalt")
    organisation("Sorgerecht")
    assert titles("Sorgerecht") == [
        "Sorgerecht",
        "Fachstelle Sorgerecht und Unterhalt",
        "Eva Keller",
        "Beratung",
    ]


def test_an_abbreviation_ranks_its_record_first(organisation, make_conference):
    organisation("Amt für Kind, Jugend und Behindertenangebote", short_name="AKJB")
    organisation("Beratungsstelle", description="Eine Stelle des AKJB, AKJB, AKJB.")
    assert titles("AKJB")[0] == "Amt für Kind, Jugend und Behindertenangebote (AKJB)"


def test_a_current_record_before_a_dissolved_one(make_conference):
    make_conference(name="Konferenz Pflegekinder", dissolved_on=date(2017, 9, 1))
    make_conference(name="Schweizerische Konferenz für Pflegekinder, Adoption und Sorgerecht")
    assert titles("Pflegekinder") == [
        "Schweizerische Konferenz für Pflegekinder, Adoption und Sorgerecht",
        "Konferenz Pflegekinder",
    ]


def test_a_current_record_before_a_superseded_one(make_conference):
    old = make_conference(name="Konferenz Jugendförderung")
    new = make_conference(name="Konferenz für Kinder- und Jugendförderung und Kinderschutz")
    assert titles("Jugendförderung")[0] == "Konferenz Jugendförderung"
    Lineage.objects.create(predecessor=old, successor=new, kind=LineageKind.MERGER)
    assert titles("Jugendförderung") == [
        "Konferenz für Kinder- und Jugendförderung und Kinderschutz",
        "Konferenz Jugendförderung",
    ]
    hits = search("Jugendförderung")[1]
    assert [hit.is_current for hit in hits] == [True, False]


# Languages.


def test_a_french_query_finds_a_german_only_record(organisation):
    organisation("Jugendamt", description="Beratung für Familien in Genf.")
    assert titles("Jugendamt", "fr") == ["Jugendamt"]
    assert titles("Genève", "fr") == ["Jugendamt"]
    assert titles("Jugendamt", "it") == ["Jugendamt"]


def test_the_page_language_chooses_the_title(organisation):
    organisation(
        "Konferenz der Sozialdirektoren",
        name_fr="Conférence des directeurs des affaires sociales",
        short_name="SODK",
        short_name_fr="CDAS",
    )
    [german] = search("SODK", "de")[1]
    [french] = search("SODK", "fr")[1]
    [italian] = search("SODK", "it")[1]
    assert (german.title, german.title_language) == ("Konferenz der Sozialdirektoren (SODK)", "de")
    assert (french.title, french.title_language) == (
        "Conférence des directeurs des affaires sociales (CDAS)",
        "fr",
    )
    assert french.url.startswith("/fr/")
    assert (italian.title, italian.title_language) == (german.title, "de")
    assert titles("directeurs affaires sociales", "fr") == [french.title]


# Publication.


def test_drafts_are_found_by_staff_only(organisation):
    organisation("Fachstelle Adoption", is_published=False)
    assert titles("Adoption") == []
    assert titles("Adoption", include_drafts=True) == ["Fachstelle Adoption"]
    [draft] = search("Adoption", include_drafts=True)[1]
    assert draft.is_public is False
    assert complete("Adop", "de") == []


def test_a_record_withdrawn_by_save_disappears(organisation):
    office = organisation("Fachstelle Adoption")
    assert titles("Adoption") == ["Fachstelle Adoption"]
    office.is_published = False
    office.save()
    assert titles("Adoption") == []
    assert titles("Adoption", include_drafts=True) == ["Fachstelle Adoption"]


def test_a_record_withdrawn_by_a_bulk_update_disappears(organisation, make_position):
    office = organisation("Fachstelle Adoption")
    make_position(title="Leiterin Adoption", organisation=office)
    assert len(titles("Adoption")) == 2
    Organisation.objects.filter(pk=office.pk).update(is_published=False)
    assert titles("Adoption") == []  # the organisation and its people with it
    Organisation.objects.filter(pk=office.pk).update(is_published=True)
    assert len(titles("Adoption")) == 2


def test_withdrawing_a_plan_hides_its_parts(make_plan, make_field):
    plan = make_plan(title="Planung Kinder- und Jugendhilfe")
    make_field(plan, title="Schulsozialarbeit auf der Primarstufe")
    Decision.objects.create(
        plan=plan,
        decided_on=date(2020, 6, 1),
        body=DecisionBody.REGIERUNGSRAT,
        title="Beschluss zur Schulsozialarbeit",
    )
    assert sorted(titles("Schulsozialarbeit")) == [
        "1. Schulsozialarbeit auf der Primarstufe",
        "Beschluss zur Schulsozialarbeit",
    ]
    plan.is_published = False
    plan.save()
    assert titles("Schulsozialarbeit") == []
    assert len(titles("Schulsozialarbeit", include_drafts=True)) == 2


def test_unpublishing_a_person_hides_their_positions(make_position, make_person):
    person = make_person("Andrea", "Ruder")
    make_position(person=person, title="Koordinatorin")
    make_position(person=person, title="Präsidentin")
    assert titles("Ruder") == ["Andrea Ruder", "Andrea Ruder"]
    person.is_published = False
    person.save()
    assert titles("Ruder") == []
    Person.objects.filter(pk=person.pk).update(is_published=True)
    assert len(titles("Ruder")) == 2


# The index follows every change.


def test_save_and_delete(organisation):
    office = organisation("Fachstelle Adoption")
    office.name = "Fachstelle Pflegefamilien"
    office.save()
    assert titles("Adoption") == []
    assert titles("Pflegefamilien") == ["Fachstelle Pflegefamilien"]
    office.delete()
    assert titles("Pflegefamilien") == []
    assert not SearchEntry.objects.filter(object_id=office.pk, kind="organisation").exists()


def test_topics_added_removed_and_cleared(organisation, make_topic):
    office = organisation("Beratungsstelle")
    topic, other = make_topic("Fremdplatzierung"), make_topic("Adoption")

    def found(text):
        return titles(text, kind="organisation")

    office.topics.add(topic, other)
    assert found("Fremdplatzierung") == ["Beratungsstelle"]
    office.topics.remove(topic)
    assert found("Fremdplatzierung") == []
    assert found("Adoption") == ["Beratungsstelle"]
    office.topics.clear()
    assert found("Adoption") == []
    # (From the topic's side, `topic.organisations.add` fails in django-simple-history,
    # which records the organisations' topics and expects a history on Topic too.)


def test_renaming_a_topic_updates_the_records_on_it(organisation, make_topic):
    office = organisation("Beratungsstelle")
    topic = make_topic("Fremdplatzierung")
    office.topics.add(topic)
    topic.name = "Pflegefamilien"
    topic.save()
    assert titles("Pflegefamilien", kind="organisation") == ["Beratungsstelle"]


def test_renaming_an_organisation_updates_its_people(organisation, make_position, make_person):
    office = organisation("Jugendamt")
    make_position(person=make_person("Andrea", "Ruder"), organisation=office)
    assert titles("Jugendamt", kind="person") == ["Andrea Ruder"]
    office.name = "Amt für Kind und Jugend"
    office.save()
    assert titles("Jugendamt", kind="person") == []
    assert titles("Amt für Kind und Jugend", kind="person") == ["Andrea Ruder"]


def test_rebuild_command_reports_counts_per_kind(organisation, make_position, make_conference):
    organisation("Fachstelle Adoption")
    make_position(title="Leiterin")  # and its organisation
    make_conference(name="Konferenz Adoption")
    SearchEntry.objects.all().delete()
    assert titles("Adoption") == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    lines = out.getvalue().splitlines()
    assert "Organisationen: 2" in lines
    assert "Personen: 1" in lines
    assert "Konferenzen: 1" in lines
    assert "Foren: 0" in lines
    assert lines[-1].startswith("Suchindex neu geschrieben:")
    assert sorted(titles("Adoption")) == ["Fachstelle Adoption", "Konferenz Adoption"]


# Result pages: facets, groups, paging.


@pytest.fixture
def adoption_records(make_organisation, make_position, make_conference, make_canton):
    make_canton("BL", "Basel-Landschaft")
    make_canton("ZH", "Zürich")
    for number in range(3):
        make_organisation(name=f"Beratung Adoption {number}", canton="BL")
    zurich = make_organisation(name="Adoption Zürich", canton="ZH")
    make_position(title="Beraterin Adoption", organisation=zurich)
    make_conference(name="Konferenz Adoption")


def test_kind_and_canton_counts(adoption_records):
    results = Searcher("Adoption", "de").run()
    assert results.total == 6
    assert results.kind_counts == {"organisation": 4, "person": 1, "conference": 1}
    assert results.canton_counts == {"BL": 3, "ZH": 2}
    chosen = Searcher("Adoption", "de", kind="organisation").run()
    assert chosen.total == 4
    assert chosen.kind_counts == results.kind_counts  # the other kinds stay offered
    assert chosen.canton_counts == {"BL": 3, "ZH": 1}
    assert chosen.groups == []  # one kind: paged with hit_list
    in_zurich = Searcher("Adoption", "de", canton="ZH").run()
    assert in_zurich.total == 2
    assert in_zurich.kind_counts == {"organisation": 1, "person": 1}
    assert in_zurich.canton_counts == results.canton_counts


def test_grouped_results(adoption_records):
    results = Searcher("Adoption", "de").run(per_group=2)
    groups = {group.kind: group for group in results.groups}
    assert set(groups) == {"organisation", "person", "conference"}
    assert groups["organisation"].count == 4
    assert len(groups["organisation"].hits) == 2
    assert groups["organisation"].label == "Organisationen"
    assert [hit.kind for hit in groups["person"].hits] == ["person"]
    assert results.groups[0].hits[0].kind_label


def test_paging_through_one_kind(adoption_records):
    searcher = Searcher("Adoption", "de", kind="organisation")
    results = searcher.run()
    paginator = Paginator(searcher.hit_list(results.total), 3)
    assert paginator.count == 4 and paginator.num_pages == 2
    first, second = paginator.page(1), paginator.page(2)
    assert len(first.object_list) == 3 and len(second.object_list) == 1
    seen = [hit.title for hit in [*first.object_list, *second.object_list]]
    assert len(set(seen)) == 4
    assert all(hit.kind == "organisation" for hit in first.object_list)


# Snippets.


def test_snippets_mark_the_matched_word(organisation):
    organisation(
        "Beratungsstelle",
        description="Wir beraten Familien. Der Kinderschutz ist unser wichtigstes Anliegen.",
    )
    [hit] = search("Kinderschutz")[1]
    assert "<mark>Kinderschutz</mark>" in hit.snippet


def test_snippets_mark_the_word_as_written_in_the_text(organisation):
    organisation("Beratungsstelle", description="Beratung in Füllinsdorf und Liestal.")
    [hit] = search("Fuellinsdorf")[1]
    assert "<mark>Füllinsdorf</mark>" in hit.snippet


def test_snippets_never_carry_html_of_a_record(organisation):
    organisation(
        "Beratungsstelle",
        description='<script>alert("x")</script> <b>Kinderschutz</b> & mehr',
    )
    [hit] = search("Kinderschutz")[1]
    assert "<script>" not in hit.snippet and "<b>" not in hit.snippet
    assert "<mark>Kinderschutz</mark>" in hit.snippet
    assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippets_of_a_draft_preview_never_carry_html(organisation):
    organisation("Beratungsstelle", description="<img src=x onerror=alert(1)>", is_published=False)
    [hit] = search("Beratungsstelle", include_drafts=True)[1]
    assert "<img" not in hit.snippet


# Cost: the same number of queries whatever the data.


def _queries_of(callable_):
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def test_a_search_costs_the_same_queries_at_any_size(organisation, make_position, make_conference):
    def records(count):
        for number in range(count):
            office = organisation(f"Adoptionsberatung {number}", description="Adoption.")
            make_position(title="Beraterin Adoption", organisation=office)
            make_conference(name=f"Konferenz Adoption {number}")

    def run():
        searcher = Searcher("Adoption", "de")
        results = searcher.run()
        assert results.total
        Searcher("Adoption", "de", kind="person").hit_list(results.total)[0:10]

    records(2)
    few = _queries_of(run)
    records(20)
    assert _queries_of(run) == few


def test_a_corrected_search_costs_the_same_queries_at_any_size(organisation):
    organisation("Fachstelle Jugendhilfe")
    few = _queries_of(lambda: Searcher("Jugenhilfe", "de").run())
    for number in range(20):
        organisation(f"Jugendhilfe Nummer {number}", description=f"Wort{number} Jugendarbeit")
    assert _queries_of(lambda: Searcher("Jugenhilfe", "de").run()) == few


@is_sqlite
def test_sqlite_full_text_table_follows_the_entries(organisation):
    office = organisation("Fachstelle Adoption")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_searchentry_fts")
        assert cursor.fetchone()[0] == SearchEntry.objects.count()
    office.delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_searchentry_fts")
        assert cursor.fetchone()[0] == SearchEntry.objects.count()


def test_kinds_of_organisation_are_searchable(organisation):
    organisation("Verein Pflegefamilien", kind=OrganisationKind.ASSOCIATION)
    assert titles("Verband Pflegefamilien") == ["Verein Pflegefamilien"]


# Broad queries: more hits than COUNT_LIMIT are neither counted nor ranked one by one.


@pytest.fixture
def broad_query(monkeypatch, make_organisation, make_position, make_canton):
    """Five people of "Beratung Xenon" match in their bodies before "Xenon Zentrum", the
    last one saved, matches by its name; three hits are counted."""
    monkeypatch.setattr("core.search.searching.COUNT_LIMIT", 3)
    make_canton("BL", "Basel-Landschaft")
    make_canton("ZH", "Zürich")
    advice = make_organisation(name="Beratung Xenon", canton="BL")
    for number in range(5):
        make_position(title=f"Beraterin {number}", organisation=advice)
    make_organisation(name="Xenon Zentrum", canton="ZH")


def test_a_broad_query_says_more_and_offers_its_facets_without_numbers(broad_query):
    results = Searcher("Xenon", "de").run()
    assert results.total == 4 and not results.total_exact and results.listed == 3
    assert not results.facets_exact
    assert set(results.kind_counts) == {"organisation", "person"}
    assert set(results.kind_counts.values()) == {None}
    assert results.canton_counts == {"BL": None, "ZH": None}  # every canton with entries
    assert {group.kind: group.count for group in results.groups} == {
        "organisation": None,
        "person": None,
    }


def test_a_broad_query_still_ranks_every_name_match_first(broad_query):
    results = Searcher("Xenon", "de").run()
    organisations = next(group for group in results.groups if group.kind == "organisation")
    assert {hit.title for hit in organisations.hits} == {"Beratung Xenon", "Xenon Zentrum"}
    assert results.groups[0].kind == "organisation"  # names before the people's bodies
    # The organisations alone are few enough to be counted; their order is each engine's own.
    assert sorted(titles("Xenon", kind="organisation")) == ["Beratung Xenon", "Xenon Zentrum"]


def test_a_broad_query_pages_through_at_most_the_limit(broad_query):
    searcher = Searcher("Xenon", "de", kind="person")
    results = searcher.run()
    assert results.total == 4 and not results.total_exact
    paginator = Paginator(searcher.hit_list(results.total), 2)
    assert paginator.count == 3 and paginator.num_pages == 2
    assert len(paginator.page(2).object_list) == 1


def test_a_chosen_canton_is_counted_exactly_within_a_broad_query(broad_query):
    results = Searcher("Xenon", "de", canton="ZH").run()
    assert results.total == 1 and results.total_exact
    assert not results.facets_exact  # the other kinds and cantons stay offered, unnumbered
    assert [hit.title for group in results.groups for hit in group.hits] == ["Xenon Zentrum"]


def test_a_canton_without_hits_is_no_broad_query(broad_query, make_organisation):
    make_organisation(name="Schulamt Bern", canton="BE")
    assert Searcher("Xenon", "de").run().canton_counts == {"BE": None, "BL": None, "ZH": None}
    results = Searcher("Xenon", "de", canton="BE").run()
    assert results.total == 0 and results.groups == []


def test_a_chosen_kind_stays_offered_in_a_broad_query(broad_query):
    results = Searcher("Xenon", "de", kind="person", canton="ZH").run()
    assert results.total == 0
    assert "person" in results.kind_counts


def test_an_excluded_word_in_the_body_excludes_a_name_match(broad_query, make_organisation):
    make_organisation(name="Xenon Stelle", canton="ZH", description="Beratung in Liestal")
    assert "Xenon Stelle" in titles("Xenon", kind="organisation")
    found = titles("Xenon -Liestal")
    assert "Xenon Stelle" not in found and "Xenon Zentrum" in found


def test_a_broad_query_leaves_an_outer_transaction_as_it_was(broad_query):
    if connection.vendor != "postgresql":
        pytest.skip("planner settings are PostgreSQL's")
    Searcher("Xenon", "de").run()  # the test runs inside a transaction
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('synchronize_seqscans')"
        )
        assert cursor.fetchone() == ("on", "on")


def test_a_query_within_the_limit_is_counted_exactly(broad_query):
    results = Searcher("Zentrum", "de").run()
    assert results.total == 1 and results.total_exact and results.facets_exact
    assert results.kind_counts == {"organisation": 1}


def entries_of(record):
    return sorted(
        SearchEntry.objects.filter(object_id=record.pk, kind="organisation").values_list(
            "language", "title", "name_text", "body_text"
        )
    )


def test_a_deferred_block_writes_the_entries_once_at_its_end_as_saves_would(organisation):
    from core.search import index

    saved_one_by_one = organisation("Fachstelle Adoption")
    saved_one_by_one.name = "Fachstelle Pflegefamilien"
    saved_one_by_one.save()
    expected = [entry[1:] for entry in entries_of(saved_one_by_one)]
    with index.deferred():
        office = organisation("Fachstelle Adoption")
        office.name = "Fachstelle Pflegefamilien"
        office.save()
        gone = organisation("Fachstelle Vormundschaft")
        gone.delete()
        assert entries_of(office) == []  # not yet: the block writes at its end
    assert [entry[1:] for entry in entries_of(office)] == expected
    assert titles("Pflegefamilien") == ["Fachstelle Pflegefamilien"] * 2
    assert titles("Vormundschaft") == []


def test_a_deferred_block_inside_another_leaves_the_writing_to_the_outer(organisation):
    from core.search import index

    with index.deferred():
        with index.deferred():
            office = organisation("Fachstelle Adoption")
        assert entries_of(office) == []
    assert titles("Adoption") == ["Fachstelle Adoption"]


def test_a_deferred_block_that_fails_writes_nothing(organisation):
    from core.search import index

    with pytest.raises(RuntimeError), index.deferred():
        office = organisation("Fachstelle Adoption")
        raise RuntimeError
    assert entries_of(office) == []
    # The next save indexes as always.
    office.save()
    assert titles("Adoption") == ["Fachstelle Adoption"]
