from django.utils.text import slugify
from unidecode import unidecode

# German transliteration before unidecode, which would drop the umlaut's "e" (ä -> a).
GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def fold(text):
    """Lower-case ASCII form of `text` for searching: "Füllinsdorf" -> "fullinsdorf".

    Searching folded text on both sides lets visitors type without umlauts.
    """
    return " ".join(unidecode(text or "").lower().split())


def spellings(text):
    """The folded forms a visitor may type for `text`: "Füllinsdorf" as "Fullinsdorf" and as
    "Fuellinsdorf", in any case."""
    return {fold(text), fold((text or "").translate(GERMAN_LETTERS))}


def slugify_german(text):
    """The URL slug of `text`, German transliterated: "Frühe Förderung" -> "fruehe-foerderung".

    Other accents lose their mark ("Genève" -> "geneve"). Every slug the portal makes comes
    from here, so the admin, the seeds and the imports agree.
    """
    return slugify(unidecode((text or "").translate(GERMAN_LETTERS)))
