import datetime
import io

import planning.seed
from contacts.models import Topic
from planning.models import (
    Decision,
    DevelopmentArea,
    DevelopmentField,
    Document,
    Measure,
    Plan,
    Recommendation,
)


def test_seed_is_idempotent(seeded):
    counts = (Plan.objects.count(), DevelopmentField.objects.count(), Decision.objects.count())
    history = (Plan.history.count(), DevelopmentField.history.count(), Decision.history.count())

    planning.seed.load(io.StringIO())

    assert counts == (2, 10, 3)
    assert (
        Plan.objects.count(),
        DevelopmentField.objects.count(),
        Decision.objects.count(),
    ) == counts
    assert (
        Plan.history.count(),
        DevelopmentField.history.count(),
        Decision.history.count(),
    ) == history


def test_the_plan_continues_the_2013_report(seeded_plan):
    report = seeded_plan.predecessor
    assert report.kind == "report"
    assert report.title == (
        "Bericht über die Kinder- und Jugendhilfe im Kanton Basel-Landschaft "
        "mit zehn Handlungsempfehlungen"
    )
    assert report.authored_by == "Überdirektionale Arbeitsgruppe im Auftrag des Regierungsrates"
    assert report.stated_recommendation_count == 10
    assert seeded_plan.title == "Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung"
    assert seeded_plan.canton.code == "BL"
    assert (seeded_plan.period_start_year, seeded_plan.period_end_year) == (2020, 2025)
    assert seeded_plan.published_display == "September 2020"
    assert seeded_plan.owner.slug == planning.seed.OFFICE_SLUG
    assert str(seeded_plan.contact) == "Andrea Ruder, Koordinatorin Kinder- und Jugendhilfe"
    assert seeded_plan.print_orderable and not report.print_orderable


def test_areas_and_fields_are_exactly_those_of_the_seed(seeded_plan):
    layout = {
        area.letter: [field.number for field in area.fields.order_by("number")]
        for area in DevelopmentArea.objects.filter(plan=seeded_plan)
    }
    assert layout == {"A": [1, 2], "B": [3, 4, 5], "C": [6, 7], "D": [8], "E": [9, 10]}
    assert DevelopmentField.objects.get(plan=seeded_plan, number=6).title == (
        "Beratungsangebote: Schliessen von Lücken"
    )


def test_the_three_decisions(seeded):
    decisions = [
        (d.plan.slug, d.get_body_display(), d.decided_display, d.reference_number)
        for d in Decision.objects.select_related("plan")
    ]
    assert decisions == [
        (planning.seed.REPORT_SLUG, "Regierungsrat", "2013", ""),
        (planning.seed.PLAN_SLUG, "Regierungsrat", "September 2019", "2017/650"),
        (planning.seed.PLAN_SLUG, "Landrat", "Juni 2020", ""),
    ]
    ryf = Decision.objects.get(reference_number="2017/650")
    assert "Pascal Ryf" in ryf.title
    assert ryf.decided_on == datetime.date(2019, 9, 1)


def test_nothing_the_seed_does_not_say_is_invented(seeded_plan):
    assert Measure.objects.count() == 0
    assert Recommendation.objects.count() == 0
    assert Document.objects.count() == 0
    fields = DevelopmentField.objects.filter(plan=seeded_plan)
    assert all(field.description == "" and field.goals == "" for field in fields)


def test_without_contacts_the_seed_still_loads_and_leaves_links_empty(make_canton):
    make_canton("BL")
    out = io.StringIO()

    planning.seed.load(out)

    plan = Plan.objects.get(slug=planning.seed.PLAN_SLUG)
    assert plan.contact is None and plan.owner is None
    assert "fehlt" in out.getvalue()


def test_seed_takes_a_topic_staff_gave_another_url_name(make_canton):
    make_canton("BL")
    renamed = Topic.objects.create(name="Kinder- und Jugendhilfe", slug="kjh")

    planning.seed.load(io.StringIO())

    assert Topic.objects.filter(name="Kinder- und Jugendhilfe").get() == renamed
    assert DevelopmentField.objects.filter(topics=renamed).exists()
