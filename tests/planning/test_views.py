import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import planning.seed
from planning import services
from planning.models import (
    Decision,
    DevelopmentField,
    Document,
    Measure,
    MeasureStatus,
    Recommendation,
)

PLAN_URL = "/planung/kinder-und-jugendhilfe-planung-2020-2025/"
REPORT_TITLE = (
    "Bericht über die Kinder- und Jugendhilfe im Kanton Basel-Landschaft "
    "mit zehn Handlungsempfehlungen"
)
AREAS = {
    "A": "Übergeordnete Entwicklung der Kinder- und Jugendhilfe",
    "B": "Ergänzende Hilfen zur Erziehung",
    "C": "Beratung und Unterstützung",
    "D": "Allgemeine Förderung",
    "E": "Abklärung und Fallführung",
}
FIELDS = {
    1: ("A", "Koordination der Kinder- und Jugendhilfe"),
    2: ("A", "Kinder- und Jugendhilfegesetz"),
    3: ("B", "Rahmenplanung ergänzende Hilfen zur Erziehung"),
    4: ("B", "Neuregelung ambulante Hilfen"),
    5: ("B", "Unterbringung und Betreuung UMA"),
    6: ("C", "Beratungsangebote: Schliessen von Lücken"),
    7: ("C", "Schulsozialarbeit auf der Primarstufe"),
    8: ("D", "Koordination Kinder- und Jugendförderung"),
    9: ("E", "Abklärung in der Kinder- und Jugendhilfe"),
    10: ("E", "Fallführung in der Kinder- und Jugendhilfe"),
}
POSTULATE = (
    "Postulat 2017/650 von Pascal Ryf «Weiterführung der kantonalen Koordinationsstelle "
    "für Kinder- und Jugendhilfe»"
)


def main_text(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_plan_page_shows_every_seed_fact(client, seeded_plan):
    response = client.get(PLAN_URL)
    assert response.status_code == 200
    html = main_text(response)

    assert "<h1>Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung</h1>" in html
    assert "Basel-Landschaft" in html
    assert "September 2020" in html
    assert "2020–2025" in html
    assert REPORT_TITLE in html
    assert "Überdirektionale Arbeitsgruppe im Auftrag des Regierungsrates" in html
    assert "Der Bericht nennt 10 Handlungsempfehlungen" in html
    assert "noch nicht erfasst" in html
    for letter, title in AREAS.items():
        assert f"{letter}) {title}" in html
    for number, (_letter, title) in FIELDS.items():
        assert f'href="{PLAN_URL}felder/{number}/">{title}</a>' in html
    # The decision timeline, the 2013 decision on the report included.
    assert '<time datetime="2013-01-01">2013</time>' in html
    assert '<time datetime="2019-09-01">September 2019</time></strong> · Regierungsrat' in html
    assert POSTULATE in html
    assert '<time datetime="2020-06-01">Juni 2020</time></strong> · Landrat' in html
    assert html.index("2013</time>") < html.index("September 2019") < html.index("Juni 2020</time>")
    # Owner, contact and ordering in print.
    assert "Koordination und Weiterentwicklung der Kinder- und Jugendhilfe" in html
    assert "Andrea Ruder" in html
    assert "Koordinatorin Kinder- und Jugendhilfe" in html
    assert "AKJB" in html
    assert '<a href="tel:+41615521799">+41 61 552 17 99</a>' in html
    assert reverse("planning:print_order", kwargs={"slug": seeded_plan.slug}) in html
    assert "noch keine Massnahmen erfasst" in html


def test_plan_page_lists_areas_and_fields_in_order(client, seeded):
    html = main_text(client.get(PLAN_URL))
    positions = [html.index(f"{letter}) {title}") for letter, title in AREAS.items()]
    assert positions == sorted(positions)
    positions = [html.index(title) for _letter, title in FIELDS.values()]
    assert positions == sorted(positions)


@pytest.mark.parametrize("number", list(FIELDS))
def test_field_page_shows_the_seed_facts(client, seeded, number):
    letter, title = FIELDS[number]
    response = client.get(f"{PLAN_URL}felder/{number}/")
    assert response.status_code == 200
    html = main_text(response)

    assert f"<h1>{number}. {title}</h1>" in html
    assert f"Entwicklungsbereich {letter}) {AREAS[letter]}" in html
    assert "Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung" in html
    assert "September 2019" in html and POSTULATE in html
    assert "Juni 2020" in html
    assert "Andrea Ruder" in html
    assert "Für dieses Entwicklungsfeld sind noch keine Massnahmen erfasst." in html
    assert "Noch keine Beschreibung erfasst." in html
    assert "Noch keine Ziele erfasst." in html


def test_field_page_links_to_neighbours(client, make_plan, make_field):
    plan = make_plan()
    first, middle, last = (make_field(plan, number=number) for number in (1, 2, 5))
    make_field(plan, number=3, is_published=False)
    url = plan.get_absolute_url()
    html = main_text(client.get(middle.get_absolute_url()))
    assert f'rel="prev" href="{url}felder/1/"' in html
    assert f'rel="next" href="{url}felder/5/"' in html
    assert 'rel="prev"' not in main_text(client.get(first.get_absolute_url()))
    assert 'rel="next"' not in main_text(client.get(last.get_absolute_url()))


def test_field_page_links_topics_to_the_topic_pages(client, seeded_plan):
    html = main_text(client.get(f"{PLAN_URL}felder/7/"))
    topic = DevelopmentField.objects.get(plan=seeded_plan, number=7).topics.get()
    assert topic.name == "Schulsozialarbeit"
    url = reverse("coordination:topic_detail", kwargs={"slug": topic.slug})
    assert f'<a href="{url}">Schulsozialarbeit</a>' in html


def test_report_page_says_its_recommendations_are_not_yet_recorded(client, seeded):
    html = main_text(client.get(reverse("planning:plan_detail", args=[planning.seed.REPORT_SLUG])))
    assert f"<h1>{REPORT_TITLE}</h1>" in html
    assert "Der Bericht nennt 10 Handlungsempfehlungen" in html
    assert "Fortgeführt durch" in html
    assert "bestellen" not in html


def test_recorded_recommendations_show_the_fields_that_carry_them(client, make_plan, make_field):
    report = make_plan(title="Bericht", kind="report", stated_recommendation_count=2)
    plan = make_plan(title="Planung", predecessor=report)
    field = make_field(plan, 3, title="Rahmenplanung")
    recommendation = Recommendation.objects.create(report=report, number=1, text="Koordinieren")
    recommendation.fields.add(field)

    html = main_text(client.get(plan.get_absolute_url()))
    assert "Handlungsempfehlung 1:</strong> Koordinieren" in html
    assert f'<a href="{field.get_absolute_url()}">Entwicklungsfeld 3: Rahmenplanung</a>' in html
    assert "Erfasst ist bisher 1." in html
    field_html = main_text(client.get(field.get_absolute_url()))
    assert "Handlungsempfehlung 1 aus «Bericht»" in field_html


def test_progress_is_shown_as_bar_and_text(client, make_plan, make_field, make_measure):
    plan = make_plan()
    field = make_field(plan, 1)
    make_measure(field, MeasureStatus.DONE, weight=1)
    make_measure(field, MeasureStatus.PLANNED, weight=1)
    make_field(plan, 2)

    html = main_text(client.get(plan.get_absolute_url()))
    assert '<progress class="planning-progress-bar" max="100" value="50"' in html
    assert "50 % umgesetzt" in html
    assert "1 umgesetzt" in html and "1 geplant" in html
    assert "noch keine Massnahmen erfasst" in html
    assert 'style="' not in html


def test_plan_figure_counts_fields_without_measures_and_says_what_it_covers(
    client, make_plan, make_area, make_field, make_measure
):
    # Observed: "Stand der Umsetzung insgesamt: 50 %" with measures in 1 of 10 fields.
    plan = make_plan()
    area_a, area_b = make_area(plan, "A"), make_area(plan, "B")
    half = make_field(plan, 1, area=area_a)
    make_measure(half, MeasureStatus.DONE)
    make_measure(half, MeasureStatus.PLANNED)
    make_field(plan, 2, area=area_a)
    for number in range(3, 11):
        make_field(plan, number, area=area_b)

    html = main_text(client.get(plan.get_absolute_url()))
    overall = html[html.index("Stand der Umsetzung insgesamt:") :]
    overall = overall[: overall.index("</p>")]
    assert "5 % umgesetzt" in overall
    assert "50 %" not in overall
    assert "(1 von 10 Feldern mit erfassten Massnahmen)" in overall
    area = html[html.index("Fortschritt des Bereichs:") :]
    area = area[: area.index("</p>")]
    assert "25 % umgesetzt" in area
    assert "(1 von 2 Feldern mit erfassten Massnahmen)" in area
    # The rule is explained next to the figure.
    assert "ein Feld ohne erfasste Massnahmen zählt dabei mit 0 %" in html
    # Area B has fields but no measures: no figure, no claim of 0 % umgesetzt.
    assert html.count("noch keine Massnahmen erfasst") >= 1
    assert "0 % umgesetzt (0 von" not in html


def test_plan_list_figure_says_what_it_covers(client, make_plan, make_field, make_measure):
    plan = make_plan(title="Die Planung")
    make_measure(make_field(plan, 1), MeasureStatus.DONE)
    make_field(plan, 2)

    html = main_text(client.get(reverse("planning:index")))
    assert "50 % umgesetzt" in html
    assert "(1 von 2 Feldern mit erfassten Massnahmen)" in html


def test_field_figure_says_which_measures_it_counts(client, make_plan, make_field, make_measure):
    field = make_field(make_plan(), 1)
    make_measure(field, MeasureStatus.DONE)
    make_measure(field, MeasureStatus.PLANNED)
    make_measure(field, MeasureStatus.DROPPED)

    html = main_text(client.get(field.get_absolute_url()))
    assert "50 % umgesetzt" in html
    assert "(aus 2 Massnahmen, nach Gewicht; verworfene zählen nicht)" in html


def test_field_page_shows_measures_with_their_history(
    client, make_plan, make_field, make_organisation
):
    field = make_field(make_plan(), 7, title="Schulsozialarbeit auf der Primarstufe")
    organisation = make_organisation(name="Amt für Volksschulen")
    measure = services.save_measure(
        Measure(
            field=field,
            title="Pilotgemeinden gewinnen",
            responsible_organisation=organisation,
            target_date=datetime.date(2024, 12, 31),
        ),
        changed_on=datetime.date(2021, 5, 3),
    )
    services.change_measure_status(
        measure, MeasureStatus.DONE, changed_on=datetime.date(2023, 8, 14)
    )

    html = main_text(client.get(field.get_absolute_url()))
    assert "Pilotgemeinden gewinnen" in html
    assert "Amt für Volksschulen" in html
    assert "31. Dezember 2024" in html
    assert "3. Mai 2021</time>: erfasst als «geplant»" in html
    assert "14. August 2023</time>: von «geplant» zu «umgesetzt»" in html
    assert "100 % umgesetzt" in html


def test_index_lists_published_plans_current_first(client, make_plan, make_field, make_measure):
    report = make_plan(title="Der alte Bericht", kind="report")
    plan = make_plan(
        title="Die neue Planung", period_start_year=2020, period_end_year=2025, predecessor=report
    )
    make_plan(title="Ein Entwurf", is_published=False)
    make_measure(make_field(plan, 1), MeasureStatus.DONE)

    response = client.get(reverse("planning:index"))
    html = main_text(response)
    assert list(response.context["plans"]) == [plan, report]
    assert "Ein Entwurf" not in html
    assert "2020–2025" in html
    assert "100 % umgesetzt" in html
    assert "Fortgeführt durch" in html


def test_unpublished_plan_is_hidden_from_visitors_but_previewed_by_staff(
    client, admin_client, make_plan, make_field
):
    plan = make_plan(is_published=False)
    field = make_field(plan, 1)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(field.get_absolute_url()).status_code == 404

    response = admin_client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert "Entwurf" in response.content.decode()
    assert admin_client.get(field.get_absolute_url()).context["is_draft_preview"] is True


def test_unpublished_field_is_left_out(client, make_plan, make_field):
    plan = make_plan()
    make_field(plan, 1, title="Öffentlich")
    hidden = make_field(plan, 2, title="Geheimer Entwurf", is_published=False)

    assert "Geheimer Entwurf" not in main_text(client.get(plan.get_absolute_url()))
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("path", ["felder/99/", "felder/0/", "felder/abc/", "bestellen/x/"])
def test_malformed_or_unknown_field_urls_give_404(client, make_plan, make_field, path):
    plan = make_plan(slug="p")
    make_field(plan, 1)
    assert client.get(f"/planung/p/{path}").status_code == 404


def build_plan_with_measures(make_plan, make_area, make_field, make_organisation, measures):
    """A plan of 2 areas and 4 fields, `measures` measures with history spread across them."""
    plan = make_plan()
    areas = [make_area(plan, "A"), make_area(plan, "B")]
    fields = [make_field(plan, number, area=areas[number % 2]) for number in range(1, 5)]
    organisation = make_organisation()
    report = make_plan(kind="report")
    plan.predecessor = report
    plan.save()
    for index in range(measures):
        field = fields[index % len(fields)]
        measure = services.save_measure(
            Measure(field=field, title=f"M{index}", responsible_organisation=organisation)
        )
        services.change_measure_status(measure, MeasureStatus.IN_PROGRESS)
        recommendation = Recommendation.objects.create(report=report, number=index + 1, text="E")
        recommendation.fields.add(field)
        decision = Decision.objects.create(
            plan=plan, body="landrat", decided_on=datetime.date(2020, 1, 1), title=f"B{index}"
        )
        decision.fields.add(field)
        Document.objects.create(plan=plan, field=field, title=f"D{index}", url="https://e.ch/")
    return plan, fields[0]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_plan_and_field_page_queries_do_not_grow_with_measures(
    client, make_plan, make_area, make_field, make_organisation, django_assert_max_num_queries
):
    small_plan, small_field = build_plan_with_measures(
        make_plan, make_area, make_field, make_organisation, 2
    )
    plan_queries = count_queries(client, small_plan.get_absolute_url())
    field_queries = count_queries(client, small_field.get_absolute_url())

    large_plan, large_field = build_plan_with_measures(
        make_plan, make_area, make_field, make_organisation, 40
    )
    with django_assert_max_num_queries(plan_queries):
        client.get(large_plan.get_absolute_url())
    with django_assert_max_num_queries(field_queries):
        client.get(large_field.get_absolute_url())
    assert plan_queries <= 11
    assert field_queries <= 15


def test_index_queries_do_not_grow_with_plans(
    client, make_plan, make_field, make_measure, django_assert_max_num_queries
):
    def add_plans(count):
        for _ in range(count):
            plan = make_plan(predecessor=make_plan(kind="report"))
            make_measure(make_field(plan, 1), MeasureStatus.DONE)

    add_plans(2)
    small = count_queries(client, reverse("planning:index"))
    add_plans(20)
    with django_assert_max_num_queries(small):
        response = client.get(reverse("planning:index"))
    assert len(response.context["plans"]) == 44


def test_the_plan_page_is_the_same_with_kept_areas_and_decisions_and_shows_a_correction(
    seeded_plan, pages_with_and_without_kept_fragments
):
    fresh, first, again, kept = pages_with_and_without_kept_fragments(PLAN_URL)
    assert kept == 2  # the areas and the decisions
    assert fresh == first == again
    area = seeded_plan.areas.get(letter="B")
    type(area).objects.filter(pk=area.pk).update(title="Hilfen zur Erziehung (korrigiert)")
    decision = seeded_plan.decisions.first()
    Decision.objects.filter(pk=decision.pk).update(reference_number="2099/001")
    _fresh, corrected, _again, _kept = pages_with_and_without_kept_fragments(PLAN_URL)
    assert "Hilfen zur Erziehung (korrigiert)" in corrected
    assert "2099/001" in corrected
