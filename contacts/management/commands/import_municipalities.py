from contacts.management.register_command import RegisterImportCommand
from contacts.registers import import_municipalities


class Command(RegisterImportCommand):
    help = (
        "Importiert das amtliche Gemeindeverzeichnis (CSV: bfs_number,name,canton,district). "
        "Aktualisiert bestehende Gemeinden, markiert fehlende als inaktiv."
    )
    label = "Gemeinden"

    def import_register(self, csv_path):
        return import_municipalities(csv_path)
