"""Words that mean the same to a visitor: the one place the portal keeps them.

Each group is a set of spellings; a query containing one of them also finds the others.
Official names across languages come from the same sources as the seeds' translations
(the conferences' and the Confederation's own French and Italian names; canton names as
the Federal Statistical Office spells them). Add a group here, and both engines use it on
the next query; the index needs no rebuild.
"""

from functools import lru_cache

from core.search.text import words

SYNONYM_GROUPS = [
    # Both spellings are in use in Swiss law and practice (ZGB: "Kindesschutz").
    ["Kinderschutz", "Kindesschutz"],
    ["Kinderschutzbehörde", "Kindesschutzbehörde", "KESB"],
    # Conferences: German, French, Italian abbreviation (sodk.ch, kkjp.ch).
    ["KKJP", "CPEJ", "CPIG"],
    ["SODK", "CDAS", "CDOS"],
    ["EDK", "CDIP", "CDPE"],
    # Federal law and ordinance (fedlex.admin.ch: SR 446.1 KJFG/LEEJ/LPAG, SR 211.222.338).
    ["KJFG", "LEEJ", "LPAG", "Kinder- und Jugendförderungsgesetz"],
    ["PAVO", "OPE", "OAMin", "Pflegekinderverordnung"],
    ["UN-Kinderrechtskonvention", "KRK", "CDE", "CRC"],
    # Cantons whose names differ by language (BFS: canton names in German, French, Italian).
    ["Basel-Landschaft", "BL", "Bâle-Campagne", "Basilea Campagna", "Baselland", "Baselbiet"],
    ["Basel-Stadt", "BS", "Bâle-Ville", "Basilea Città"],
    ["Genf", "Genève", "Ginevra", "Geneva", "GE"],
    ["Bern", "Berne", "Berna", "BE"],
    ["Freiburg", "Fribourg", "Friburgo", "FR"],
    ["Wallis", "Valais", "Vallese", "VS"],
    ["Neuenburg", "Neuchâtel", "NE"],
    ["Waadt", "Vaud", "VD"],
    ["Tessin", "Ticino", "TI"],
    ["Graubünden", "Grisons", "Grigioni", "GR"],
    ["Luzern", "Lucerne", "Lucerna", "LU"],
    ["Zürich", "Zurich", "Zurigo", "ZH"],
    ["Solothurn", "Soleure", "Soletta", "SO"],
    ["Schwyz", "Svitto", "SZ"],
    ["Thurgau", "Thurgovie", "Turgovia", "TG"],
    ["Aargau", "Argovie", "Argovia", "AG"],
    ["St. Gallen", "Saint-Gall", "San Gallo", "SG"],
    ["Schweiz", "Suisse", "Svizzera", "Switzerland", "CH"],
    ["Deutschland", "Allemagne", "Germania", "Germany"],
]


def is_code(spelling):
    """Two-letter codes ("BL", "GE") stand for their group only when typed in capitals:
    "ge" or "so" in a sentence is a word, not a canton."""
    return len(spelling) <= 2


@lru_cache(maxsize=1)
def _groups_by_phrase():
    """{("basel", "landschaft"): [("bale", "campagne"), …]} for every spelling; codes lead
    to their group but are not searched for themselves."""
    groups = {}
    for group in SYNONYM_GROUPS:
        phrases = list(dict.fromkeys(tuple(words(spelling)) for spelling in group))
        searched = [tuple(words(s)) for s in group if not is_code(s)]
        for phrase in phrases:
            groups[phrase] = [other for other in dict.fromkeys(searched) if other != phrase]
    return groups


def synonyms_of(phrase, typed):
    """The other spellings of `phrase` (a tuple of folded words, as `typed`), or []."""
    if is_code(typed) and not typed.isupper():
        return []
    return _groups_by_phrase().get(tuple(phrase), [])
