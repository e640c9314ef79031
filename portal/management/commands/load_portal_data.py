from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import contacts.seed
import coordination.seed
import planning.seed
from contacts.registers import RegisterError, import_municipalities, import_postcodes

MUNICIPALITIES_FILE = "ch-municipalities.csv"
POSTCODES_FILE = "ch-postcodes.csv"


class Command(BaseCommand):
    help = (
        "Lädt die Daten des Portals: Kontakte aus den Seeds, die amtlichen Gemeinde- und "
        "Postleitzahlverzeichnisse (aus PORTAL_REFERENCE_DATA_DIR), Koordination und Planung. "
        "Ein zweiter Lauf ändert nichts."
    )

    def handle(self, *args, **options):
        contacts.seed.load(self.stdout)
        self.load_registers()
        contacts.seed.link_locations(self.stdout)
        coordination.seed.load(self.stdout)
        planning.seed.load(self.stdout)
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
            self.stdout.write(f"Gemeinden ({municipalities}): {result.summary()}.")
            result = import_postcodes(postcodes)
            self.stdout.write(f"Postleitzahlen ({postcodes}): {result.summary()}.")
        except RegisterError as error:
            raise CommandError(
                "Verzeichnis nicht importiert, fehlerhafte Zeilen:\n" + "\n".join(error.errors)
            ) from error
