from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from relations.seeds import export_seeds


class Command(BaseCommand):
    help = "Write sources, actors, events, citations and not-events back to a seeds folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(settings.SEEDS_DIR))

    def handle(self, folder, **options):
        changed = export_seeds(Path(folder))
        if changed:
            self.stdout.write(self.style.SUCCESS(f"Wrote {', '.join(changed)} in {folder}."))
        else:
            self.stdout.write(f"Nothing to write: {folder} already matches the database.")
