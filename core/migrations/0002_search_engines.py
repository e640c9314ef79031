"""The engines' own structures on top of core_searchentry (core.search.engines).

PostgreSQL: unaccent and pg_trgm, a text search configuration per language (unaccent, then
the language's Snowball stemmer), a generated tsvector column with a GIN index, and a
trigram index on the vocabulary. SQLite: an FTS5 table over the indexed words, kept in step
with the entries by triggers (external content, as the FTS5 documentation describes).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

LANGUAGES = {"de": "german", "fr": "french", "it": "italian", "en": "english"}
CONFIG_CASE = " ".join(
    f"WHEN '{code}' THEN 'drehscheibe_{code}'::regconfig" for code in LANGUAGES
)


def _weighted(column, weight):
    return (
        f"setweight(to_tsvector(CASE language {CONFIG_CASE} END, {column}), '{weight}') || "
        f"setweight(to_tsvector('drehscheibe_simple'::regconfig, {column}), '{weight}')"
    )


# The cantons with published entries (core.search.searching.cantons_with_entries), probed one
# by one instead of read from the whole table.
PUBLIC_CANTON_INDEX = (
    "CREATE INDEX search_entry_public_canton ON core_searchentry (is_public, canton)"
)
POSTGRES_FORWARD = [
    *[
        statement
        for code, snowball in LANGUAGES.items()
        for statement in (
            f"CREATE TEXT SEARCH CONFIGURATION drehscheibe_{code} (COPY = {snowball})",
            f"ALTER TEXT SEARCH CONFIGURATION drehscheibe_{code} ALTER MAPPING FOR "
            f"hword, hword_part, word WITH unaccent, {snowball}_stem",
        )
    ],
    "CREATE TEXT SEARCH CONFIGURATION drehscheibe_simple (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION drehscheibe_simple ALTER MAPPING FOR "
    "hword, hword_part, word WITH unaccent, simple",
    "ALTER TABLE core_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    + " || ".join(
        [_weighted("name_text", "A"), _weighted("title_text", "B"), _weighted("body_text", "C")]
    )
    + ") STORED",
    # The ranking's tiers: a match in the names, or in names and titles. Small vectors of
    # their own, read per hit without unpacking the whole one (core.search.engines).
    "ALTER TABLE core_searchentry ADD COLUMN name_vector tsvector GENERATED ALWAYS AS ("
    + _weighted("name_text", "A")
    + ") STORED",
    "ALTER TABLE core_searchentry ADD COLUMN heading_vector tsvector GENERATED ALWAYS AS ("
    + " || ".join([_weighted("name_text", "A"), _weighted("title_text", "B")])
    + ") STORED",
    "CREATE INDEX search_entry_vector ON core_searchentry USING gin (vector)",
    "CREATE INDEX search_word_trigram ON core_searchword USING gin (word gin_trgm_ops)",
    PUBLIC_CANTON_INDEX,
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_public_canton",
    "DROP INDEX IF EXISTS search_word_trigram",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS heading_vector",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS name_vector",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS vector",
    *[f"DROP TEXT SEARCH CONFIGURATION IF EXISTS drehscheibe_{code}" for code in LANGUAGES],
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS drehscheibe_simple",
]

FTS_COLUMNS = "name_text, title_text, body_text"
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE core_searchentry_fts USING fts5({FTS_COLUMNS}, "
    "content='core_searchentry', content_rowid='id', prefix='2 3 4')",
    "CREATE TRIGGER core_searchentry_fts_insert AFTER INSERT ON core_searchentry BEGIN "
    f"INSERT INTO core_searchentry_fts(rowid, {FTS_COLUMNS}) "
    "VALUES (new.id, new.name_text, new.title_text, new.body_text); END",
    "CREATE TRIGGER core_searchentry_fts_delete AFTER DELETE ON core_searchentry BEGIN "
    f"INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, {FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.name_text, old.title_text, old.body_text); END",
    "CREATE TRIGGER core_searchentry_fts_update AFTER UPDATE ON core_searchentry BEGIN "
    f"INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, {FTS_COLUMNS}) "
    "VALUES ('delete', old.id, old.name_text, old.title_text, old.body_text); "
    f"INSERT INTO core_searchentry_fts(rowid, {FTS_COLUMNS}) "
    "VALUES (new.id, new.name_text, new.title_text, new.body_text); END",
    PUBLIC_CANTON_INDEX,
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_public_canton",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_insert",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_search_index")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
