# German slugs transliterate (ä -> ae); the old slugs are kept so published links redirect.

from django.db import migrations

from contacts.slugs import transliterate_old_slugs

SOURCES = {"Topic": ["name"], "Organisation": ["name"], "Person": ["first_name", "last_name"]}


def forward(apps, schema_editor):
    for model_name, source_fields in SOURCES.items():
        transliterate_old_slugs(apps, "contacts", model_name, source_fields)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0005_oldslug"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
