"""Journey: a visitor reports a wrong phone number on the coordinator's organisation, the
canton's editor applies it from the report in the admin, the public page shows the
correction, and the record's history names the report."""

import re
from io import StringIO

from playwright.sync_api import expect

import contacts.seed
from contacts.models import Organisation
from portal.models import ChangeReport, ChangeReportStatus

PASSWORD = "Redaktion-BL-2026!"
NEW_PHONE = "061 552 17 00"


def test_a_reported_change_is_applied_by_the_editor_and_named_in_the_history(
    page, make_editor, admin_login
):
    contacts.seed.load(StringIO())
    office = Organisation.objects.get(slug="akjb")
    make_editor("BL", username="redaktion-bl", password=PASSWORD)

    # The visitor, on a phone.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(office.get_absolute_url())
    page.get_by_role("link", name="Änderung melden").click()
    page.get_by_label("Was ist falsch?").fill("Die Telefonnummer stimmt nicht mehr.")
    page.get_by_label("Ihr Korrekturvorschlag").fill(f"Neu: {NEW_PHONE}")
    page.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("regula.muster@example.ch")
    page.get_by_role("button", name="Meldung senden").click()
    expect(page.locator(".alert-success")).to_contain_text("ist eingegangen und gespeichert")
    report = ChangeReport.objects.get()

    # The editor of Basel-Landschaft, from the dashboard to the record's form.
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_login("redaktion-bl", PASSWORD)
    page.get_by_role("link", name="Redaktionsübersicht").first.click()
    page.get_by_role("link", name=re.compile(f"Meldung Nr. {report.pk}")).click()
    expect(page.get_by_role("heading", name="Der Eintrag heute")).to_be_visible()
    page.get_by_role("link", name="Übernehmen: Eintrag mit dem Vorschlag bearbeiten").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Neu: {NEW_PHONE}")
    page.locator("input[name=phone]").fill(NEW_PHONE)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(office.get_absolute_url())
    expect(page.get_by_role("link", name=re.compile(r"\+41 61 552 17 00"))).to_be_visible()

    page.goto(f"/admin/contacts/organisation/{office.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text(f"Änderungsmeldung Nr. {report.pk}")
    report.refresh_from_db()
    assert report.status == ChangeReportStatus.ACCEPTED
