from django.core.management.base import BaseCommand

from contacts.demo import delete_demo_data, generate_demo_data


class Command(BaseCommand):
    help = (
        "Erzeugt einen reproduzierbaren, als «Demo» gekennzeichneten synthetischen Datensatz "
        "(Slugs beginnen mit «demo-») für Leistungstests; ersetzt einen früheren."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1000, help="Anzahl Personen")
        parser.add_argument("--seed", type=int, default=2026, help="Startwert des Zufalls")
        parser.add_argument("--delete", action="store_true", help="Nur die Demo-Daten löschen")

    def handle(self, *args, people, seed, delete, **options):
        if delete:
            counts = delete_demo_data()
            self.stdout.write(self.style.SUCCESS(f"Demo-Daten gelöscht: {counts}"))
            return
        counts = generate_demo_data(people, seed_value=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Daten erzeugt: {counts['people']} Personen in "
                f"{counts['organisations']} Organisationen."
            )
        )
