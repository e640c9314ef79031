"""The cantons side by side (/kantone/) and each canton's profile (/kantone/<code>/)."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from coordination.models import Forum, Jurisdiction, Membership
from planning.models import Decision, DecisionBody, PlanKind
from portal.cantons import CONTACTS_PER_TOPIC
from portal.models import CONFERENCE_SLUG, CantonFact, ConfirmedAbsence

# The builders of other folders' tests are fixtures here, parameters of the tests below
# (ruff would call that a redefinition).
# ruff: noqa: F401, F811
from tests.coordination.conftest import (
    make_committee,
    make_conference,
    make_event,
    make_event_format,
    make_forum,
    make_foundation,
    make_office,
)
from tests.planning.conftest import make_area, make_field, make_plan

COMPARISON = "/kantone/"


def rows_by_code(response):
    return {row.canton.code: row for row in response.context["rows"]}


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def kkjp(make_conference):
    return make_conference(name="Konferenz für Kinder- und Jugendpolitik", slug=CONFERENCE_SLUG)


@pytest.fixture
def canton_with_everything(
    make_office,
    make_committee,
    make_plan,
    make_field,
    make_foundation,
    make_position,
    make_topic,
    make_canton,
    make_country,
    make_event,
    make_event_format,
    make_forum,
    kkjp,
):
    """A canton with each fact the comparison shows, `size` of each where several fit."""

    def make(code, size=1):
        canton = make_canton(code, name=f"Kanton {code}")
        coordinator = make_position(
            canton=code, title="Koordinatorin", last_verified_on=datetime.date(2026, 1, 5)
        )
        office = make_office(
            canton=code,
            coordinator=coordinator,
            founded_on=datetime.date(2015, 4, 1),
            last_verified_on=datetime.date(2026, 11, 1),
        )
        steering = make_committee(canton=code, parent_body=office, name=f"Steuergruppe {code}")
        plan = make_plan(canton=code, period_start_year=2020, period_end_year=2025)
        for number in range(1, size + 1):
            field = make_field(plan, number=number)
            decision = Decision.objects.create(
                plan=plan,
                body=DecisionBody.REGIERUNGSRAT,
                decided_on=datetime.date(2019, 9, number),
                title=f"Beschluss {number}",
            )
            decision.fields.add(field)
            make_foundation(
                name=f"Gesetz {code} {number}",
                jurisdiction=Jurisdiction.CANTONAL,
                canton=canton,
            )
            member = make_position(canton=code, title=f"Mitglied {number}")
            Membership.objects.create(body=kkjp, position=member)
            Membership.objects.create(body=steering, position=member)
            topic = make_topic(f"Thema {number}")
            make_position(canton=code, topics=[topic], last_verified_on=datetime.date(2025, 1, 1))
            forum = Forum.objects.create(
                name=f"Forum {code} {number}",
                slug=f"forum-{code.lower()}-{number}",
                jurisdiction=Jurisdiction.CANTONAL,
                country=make_country("CH"),
                canton=canton,
                is_published=True,
            )
            make_event(
                event_format=make_event_format(forum=forum), title=f"Austausch {code} {number}"
            )
        return canton

    return make


@pytest.fixture
def two_cantons(make_canton):
    return make_canton("BL", "Basel-Landschaft"), make_canton("ZH", "Zürich")


# The comparison


def test_the_comparison_lists_every_canton_with_its_offices_plans_and_contacts(seeded, client):
    response = client.get(COMPARISON)
    rows = rows_by_code(response)
    assert len(rows) == 26
    basel = rows["BL"]
    assert basel.office.state == "erfasst"
    assert basel.office.first.slug == "koordination-kinder-und-jugendhilfe-bl"
    assert basel.plan.first.period_display == "2020–2025"
    assert basel.plan.first.kind == PlanKind.PLAN  # the current plan, not the 2013 report
    assert basel.contact_count >= 1
    content = response.content.decode()
    assert "seit 1. April 2015" in content
    assert "1 von 26 Kantonen mit erfasster Koordinationsstelle" in content
    assert rows["ZH"].office.state == "offen"


def test_a_gap_stays_not_captured_until_staff_confirm_an_absence(two_cantons, client):
    basel, zurich = two_cantons
    rows = rows_by_code(client.get(COMPARISON))
    assert rows["ZH"].office.state == "offen"
    assert rows["ZH"].office.state_label == "noch nicht erfasst"

    ConfirmedAbsence.objects.create(
        canton=zurich, fact=CantonFact.OFFICE, confirmed_on=datetime.date(2026, 11, 30)
    )
    response = client.get(COMPARISON)
    rows = rows_by_code(response)
    assert rows["ZH"].office.state == "keine"
    assert rows["BL"].office.state == "offen"  # the other canton's gap is not touched
    assert rows["ZH"].plan.state == "offen"  # nor the canton's other facts
    assert "(Stand: 30. November 2026)" in response.content.decode()


def test_a_record_wins_over_an_older_confirmed_absence(two_cantons, make_office, client):
    basel, _zurich = two_cantons
    ConfirmedAbsence.objects.create(canton=basel, fact=CantonFact.OFFICE)
    make_office(canton="BL")
    assert rows_by_code(client.get(COMPARISON))["BL"].office.state == "erfasst"


def test_an_absence_contradicting_a_published_record_is_refused(
    two_cantons, make_office, make_plan
):
    basel, zurich = two_cantons
    make_office(canton="BL")
    make_plan(canton="ZH", is_published=False)  # a draft does not count as captured
    with pytest.raises(ValidationError) as error:
        ConfirmedAbsence(canton=basel, fact=CantonFact.OFFICE).full_clean()
    assert "bereits «Koordinationsstelle» erfasst" in str(error.value)
    ConfirmedAbsence(canton=zurich, fact=CantonFact.PLAN).full_clean()


def test_drafts_and_reports_do_not_count_as_the_current_plan(two_cantons, make_plan, client):
    make_plan(canton="BL", is_published=False, period_end_year=2030)
    make_plan(canton="BL", kind=PlanKind.REPORT, period_end_year=2013)
    make_plan(canton="ZH", title="Alte Planung", period_end_year=2019)
    make_plan(canton="ZH", title="Neue Planung", period_end_year=2027)
    rows = rows_by_code(client.get(COMPARISON))
    assert rows["BL"].plan.state == "offen"
    assert [plan.title for plan in rows["ZH"].plan.records] == ["Neue Planung"]


def test_a_conference_member_counts_for_the_canton_it_represents(
    two_cantons, kkjp, make_position, make_conference, client
):
    basel, zurich = two_cantons
    for_basel = make_position(canton="BL")
    Membership.objects.create(body=kkjp, position=for_basel)
    Membership.objects.create(body=kkjp, position=make_position(canton="BL"), canton=zurich)
    Membership.objects.create(body=make_conference(), position=make_position(canton="BL"))
    Membership.objects.create(body=kkjp, position=make_position(canton="BL", is_published=False))
    rows = rows_by_code(client.get(COMPARISON))
    assert [member.position for member in rows["BL"].members.records] == [for_basel]
    assert len(rows["ZH"].members.records) == 1


def test_contacts_counted_with_their_oldest_stand(two_cantons, make_position, client):
    make_position(canton="BL", last_verified_on=datetime.date(2025, 3, 1))
    make_position(canton="BL", last_verified_on=datetime.date(2026, 6, 1))
    make_position(canton="BL", last_verified_on=None)
    make_position(canton="BL", is_published=False, last_verified_on=datetime.date(2001, 1, 1))
    response = client.get(COMPARISON)
    basel = rows_by_code(response)["BL"]
    assert (basel.contact_count, basel.oldest_verified_on, basel.undated_contacts) == (
        3,
        datetime.date(2025, 3, 1),
        1,
    )
    assert "1 ohne Datum" in response.content.decode()


def test_sorting_by_a_column_and_back(two_cantons, make_position, client):
    make_position(canton="ZH")
    response = client.get(COMPARISON, {"sortierung": "kontakte"})
    assert [row.canton.code for row in response.context["rows"]] == ["ZH", "BL"]
    contacts_column = next(c for c in response.context["columns"] if c["name"] == "kontakte")
    assert contacts_column["aria_sort"] == "ascending"
    assert contacts_column["sort_url"] == f"{COMPARISON}?sortierung=-kontakte"
    reversed_rows = client.get(contacts_column["sort_url"]).context["rows"]
    assert [row.canton.code for row in reversed_rows] == ["BL", "ZH"]
    assert 'aria-sort="ascending"' in response.content.decode()


def test_sorting_by_canton_follows_the_folded_names(make_canton, client):
    for code, name in [("ZH", "Zürich"), ("ZG", "Zug"), ("BE", "Bern")]:
        make_canton(code, name)
    rows = client.get(COMPARISON).context["rows"]
    assert [row.canton.name for row in rows] == ["Bern", "Zug", "Zürich"]


def test_filters_are_links_that_count_and_combine(
    two_cantons, make_office, make_plan, make_position, client
):
    make_office(canton="BL")
    make_plan(canton="BL")
    make_plan(canton="ZH")
    make_position(canton="ZH")
    response = client.get(COMPARISON, {"planung": "erfasst"})
    assert [row.canton.code for row in response.context["rows"]] == ["BL", "ZH"]
    office_column = next(
        c for c in response.context["columns"] if c["name"] == "koordinationsstelle"
    )
    # Each link counts what choosing it would show, with the other filters kept.
    assert [(link["label"], link["count"]) for link in office_column["filter_links"]] == [
        ("erfasst", 1),
        ("bestätigt keine", 0),
        ("noch nicht erfasst", 1),
    ]
    combined = client.get(office_column["filter_links"][2]["url"])
    assert [row.canton.code for row in combined.context["rows"]] == ["ZH"]
    assert "1 von 2 Kantonen gezeigt." in combined.content.decode()
    contacts = client.get(COMPARISON, {"kontakte": "ohne"})
    assert [row.canton.code for row in contacts.context["rows"]] == ["BL"]


def test_a_chosen_filter_link_removes_the_filter(two_cantons, client):
    response = client.get(COMPARISON, {"planung": "offen"})
    plan_column = next(c for c in response.context["columns"] if c["name"] == "planung")
    chosen = next(link for link in plan_column["filter_links"] if link["chosen"])
    assert chosen["url"] == COMPARISON


def test_the_verification_filter_finds_cantons_with_old_or_undated_contacts(
    two_cantons, make_position, client
):
    make_position(canton="BL", last_verified_on=timezone.localdate())
    make_position(canton="ZH", last_verified_on=timezone.localdate() - datetime.timedelta(400))
    due = client.get(COMPARISON, {"stand": "faellig"}).context["rows"]
    current = client.get(COMPARISON, {"stand": "aktuell"}).context["rows"]
    assert [row.canton.code for row in due] == ["ZH"]
    assert [row.canton.code for row in current] == ["BL"]


def test_unknown_values_are_reported_and_only_they_are_left_out(two_cantons, make_plan, client):
    make_plan(canton="BL")
    response = client.get(
        COMPARISON, {"planung": "erfasst", "kkjp": "<b>viele</b>", "sortierung": "x"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert [row.canton.code for row in response.context["rows"]] == ["BL"]
    assert "«&lt;b&gt;viele&lt;/b&gt;» ist für «Mitglied der KKJP» kein möglicher Wert" in content
    assert "«x» ist keine mögliche Sortierung; sortiert ist nach Kanton." in content
    assert "<b>viele</b>" not in content


def test_the_csv_has_the_table_with_its_filters_and_order(
    two_cantons, make_office, make_position, client
):
    make_office(canton="BL", name="=Koordination BL", founded_on=datetime.date(2015, 4, 1))
    make_position(canton="ZH")
    response = client.get(reverse("canton_comparison_csv"), {"sortierung": "-kanton"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header[:3] == ["Kürzel", "Kanton", "Koordinationsstelle"]
    assert [row[0] for row in rows] == ["ZH", "BL"]
    basel = rows[1]
    assert basel[2] == "'=Koordination BL"  # no cell runs as a formula
    assert basel[3] == "1. April 2015"
    assert rows[0][2] == "noch nicht erfasst"
    assert rows[0][-1] == "http://testserver/kantone/zh/"
    filtered = csv_rows(client.get(reverse("canton_comparison_csv"), {"kontakte": "mit"}))
    assert [row[0] for row in filtered[1:]] == ["ZH"]


def test_the_csv_says_confirmed_absent_with_the_date(two_cantons, client):
    ConfirmedAbsence.objects.create(
        canton=two_cantons[0], fact=CantonFact.FOUNDATIONS, confirmed_on=datetime.date(2026, 5, 4)
    )
    rows = csv_rows(client.get(reverse("canton_comparison_csv")))
    assert rows[1][7] == "bestätigt keine (04.05.2026)"


def test_the_csv_refuses_unknown_filters_instead_of_exporting_something_else(client, db):
    response = client.get(reverse("canton_comparison_csv"), {"planung": "vielleicht"})
    assert response.status_code == 400
    assert "keine Daten exportiert" in response.content.decode()


def test_the_page_links_the_csv_with_the_chosen_filters(two_cantons, client):
    response = client.get(COMPARISON, {"planung": "offen", "sortierung": "-kanton"})
    assert response.context["csv_url"] == (
        f"{reverse('canton_comparison_csv')}?sortierung=-kanton&planung=offen"
    )


@pytest.mark.parametrize("size", [1, 4])
def test_the_comparison_costs_the_same_queries_however_much_the_cantons_hold(
    rendered_pages, canton_with_everything, client, django_assert_max_num_queries, size
):
    for code in ["BL", "ZH", "BE"][: 1 + size // 2]:
        canton_with_everything(code, size=size)
    with django_assert_max_num_queries(9):
        response = client.get(COMPARISON)
    assert len(response.context["rows"][0].foundations.records) == size


def test_the_comparison_and_profiles_have_french_addresses(two_cantons, client):
    with translation.override("fr"):
        comparison = reverse("canton_comparison")
        profile = reverse("canton_profile", kwargs={"code": "bl"})
    assert (comparison, profile) == ("/fr/cantons/", "/fr/cantons/bl/")
    response = client.get(comparison)
    assert response.status_code == 200
    assert "Les cantons comparés" in response.content.decode()


# A canton's profile


def test_the_profile_gathers_the_canton_from_the_seeds(seeded, client):
    response = client.get("/kantone/bl/")
    content = response.content.decode()
    assert response.status_code == 200
    for expected in [
        "Kanton Basel-Landschaft",
        "Koordination und Weiterentwicklung der Kinder- und Jugendhilfe",
        "Andrea Ruder",  # the coordinator
        "Steuergruppe Kinder- und Jugendhilfe",
        "BKSD",  # one of the steering group's four directorates
        "Kinder- und Jugendhilfe: Aktualisierte Planung der Entwicklung",
        "E) Abklärung und Fallführung",
        "10. Fallführung in der Kinder- und Jugendhilfe",
        "Bestätigung der Umsetzung der Planung",  # the parliament's decision
        "Bericht über die Kinder- und Jugendhilfe im Kanton Basel-Landschaft",
    ]:
        assert expected in content, expected
    assert '<a href="/koordination/stellen/koordination-kinder-und-jugendhilfe-bl/"' in content


def test_the_profile_of_an_empty_canton_says_so_and_tells_only_staff_where_to_add(
    two_cantons, client, make_editor
):
    response = client.get("/kantone/zh/")
    content = response.content.decode()
    assert content.count("noch nicht erfasst") >= 4
    assert "Noch keine Kontakte erfasst." in content
    assert "Für die Redaktion" not in content
    assert "/admin/" not in content

    client.force_login(make_editor("ZH"))
    content = client.get("/kantone/zh/").content.decode()
    assert "Für die Redaktion" in content
    zurich = two_cantons[1]
    assert f"/admin/coordination/coordinationoffice/add/?canton={zurich.pk}" in content
    assert f"/admin/portal/confirmedabsence/add/?canton={zurich.pk}&amp;fact=office" in content


def test_the_staff_link_opens_the_form_with_the_canton_filled_in(two_cantons, admin_client):
    zurich = two_cantons[1]
    response = admin_client.get(
        reverse("admin:portal_confirmedabsence_add"), {"canton": zurich.pk, "fact": "plan"}
    )
    form = response.context["adminform"].form
    assert (form.initial["canton"], form.initial["fact"]) == (str(zurich.pk), "plan")


def test_the_profile_shows_a_confirmed_absence_with_its_date(two_cantons, client):
    ConfirmedAbsence.objects.create(
        canton=two_cantons[1], fact=CantonFact.PLAN, confirmed_on=datetime.date(2026, 10, 1)
    )
    content = client.get("/kantone/zh/").content.decode()
    assert "bestätigt keine" in content
    assert "(Stand: 1. Oktober 2026)" in content


def test_the_profile_shows_only_what_the_public_may_see(
    two_cantons, make_office, make_position, make_plan, client
):
    make_office(canton="BL", name="Entwurfsstelle", is_published=False)
    make_plan(canton="BL", title="Entwurfsplanung", is_published=False)
    make_position(canton="BL", is_published=False, title="Geheime Funktion")
    content = client.get("/kantone/bl/").content.decode()
    assert "Entwurfsstelle" not in content
    assert "Entwurfsplanung" not in content
    assert "Geheime Funktion" not in content


def test_the_profile_lists_a_few_contacts_per_topic_and_links_the_rest(
    two_cantons, make_position, make_topic, client
):
    topic = make_topic("Kinderschutz")
    for _number in range(CONTACTS_PER_TOPIC + 2):
        make_position(canton="BL", topics=[topic])
    make_position(canton="ZH", topics=[topic])
    make_position(canton="BL")
    response = client.get("/kantone/bl/")
    [group] = response.context["topic_groups"]
    assert (group.count, len(group.positions)) == (CONTACTS_PER_TOPIC + 2, CONTACTS_PER_TOPIC)
    content = response.content.decode()
    assert f"Alle {CONTACTS_PER_TOPIC + 2} zum Thema «Kinderschutz»" in content
    assert "/kontakte/?kanton=BL&amp;thema=kinderschutz" in content
    assert "1 Kontakt ohne Thema." in content
    assert 'name="gemeinde"' in content  # the municipality lookup for this canton


def test_the_profile_says_when_each_part_was_last_checked(canton_with_everything, client):
    canton_with_everything("BL")
    content = client.get("/kantone/bl/").content.decode()
    assert "Zuletzt geprüft: 1. November 2026" in content  # the office
    assert "Prüfdatum noch nicht erfasst" in content  # the plan
    assert "Stand der Kontakte: zwischen 1. Januar 2025 und 5. Januar 2026." in content


def test_the_profile_address_is_the_lower_case_code(two_cantons, client):
    response = client.get("/kantone/BL/")
    assert response.status_code == 301
    assert response["Location"] == "/kantone/bl/"
    assert client.get("/kantone/xx/").status_code == 404


@pytest.mark.parametrize("size", [1, 4])
def test_the_profile_costs_the_same_queries_however_much_the_canton_holds(
    rendered_pages, canton_with_everything, client, django_assert_max_num_queries, size
):
    canton_with_everything("BL", size=size)
    with django_assert_max_num_queries(16):
        response = client.get("/kantone/bl/")
    assert len(response.context["foundations"].records) == size
    assert len(response.context["events"]) == size
    assert len(response.context["topic_groups"]) == size


def test_every_profile_is_in_the_sitemap(two_cantons, client):
    content = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/kantone/bl/" in content
    assert "http://testserver/kantone/zh/" in content
    assert "http://testserver/kantone/</loc>" in content


# The onboarding checklist on the staff dashboard


def checklists(client):
    response = client.get(reverse("staff_dashboard"))
    assert response.status_code == 200
    return {entry["canton"].code: entry for entry in response.context["onboarding_checklists"]}


def test_the_dashboard_lists_what_each_canton_in_scope_still_lacks(
    two_cantons, make_office, client, make_editor
):
    client.force_login(make_editor("ZH"))
    [zurich] = checklists(client).values()
    assert zurich["canton"].code == "ZH"  # Basel-Landschaft lies outside the scope
    assert [item.done for item in zurich["items"]] == [False] * 6
    office_item = zurich["items"][0]
    assert office_item.url.startswith("/admin/coordination/coordinationoffice/add/")
    assert "fact=office" in office_item.absent_url
    content = client.get(reverse("staff_dashboard")).content.decode()
    assert "6 Punkte offen" in content
    assert 'href="/kantone/zh/"' in content


def test_a_checklist_item_is_done_once_recorded_or_confirmed_absent(
    two_cantons, make_office, make_position, client, make_editor
):
    basel, zurich = two_cantons
    make_office(canton="ZH", coordinator=make_position(canton="ZH", last_verified_on=None))
    ConfirmedAbsence.objects.create(canton=zurich, fact=CantonFact.FOUNDATIONS)
    client.force_login(make_editor("ZH"))
    items = {item.label: item.done for item in checklists(client)["ZH"]["items"]}
    assert items == {
        "Koordinationsstelle erfassen": True,
        "Koordinatorin oder Koordinator der Stelle angeben": True,
        "Kontakte erfassen oder importieren": True,
        "Stand der Kontakte prüfen (höchstens 12 Monate alt)": False,  # never checked
        "Aktuelle Planung erfassen": False,
        "Kantonale Grundlagen erfassen": True,
        "Mitglied der KKJP angeben (erfasst das Sekretariat der Konferenz)": False,
    }


def test_the_administration_sees_the_checklist_of_every_canton(two_cantons, admin_client):
    assert set(checklists(admin_client)) == {"BL", "ZH"}


def test_a_dissolved_office_and_a_repealed_law_are_no_longer_the_cantons(
    two_cantons, make_office, make_foundation, client
):
    basel = two_cantons[0]
    make_office(canton="BL", dissolved_on=datetime.date(2019, 12, 31))
    make_foundation(
        jurisdiction=Jurisdiction.CANTONAL, canton=basel, ceased_on=datetime.date(2020, 1, 1)
    )
    basel_row = rows_by_code(client.get(COMPARISON))["BL"]
    assert basel_row.office.state == "offen"
    assert basel_row.foundations.state == "offen"
    ConfirmedAbsence(canton=basel, fact=CantonFact.OFFICE).full_clean()  # may be confirmed


def test_sorting_descending_keeps_the_gaps_last(two_cantons, make_canton, make_plan, client):
    make_canton("BE", "Bern")
    make_plan(canton="BL", period_end_year=2025)
    make_plan(canton="ZH", period_end_year=2030)
    ascending = client.get(COMPARISON, {"sortierung": "planung"}).context["rows"]
    descending = client.get(COMPARISON, {"sortierung": "-planung"}).context["rows"]
    assert [row.canton.code for row in ascending] == ["ZH", "BL", "BE"]
    assert [row.canton.code for row in descending] == ["BL", "ZH", "BE"]
