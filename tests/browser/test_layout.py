"""Every main page on a phone: no sideways scrolling, and nothing the browser refuses (CSP)."""

import io

import pytest

import contacts.seed
import coordination.seed
import planning.seed

PAGES = [
    "/",
    "/kontakte/?kanton=BL",
    "/kontakte/personen/andrea-ruder/",
    "/kontakte/organisationen/akjb/",
    "/koordination/",
    "/koordination/konferenzen/kkjp/",
    "/koordination/stellen/koordination-kinder-und-jugendhilfe-bl/",
    "/koordination/foren/dialogforum/",
    "/koordination/veranstaltungen/",
    "/planung/",
    "/planung/kinder-und-jugendhilfe-planung-2020-2025/",
    "/planung/kinder-und-jugendhilfe-planung-2020-2025/felder/7/",
    "/planung/kinder-und-jugendhilfe-planung-2020-2025/bestellen/",
    "/suche/?q=Jugendhilfe",
    "/suche/?q=Jugendhilfe&typ=field&kanton=BL",
]


@pytest.fixture
def portal_data(transactional_db):
    for seed in (contacts.seed, coordination.seed, planning.seed):
        seed.load(io.StringIO())


def test_main_pages_fit_a_phone_and_break_no_browser_rule(browser, live_server, portal_data):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )
    try:
        for path in PAGES:
            response = page.goto(path)
            assert response.status == 200, path
            page_width = page.evaluate("document.documentElement.scrollWidth")
            assert page_width <= 360, f"{path} is {page_width}px wide on a 360px phone"
            assert page.locator("h1").count() == 1, path
    finally:
        context.close()
    assert problems == []


def test_directory_on_a_phone_shows_a_result_on_the_first_screen(browser, live_server, portal_data):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto("/kontakte/")
        first_card = page.locator(".directory-list > li").first
        assert first_card.bounding_box()["y"] + 40 <= 740, "the filters push every result down"
        assert not page.get_by_label("Kanton").is_visible()
        assert page.locator(".directory-filters summary").inner_text().startswith("Filter")

        page.goto("/kontakte/?kanton=BL")
        assert page.locator(".directory-filters details").get_attribute("open") is not None
        assert page.get_by_label("Kanton").is_visible()
        assert "1 aktiv" in page.locator(".directory-filters summary").inner_text()
    finally:
        context.close()
