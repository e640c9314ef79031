from contacts.management.register_command import RegisterImportCommand
from contacts.registers import import_postcodes


class Command(RegisterImportCommand):
    help = (
        "Importiert das amtliche Ortschaftenverzeichnis "
        "(CSV: postcode,locality,bfs_number,canton). Braucht das Gemeindeverzeichnis."
    )
    label = "Postleitzahlen"

    def import_register(self, csv_path):
        return import_postcodes(csv_path)
