"""Words as the index and the queries see them: one normalisation for both engines.

A text becomes lower-case ASCII words (core.text.fold: "Müller" -> "muller", "ß" -> "ss",
"Genève" -> "geneve"), followed by the German transliteration of words with umlauts
("mueller") and by their stems (Snowball, as PostgreSQL's own stemmers). So "Müller",
"Mueller" and "Muller" all find "Müller", whichever spelling the visitor types.
"""

import re
from functools import lru_cache

import phonenumbers
import snowballstemmer

from core.text import GERMAN_LETTERS, fold

WORD = re.compile(r"[a-z0-9]+")
ORIGINAL_WORD = re.compile(r"\w+")
SNOWBALL_LANGUAGES = {"de": "german", "fr": "french", "it": "italian", "en": "english"}
PHONE_PREFIX = "tel"


def words(text):
    """The folded words of `text`: "Kinder- und Jugendhilfe" -> ["kinder", "und", "jugendhilfe"]."""
    return WORD.findall(fold(text))


def transliterated_words(text):
    """The words of `text` with umlauts spelled out: "Füllinsdorf" -> ["fuellinsdorf"]."""
    return words((text or "").translate(GERMAN_LETTERS))


@lru_cache(maxsize=8)
def _stemmer(language):
    return snowballstemmer.stemmer(SNOWBALL_LANGUAGES[language])


@lru_cache(maxsize=100_000)
def stem(word, language):
    if word.isdigit() or language not in SNOWBALL_LANGUAGES:
        return word
    return _stemmer(language).stemWord(word)


def stem_languages(language):
    """The stemmers a text or query in `language` goes through: its own and German, the
    language every record has (a French query finds German-only content too)."""
    return list(dict.fromkeys([language, "de"]))


def phone_token(number):
    """One word for a phone number however it is written: "+41 61 552 17 99" and
    "061 552 17 99" both become "tel41615521799"."""
    if not number:
        return ""
    if not isinstance(number, phonenumbers.PhoneNumber):
        try:
            number = phonenumbers.parse(str(number), "CH")
        except phonenumbers.NumberParseException:
            return ""
    return (
        PHONE_PREFIX + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]
    )


def replace_phone_numbers(text):
    """`text` with every phone number in it turned into its phone_token."""
    text = text or ""
    for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, "CH", leniency=0))):
        text = f"{text[: match.start]} {phone_token(match.number)} {text[match.end :]}"
    return text


def index_text(texts, language):
    """The indexed form of `texts` (one weight of a record): words in order, then the
    transliterated spellings, then the stems in `language` and in German."""
    surface = [word for text in texts if text for word in words(text)]
    seen = set(surface)
    variants = []
    for text in texts:
        for word in transliterated_words(text):
            if word not in seen:
                seen.add(word)
                variants.append(word)
    stems = []
    for stem_language in stem_languages(language):
        for word in [*surface, *variants]:
            stemmed = stem(word, stem_language)
            if stemmed not in seen:
                seen.add(stemmed)
                stems.append(stemmed)
    return " ".join(surface + variants + stems)


def exact_key(text):
    """The form in which a query equals a name: its folded words, space-separated."""
    return " ".join(words(text))


def vocabulary(texts):
    """{folded word: word as written} for every word of `texts`, both spellings of umlauts:
    what "Meinten Sie …?" may propose."""
    found = {}
    for text in texts:
        for original in ORIGINAL_WORD.findall(text or ""):
            if len(original) < 3 or original.isdigit():
                continue
            for spelled in {*words(original), *transliterated_words(original)}:
                if len(spelled) <= 100:
                    found.setdefault(spelled, original)
    return found
