from django.core.management.base import BaseCommand

from core.search.index import kinds, rebuild


class Command(BaseCommand):
    help = (
        "Schreibt den Suchindex aus den Einträgen neu und meldet, wie viele Einträge je Art "
        "er enthält. Nötig nur nach loaddata oder SQL von Hand: jede Änderung über die "
        "Website, den Admin, Importe und die Datenbefehle hält ihn selbst aktuell."
    )

    def handle(self, *args, **options):
        counts = rebuild()
        labels = kinds()
        for kind, count in counts.items():
            self.stdout.write(f"{labels[kind][1]}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Suchindex neu geschrieben: {sum(counts.values())} Einträge.")
        )
