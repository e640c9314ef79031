"""Every message of the portal has its French, Italian and English translation.

The catalogs are brought up to date as a maintainer does it (README, "Sprachen"), but on a
copy of the source tree, so that the test never changes locale/: a message added to the
code since the last update shows up here as untranslated, one whose German changed as
fuzzy. GNU gettext (msgattrib, msgfmt) checks the result.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
TRANSLATED_LANGUAGES = ("fr", "it", "en")
# The maintainer's command (README, "Sprachen"); tests, benchmarks and collected static
# files are no part of the portal's messages.
MAKEMESSAGES = [
    "makemessages",
    *(option for language in TRANSLATED_LANGUAGES for option in ("-l", language)),
    "--no-obsolete",
    "--no-wrap",
    "--ignore",
    "tests/*",
    "--ignore",
    "bench/*",
    "--ignore",
    "staticfiles/*",
    "--ignore",
    ".venv/*",
]
# What makemessages leaves out anyway, and what a copy needs not carry.
NOT_COPIED_AT_THE_TOP = {".git", ".venv", "staticfiles", "tests", "bench", "node_modules"}


def not_copied(directory, names):
    ignored = {name for name in names if name == "__pycache__" or name.endswith(".mo")}
    if Path(directory) == PROJECT:
        ignored |= NOT_COPIED_AT_THE_TOP & set(names)
    return ignored


@pytest.fixture(scope="module")
def gettext_tools():
    missing = [
        tool for tool in ("msgattrib", "msgfmt", "msgmerge", "xgettext") if not shutil.which(tool)
    ]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"GNU gettext is missing ({', '.join(missing)}; Debian: gettext)")
        pytest.skip(f"GNU gettext is not installed ({', '.join(missing)})")


@pytest.fixture(scope="module")
def updated_catalogs(gettext_tools, tmp_path_factory):
    """{language: path} of the catalogs after makemessages, run on a copy of the tree."""
    tree = tmp_path_factory.mktemp("catalogs") / "drehscheibe"
    shutil.copytree(PROJECT, tree, ignore=not_copied)
    # Without settings makemessages only reads the files: no project code is imported, so
    # nothing from outside the copy (an installed checkout) can slip in.
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", *MAKEMESSAGES],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return {
        language: tree / "locale" / language / "LC_MESSAGES" / "django.po"
        for language in TRANSLATED_LANGUAGES
    }


def msgids(po_text):
    """The msgids of a catalog's entries (the header left out), as written in the file."""
    entries = []
    current = None
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current = [line.removeprefix("msgid ")]
            entries.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line)
        else:
            current = None
    joined = ("".join(part[1:-1] for part in entry) for entry in entries)
    return [msgid for msgid in joined if msgid]


def entries_that_are(which, catalog):
    result = subprocess.run(
        ["msgattrib", which, "--no-wrap", str(catalog)],
        capture_output=True,
        text=True,
        check=True,
    )
    return msgids(result.stdout)


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_is_translated(updated_catalogs, language):
    untranslated = entries_that_are("--untranslated", updated_catalogs[language])
    assert not untranslated, f"{len(untranslated)} message(s) without a translation into " + (
        f"{language} (run makemessages, README «Sprachen»):\n" + "\n".join(untranslated)
    )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_no_translation_is_fuzzy(updated_catalogs, language):
    fuzzy = entries_that_are("--only-fuzzy", updated_catalogs[language])
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy message(s) in {language}: the German changed, the translation "
        "needs a look (and the fuzzy mark removed):\n" + "\n".join(fuzzy)
    )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalog_compiles_with_matching_placeholders(updated_catalogs, language, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(updated_catalogs[language])],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_checked_in_catalog_compiles_with_matching_placeholders(language, gettext_tools, tmp_path):
    catalog = PROJECT / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(catalog)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_msgids_reads_entries_split_over_several_lines():
    po_text = (
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        'msgid ""\n"Erste Zeile\\n"\n"zweite"\nmsgstr ""\n'
    )
    assert msgids(po_text) == ["Erste Zeile\\nzweite"]
