"""Chromium: our first view against a static page and TimelineJS fed our export."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from django.conf import settings

from .corpus import WORK, prepare
from .servers import SECURITY_HEADERS, fetch, serve, static_files

# Headless on a closed network: no background connections, nothing fetched.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_comparison(engine: str, sizes: list[int], out) -> None:
    chromium = Path("/usr/bin/chromium")
    dist = timelinejs_dist()
    if not chromium.exists() or dist is None:
        missing = (
            "Chromium (apt-get install chromium)" if not chromium.exists() else "npm or TimelineJS"
        )
        out(f"Chromium comparison skipped: {missing} is missing.")
        return
    from playwright.sync_api import sync_playwright

    out("")
    out(f"{'Chromium, first events painted':34} {'events':>6} {'ms':>8} {'KB':>7} {'× ours':>7}")
    for size in sizes:
        env = prepare(
            engine,
            f"browser {size}",
            {
                "events": size,
                "sources": max(size // 20, 5),
                "passages": size * 2,
                "actors": 50,
                "citations": size * 2,
            },
            out,
        )
        # One worker, warmed below: the first view is timed, not a cold process.
        server, port = serve(env, workers=1)
        site = f"http://127.0.0.1:{port}"
        plain_page = static_page(port)
        static_site, static_server = static_files(plain_page)
        # The same page sent with our pages' security headers: COOP alone
        # makes Chromium start a fresh renderer process for the page.
        sent = fetch(port, "/")[3]
        headers = {name: sent[name] for name in SECURITY_HEADERS}
        secured_site, secured_server = static_files(plain_page, headers)
        # Our own page saved as files, with its stylesheet and scripts: what
        # is left between it and ours is the cost of serving it from Django.
        snapshot = fetch(port, "/")[1].decode()
        snapshot_site, snapshot_server = static_files(snapshot, headers, settings.STATIC_ROOT)
        try:
            for path in ("/", "/export/timelinejs.json"):  # warm the server alike for both
                fetch(port, path)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(chromium), args=CHROMIUM_ARGS
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
                                first_paint(browser, url, selector, site, timeline)
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
            out(f"{name:34} {size:6,d} {ms:8.0f} {size_bytes / 1024:7.1f} {ms / ours:7.2f}")


def static_page(port: int) -> str:
    titles = json.loads(fetch(port, "/api/events.json")[1])["events"][:50]
    items = "".join(f"<li>{e['start']['text']}: {e['title']}</li>" for e in titles)
    return f"<!doctype html><html lang=en><meta charset=utf-8><title>50 events</title><ol>{items}</ol></html>"


def first_paint(browser, url: str, selector: str, site: str, timeline=None):
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
    responses, errors = [], []
    page.on("requestfinished", lambda request: responses.append(request))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(f"{m.type}: {m.text}"))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url} {r.failure}"))
    # Nothing is asked of the page while it loads: a selector wait or a
    # tight poll runs on the renderer's main thread and delays the paint
    # measured, more on a larger page. The probe keeps the paint time.
    page.goto(url, wait_until="load", timeout=300_000)
    painted, deadline = None, time.monotonic() + 300
    while painted is None and time.monotonic() < deadline:
        painted = page.evaluate("window.relationsPainted")
        if painted is None:
            time.sleep(0.05)
    if painted is None:
        count = page.evaluate(f"document.querySelectorAll({json.dumps(selector)}).length")
        errors.append(f"{count} elements match; shown: " + page.inner_text("body")[:100])
    transferred = 0
    for request in responses:
        sizes = request.sizes()
        transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    if painted is None:
        raise RuntimeError(
            f"{url}: Chromium reported no paint of {selector}; the page said: {errors[:12]}"
        )
    return painted, transferred


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
