"""Recall of the site search on the whole portal data: what visitors ask, what they must find.

Each query is one a visitor of the seeds' pages would type (names, abbreviations, places,
numbers, laws, topics, misspellings, and the French, Italian and English names), with the
record that must be among the first ten hits. The data is loaded once for the module, by
`load_portal_data` itself, inside a transaction that is rolled back afterwards; run with
`-s` to see the figure. On PostgreSQL: `DATABASE_URL=postgres://… pytest`.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from core.search.searching import Searcher
from tests.conftest import SEEDED_MUNICIPALITIES_CSV, SEEDED_POSTCODES_CSV

FIRST_HITS = 10

# (query, page language, kind of the record, a part of its address or title that names it;
# not a primary key: on PostgreSQL the sequences go on after a rollback)
RECALL_SET = [
    # Names and abbreviations.
    ("KKJP", "de", "conference", "/kkjp/"),
    ("Konferenz für Kinder- und Jugendpolitik", "de", "conference", "/kkjp/"),
    ("KKJS", "de", "conference", "/kkjs/"),
    ("KKJF", "de", "conference", "/kkjf/"),
    ("Kindesschutz und Jugendhilfe", "de", "conference", "/kkjs/"),
    ("SODK", "de", "organisation", "/sodk/"),
    ("AKJB", "de", "organisation", "/akjb/"),
    ("Amt für Kind, Jugend und Behindertenangebote", "de", "organisation", "/akjb/"),
    ("BKSD", "de", "organisation", "/bksd/"),
    ("BMFSFJ", "de", "organisation", "/bmfsfj/"),
    ("Difu", "de", "organisation", "/difu/"),
    ("Deutsches Institut für Urbanistik", "de", "organisation", "/difu/"),
    ("Andrea Ruder", "de", "person", "/andrea-ruder/"),
    ("Ruder", "de", "person", "/andrea-ruder/"),
    ("Koordinatorin Kinder- und Jugendhilfe", "de", "person", "/andrea-ruder/"),
    ("Koordinationsstelle Kinder- und Jugendhilfe", "de", "office", "koordination-kinder"),
    ("Steuergruppe", "de", "committee", "/steuergruppe-kinder-und-jugendhilfe/"),
    ("Dialogforum", "de", "forum", "/dialogforum/"),
    ("Projektbeirat", "de", "committee", "/projektbeirat-dialogforum/"),
    ("Expertengespräche", "de", "format", "/dialogforum/"),
    # Places, numbers, addresses.
    ("Füllinsdorf", "de", "organisation", "/akjb/"),
    ("Fuellinsdorf", "de", "organisation", "/akjb/"),
    ("4414", "de", "organisation", "/akjb/"),
    ("2825", "de", "organisation", "/akjb/"),
    ("Ergolzstrasse 3", "de", "organisation", "/akjb/"),
    ("061 552 17 99", "de", "person", "/andrea-ruder/"),
    ("+41 61 552 17 70", "de", "organisation", "/akjb/"),
    ("2017/650", "de", "decision", "Postulat 2017/650"),
    ("Postulat Pascal Ryf", "de", "decision", "Postulat 2017/650"),
    ("Basel-Landschaft Handlungsempfehlungen", "de", "plan", "/bericht-kinder-und-jugendhilfe-bl/"),
    # Laws and foundations.
    ("PAVO", "de", "foundation", "/pavo/"),
    ("Pflegekinderverordnung", "de", "foundation", "/pavo/"),
    ("KJFG", "de", "foundation", "/kjfg/"),
    ("Kinder- und Jugendförderungsgesetz", "de", "foundation", "/kjfg/"),
    ("KJSG", "de", "foundation", "/kjsg/"),
    ("SGB VIII", "de", "foundation", "/sgb-viii/"),
    ("Rechte des Kindes", "de", "foundation", "/uebereinkommen-ueber-die-rechte-des-kindes/"),
    # Topics, plans and their parts.
    ("Fremdplatzierung", "de", "topic", "/fremdplatzierung/"),
    ("Kindesschutz", "de", "topic", "/kinderschutz/"),
    ("Frühe Förderung", "de", "topic", "/fruehe-foerderung/"),
    ("Fruehe Foerderung", "de", "topic", "/fruehe-foerderung/"),
    ("Unbegleitete Minderjährige", "de", "topic", "/unbegleitete-minderjaehrige/"),
    ("Schulsozialarbeit", "de", "field", "/felder/7/"),
    ("UMA", "de", "field", "/felder/5/"),
    ("ambulante Hilfen", "de", "field", "/felder/4/"),
    ("Aktualisierte Planung 2020", "de", "plan", "/kinder-und-jugendhilfe-planung-2020-2025/"),
    ("Abklärung und Fallführung", "de", "area", "#bereich-e"),
    # Misspellings.
    ("Rudr", "de", "person", "/andrea-ruder/"),
    ("Jugenhilfe", "de", "topic", "/kinder-und-jugendhilfe/"),
    ("Fülinsdorf", "de", "organisation", "/akjb/"),
    ("Pflegekinderverodnung", "de", "foundation", "/pavo/"),
    ("Dialogfroum", "de", "forum", "/dialogforum/"),
    ("Schulsozialarbiet", "de", "field", "/felder/7/"),
    # French.
    ("CPEJ", "fr", "conference", "/kkjp/"),
    ("politique de l'enfance et de la jeunesse", "fr", "conference", "/kkjp/"),
    ("CDAS", "fr", "organisation", "/sodk/"),
    ("affaires sociales", "fr", "organisation", "/sodk/"),
    ("Ordonnance sur le placement d'enfants", "fr", "foundation", "/pavo/"),
    ("OPE", "fr", "foundation", "/pavo/"),
    ("LEEJ", "fr", "foundation", "/kjfg/"),
    ("droits de l'enfant", "fr", "foundation", "/uebereinkommen-ueber-die-rechte-des-kindes/"),
    ("Bâle-Campagne", "fr", "plan", "/bericht-kinder-und-jugendhilfe-bl/"),
    ("Andrea Ruder", "fr", "person", "/andrea-ruder/"),
    # Italian.
    ("CDOS", "it", "organisation", "/sodk/"),
    ("Ordinanza sull'affiliazione", "it", "foundation", "/pavo/"),
    ("LPAG", "it", "foundation", "/kjfg/"),
    ("Convenzione sui diritti del fanciullo", "it", "foundation", "/uebereinkommen"),
    ("Basilea Campagna", "it", "plan", "/bericht-kinder-und-jugendhilfe-bl/"),
    # English.
    ("Convention on the Rights of the Child", "en", "foundation", "/uebereinkommen"),
    ("rights of the child", "en", "foundation", "/uebereinkommen"),
    ("KKJP", "en", "conference", "/kkjp/"),
    ("Dialogforum", "en", "forum", "/dialogforum/"),
]


@pytest.fixture(scope="module")
def portal_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole portal data (as the `seeded` fixture loads it), once for this module."""
    registers = tmp_path_factory.mktemp("registers")
    (registers / "ch-municipalities.csv").write_text(SEEDED_MUNICIPALITIES_CSV, encoding="utf-8")
    (registers / "ch-postcodes.csv").write_text(SEEDED_POSTCODES_CSV, encoding="utf-8")
    loading = override_settings(PORTAL_REFERENCE_DATA_DIR=str(registers))
    with django_db_blocker.unblock(), transaction.atomic():
        with loading, translation.override("de"):
            call_command("load_portal_data", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)  # the other modules' tests start from an empty database


def first_hits(text, language):
    searcher = Searcher(text, language)
    results = searcher.run()
    return list(searcher.hit_list(results.total)[0:FIRST_HITS])


@pytest.mark.django_db
def test_recall_of_the_seeds(portal_data):
    misses = []
    for text, language, kind, address in RECALL_SET:
        hits = first_hits(text, language)
        if not any(hit.kind == kind and address in f"{hit.url} {hit.title}" for hit in hits):
            found = ", ".join(f"{hit.kind}:{hit.url}" for hit in hits) or "nothing"
            misses.append(f"{text!r} [{language}] -> {kind} {address}; found {found}")
    found_count = len(RECALL_SET) - len(misses)
    print(f"\nRecall: {found_count}/{len(RECALL_SET)}")  # noqa: T201 (shown with -s)
    assert not misses, "\n".join(misses)


def test_the_recall_set_is_large_enough():
    assert len(RECALL_SET) >= 40
    assert {language for _text, language, _kind, _address in RECALL_SET} == {"de", "fr", "it", "en"}
