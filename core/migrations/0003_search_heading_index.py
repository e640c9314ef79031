"""A GIN index on the names and titles (PostgreSQL): a broad query ranks every name and
title match (core.search.engines.candidates_sql), found through this index instead of read
from among the thousands that match in their bodies."""

from django.db import migrations


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_engines")]

    operations = [
        migrations.RunPython(
            _run(
                "CREATE INDEX search_entry_heading_vector ON core_searchentry "
                "USING gin (heading_vector)"
            ),
            _run("DROP INDEX IF EXISTS search_entry_heading_vector"),
        ),
    ]
