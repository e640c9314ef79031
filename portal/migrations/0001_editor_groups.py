"""Creates the staff groups "Redaktion Kanton", "Sekretariat Konferenz" and "Administration".

Only the groups, with the historical models: their permissions follow the editing scope's
rule of the code that runs, so the portal's post_migrate handler gives them
(portal/groups.py, `sync_groups`) after every `migrate`, once every app's permissions
exist.
"""

from django.db import migrations

# The names as they were when this migration was written; contacts/editing_scope.py holds
# the current ones.
GROUP_NAMES = ("Redaktion Kanton", "Sekretariat Konferenz", "Administration")


def create_groups(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for name in GROUP_NAMES:
        group_model.objects.using(schema_editor.connection.alias).get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contacts", "0003_position_sort_name"),
        ("coordination", "0001_initial"),
        ("planning", "0002_authored_by_example"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
