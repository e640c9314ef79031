"""Creates the staff groups "Redaktion Kanton", "Sekretariat Konferenz" and "Administration".

Permissions are normally created after all migrations (post_migrate), so they are
created here first. The portal's post_migrate handler runs the same sync again, which
adds the permissions of models that later migrations bring.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_groups(apps, schema_editor):
    from portal.groups import sync_groups

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_groups(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contacts", "0003_position_sort_name"),
        ("coordination", "0001_initial"),
        ("planning", "0002_authored_by_example"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
