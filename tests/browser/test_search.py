"""Searching the portal as a visitor does: from the header, through a facet, and with the
suggestions under the box, by keyboard; and the same form without JavaScript."""

import io

import pytest
from playwright.sync_api import expect

import contacts.seed
import coordination.seed
import planning.seed


@pytest.fixture
def portal_data(transactional_db):
    for seed in (contacts.seed, coordination.seed, planning.seed):
        seed.load(io.StringIO())


def test_search_from_the_header_and_narrow_by_a_facet(page, portal_data):
    page.goto("/")
    page.get_by_role("combobox", name="Suche").fill("Jugenhilfe")
    page.get_by_role("combobox", name="Suche").press("Enter")

    page.wait_for_url("**/suche/?q=Jugenhilfe")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suche nach «Jugenhilfe»")
    expect(page.get_by_text("Keine Treffer für «Jugenhilfe».")).to_be_visible()
    assert page.locator("mark", has_text="Jugendhilfe").count() > 0

    page.locator(".search-facets").get_by_role("link", name="Entwicklungsfelder").click()
    page.wait_for_url("**/suche/?q=Jugendhilfe&typ=field")
    expect(page.get_by_role("heading", level=2, name="Entwicklungsfelder")).to_be_visible()
    expect(
        page.get_by_role("link", name="1. Koordination der Kinder- und Jugendhilfe")
    ).to_be_visible()
    assert page.title().startswith("Suche nach «Jugendhilfe»")


def test_choose_a_suggestion_with_the_keyboard(page, portal_data):
    page.goto("/planung/")
    box = page.get_by_role("combobox", name="Suche")
    box.click()
    box.press_sequentially("Koord", delay=40)

    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status").filter(has_text="Vorschläge")).to_have_count(1)
    box.press("ArrowDown")
    chosen = page.locator("[role=option][aria-selected=true]")
    expect(chosen).to_have_count(1)
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    box.press("ArrowDown")
    second = page.locator("[role=option][aria-selected=true]")
    target = second.get_attribute("data-url")
    title = second.locator(".search-suggestion-title").inner_text()

    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.press("ArrowDown")  # opens the list again
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(f"**{target}")
    assert title.split(" (")[0] in page.get_by_role("heading", level=1).inner_text()


def test_the_search_form_works_without_javascript(browser, live_server, portal_data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        page.get_by_role("searchbox", name="Suche").fill("Postulat 2017/650")
        page.get_by_role("searchbox", name="Suche").press("Enter")
        page.wait_for_url("**/suche/?q=Postulat+2017%2F650")
        expect(
            page.get_by_role("link", name="Überweisung der Landratsvorlage", exact=False)
        ).to_be_visible()
        page.locator(".search-facets").get_by_role("link", name="Basel-Landschaft").click()
        page.wait_for_url("**kanton=BL**")
        expect(page.get_by_role("heading", level=2, name="Beschlüsse")).to_be_visible()
    finally:
        context.close()
