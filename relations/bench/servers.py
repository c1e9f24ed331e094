"""Servers the benchmark and the load test talk to: gunicorn, and plain static files."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path

from django.conf import settings


def fetch(port: int, path: str, headers: dict | None = None, connection=None):
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


def serve(env: dict, workers: int = 1, core: int | None = None):
    """gunicorn on a free port of 127.0.0.1 for `env`'s database, up and answering; (process, port)."""
    import os
    import shutil
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root = str(settings.BASE_DIR)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=root,
        env=env,
        check=True,
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pin = (
        ["taskset", "-c", str(core)]
        if core is not None and shutil.which("taskset") and (os.cpu_count() or 1) > 1
        else []
    )
    process = subprocess.Popen(
        [
            *pin,
            sys.executable,
            "-m",
            "gunicorn",
            "relations.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            # An export of the large corpus streams for up to half a minute on a busy
            # machine: measured, not cut off by gunicorn's 30 s default.
            "--timeout",
            "120",
        ],
        cwd=root,
        env=env,
    )
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


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
