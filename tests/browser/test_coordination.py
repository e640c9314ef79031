"""Journey: from the home page to the KKJP, on to its predecessor KKJS and back."""

import io
import re

import pytest
from playwright.sync_api import expect

from contacts import seed as contacts_seed
from coordination import seed as coordination_seed


@pytest.fixture
def seeded_portal(transactional_db):
    out = io.StringIO()
    contacts_seed.load(out)
    coordination_seed.load(out)


def test_visitor_follows_the_kkjp_history_both_ways(page, seeded_portal):
    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Koordination"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Koordination der Kinder- und Jugendpolitik"
    )

    page.get_by_role("link", name="Konferenz für Kinder- und Jugendpolitik (KKJP)").click()
    expect(page).to_have_url(re.compile(r"/koordination/konferenzen/kkjp/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Konferenz für Kinder- und Jugendpolitik"
    )
    expect(page.get_by_text("September 2017").first).to_be_visible()

    history = page.get_by_role("region", name="Geschichte")
    history.get_by_role("link", name=re.compile(r"\(KKJS\)")).first.click()
    expect(page).to_have_url(re.compile(r"/koordination/konferenzen/kkjs/$"))
    expect(page.get_by_text("Besteht nicht mehr.")).to_be_visible()

    page.get_by_role("note").get_by_role("link", name=re.compile(r"\(KKJP\)")).click()
    expect(page).to_have_url(re.compile(r"/koordination/konferenzen/kkjp/$"))
    expect(page.get_by_text("Besteht nicht mehr.")).to_have_count(0)
