import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from relations.models import Actor, Citation, Event, Reference, Source
from relations.store.changes import events_changed

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x" * 60 + "production-secret-key",
        DJANGO_ALLOWED_HOSTS="timeline.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_pages_carry_a_strict_content_security_policy_and_safe_headers(client, seeded):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp  # our own files only
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(' src="/static/' in tag for tag in scripts)  # no inline script
    assert " style=" not in html  # no inline style
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_production_redirects_plain_http_to_https(client, seeded):
    response = client.get("/about/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_htmx_is_configured_for_the_policy(client, seeded):
    html = client.get("/").content.decode()
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html


def test_admin_login_is_throttled_after_five_wrong_passwords(client, seeded):
    User.objects.create_superuser("root", password="the-right-passphrase-1")
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "root", "password": "the-right-passphrase-1"}
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "<title>Signing in is paused | Timeline curation</title>" in page
    assert "US–Pakistan relations: curation" in page and "Django administration" not in page
    assert "After 5 wrong passwords for “root” from this address" in page
    assert "paused for 60 minutes" in page and 'href="/admin/login/"' in page
    client.force_login(User.objects.get(username="root"))
    attempts = client.get("/admin/axes/accessattempt/").content.decode()
    assert "root" in attempts


def test_html_in_every_stored_text_is_shown_escaped(client, seeded):
    event = Event.objects.get(slug="salala-border-incident")
    Event.objects.filter(pk=event.pk).update(title=PAYLOAD, place=PAYLOAD)
    event.claims.update(text=PAYLOAD)
    Citation.objects.filter(event=event).update(note=PAYLOAD)
    Reference.objects.filter(uses__event=event).update(title=PAYLOAD, publisher=PAYLOAD)
    Actor.objects.filter(slug="pakistan").update(name=PAYLOAD, aliases=[PAYLOAD])
    source = Source.objects.get(slug="stratfor-2012-uneasy-interdependence")
    Source.objects.filter(pk=source.pk).update(title=PAYLOAD, notes=PAYLOAD, correction=PAYLOAD)
    passage = source.passages.get(number=3)
    passage.text = passage.text + " " + PAYLOAD
    passage.save()
    events_changed(Event.objects.values_list("pk", flat=True))  # after bulk updates
    for url in (
        "/",
        "/?q=script",
        "/events/salala-border-incident/",
        f"/sources/{source.slug}/",
        "/actors/pakistan/",
        "/about/",
        "/cite/?q=script",
        f"/cite/sources/{source.slug}/",
        "/cite/events/salala-border-incident/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "<script>alert(1)" not in content, url
        assert "<img src=x" not in content, url


@pytest.mark.parametrize(
    "url", ["/api/events.json", "/export/events.csv", "/export/timelinejs.json"]
)
def test_machine_formats_keep_the_text_but_timelinejs_escapes_html(client, seeded, url):
    Event.objects.filter(slug="salala-border-incident").update(title=PAYLOAD)
    body = b"".join(client.get(url).streaming_content).decode()
    if url.endswith("timelinejs.json"):
        assert "<script>" not in body and "&lt;script&gt;" in body  # TimelineJS renders HTML
    else:
        assert "script" in body
