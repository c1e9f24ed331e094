"""Timing the main pages through gunicorn, interleaved round by round, and counting their queries."""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import time
from urllib.parse import urlencode

from .corpus import ROOT
from .servers import fetch, serve


def mistyped(word: str) -> str:
    """A word as a reader might mistype it: two inner letters swapped."""
    return word[:2] + word[3] + word[2] + word[4:] if len(word) >= 5 else word + word[-1]


def pages(port: int) -> dict[str, tuple[str, dict]]:
    """The main pages, each as (path, extra headers), found from the corpus itself."""
    body = fetch(port, "/api/events.json?order=desc&significance=3")[1]
    some = json.loads(body)["events"]
    event = some[len(some) // 2]
    actor = event["actors"][0]["slug"]
    place = event["places"][0]["slug"]
    source = event["citations"][0]["source"]["slug"]
    # A name of the story (the first the search issue lists), which every corpus holds
    # in about the same share of its passages (3 %): large and small search one word.
    name = "Kayani"
    # The row called "a name" until the stop of 3 December 2026: a title's last word,
    # which is not a name, nor the same word in the two corpora ("this", "demands").
    word = event["title"].split()[-1]
    phrase = " ".join(event["citations"][0]["quote"].split()[:3])
    # The 50th page: follow 'load more' 49 times.
    path = "/"
    for _ in range(49):
        html = fetch(port, path)[1].decode()
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
        "map": ("/map/", {}),
        "map, filtered by actor": ("/map/?" + urlencode({"actor": actor}), {}),
        "place page": (f"/places/{place}/", {}),
        "search: a name": ("/cite/?" + urlencode({"q": name}), {}),
        "search: a phrase": ("/cite/?" + urlencode({"q": f'"{phrase}"'}), {}),
        "search: a misspelled name": ("/cite/?" + urlencode({"q": mistyped(name)}), {}),
        # Where the correction's "search instead for" leads: a word nothing holds.
        "search: misspelled, as typed": (
            "/cite/?" + urlencode({"q": mistyped(name), "verbatim": 1}),
            {},
        ),
        "search: a title word": ("/cite/?" + urlencode({"q": word}), {}),
        "search: title word typo": ("/cite/?" + urlencode({"q": mistyped(word)}), {}),
        # The commonest content word of the story, then the commonest word of all.
        "search: common word": ("/cite/?" + urlencode({"q": "Pakistan"}), {}),
        "search: the": ("/cite/?" + urlencode({"q": "the"}), {}),
    }


def measure(env: dict, rounds: int, exports: bool = True, only: str = "") -> dict:
    """Times of the main pages (those named by `only`, with the trivial view), exports, queries."""
    server, port = serve(env, workers=1, core=0)
    try:
        if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
            os.sched_setaffinity(0, {1})
        found = pages(port)
        if only:
            words = [word.strip() for word in only.split(",") if word.strip()]
            found = {
                name: page
                for name, page in found.items()
                if name == "trivial view" or any(word in name for word in words)
            }
        times = {name: [] for name in found}
        sizes = {}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for name, (path, headers) in found.items():  # warm up
            status, _, transferred, _ = fetch(port, path, headers, connection)
            assert status == 200, (name, path, status)
            sizes[name] = transferred
        for _ in range(rounds):
            order = list(found.items())
            random.shuffle(order)
            for name, (path, headers) in order:
                started = time.perf_counter()
                fetch(port, path, headers, connection)
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
            fetch(port, path)
            streamed[name] = time.perf_counter() - started
        total_events = len(json.loads(fetch(port, "/api/events.json")[1])["events"])
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
            input=json.dumps(found),
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


def count_queries(pages: dict) -> dict:
    """Queries each page makes with nothing cached, then from the page cache (in this process)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for name, (path, headers) in pages.items():
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        counts[name] = []
        for _ in ("cold", "cached"):
            with CaptureQueriesContext(connection) as captured:
                client.get(path, secure=False, **extra)
            counts[name].append(len(captured.captured_queries))
    return counts
