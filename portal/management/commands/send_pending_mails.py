"""Send the mails that did not go out when they were due (mail server down or slow).

Print orders (the coordinator's notification, the confirmation to the person ordering) and
change reports (the editors' notification, the answer to the reporter) are stored before any
mail is tried; an empty "… am" field means that mail has not gone out. Run this from cron
every few minutes. Safe to run concurrently: each mail is claimed atomically before it is
sent (core.mail), so no mail goes twice. A mail that still cannot go out stays pending and
is listed with its reason; that is not a failure of the run, so the exit status is 0.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from core.translation import SOURCE_LANGUAGE
from planning import services as planning_services
from planning.models import PrintOrder
from portal import reports
from portal.models import ChangeReport


class Command(BaseCommand):
    help = (
        "Sendet die E-Mails zu Bestellungen gedruckter Planungen und zu Änderungsmeldungen, "
        "die noch nicht versandt werden konnten. Mit --verbosity 0 schreibt der Befehl nur, "
        "was weiter aussteht (für cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--canton",
            action="append",
            default=[],
            help="Nur Bestellungen und Meldungen dieses Kantons (Kürzel, mehrfach möglich).",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PORTAL_BASE_URL", ""),
            help="Adresse des Portals für die Links in den E-Mails, "
            "z.B. https://drehscheibe.example.ch (Vorgabe: PORTAL_BASE_URL)",
        )

    def handle(self, *args, canton, base_url, verbosity, **options):
        codes = [code.upper() for code in canton]
        orders = PrintOrder.objects.all()
        change_reports = ChangeReport.objects.all()
        if codes:
            orders = orders.filter(plan__canton__code__in=codes)
            change_reports = change_reports.filter(canton__code__in=codes)

        # Staff and operators read German, whatever the server's locale.
        with translation.override(SOURCE_LANGUAGE):
            pending = orders.mail_pending().count()
            complete = planning_services.send_pending_mails(orders, site_url=base_url)
            if verbosity >= 1:
                self.stdout.write(
                    f"Bestellungen mit ausstehenden E-Mails: {pending}; "
                    f"jetzt vollständig: {complete}."
                )
            for order in orders.mail_pending().order_by("created_at", "pk"):
                reason = order.mail_error or "noch nicht versandt"
                self.stdout.write(f"{order.reference}: {reason}")

            pending = change_reports.mail_pending().count()
            sent = reports.send_pending_mails(change_reports, site_url=base_url)
            if verbosity >= 1:
                self.stdout.write(
                    f"Änderungsmeldungen mit ausstehender E-Mail: {pending}; "
                    f"jetzt versandt: {sent}."
                )
            for report in change_reports.mail_pending().order_by("created_at", "pk"):
                label = ChangeReport.MAIL_LABELS[report.pending_mail]
                reason = report.mail_error or f"{label} noch nicht versandt"
                self.stdout.write(f"{report}: {reason}")
