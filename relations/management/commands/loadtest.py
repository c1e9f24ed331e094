"""`make loadtest`: a bounded load on gunicorn while a curator saves edits (relations/bench/loadtest.py)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Hold a bounded load on gunicorn (127.0.0.1) while a curator saves edits; report rate and latency."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--max-requests", type=int, default=100_000)

    def handle(self, seconds, clients, workers, max_requests, **options):
        from relations.bench.loadtest import run

        try:
            run(seconds, clients, workers, max_requests, self.stdout.write)
        except RuntimeError as error:
            raise CommandError(str(error)) from None
