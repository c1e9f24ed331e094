"""`make bench`: generate corpora, serve them with gunicorn, measure every main page.

Each corpus lives in its own database. The server (one gunicorn worker) and
this client are pinned to different cores; pages are interleaved round by
round so that drift hits them all alike, and every figure is also given as a
ratio to a trivial view served through the same middleware in the same run.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from relations.benchmark import CORPUS_VERSION, serve

ROOT = Path(settings.BASE_DIR)
WORK = Path("/tmp/relations-bench")


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
            "--browser-only", action="store_true", help="only the Chromium comparison"
        )
        parser.add_argument(
            "--browser-sizes",
            default="1000,5000",
            help="events for the Chromium comparison; '' skips it",
        )
        parser.add_argument("--make-corpus", action="store_true", help=argparse_hidden())
        parser.add_argument("--count-queries", action="store_true", help=argparse_hidden())

    def handle(self, **options):
        if options["make_corpus"]:
            return self.make_corpus(options)
        if options["count_queries"]:
            return self.count_queries()
        engine = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
        self.stdout.write(f"Benchmark on {engine}; corpora are generated once and kept in {WORK}.")
        WORK.mkdir(exist_ok=True)
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
                env = self.corpus(engine, label, sizes)
                results[label] = self.measure(env, options["rounds"])
                # The same pages with the page cache off: what a first visit costs.
                results[label]["uncached"] = self.measure(
                    {**env, "PAGE_CACHE": "0"}, options["rounds"], exports=False
                )["times"]
            self.report(engine, options, small, results)
        if options["browser_sizes"]:
            self.browser_comparison(engine, [int(n) for n in options["browser_sizes"].split(",")])

    # --- Corpora ---------------------------------------------------------------------

    def corpus(self, engine: str, label: str, sizes: dict) -> dict:
        # A corpus is kept between runs, until the schema (the migrations) or the generator changes.
        schema = len(list((ROOT / "relations" / "migrations").glob("0*.py")))
        name = f"{engine}-s{schema}-g{CORPUS_VERSION}-{sizes['events']}-{sizes['sources']}-{sizes['passages']}-{sizes['citations']}"
        env = {
            **os.environ,
            "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
            "DJANGO_PLAIN_HTTP": "1",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        }
        env.pop("DJANGO_DEBUG", None)
        if engine == "sqlite":
            env["SQLITE_PATH"] = str(WORK / f"{name}.sqlite3")
            ready = Path(env["SQLITE_PATH"]).exists()
        else:
            base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
            database = name.replace("-", "_")
            env["DATABASE_URL"] = f"{base}/{database}"
            ready = self.create_database(os.environ["DATABASE_URL"], database)
        if not ready:
            started = time.perf_counter()
            arguments = [
                f"--{key}={sizes[key]}"
                for key in ("events", "sources", "passages", "actors", "citations")
            ]
            subprocess.run(
                [sys.executable, "manage.py", "bench", "--make-corpus", *arguments],
                cwd=ROOT,
                env=env,
                check=True,
            )
            self.stdout.write(
                f"  {label} corpus ({sizes['events']:,} events) made in {time.perf_counter() - started:.0f} s"
            )
        return env

    def create_database(self, url: str, database: str) -> bool:
        """Create the database if missing; True if it was there (with its corpus)."""
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{database}"')
        return bool(exists)

    def make_corpus(self, options):
        from relations.benchmark import generate

        call_command("migrate", verbosity=0)
        generate(
            options["events"],
            options["sources"],
            options["passages"],
            options["actors"],
            options["citations"],
        )

    # --- Measuring -----------------------------------------------------------------------

    def pages(self, port: int) -> dict[str, tuple[str, dict]]:
        """The main pages, each as (path, extra headers), found from the corpus itself."""
        body = self.fetch(port, "/api/events.json?order=desc&significance=3")[1]
        some = json.loads(body)["events"]
        event = some[len(some) // 2]
        actor = event["actors"][0]["slug"]
        source = event["citations"][0]["source"]["slug"]
        word = event["title"].split()[-1]
        phrase = " ".join(event["citations"][0]["quote"].split()[:3])
        # The 50th page: follow 'load more' 49 times.
        path = "/"
        for _ in range(49):
            html = self.fetch(port, path)[1].decode()
            marker = '<li id="load-more" class="load-more">\n        <a href="'
            if marker not in html:
                break
            path = "/" + html.split(marker, 1)[1].split('"', 1)[0].replace("&amp;", "&")
        return {
            "trivial view": ("/health/", {}),
            "timeline, first page": ("/", {}),
            "filtered by actor": ("/?" + urlencode({"actor": actor}), {}),
            "filtered by dates": ("/?" + urlencode({"from": "2011", "to": "mid-2012"}), {}),
            "htmx filter swap": ("/?" + urlencode({"kind": "raid"}), {"HX-Request": "true"}),
            "50th page (cursor)": (path, {}),
            "event page": ("/" + event["url"].split("://", 1)[1].split("/", 1)[1], {}),
            "source page": (f"/sources/{source}/", {}),
            "actor page": (f"/actors/{actor}/", {}),
            "search: a name": ("/cite/?" + urlencode({"q": word}), {}),
            "search: a phrase": ("/cite/?" + urlencode({"q": f'"{phrase}"'}), {}),
            "search: common word": ("/cite/?" + urlencode({"q": "the"}), {}),
        }

    def fetch(self, port: int, path: str, headers: dict | None = None, connection=None):
        """(status, body, bytes transferred, headers), asking for compression as browsers do."""
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
        response = connection.getresponse()
        raw = response.read()
        if own:
            connection.close()
        body = gzip.decompress(raw) if response.getheader("Content-Encoding") == "gzip" else raw
        return response.status, body, len(raw), dict(response.getheaders())

    def measure(self, env: dict, rounds: int, exports: bool = True) -> dict:
        server, port = serve(env, workers=1, core=0)
        try:
            if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
                os.sched_setaffinity(0, {1})
            pages = self.pages(port)
            times = {name: [] for name in pages}
            sizes = {}
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            for name, (path, headers) in pages.items():  # warm up
                status, _, transferred, _ = self.fetch(port, path, headers, connection)
                assert status == 200, (name, path, status)
                sizes[name] = transferred
            for _ in range(rounds):
                order = list(pages.items())
                random.shuffle(order)
                for name, (path, headers) in order:
                    started = time.perf_counter()
                    self.fetch(port, path, headers, connection)
                    times[name].append((time.perf_counter() - started) * 1000)
            connection.close()
            if not exports:
                return {"times": times}
            streamed = {}
            for name, path in (
                ("CSV", "/export/events.csv"),
                ("JSON API", "/api/events.json"),
                ("TimelineJS", "/export/timelinejs.json"),
            ):
                started = time.perf_counter()
                self.fetch(port, path)
                streamed[name] = time.perf_counter() - started
            total_events = len(json.loads(self.fetch(port, "/api/events.json")[1])["events"])
        finally:
            server.terminate()
            server.wait(timeout=30)
        counts = json.loads(
            subprocess.run(
                [sys.executable, "manage.py", "bench", "--count-queries"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
                input=json.dumps(pages),
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        return {
            "times": times,
            "sizes": sizes,
            "queries": counts,
            "exports": streamed,
            "events": total_events,
        }

    def count_queries(self):
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        pages = json.loads(sys.stdin.read())
        client = Client()
        counts = {}
        for name, (path, headers) in pages.items():
            extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
            counts[name] = []
            for _ in ("cold", "cached"):
                with CaptureQueriesContext(connection) as captured:
                    client.get(path, secure=False, **extra)
                counts[name].append(len(captured.captured_queries))
        self.stdout.write(json.dumps(counts))

    # --- Chromium: our first view against TimelineJS fed our export ----------------------------

    def browser_comparison(self, engine: str, sizes: list[int]) -> None:
        chromium = Path("/usr/bin/chromium")
        dist = timelinejs_dist()
        if not chromium.exists() or dist is None:
            missing = (
                "Chromium (apt-get install chromium)"
                if not chromium.exists()
                else "npm or TimelineJS"
            )
            self.stdout.write(f"Chromium comparison skipped: {missing} is missing.")
            return
        from playwright.sync_api import sync_playwright

        self.stdout.write("")
        self.stdout.write(
            f"{'Chromium, first events painted':34} {'events':>6} {'ms':>8} {'KB':>7} {'× ours':>7}"
        )
        for size in sizes:
            env = self.corpus(
                engine,
                f"browser {size}",
                {
                    "events": size,
                    "sources": max(size // 20, 5),
                    "passages": size * 2,
                    "actors": 50,
                    "citations": size * 2,
                },
            )
            # One worker, warmed below: the first view is timed, not a cold process.
            server, port = serve(env, workers=1)
            site = f"http://127.0.0.1:{port}"
            static_page = self.static_page(port)
            static_site, static_server = static_files(static_page)
            # The same page sent with our pages' security headers: COOP alone
            # makes Chromium start a fresh renderer process for the page.
            sent = self.fetch(port, "/")[3]
            headers = {name: sent[name] for name in SECURITY_HEADERS}
            secured_site, secured_server = static_files(static_page, headers)
            # Our own page saved as files, with its stylesheet and scripts: what
            # is left between it and ours is the cost of serving it from Django.
            snapshot = self.fetch(port, "/")[1].decode()
            snapshot_site, snapshot_server = static_files(snapshot, headers, settings.STATIC_ROOT)
            try:
                for path in ("/", "/export/timelinejs.json"):  # warm the server alike for both
                    self.fetch(port, path)
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(
                        executable_path=str(chromium),
                        args=[
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run",
                        ],
                    )
                    pages = {
                        "ours (timeline page)": (site + "/", "article.event", None, 7),
                        "static HTML, 50 events": (static_site + "/", "li", None, 7),
                        "  the same, our headers": (secured_site + "/", "li", None, 7),
                        "our page as static files": (snapshot_site + "/", "article.event", None, 7),
                        # TimelineJS builds every marker, then paints those in view.
                        "TimelineJS, same events": (
                            site + "/timelinejs-bench/",
                            ".tl-timemarker",
                            dist,
                            2 if size <= 1000 else 1,  # 20 s a run at 5,000 events
                        ),
                    }
                    samples = {name: [] for name in pages}
                    for round_ in range(max(rounds for *_, rounds in pages.values())):
                        for name, (url, selector, timeline, rounds) in pages.items():
                            if round_ < rounds:
                                samples[name].append(
                                    self.first_paint(browser, url, selector, site, timeline)
                                )
                    browser.close()
            finally:
                server.terminate()
                server.wait(timeout=30)
                for plain in (static_server, secured_server, snapshot_server):
                    plain.shutdown()
            figures = {
                name: (
                    statistics.median(ms for ms, _ in runs),
                    statistics.median(size for _, size in runs),
                )
                for name, runs in samples.items()
            }
            ours = figures["ours (timeline page)"][0]
            for name, (ms, size_bytes) in figures.items():
                self.stdout.write(
                    f"{name:34} {size:6,d} {ms:8.0f} {size_bytes / 1024:7.1f} {ms / ours:7.2f}"
                )

    def static_page(self, port: int) -> str:
        titles = json.loads(self.fetch(port, "/api/events.json")[1])["events"][:50]
        items = "".join(f"<li>{e['start']['text']}: {e['title']}</li>" for e in titles)
        return f"<!doctype html><html lang=en><meta charset=utf-8><title>50 events</title><ol>{items}</ol></html>"

    def first_paint(self, browser, url: str, selector: str, site: str, timeline=None):
        """Milliseconds from navigation until the first `selector` is painted, and bytes transferred.

        The browser's own clock says when: Element Timing reports when each
        marked element is painted, on the page's timeline (0 = navigation).
        """
        context = browser.new_context()
        page = context.new_page()
        if timeline:
            html = (
                f'<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="{url}css/timeline.css">'
                f'<script src="{url}js/timeline.js"></script></head><body><div id="tl" style="height:600px"></div>'
                f"<script>new TL.Timeline('tl', '{site}/export/timelinejs.json', {{script_path: '{url}js/'}});</script>"
                "</body></html>"
            )

            def serve(route):
                path = route.request.url.removeprefix(url).split("?")[0]
                if not path:
                    return route.fulfill(body=html, content_type="text/html")
                local = timeline / path
                return (
                    route.fulfill(path=str(local))
                    if local.is_file()
                    else route.fulfill(status=404, body="")
                )

            context.route(url + "**", serve)
        # Nothing leaves the machine: TimelineJS's web fonts are blocked.
        context.route(
            lambda address: not address.startswith("http://127.0.0.1:"),
            lambda route: route.abort(),
        )
        context.add_init_script(PAINT_PROBE.replace("SELECTOR", json.dumps(selector)))
        responses = []
        page.on("requestfinished", lambda request: responses.append(request))
        # Nothing is asked of the page while it loads: a selector wait or a
        # tight poll runs on the renderer's main thread and delays the paint
        # measured, more on a larger page. The probe keeps the paint time.
        page.goto(url, wait_until="load", timeout=300_000)
        painted, deadline = None, time.monotonic() + 300
        while painted is None and time.monotonic() < deadline:
            painted = page.evaluate("window.relationsPainted")
            if painted is None:
                time.sleep(0.05)
        transferred = 0
        for request in responses:
            sizes = request.sizes()
            transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        context.close()
        if painted is None:
            raise RuntimeError(f"{url}: Chromium reported no paint of {selector}")
        return painted, transferred

    # --- Report ------------------------------------------------------------------------------

    def report(self, engine: str, large_sizes: dict, small_sizes: dict, results: dict) -> None:
        from relations.benchmark import articles_per_second

        large, small = results["large"], results["small"]
        floor = statistics.median(large["times"]["trivial view"])
        out = self.stdout.write
        out("")
        out(
            f"{engine}: {large_sizes['events']:,} events, {large_sizes['sources']:,} sources, "
            f"{large_sizes['passages']:,} passages, {large_sizes['actors']} actors, {large_sizes['citations']:,} citations"
        )
        uncached_floor = statistics.median(large["uncached"]["trivial view"])
        out(
            "Times are per request through gunicorn; × trivial divides by the trivial view's median.\n"
            "'uncached' is the same server with the page cache off (PAGE_CACHE=0): a first visit.\n"
            "queries: with nothing cached / from the page cache."
        )
        out(
            f"{'page':24} {'median ms':>9} {'p95 ms':>8} {'× trivial':>9} {'small ms':>8} {'large/small':>11} "
            f"{'uncached':>8} {'p95':>7} {'×':>6} {'small':>6} {'l/s':>5} {'queries':>7} {'KB':>6}"
        )
        for name, samples in large["times"].items():
            median, p95 = median_p95(samples)
            small_median = statistics.median(small["times"][name])
            cold, cold_p95 = median_p95(large["uncached"][name])
            cold_small = statistics.median(small["uncached"][name])
            queries = "/".join(str(n) for n in large["queries"].get(name, []))
            out(
                f"{name:24} {median:9.2f} {p95:8.2f} {median / floor:9.2f} {small_median:8.2f} "
                f"{median / small_median:11.2f} {cold:8.2f} {cold_p95:7.2f} {cold / uncached_floor:6.1f} "
                f"{cold_small:6.2f} {cold / cold_small:5.2f} {queries:>7} {large['sizes'][name] / 1024:6.1f}"
            )
        for name, seconds in large["exports"].items():
            out(
                f"export {name:17} {large['events'] / seconds:,.0f} events/s ({large['events']:,} events in {seconds:.2f} s)"
            )
        out(
            f"loading: {articles_per_second():.0f} seed-sized articles/s on one core (clean, split, find dates)"
        )


# Marks the elements that hold the first events as they are parsed or built,
# and records when Chromium first paints one (Element Timing).
PAINT_PROBE = """
(() => {
  const selector = SELECTOR;
  window.relationsPainted = null;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (window.relationsPainted === null) window.relationsPainted = entry.renderTime || entry.loadTime;
    }
  }).observe({type: "element", buffered: true});
  // The first few matches are enough (the first in view is among them), and
  // watching thousands would slow the page measured.
  let left = 20;
  const mark = (root) => {
    for (const element of [root, ...root.querySelectorAll("*")]) {
      element.setAttribute("elementtiming", "event");
    }
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.parentElement?.closest("[elementtiming]")) {
          mark(node); // parsed into a marked event
          continue;
        }
        if (left <= 0) continue;
        const matches = node.matches(selector) ? [node] : [...node.querySelectorAll(selector)];
        for (const match of matches.slice(0, left)) mark(match);
        left -= Math.min(matches.length, left);
      }
    }
  });
  observer.observe(document, {childList: true, subtree: true});
})();
"""


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


def static_files(index_html: str, headers: dict | None = None, assets: Path | None = None):
    """A plain static server on 127.0.0.1 for one page: (its address, the server).

    `assets` (collected static files) are served under /static/ beside it.
    """
    import functools
    import http.server
    import tempfile
    import threading

    folder = tempfile.mkdtemp(prefix="relations-static-")
    Path(folder, "index.html").write_text(index_html)
    if assets:
        Path(folder, "static").symlink_to(assets, target_is_directory=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            super().end_headers()

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=folder)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def median_p95(samples: list[float]) -> tuple[float, float]:
    median = statistics.median(samples)
    return median, statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else median


TIMELINEJS = "3.9.11"


def timelinejs_dist() -> Path | None:
    """Knight Lab's TimelineJS from npm, installed once into the bench folder (never committed)."""
    folder = WORK / "timelinejs"
    dist = folder / "node_modules/@knight-lab/timelinejs/dist"
    if not dist.exists() and shutil.which("npm"):
        folder.mkdir(exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                f"@knight-lab/timelinejs@{TIMELINEJS}",
            ],
            cwd=folder,
            capture_output=True,
            timeout=600,
        )
    return dist if dist.exists() else None


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
