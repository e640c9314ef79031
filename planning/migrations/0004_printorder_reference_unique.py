# A separate step from 0003, which fills the references: PostgreSQL refuses to change a
# table in the same transaction as row updates with pending constraint checks.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_printorder_reference_and_mail_state"),
    ]

    operations = [
        migrations.AlterField(
            model_name="printorder",
            name="reference",
            field=models.CharField(
                editable=False,
                help_text="Wird beim Speichern vergeben und der bestellenden Person mitgeteilt.",
                max_length=20,
                unique=True,
                verbose_name="Bestellnummer",
            ),
        ),
        migrations.AlterField(
            model_name="historicalprintorder",
            name="reference",
            field=models.CharField(
                db_index=True,
                editable=False,
                help_text="Wird beim Speichern vergeben und der bestellenden Person mitgeteilt.",
                max_length=20,
                verbose_name="Bestellnummer",
            ),
        ),
    ]
