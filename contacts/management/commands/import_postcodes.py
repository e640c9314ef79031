from django.core.management.base import BaseCommand, CommandError

from contacts.registers import RegisterError, import_postcodes


class Command(BaseCommand):
    help = (
        "Importiert das amtliche Ortschaftenverzeichnis "
        "(CSV: postcode,locality,bfs_number,canton). Braucht das Gemeindeverzeichnis."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path")

    def handle(self, *args, csv_path, **options):
        try:
            result = import_postcodes(csv_path)
        except OSError as error:
            raise CommandError(f"Datei nicht lesbar: {error}") from error
        except RegisterError as error:
            raise CommandError(
                "Nichts importiert, fehlerhafte Zeilen:\n" + "\n".join(error.errors)
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Postleitzahlen: {result.summary()}."))
