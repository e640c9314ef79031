"""The two engines behind core.search, chosen by the database.

Both take the same SearchQuery and the same filters and return the same columns, so the
searcher (core.search.searching) builds every page from either:

- PostgreSQL: a stored tsvector per entry (generated column, GIN index) in a text search
  configuration per language built on `unaccent` and Snowball; `websearch_to_tsquery` per
  alternative; `ts_rank` and `ts_headline`; `pg_trgm` similarity for typos.
- SQLite: an FTS5 table kept in step by triggers; the stems are in the indexed text already
  (core.search.text), so the query lists them as alternatives; bm25 for ranking; a
  Levenshtein distance (rapidfuzz) over the vocabulary for typos.

Words reach SQL only as parameters; the expressions around them are built from [a-z0-9]
words (core.search.text.WORD), so no query can change their syntax.
"""

from contextlib import contextmanager, nullcontext

from django.db import connection, transaction
from django.utils.html import escape
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from core.search.snippets import MARK_END, MARK_START, highlight, mark_up
from core.search.text import stem, stem_languages

TEXT_SEARCH_CONFIGURATIONS = {
    "de": "drehscheibe_de",
    "fr": "drehscheibe_fr",
    "it": "drehscheibe_it",
    "en": "drehscheibe_en",
}
SIMPLE_CONFIGURATION = "drehscheibe_simple"


def typo_distance(word):
    """How many letters a typo may get wrong: one, and one more per further four letters
    ("Rudr" -> "Ruder", not "Genf" -> "gegen")."""
    return max(1, len(word) // 5)


def is_typo_of(typed, known):
    return Levenshtein.distance(typed, known) <= typo_distance(typed)


def filter_sql(filters):
    """WHERE conditions on the entry `e` for the searcher's filters."""
    conditions, params = ["1 = 1"], []
    if not filters.get("any_language"):
        conditions.append("e.languages LIKE %s")
        params.append(f"%|{filters['language']}|%")
    if filters.get("public_only", True):
        conditions.append("e.is_public = %s")
        params.append(True)
    for name in ("kind", "canton"):
        if filters.get(name) is not None:
            conditions.append(f"e.{name} = %s")
            params.append(filters[name])
    if filters.get("kinds"):
        conditions.append(f"e.kind IN ({', '.join(['%s'] * len(filters['kinds']))})")
        params += list(filters["kinds"])
    return conditions, params


def exact_sql(query):
    keys = query.exact_keys()
    if not keys:  # a query with operators equals no name; PostgreSQL's CASE needs a boolean
        return "1 = 0", []
    return "(" + " OR ".join(["e.exact_keys LIKE %s"] * len(keys)) + ")", [
        f"%{key}%" for key in keys
    ]


def candidates_sql(engine, query, filters, limit):
    """The ids of the hits worth ranking: every name and title match and the first `limit`
    matches of any kind, each read up to `limit` (core.search.searching.COUNT_LIMIT). Names
    and titles come first in the ranking, so a broad query's best hits are among them."""
    in_headings, heading_params = engine.matching(query, filters, in_headings=True)
    anywhere, params = engine.matching(query, filters)
    return (
        f"SELECT c.id FROM ({in_headings} LIMIT %s) c "
        f"UNION SELECT c.id FROM ({anywhere} LIMIT %s) c",
        [*heading_params, limit, *params, limit],
    )


class PostgresEngine:
    vendor = "postgresql"
    title_order = 's.title COLLATE "C"'
    # Appended to a subquery of matches (`id IN (...)`), OFFSET 0 keeps the planner from
    # merging it into the outer query: it then finds the matches first, through the GIN
    # index, instead of walking the directory's name index and probing every position for a
    # match (at 100,000 people "meier": 635 ms before, 160 ms after; EXPLAIN ANALYZE).
    matches_first = " OFFSET 0"

    @contextmanager
    def first_matches_from_the_index(self):
        """The first matches, read through the GIN indexes and from the table's start: a
        sequential scan that stops at the limit is cheaper only while the matches lie at the
        start of the table, and the planner cannot know where they lie (4,000 people of one
        canton at its end cost a scan of the whole table); a synchronised scan would start
        wherever another one is, and requests would find different first matches."""
        settings = {"enable_seqscan": "off", "synchronize_seqscans": "off"}
        outer = connection.in_atomic_block
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT "
                    + ", ".join(
                        f"current_setting('{name}'), set_config('{name}', %s, true)"
                        for name in settings
                    ),
                    list(settings.values()),
                )
                previous = cursor.fetchone()[::2]
            yield
            if outer:  # SET LOCAL outlives a savepoint: the outer transaction goes on as it was
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT "
                        + ", ".join(f"set_config('{name}', %s, true)" for name in settings),
                        list(previous),
                    )

    def tsquery(self, query, language):
        """The tsquery expression of `query` and its parameters."""
        configs = list(
            dict.fromkeys(
                [TEXT_SEARCH_CONFIGURATIONS[code] for code in stem_languages(language)]
                + [SIMPLE_CONFIGURATION]
            )
        )
        parts, params = [], []
        for clause in query.clauses:
            alternatives = []
            for alternative in clause.alternatives:
                if clause.prefix and alternative is clause.phrase:
                    alternatives.append(f"to_tsquery('{SIMPLE_CONFIGURATION}', %s)")
                    params.append(" <-> ".join([*alternative[:-1], f"{alternative[-1]}:*"]))
                    continue
                # A phrase matches word for word, as on SQLite: stemmed ("kind <2> jugendhilf"),
                # its words would also meet among the variants and stems that
                # core.search.text appends to every text ("Jugendhilfe für Kinder").
                for config in configs if len(alternative) == 1 else [SIMPLE_CONFIGURATION]:
                    alternatives.append(f"websearch_to_tsquery('{config}', %s)")
                    params.append(f'"{" ".join(alternative)}"')
            expression = "(" + " || ".join(alternatives) + ")"
            parts.append(f"!!{expression}" if clause.negated else expression)
        return " && ".join(parts), params

    def matching(self, query, filters, in_headings=False):
        """The entries that match `query` (in their names and titles only: `in_headings`)."""
        tsquery, params = self.tsquery(query, filters["language"])
        conditions, filter_params = filter_sql(filters)
        vector = "heading_vector" if in_headings else "vector"
        sql = (
            "SELECT e.id, e.kind, e.canton, e.object_id FROM core_searchentry e "
            f"WHERE e.{vector} @@ ({tsquery}) AND {' AND '.join(conditions)}"
        )
        return sql, params + filter_params

    def scored(self, query, filters, limit):
        tsquery, params = self.tsquery(query, filters["language"])
        exact, exact_params = exact_sql(query)
        candidates, candidate_params = candidates_sql(self, query, filters, limit)
        sql = (
            "SELECT e.id, e.kind, e.canton, e.is_current, e.title, "
            f"CASE WHEN {exact} THEN 1 ELSE 0 END AS exact, "
            "CASE WHEN e.name_vector @@ q.query THEN 3 "
            "WHEN e.heading_vector @@ q.query THEN 2 ELSE 1 END AS tier, "
            # Ranked by relevance within the names and titles; matches in the body alone
            # (thousands, for a topic many people work on) keep the cheap order after it.
            "CASE WHEN e.heading_vector @@ q.query THEN ts_rank(e.heading_vector, q.query) "
            "ELSE 0 END AS score "
            f"FROM ({candidates}) c JOIN core_searchentry e ON e.id = c.id "
            f"CROSS JOIN (SELECT {tsquery} AS query) q "
            # A candidate from the names and titles may match there only in part: "Jugendhilfe
            # -Liestal" is true of a heading without Liestal in an entry with it in the body.
            "WHERE e.vector @@ q.query"
        )
        return sql, exact_params + candidate_params + params

    def snippets(self, entries, query):
        """{entry id: snippet HTML} with the matched words in <mark>."""
        found = query.highlight_words()
        if not entries or not found:
            return {entry["id"]: escape(entry["body"][:240]) for entry in entries}
        terms = " | ".join(
            f"{word}:*" if query.clauses[-1].prefix and word in query.clauses[-1].phrase else word
            for word in found
        )
        configs = " ".join(
            f"WHEN '{code}' THEN '{config}'::regconfig"
            for code, config in TEXT_SEARCH_CONFIGURATIONS.items()
        )
        options = (
            f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=28, MinWords=12, "
            'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
        )
        sql = (
            f"SELECT id, ts_headline(CASE language {configs} END, body, "
            f"to_tsquery('{SIMPLE_CONFIGURATION}', %s) "
            f"|| to_tsquery(CASE language {configs} END, %s), %s) "
            "FROM core_searchentry WHERE id = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [terms, terms, options, [entry["id"] for entry in entries]])
            return {pk: mark_up(headline) for pk, headline in cursor.fetchall()}

    def known_words(self, candidates):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM core_searchword WHERE word = ANY(%s)", [list(candidates)]
            )
            return {row[0] for row in cursor.fetchall()}

    def closest_word(self, word):
        """The vocabulary's most similar word (pg_trgm) within the typo distance, or None."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, display FROM core_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, length(word), word LIMIT 10",
                [word, word],
            )
            rows = cursor.fetchall()
        return next((display for known, display in rows if is_typo_of(word, known)), None)


class SqliteEngine:
    vendor = "sqlite"
    title_order = "s.title"
    matches_first = ""  # SQLite evaluates an IN subquery once, into a temporary index

    def first_matches_from_the_index(self):
        return nullcontext()  # FTS5 reads its matches from its own index anyway

    def fts_expression(self, query, language, columns=None):
        """The FTS5 MATCH expression of `query`, optionally restricted to `columns`."""

        def term(alternative, prefix=False):
            return '"' + " ".join(alternative) + '"' + (" *" if prefix else "")

        def clause_expression(clause):
            options = []
            for alternative in clause.alternatives:
                prefix = clause.prefix and alternative is clause.phrase
                options.append(term(alternative, prefix))
                if len(alternative) == 1 and not prefix:
                    stems = {stem(alternative[0], code) for code in stem_languages(language)}
                    options += [term((s,)) for s in sorted(stems - {alternative[0]})]
            return "(" + " OR ".join(options) + ")"

        expression = " AND ".join(clause_expression(clause) for clause in query.positive)
        if query.negative:
            excluded = " OR ".join(clause_expression(clause) for clause in query.negative)
            expression = f"({expression}) NOT ({excluded})"
        if columns:
            expression = "{" + " ".join(columns) + "} : (" + expression + ")"
        return expression

    def matching(self, query, filters, in_headings=False):
        """The entries that match `query` (in their names and titles only: `in_headings`)."""
        conditions, params = filter_sql(filters)
        columns = ["name_text", "title_text"] if in_headings else None
        sql = (
            "SELECT e.id, e.kind, e.canton, e.object_id FROM core_searchentry_fts f "
            "JOIN core_searchentry e ON e.id = f.rowid "
            f"WHERE core_searchentry_fts MATCH %s AND {' AND '.join(conditions)}"
        )
        return sql, [self.fts_expression(query, filters["language"], columns), *params]

    def scored(self, query, filters, limit):
        language = filters["language"]
        exact, exact_params = exact_sql(query)
        conditions, params = filter_sql(filters)
        candidates, candidate_params = candidates_sql(self, query, filters, limit)
        in_columns = (
            "e.id IN (SELECT rowid FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s)"
        )
        sql = (
            "SELECT e.id, e.kind, e.canton, e.is_current, e.title, "
            f"CASE WHEN {exact} THEN 1 ELSE 0 END AS exact, "
            f"CASE WHEN {in_columns} THEN 3 WHEN {in_columns} THEN 2 ELSE 1 END AS tier, "
            "-bm25(core_searchentry_fts, 10.0, 4.0, 1.0) AS score "
            "FROM core_searchentry_fts JOIN core_searchentry e "
            "ON e.id = core_searchentry_fts.rowid "
            f"WHERE core_searchentry_fts MATCH %s AND {' AND '.join(conditions)} "
            f"AND e.id IN ({candidates})"
        )
        return sql, [
            *exact_params,
            self.fts_expression(query, language, ["name_text"]),
            self.fts_expression(query, language, ["name_text", "title_text"]),
            self.fts_expression(query, language),
            *params,
            *candidate_params,
        ]

    def snippets(self, entries, query):
        return {
            entry["id"]: highlight(entry["body"], query, entry["language"]) for entry in entries
        }

    def known_words(self, candidates):
        candidates = list(candidates)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM core_searchword WHERE word IN "
                f"({', '.join(['%s'] * len(candidates))})",
                candidates,
            )
            return {row[0] for row in cursor.fetchall()}

    def closest_word(self, word):
        """The vocabulary's nearest word within the typo distance (rapidfuzz), or None."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, display FROM core_searchword WHERE length(word) BETWEEN %s AND %s",
                [len(word) - 2, len(word) + 2],
            )
            rows = cursor.fetchall()
        best = process.extractOne(
            word,
            [row[0] for row in rows],
            scorer=Levenshtein.distance,
            score_cutoff=typo_distance(word),
        )
        return rows[best[2]][1] if best else None


def engine():
    """The engine of the default database."""
    return PostgresEngine() if connection.vendor == "postgresql" else SqliteEngine()
