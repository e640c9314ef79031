from django.core.management.base import BaseCommand, CommandError

from contacts.registers import RegisterError


class RegisterImportCommand(BaseCommand):
    """Imports one official register from a CSV file: everything or, on any bad row, nothing."""

    label = ""

    def import_register(self, csv_path):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("csv_path")

    def handle(self, *args, csv_path, **options):
        try:
            result = self.import_register(csv_path)
        except OSError as error:
            raise CommandError(f"Datei nicht lesbar: {error}") from error
        except RegisterError as error:
            raise CommandError(
                "Nichts importiert, fehlerhafte Zeilen:\n" + "\n".join(error.errors)
            ) from error
        for line in result.changes:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"{self.label}: {result.summary()}."))
