"""Journey: a cantonal editor logs in with a second factor, corrects the coordinator's phone
in the admin, marks it verified, sees both on the public page ("Stand: <date>"), still sees
them after the next deployment's `load_portal_data`, and reverts the change from the history;
the admin works under the site's CSP. The import dry run fits the window."""

import datetime
import re
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

import contacts.seed
from contacts.models import Position

PASSWORD = "Redaktion-BL-2026!"
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def stand(date):
    return f"Stand: {date.day}. {MONTHS[date.month - 1]} {date.year}"


def test_editor_changes_the_coordinators_phone_and_reverts_it(page, make_editor, admin_login):
    contacts.seed.load(StringIO())
    coordinator = Position.objects.get(title="Koordinatorin Kinder- und Jugendhilfe")
    assert coordinator.last_verified_on is None  # so the "Stand" the journey sees is new
    make_editor("BL", username="redaktion-bl", password=PASSWORD)
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(f"{page.url}: {message.text[:60]}")
            if "Content Security Policy" in message.text
            else None
        ),
    )

    admin_login("redaktion-bl", PASSWORD)
    page.get_by_role("link", name="Redaktionsübersicht").first.click()
    expect(page.get_by_role("heading", name="Seit über 12 Monaten nicht geprüft")).to_be_visible()

    page.goto("/admin/contacts/position/")
    page.get_by_role("link", name=str(coordinator.person), exact=True).click()
    page.get_by_label("Telefon direkt").fill("061 552 17 00")
    # The admin's own date shortcut (JavaScript) must work under the CSP.
    page.locator(".field-last_verified_on").get_by_role("link", name="Heute").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    coordinator.refresh_from_db()
    verified_on = coordinator.last_verified_on
    assert verified_on is not None
    assert abs(verified_on - timezone.localdate()) <= datetime.timedelta(days=1)

    page.goto(coordinator.person.get_absolute_url())
    expect(page.get_by_role("link", name=re.compile(r"\+41 61 552 17 00"))).to_be_visible()
    expect(page.get_by_text(stand(verified_on), exact=True)).to_be_visible()

    # The next deployment loads the portal data: the correction is kept, not reset to the seed.
    versions = coordinator.history.count()
    output = StringIO()
    call_command("load_portal_data", stdout=output)
    assert "Beibehalten: Telefon" in output.getvalue()
    page.reload()
    expect(page.get_by_role("link", name=re.compile(r"\+41 61 552 17 00"))).to_be_visible()
    expect(page.get_by_text(stand(verified_on), exact=True)).to_be_visible()
    assert coordinator.history.count() == versions

    page.goto(f"/admin/contacts/position/{coordinator.pk}/history/")
    page.locator("#change-history a").last.click()  # the oldest version: the seed's
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(coordinator.person.get_absolute_url())
    expect(page.get_by_role("link", name=re.compile(r"\+41 61 552 17 99"))).to_be_visible()
    expect(page.get_by_text("Stand:")).to_have_count(0)  # the seed's version was never verified
    coordinator.refresh_from_db()
    assert coordinator.phone.as_e164 == "+41615521799"
    assert coordinator.last_verified_on is None
    assert coordinator.history.latest().history_user.username == "redaktion-bl"
    assert csp_violations == []


def test_import_dry_run_shows_a_long_rejected_row_without_sideways_scrolling(
    page, make_editor, make_canton, make_country, admin_login
):
    make_canton("BL")
    make_country("CH")
    make_editor("BL", username="redaktion-bl", password=PASSWORD)
    long_name = "Fachstelle für Kinder-, Jugend- und Familienfragen im Baselbiet " * 4
    long_url = "https://www.baselland.ch/" + "unterseite/" * 20
    header = "kurzname;name;typ;kanton;land;zustaendigkeit;telefon;website\n"
    rows = (
        f"fachstelle;{long_name};office;BL;CH;canton;12345;{long_url}\n"
        "amt-a;Amt A;office;BL;CH;canton;061 552 17 99;\n"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_login("redaktion-bl", PASSWORD)

    page.goto("/admin/contacts/organisation/import/")
    page.locator("select[name=format]").select_option(label="csv")
    page.locator("input[name=import_file]").set_input_files(
        files=[{"name": "kontakte.csv", "mimeType": "text/csv", "buffer": (header + rows).encode()}]
    )
    page.locator("form[enctype='multipart/form-data'] input[type=submit]").click()

    rejected = page.locator("table.import-rejected")
    expect(rejected.get_by_text("Bitte eine gültige Telefonnummer eingeben")).to_be_visible()
    for table in [rejected, page.locator("table.import-preview").last]:
        scroll_width, client_width = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
        assert scroll_width <= client_width
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
