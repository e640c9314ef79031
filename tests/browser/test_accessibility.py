"""axe-core finds no WCAG 2.1 A/AA violation on the main pages, in German, French and Italian."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation

import contacts.seed
import coordination.seed
import planning.seed
from contacts.models import Organisation

WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    ("home", {}, ""),
    ("contacts:directory", {}, ""),
    ("planning:plan_detail", {"slug": "kinder-und-jugendhilfe-planung-2020-2025"}, ""),
    ("search", {}, "?q=Jugendhilfe"),
    ("canton_comparison", {}, ""),
    ("canton_profile", {"code": "bl"}, ""),
]


@pytest.fixture
def portal_data(transactional_db):
    for seed in (contacts.seed, coordination.seed, planning.seed):
        seed.load(io.StringIO())


@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_main_pages_have_no_accessibility_violations(page, portal_data, language):
    axe = Axe()
    reports = []
    akjb = Organisation.objects.get(slug="akjb").pk
    report_form = ("report_change", {"kind": "organisation", "pk": akjb}, "")
    for url_name, kwargs, query in [*PAGES, report_form]:
        with translation.override(language):
            path = reverse(url_name, kwargs=kwargs or None) + query
        page.goto(path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_A_AA}})
        if results.violations_count:
            reports.append(f"{path}:\n{results.generate_report()}")
    assert not reports, "\n\n".join(reports)
