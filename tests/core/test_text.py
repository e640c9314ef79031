import pytest

from core.text import fold, slugify_german, spellings


def test_fold_drops_case_accents_and_extra_spaces():
    assert fold("  Füllinsdorf  GENÈVE ") == "fullinsdorf geneve"


@pytest.mark.parametrize("typed", ["Füllinsdorf", "FULLINSDORF", "fuellinsdorf"])
def test_every_spelling_of_an_umlaut_is_accepted(typed):
    assert fold(typed) in spellings("Füllinsdorf")


def test_slugs_transliterate_german():
    assert slugify_german("Frühe Förderung, Straße") == "fruehe-foerderung-strasse"
