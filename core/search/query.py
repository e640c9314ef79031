"""What a visitor typed, as clauses both engines compile: web search syntax
("quoted phrases", OR, -minus), synonyms, phone numbers and codes."""

import re
from dataclasses import dataclass, field

from core.search.synonyms import synonyms_of
from core.search.text import ORIGINAL_WORD, exact_key, replace_phone_numbers, words

MAX_QUERY_LENGTH = 200
MAX_CLAUSES = 12
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
UMLAUT_SPELLINGS = re.compile(r"(?<=[a-z])(ae|oe|ue)")


@dataclass
class Clause:
    """One thing the results must (or, negated, must not) contain: any of its alternatives,
    each a phrase of folded words. The first alternative is what was typed."""

    alternatives: list
    typed: str = ""
    negated: bool = False
    prefix: bool = False  # the last word of the typed phrase may go on ("koord" -> Koordination)

    @property
    def phrase(self):
        return self.alternatives[0]


@dataclass
class SearchQuery:
    text: str
    clauses: list = field(default_factory=list)
    has_operators: bool = False

    @property
    def positive(self):
        return [clause for clause in self.clauses if not clause.negated]

    @property
    def negative(self):
        return [clause for clause in self.clauses if clause.negated]

    def __bool__(self):
        return bool(self.positive)

    def exact_keys(self):
        """The forms of a name this query equals: "|kkjp|" and, by synonym, "|cpej|"."""
        if not self or self.has_operators:
            return []
        keys = [exact_key(self.text)]
        if len(self.clauses) == 1:
            keys += [" ".join(alternative) for alternative in self.clauses[0].alternatives]
        return [f"|{key}|" for key in dict.fromkeys(keys) if key]

    def highlight_words(self):
        """Every folded word a snippet marks, with "Mueller" also as "muller" (as the text's
        "Müller" folds), and the prefixes of the autocomplete."""
        found = []
        for clause in self.positive:
            for alternative in clause.alternatives:
                for word in alternative:
                    found += [word, UMLAUT_SPELLINGS.sub(lambda match: match[1][0], word)]
        return list(dict.fromkeys(found))

    def typed_words(self):
        """The words the visitor typed, for "Meinten Sie …?"."""
        return [word for clause in self.positive for word in clause.phrase]

    def corrected(self, corrections):
        """The typed text with each word in `corrections` ({folded: as written}) replaced."""

        def replace(match):
            folded = words(match[0])
            if len(folded) == 1 and folded[0] in corrections:
                return corrections[folded[0]]
            return match[0]

        return ORIGINAL_WORD.sub(replace, self.text)


def parse(text, prefix=False):
    """The SearchQuery for `text`; `prefix` lets the last word be the start of a word."""
    text = " ".join((text or "")[:MAX_QUERY_LENGTH].split())
    query = SearchQuery(text=text)
    join_next = False
    for match in TOKEN.finditer(replace_phone_numbers(text)):
        negated, quoted, plain = match[1] == "-", match[2], match[3]
        if plain is not None and plain in {"OR", "|"}:
            join_next = bool(query.clauses)
            query.has_operators = True
            continue
        if plain is not None and plain.startswith("-") and len(plain) > 1:
            negated, plain = True, plain[1:]
        typed = quoted if quoted is not None else plain
        phrase = tuple(words(typed))
        if not phrase:
            continue
        if quoted is not None or negated:
            query.has_operators = True
        alternatives = [phrase, *synonyms_of(phrase, typed.strip())]
        previous = query.clauses[-1] if query.clauses else None
        if join_next and previous and not previous.negated and not negated:
            previous.alternatives += [a for a in alternatives if a not in previous.alternatives]
        elif len(query.clauses) < MAX_CLAUSES:
            query.clauses.append(Clause(alternatives, typed=typed, negated=negated))
        join_next = False
    if prefix and query.positive and not text.endswith(('"', " ")):
        last = query.clauses[-1]
        if not last.negated:
            last.prefix = True
    return query
