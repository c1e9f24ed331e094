"""Real Chromium (Debian's package) driven by Playwright against the live server."""

import os
import sqlite3
import subprocess
import threading
import warnings
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection

from relations.bench.browser import CHROMIUM_ARGS
from relations.seeds import load_seeds

from ..conftest import PASSWORD, SEEDS, curators_group

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"

# Playwright's sync API keeps an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# Chromium now and then never answers BrowserContext.close(), which has no timeout
# (seen in CI, alone and beside a busy PostgreSQL run): the run then hangs until CI
# stops it. So a close gets CLOSE_SECONDS; past them this session's Chromium, marked
# by a switch it ignores, is killed, the close returns, and the next test starts a
# new Chromium.
MARKER = "--relations-browser-tests"
CLOSE_SECONDS = 10  # a close takes well under a second
killed = threading.Event()  # set when a stuck close had Chromium killed


def _guard_context_close():
    from playwright.sync_api import BrowserContext, Error

    close = BrowserContext.close
    if getattr(close, "guarded", False):
        return

    def guarded_close(self, **kwargs):
        def kill():
            killed.set()
            subprocess.run(["pkill", "-KILL", "-f", "--", MARKER], check=False)

        timer = threading.Timer(CLOSE_SECONDS, kill)
        timer.start()
        try:
            close(self, **kwargs)
        except Error:
            if not killed.is_set():
                raise
        finally:
            timer.cancel()
        if killed.is_set():
            warnings.warn(f"Chromium did not close a context in {CLOSE_SECONDS} s", stacklevel=2)

    guarded_close.guarded = True
    BrowserContext.close = guarded_close


@pytest.fixture(scope="session")
def playwright_session():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is required in CI: /usr/bin/chromium is missing (apt-get install chromium)"
            )
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    _guard_context_close()
    with sync_playwright() as playwright:
        running = {}
        yield playwright, running
        if running.get("chromium") and running["chromium"].is_connected():
            running["chromium"].close()


@pytest.fixture
def browser(playwright_session):
    """This session's Chromium, started again if a stuck close had it killed."""
    playwright, running = playwright_session
    if killed.is_set() or not (running.get("chromium") and running["chromium"].is_connected()):
        killed.clear()
        running["chromium"] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, MARKER]
        )
    return running["chromium"]


@pytest.fixture(scope="session")
def seeded_copies():
    """Copies of the seeded in-memory SQLite database, made by the first test that needs one."""
    copies = []
    yield copies
    for copy in copies:
        copy.close()


@pytest.fixture
def site(transactional_db, live_server, seeded_copies):
    """The live server with the real seeds loaded; its base URL.

    Each test's end empties the database (the live server needs real commits).
    On the in-memory SQLite of the tests the first test loads the seeds and keeps
    a copy of the database; the others get that copy back through SQLite's backup
    API, the same rows in milliseconds instead of a second and a half of loading.
    Other engines load the seeds for each test.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        load_seeds(SEEDS)
        return live_server.url
    connection.ensure_connection()
    if seeded_copies:
        seeded_copies[0].backup(connection.connection)
    else:
        load_seeds(SEEDS)
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        seeded_copies.append(copy)
    return live_server.url


def open_page(browser, javascript=True, width=1280):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda m: (
            page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    return context, page


@pytest.fixture
def page(browser, site):
    """A browser tab; the test fails if any page logged an error (CSP included)."""
    context, tab = open_page(browser)
    yield tab
    problems = list(tab.problems)
    context.close()
    assert problems == []


@pytest.fixture
def page_without_js(browser, site):
    context, tab = open_page(browser, javascript=False)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def signed_in(browser, site, name):
    """A new curator, signed in to the admin in a browser context of their own."""
    user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
    user.groups.add(curators_group())
    context, page = open_page(browser)
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return context, page
