# German slugs transliterate (ä -> ae); the old slugs are kept so published links redirect.

from django.db import migrations

from contacts.slugs import transliterate_old_slugs

SOURCES = {"Plan": ["title"]}


def forward(apps, schema_editor):
    for model_name, source_fields in SOURCES.items():
        transliterate_old_slugs(apps, "planning", model_name, source_fields)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_transliterate_slugs"),
        ("planning", "0004_printorder_reference_unique"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
