from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relations.seeds import SeedError, load_seeds


class Command(BaseCommand):
    help = "Load articles, metadata, actors, events and citations from a seeds folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(settings.SEEDS_DIR))
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Discard changes made in the admin that were not exported to seeds/.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds sources (used by `make run`).",
        )

    def handle(self, folder, replace, if_empty, **options):
        from relations.models import Source

        if if_empty and Source.objects.exists():
            self.stdout.write("The database already holds data; not loading seeds.")
            return
        try:
            report = load_seeds(Path(folder), replace=replace)
        except SeedError as error:
            raise CommandError(
                "Nothing was loaded; the database is unchanged.\n" + str(error)
            ) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
