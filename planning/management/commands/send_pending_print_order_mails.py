"""Retry the print-order mails that did not go out (mail server down, no recipient set).

Safe to run from cron: each mail is marked sent atomically before it is sent, so two runs
at the same time never send one twice.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from planning import services
from planning.models import PrintOrder


class Command(BaseCommand):
    help = (
        "Sendet die Benachrichtigungen und Bestätigungen von Bestellungen gedruckter "
        "Planungen, die noch nicht versandt werden konnten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--canton",
            action="append",
            default=[],
            help="Nur Bestellungen für Planungen dieses Kantons (Kürzel, mehrfach möglich).",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PORTAL_BASE_URL", ""),
            help="Adresse des Portals für den Link in der Benachrichtigung, "
            "z.B. https://drehscheibe.example.ch",
        )

    def handle(self, *args, canton, base_url, **options):
        orders = PrintOrder.objects.all()
        if canton:
            orders = orders.filter(plan__canton__code__in=[code.upper() for code in canton])
        pending = orders.mail_pending().count()
        complete = services.send_pending_mails(orders, site_url=base_url)
        self.stdout.write(
            f"Bestellungen mit ausstehenden E-Mails: {pending}; jetzt vollständig: {complete}."
        )
        still_pending = orders.mail_pending().select_related("plan")
        for order in still_pending:
            self.stdout.write(f"{order.reference}: {order.mail_error or 'noch nicht versandt'}")
