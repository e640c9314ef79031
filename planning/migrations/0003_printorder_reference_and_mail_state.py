"""Print orders get a reference and record whether the confirmation went out.

Orders placed before confirmations existed are marked as needing none.

Existing orders receive a reference here; 0004 then makes it required and unique.
"""

import secrets

from django.db import migrations, models

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def give_existing_orders_a_reference(apps, schema_editor):
    PrintOrder = apps.get_model("planning", "PrintOrder")
    taken = set(PrintOrder.objects.exclude(reference=None).values_list("reference", flat=True))
    for order in PrintOrder.objects.filter(reference=None).select_related("plan__canton"):
        while True:
            random_part = "".join(secrets.choice(ALPHABET) for _position in range(6))
            reference = f"{order.plan.canton.code}-{order.created_at.year}-{random_part}"
            if reference not in taken:
                break
        taken.add(reference)
        # Orders from before the confirmation existed get none months later.
        PrintOrder.objects.filter(pk=order.pk).update(reference=reference, confirmation_due=False)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_authored_by_example"),
    ]

    operations = [
        migrations.AddField(
            model_name="printorder",
            name="reference",
            field=models.CharField(
                editable=False, max_length=20, null=True, verbose_name="Bestellnummer"
            ),
        ),
        migrations.AddField(
            model_name="historicalprintorder",
            name="reference",
            field=models.CharField(
                editable=False, max_length=20, null=True, verbose_name="Bestellnummer"
            ),
        ),
        migrations.AddField(
            model_name="printorder",
            name="confirmed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Leer: die Bestätigung an die bestellende Person ist (noch) nicht versandt.",
                null=True,
                verbose_name="Bestätigung versandt am",
            ),
        ),
        migrations.AddField(
            model_name="historicalprintorder",
            name="confirmed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Leer: die Bestätigung an die bestellende Person ist (noch) nicht versandt.",
                null=True,
                verbose_name="Bestätigung versandt am",
            ),
        ),
        migrations.AddField(
            model_name="printorder",
            name="mail_error",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=500,
                verbose_name="letzter Fehler beim E-Mail-Versand",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalprintorder",
            name="mail_error",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=500,
                verbose_name="letzter Fehler beim E-Mail-Versand",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="printorder",
            name="confirmation_due",
            field=models.BooleanField(
                default=True,
                editable=False,
                help_text=(
                    "Nein bei Bestellungen, die vor der Einführung der Bestätigung eingegangen "
                    "sind: sie erhalten nachträglich keine."
                ),
                verbose_name="Bestätigung vorgesehen",
            ),
        ),
        migrations.AddField(
            model_name="historicalprintorder",
            name="confirmation_due",
            field=models.BooleanField(
                default=True,
                editable=False,
                help_text=(
                    "Nein bei Bestellungen, die vor der Einführung der Bestätigung eingegangen "
                    "sind: sie erhalten nachträglich keine."
                ),
                verbose_name="Bestätigung vorgesehen",
            ),
        ),
        migrations.RunPython(give_existing_orders_a_reference, migrations.RunPython.noop),
    ]
