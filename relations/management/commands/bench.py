"""`make bench`: generate corpora, serve them with gunicorn, measure every main page.

Each corpus lives in its own database. The server (one gunicorn worker) and
this client are pinned to different cores; pages are interleaved round by
round so that drift hits them all alike, and every figure is also given as a
ratio to a trivial view served through the same middleware in the same run.
The work is done by relations/bench/ (never imported by the app).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Benchmark the main pages, exports and loading on generated corpora (SQLite, or DATABASE_URL)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--sources", type=int, default=1_000)
        parser.add_argument("--passages", type=int, default=100_000)
        parser.add_argument("--actors", type=int, default=300)
        parser.add_argument("--citations", type=int, default=40_000)
        parser.add_argument(
            "--small", type=int, default=100, help="events in the small corpus compared with"
        )
        parser.add_argument("--rounds", type=int, default=30)
        parser.add_argument(
            "--pages",
            default="",
            help="only the pages whose name holds one of these comma-separated words, e.g. 'search'",
        )
        parser.add_argument(
            "--browser-only", action="store_true", help="only the Chromium comparison"
        )
        parser.add_argument(
            "--browser-sizes",
            default="1000,5000",
            help="events for the Chromium comparison; '' skips it",
        )
        # What the benchmark asks of its own subprocesses.
        parser.add_argument("--make-corpus", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--count-queries", action="store_true", help=argparse.SUPPRESS)

    def handle(self, **options):
        from relations.bench import browser, corpus, measure, report

        if options["make_corpus"]:
            call_command("migrate", verbosity=0)
            sizes = ("events", "sources", "passages", "actors", "citations")
            return corpus.generate(*(options[key] for key in sizes))
        if options["count_queries"]:
            return self.stdout.write(json.dumps(measure.count_queries(json.load(sys.stdin))))
        out = self.stdout.write
        engine = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
        out(f"Benchmark on {engine}; corpora are generated once and kept in {corpus.WORK}.")
        corpus.WORK.mkdir(exist_ok=True)
        small = dict(
            options,
            events=options["small"],
            sources=max(options["small"] // 10, 5),
            passages=options["small"] * 10,
            actors=min(options["actors"], 50),
            citations=options["small"] * 4,
        )
        if not options["browser_only"]:
            results = {}
            for label, sizes in (("small", small), ("large", options)):
                env = corpus.prepare(engine, label, sizes, out)
                results[label] = measure.measure(env, options["rounds"], only=options["pages"])
                # The same pages with the page cache off: what a first visit costs.
                results[label]["uncached"] = measure.measure(
                    {**env, "PAGE_CACHE": "0"},
                    options["rounds"],
                    exports=False,
                    only=options["pages"],
                )["times"]
            report.report(engine, options, small, results, out)
        if options["browser_sizes"]:
            sizes = [int(n) for n in options["browser_sizes"].split(",")]
            browser.browser_comparison(engine, sizes, out)
