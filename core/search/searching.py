"""Searching the index: results grouped by kind, facets, pages, suggestions, completions.

Every page costs the same few queries whatever the data: one for the facet counts, one for
the cantons with entries, one for the hits (grouped or one page), one for the snippets on
PostgreSQL (there also BEGIN, the planner settings and COMMIT), and for "Meinten Sie …?" when
nothing was found the known words, one more per unknown word and the facets once more.

Every statement reads a bounded number of entries, however many match: counting and
ranking a hundred thousand hits would cost a third of a second (docs/performance.md). Up to
COUNT_LIMIT hits are counted exactly; beyond it the page says "mehr als 500 Treffer" and
its facets offer, unnumbered, the kinds among the first hits read and every canton with
entries. The hits ranked are every name and title match and the first COUNT_LIMIT matches
of any kind (docs/search.md).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models.expressions import RawSQL
from django.urls import translate_url

from core.search.engines import engine
from core.search.index import kinds
from core.search.query import parse

# How many hits are counted exactly, and how many of the matches in the body alone are
# ranked, before a query counts as broad.
COUNT_LIMIT = 500


def order():
    """The ranking (docs/search.md), ties by title; on PostgreSQL compared byte by byte,
    which sorts thousands of hits several times faster than the locale's collation."""
    return (
        f"s.exact DESC, s.tier DESC, s.is_current DESC, s.score DESC, {engine().title_order}, s.id"
    )


ENTRY_COLUMNS = (
    "e.id, e.kind, e.canton, e.is_public, e.is_current, e.title, e.title_language, "
    "e.subtitle, e.body, e.body_language, e.url, e.language"
)


@dataclass
class Hit:
    id: int
    kind: str
    canton: str
    is_public: bool
    is_current: bool
    title: str
    title_language: str
    subtitle: str
    body: str
    body_language: str
    url: str
    language: str
    snippet: str = ""
    canton_name: str = ""  # filled by the page, which knows the cantons

    @property
    def kind_label(self):
        return kinds()[self.kind][0]


@dataclass
class Group:
    kind: str
    count: int | None  # None: more hits than counted (a broad query)
    hits: list
    url: str = ""  # of the page with every hit of this kind, filled by the page

    @property
    def label(self):
        return kinds()[self.kind][1]


@dataclass
class Results:
    query: object
    language: str
    total: int = 0  # with the chosen kind and canton; more than COUNT_LIMIT: not exact
    kind_counts: dict = field(default_factory=dict)  # with the chosen canton
    canton_counts: dict = field(default_factory=dict)  # with the chosen kind
    # False for a broad query: the facets offer kinds and cantons, their counts are None.
    facets_exact: bool = True
    groups: list = field(default_factory=list)
    searched_text: str = ""  # the corrected text, when the typed one found nothing
    corrected_from: str = ""
    count_limit: int = COUNT_LIMIT
    cantons_with_entries: list = field(default_factory=list)  # codes with published entries

    @property
    def total_exact(self):
        return self.total <= self.count_limit

    @property
    def listed(self):
        """How many hits can be paged through: the best COUNT_LIMIT of a broad query."""
        return min(self.total, self.count_limit)


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _hits(rows, query, language):
    snippets = engine().snippets(rows, query)
    hits = []
    for row in rows:
        hit = Hit(**{name: row[name] for name in Hit.__dataclass_fields__ if name in row})
        hit.is_public, hit.is_current = bool(hit.is_public), bool(hit.is_current)
        hit.url = translate_url(hit.url, language) if language != "de" else hit.url
        hit.snippet = snippets.get(hit.id, "")
        hits.append(hit)
    return hits


class Searcher:
    """One visitor's search: `language` of the page, drafts only for staff."""

    def __init__(self, text, language, include_drafts=False, kind=None, canton=None, prefix=False):
        self.query = parse(text, prefix=prefix)
        self.language = language
        self.include_drafts = include_drafts
        self.kind = kind if kind in kinds() else None
        self.canton = canton or None

    def filters(self, **chosen):
        return {"language": self.language, "public_only": not self.include_drafts, **chosen}

    def facets(self, query):
        """(total, kind counts, canton counts, exact), reading at most COUNT_LIMIT + 1 hits
        (and as many again with a kind or canton chosen); the same statements whatever the
        data, so the page's query count does not grow with it."""
        sample, chosen_sample = self.counted(query)
        kind_counts, canton_counts, total = {}, {}, 0
        for row in sample:
            if self.canton is None or row["canton"] == self.canton:
                kind_counts[row["kind"]] = kind_counts.get(row["kind"], 0) + row["n"]
            if (self.kind is None or row["kind"] == self.kind) and row["canton"]:
                canton_counts[row["canton"]] = canton_counts.get(row["canton"], 0) + row["n"]
            if (self.canton is None or row["canton"] == self.canton) and (
                self.kind is None or row["kind"] == self.kind
            ):
                total += row["n"]
        with_entries = self.cantons_with_entries
        ordered = {kind: kind_counts[kind] for kind in kinds() if kind in kind_counts}
        if sum(row["n"] for row in sample) <= COUNT_LIMIT:
            return total, ordered, dict(sorted(canton_counts.items())), True
        # Broad: the first hits read lie where the table holds them (often one canton's), so
        # their counts would mislead. Every kind seen and every canton with entries is
        # offered, without a number; the chosen ones are counted on their own.
        if chosen_sample is None:
            total = COUNT_LIMIT + 1
        else:
            total = sum(row["n"] for row in chosen_sample)
            seen = {row["kind"] for row in chosen_sample} | {self.kind} - {None}
            ordered = {kind: None for kind in kinds() if kind in ordered or kind in seen}
        return total, dict.fromkeys(ordered), dict.fromkeys(with_entries), False

    def counted(self, query):
        """Hits per kind and canton among the first COUNT_LIMIT + 1 that match, and among
        the first that match the chosen kind and canton (None when none is chosen)."""
        parts, params = [], []
        chosen = self.kind is not None or self.canton is not None
        for part, filters in [
            ("all", self.filters()),
            *([("chosen", self.filters(kind=self.kind, canton=self.canton))] if chosen else []),
        ]:
            sql, part_params = engine().matching(query, filters)
            parts.append(
                f"SELECT '{part}' AS part, m.kind, m.canton, COUNT(*) AS n "
                f"FROM ({sql} LIMIT %s) m GROUP BY m.kind, m.canton"
            )
            params += [*part_params, COUNT_LIMIT + 1]
        rows = _rows(" UNION ALL ".join(parts), params)
        return (
            [row for row in rows if row["part"] == "all"],
            [row for row in rows if row["part"] == "chosen"] if chosen else None,
        )

    @cached_property
    def cantons_with_entries(self):
        """Read once per search, also when a typo correction asks for the facets again."""
        return [code for code in cantons_with_entries() if code]

    def grouped(self, query, per_group):
        """The best `per_group` hits of each kind, the kinds in the order of their best hit."""
        sql, params = engine().scored(query, self.filters(canton=self.canton), COUNT_LIMIT)
        # One sort of the hits (by kind, then rank); only the few best of each kind are then
        # put in overall order. The LIMIT (at most `per_group` of each kind) tells the
        # planner that only a few rows reach the join: it looks them up by primary key.
        ranking = order()
        rows = _rows(
            f"SELECT {ENTRY_COLUMNS} FROM (SELECT * FROM ("
            f"SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.kind ORDER BY {ranking}) AS position "
            f"FROM ({sql}) s) s WHERE s.position <= %s ORDER BY {ranking} LIMIT %s) s "
            f"JOIN core_searchentry e ON e.id = s.id ORDER BY {ranking}",
            [*params, per_group, per_group * len(kinds())],
        )
        return _hits(rows, query, self.language)

    def page(self, query, offset, limit):
        with engine().first_matches_from_the_index():
            return self._page(query, offset, limit)

    def _page(self, query, offset, limit):
        sql, params = engine().scored(
            query, self.filters(kind=self.kind, canton=self.canton), COUNT_LIMIT
        )
        ranking = order()
        rows = _rows(
            f"SELECT {ENTRY_COLUMNS} FROM (SELECT s.id, s.exact, s.tier, s.is_current, s.score, "
            f"s.title FROM ({sql}) s ORDER BY {ranking} LIMIT %s OFFSET %s) s "
            f"JOIN core_searchentry e ON e.id = s.id ORDER BY {ranking}",
            [*params, limit, offset],
        )
        return _hits(rows, query, self.language)

    def correction(self):
        """The typed text with its unknown words replaced by the nearest known ones, or ""."""
        typed = [w for w in self.query.typed_words() if len(w) >= 3 and not w.isdigit()]
        if not typed:
            return ""
        known = engine().known_words(set(typed))
        corrections = {}
        for word in typed:
            if word not in known:
                closest = engine().closest_word(word)
                if closest:
                    corrections[word] = closest
        return self.query.corrected(corrections) if corrections else ""

    def run(self, per_group=5):
        """Results with counts; `groups` filled when no kind is chosen (see `hit_list`)."""
        with engine().first_matches_from_the_index():
            return self._run(per_group)

    def _run(self, per_group):
        results = Results(query=self.query, language=self.language, searched_text=self.query.text)
        results.count_limit = COUNT_LIMIT
        if not self.query:
            return results
        facets = self.facets(self.query)
        if not facets[0]:  # nothing found (with the chosen kind and canton)
            corrected = self.correction()
            if corrected and corrected != self.query.text:
                corrected_query = parse(corrected)
                corrected_facets = self.facets(corrected_query)
                if corrected_facets[0]:
                    results.corrected_from, results.searched_text = self.query.text, corrected
                    self.query, facets = corrected_query, corrected_facets
        results.query = self.query
        (results.total, results.kind_counts, results.canton_counts, results.facets_exact) = facets
        results.cantons_with_entries = self.cantons_with_entries
        if results.total and self.kind is None:
            hits = self.grouped(self.query, per_group)
            order = list(dict.fromkeys(hit.kind for hit in hits))
            if not results.facets_exact:  # kinds whose names matched, beyond the first read
                found = {**dict.fromkeys(order), **results.kind_counts}
                results.kind_counts = {kind: found[kind] for kind in kinds() if kind in found}
            results.groups = [
                Group(kind, results.kind_counts[kind], [hit for hit in hits if hit.kind == kind])
                for kind in order
            ]
        return results

    def hit_list(self, total):
        """The hits of the chosen kind as a sequence Django's Paginator can page through:
        `total` of them, at most COUNT_LIMIT (`Results.listed`)."""
        return HitList(self, min(total, COUNT_LIMIT))


class HitList:
    def __init__(self, searcher, total):
        self.searcher, self.total = searcher, total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("HitList pages only by slice")
        start = index.start or 0
        stop = self.total if index.stop is None else index.stop
        if stop <= start:
            return []
        return self.searcher.page(self.searcher.query, start, stop - start)


def complete(text, language, include_drafts=False, limit=8):
    """Up to `limit` records whose words begin as typed ("Koord" -> Koordinationsstelle …)."""
    searcher = Searcher(text, language, include_drafts, prefix=True)
    if not searcher.query or len(searcher.query.text) < 2:
        return []
    return searcher.page(searcher.query, 0, limit)


def matching_object_ids(text, language, kinds_searched):
    """The ids of the records of `kinds_searched` that match `text` in any language: for the
    directory's free-text filter (`pk__in=`), the same matching as the site search. The
    directory applies its own `published()`. The last word may be the start of one
    ("Koordinatorin AK" finds the AKJB's), as the directory always allowed."""
    query = parse(text, prefix=True)
    if not query:
        return None
    filters = {
        "language": language,
        "any_language": True,
        "public_only": False,
        "kinds": list(kinds_searched),
    }
    sql, params = engine().matching(query, filters)
    return RawSQL(f"SELECT m.object_id FROM ({sql}) m{engine().matches_first}", params)


def cantons_with_entries():
    """The codes of the cantons that have published entries: for a search without hits.

    One index probe per canton (the index search_entry_public_canton, migration 0002), each
    for the next code after the last, instead of a DISTINCT over the whole table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE c(code) AS ("
            "SELECT MIN(canton) FROM core_searchentry WHERE is_public = %s AND canton > '' "
            "UNION ALL SELECT (SELECT MIN(e.canton) FROM core_searchentry e "
            "WHERE e.is_public = %s AND e.canton > c.code) FROM c WHERE c.code IS NOT NULL) "
            "SELECT code FROM c WHERE code IS NOT NULL",
            [True, True],
        )
        return [row[0] for row in cursor.fetchall()]
