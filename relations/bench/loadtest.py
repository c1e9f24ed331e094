"""`make loadtest`: gunicorn on 127.0.0.1 under a bounded load while a curator writes.

Clients request the timeline, searches and exports for a fixed time (60 s by
default, and never more than --max-requests); meanwhile a curator saves an
event twice a second through the ORM, in the same transactions the admin
uses. Reports the rate held, latency percentiles and every error.
It writes to the database it is given: `make loadtest` gives it a throwaway one.
"""

from __future__ import annotations

import http.client
import os
import random
import statistics
import threading
import time

from django.conf import settings
from django.db import close_old_connections

from ..models import Event
from ..store.changes import batch
from .servers import serve

PATHS = [
    "/",
    "/?kind=raid",
    "/?from=2011&to=mid-2012",
    "/?q=supply+routes",
    "/cite/?q=Kayani",
    "/cite/?q=%22supply+routes%22",
    "/events/salala-border-incident/",
    "/api/events.json",
    "/export/events.csv",
    "/export/timelinejs.json",
]


def run(seconds: float, clients: int, workers: int, max_requests: int, out) -> None:
    if not Event.objects.exists():
        raise RuntimeError("The database is empty: run `manage.py load_seeds` first.")
    env = {**os.environ, "DJANGO_PLAIN_HTTP": "1", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    env.setdefault("DJANGO_SECRET_KEY", "loadtest-only-" + "x" * 40)
    env.pop("DJANGO_DEBUG", None)
    server, port = serve(env, workers=workers)
    latencies, errors, lock = [], [], threading.Lock()
    stop = time.monotonic() + seconds
    edits = {"saved": 0, "failed": []}

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            with lock:
                if len(latencies) + len(errors) >= max_requests:
                    return
            path = random.choice(PATHS)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    (
                        latencies.append(elapsed)
                        if response.status == 200
                        else errors.append(f"{response.status} {path}")
                    )
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors.append(f"{type(error).__name__} {path}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def curator():
        events = list(Event.objects.values_list("pk", flat=True))
        while time.monotonic() < stop:
            try:
                with batch():  # as an admin save: one change of the write path
                    event = Event.objects.select_for_update().get(pk=random.choice(events))
                    event.summary = event.summary.rstrip(" *") + (
                        " *" if not event.summary.endswith("*") else ""
                    )
                    event.save()
                edits["saved"] += 1
            except Exception as error:  # every failure is reported, none hidden
                edits["failed"].append(repr(error))
            close_old_connections()
            time.sleep(0.5)

    try:
        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        threads.append(threading.Thread(target=curator))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    ordered = sorted(latencies)
    pct = lambda p: ordered[min(int(len(ordered) * p), len(ordered) - 1)] if ordered else 0  # noqa: E731
    out(
        f"{engine}: {len(latencies):,} requests in {elapsed:.1f} s = {len(latencies) / elapsed:.1f} req/s "
        f"({clients} clients, {workers} gunicorn workers); latency ms p50 {pct(0.5):.1f}, p90 {pct(0.9):.1f}, "
        f"p99 {pct(0.99):.1f}, max {ordered[-1] if ordered else 0:.1f}, mean {statistics.fmean(ordered) if ordered else 0:.1f}"
    )
    out(f"curator edits saved: {edits['saved']}, failed: {len(edits['failed'])}")
    out(f"errors: {len(errors)}" + (f" e.g. {errors[:5]}" if errors else ""))
    if errors or edits["failed"]:
        raise RuntimeError(
            f"{len(errors)} request errors, {len(edits['failed'])} failed edits: {edits['failed'][:3]}"
        )
