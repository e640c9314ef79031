from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import contacts.seed
import coordination.seed
import planning.seed
from contacts.registers import RegisterError, import_municipalities, import_postcodes
from core.search import index as search_index
from core.seeding import SeedReport

MUNICIPALITIES_FILE = "ch-municipalities.csv"
POSTCODES_FILE = "ch-postcodes.csv"


class Command(BaseCommand):
    help = (
        "Lädt die Daten des Portals: Kontakte aus den Seeds, die amtlichen Gemeinde- und "
        "Postleitzahlverzeichnisse (aus PORTAL_REFERENCE_DATA_DIR), Koordination und Planung. "
        "Legt nur an, was fehlt: Bestehendes wird nie geändert oder gelöscht, Abweichungen von "
        "der Quelle werden gemeldet und beibehalten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Nur melden, was neu angelegt würde und was von der Quelle abweicht; "
            "nichts speichern.",
        )

    def handle(self, *args, check=False, **options):
        # One transaction: a failing register leaves nothing half loaded, and --check runs the
        # very same code and then rolls everything back (records and history rows alike).
        with transaction.atomic():
            with search_index.deferred():
                contacts_report = SeedReport("Kontakte")
                contacts.seed.load(self.stdout, contacts_report)
                self.load_registers()
                # The organisations' municipalities, once the register holds them.
                contacts.seed.link_locations(self.stdout, contacts_report)
                contacts_report.write(self.stdout)
                coordination.seed.load(self.stdout)
                planning.seed.load(self.stdout)
            if check:
                transaction.set_rollback(True)
        if check:
            self.stdout.write(
                self.style.SUCCESS(
                    "Prüfung (--check): nichts gespeichert. «Neu» würde ein Lauf ohne --check "
                    "anlegen; «Beibehalten» bleibt, wie es ist."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Portaldaten geladen."))

    def load_registers(self):
        directory = settings.PORTAL_REFERENCE_DATA_DIR
        if not directory:
            self.stdout.write(
                self.style.WARNING(
                    "Gemeinde- und Postleitzahlverzeichnis übersprungen: PORTAL_REFERENCE_DATA_DIR "
                    "ist leer und ../shared/data/ gibt es nicht."
                )
            )
            return
        directory = Path(directory)
        municipalities, postcodes = directory / MUNICIPALITIES_FILE, directory / POSTCODES_FILE
        missing = [str(path) for path in (municipalities, postcodes) if not path.is_file()]
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    "Gemeinde- und Postleitzahlverzeichnis übersprungen, Datei fehlt: "
                    + ", ".join(missing)
                )
            )
            return
        try:
            result = import_municipalities(municipalities)
            self.write_register_result(result)
            self.stdout.write(f"Gemeinden ({municipalities}): {result.summary()}.")
            result = import_postcodes(postcodes)
            self.write_register_result(result)
            self.stdout.write(f"Postleitzahlen ({postcodes}): {result.summary()}.")
        except RegisterError as error:
            raise CommandError(
                "Verzeichnis nicht importiert, fehlerhafte Zeilen:\n" + "\n".join(error.errors)
            ) from error

    def write_register_result(self, result):
        for line in result.changes:
            self.stdout.write(line)
