"""Journey: a cantonal editor opens a missing French translation from the dashboard's
worklist, lands in the French tab of the change page, fills it in, and the worklist no
longer lists it."""

import re

from playwright.sync_api import expect

from contacts.models import Organisation

PASSWORD = "Redaktion-BL-2026!"


def test_worklist_link_opens_the_french_tab(page, make_editor, make_organisation, admin_login):
    organisation = make_organisation(name="Amt für Kind und Jugend", canton="BL")
    make_editor("BL", username="redaktion-bl", password=PASSWORD)

    admin_login("redaktion-bl", PASSWORD)
    page.goto("/admin/redaktion/")
    french = page.locator("#translation-worklist-fr + h4 + ul")
    french.get_by_role("link", name="Amt für Kind und Jugend").click()

    change_page = f"/admin/contacts/organisation/{organisation.pk}/change/#sprache-fr"
    expect(page).to_have_url(re.compile(re.escape(change_page) + "$"))
    french_name = page.locator("#id_name_fr")
    expect(french_name).to_be_visible()
    expect(page.locator("#id_name_de")).to_be_hidden()
    french_name.fill("Office de l'enfance et de la jeunesse")
    page.get_by_role("button", name="Sichern", exact=True).click()

    organisation.refresh_from_db()
    assert organisation.name_fr == "Office de l'enfance et de la jeunesse"
    page.goto("/admin/redaktion/")
    expect(page.locator("#translation-worklist-fr + h4")).to_have_count(0)
    assert Organisation.objects.get(pk=organisation.pk).name_de == "Amt für Kind und Jugend"
