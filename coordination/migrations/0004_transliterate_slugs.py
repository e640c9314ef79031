# German slugs transliterate (ä -> ae); the old slugs are kept so published links redirect.

from django.db import migrations

from contacts.slugs import transliterate_old_slugs

SOURCES = {"Foundation": ["name"], "Body": ["name"], "EventFormat": ["name"], "Event": ["title"]}


def forward(apps, schema_editor):
    for model_name, source_fields in SOURCES.items():
        transliterate_old_slugs(apps, "coordination", model_name, source_fields)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_transliterate_slugs"),
        ("coordination", "0003_body_foundation_history"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
