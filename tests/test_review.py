"""Review: under REVIEW_REQUIRED a second curator approves a curator's change or publishing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from relations.models import Event, Proposal, Revision

from .conftest import PASSWORD, change_form_data, curators_group, event_url

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.review
REVIEW = "/admin/relations/event/review/"


@pytest.fixture
def second_curator(curator):
    user = User.objects.create_user("dana", password=PASSWORD, is_staff=True)
    user.groups.add(curators_group())
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("debug", "required"), [("1", "False"), ("", "True")])
def test_review_is_required_in_production_and_not_under_debug(debug, required):
    env = {**os.environ, "DJANGO_DEBUG": debug, "DJANGO_SECRET_KEY": "x" * 60}
    env.pop("REVIEW_REQUIRED", None)
    env.pop("PYTEST_VERSION", None)
    code = "import relations.settings as s; print(s.REVIEW_REQUIRED)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == required


def test_a_change_to_a_published_event_waits_for_a_second_curator(
    curator_client, curator, second_curator
):
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    data["title"] = "The Salala border incident, retitled"
    response = curator_client.post(event_url(event), data, follow=True)
    assert "awaits a second curator" in response.content.decode()
    assert Event.objects.get(pk=event.pk).title == event.title  # readers see it unchanged
    proposal = Proposal.objects.get(event=event)
    assert proposal.proposed_by == curator

    # The author cannot approve it; the queue shows what it changes.
    own = curator_client.get(REVIEW).content.decode()
    assert "You proposed this" in own
    assert "The Salala border incident, retitled" in own
    curator_client.post(f"{REVIEW}{proposal.pk}/decide/", {"decision": "approve"})
    assert Event.objects.get(pk=event.pk).title == event.title

    second_curator.post(f"{REVIEW}{proposal.pk}/decide/", {"decision": "approve"})
    assert Event.objects.get(pk=event.pk).title == "The Salala border incident, retitled"
    assert not Proposal.objects.exists()
    revision = Revision.objects.filter(kind="event", object_id=event.pk).last()
    assert revision.user.username == "dana" and revision.proposed_by == curator
    history = second_curator.get(event_url(event, "history")).content.decode()
    assert "carol, approved by dana" in history


def test_publishing_a_draft_waits_for_approval(curator_client, second_curator):
    event = Event.objects.get(slug="salala-border-incident")
    Event.objects.filter(pk=event.pk).update(published=False)
    data = change_form_data(curator_client.get(event_url(event)))
    data["published"] = "on"
    assert curator_client.post(event_url(event), data).status_code == 302
    assert not Event.objects.get(pk=event.pk).published
    proposal = Proposal.objects.get(event=event, kind="publish")
    second_curator.post(f"{REVIEW}{proposal.pk}/decide/", {"decision": "approve"})
    assert Event.objects.get(pk=event.pk).published


def test_a_turned_down_change_leaves_the_event_as_it_was(curator_client, second_curator):
    event = Event.objects.get(slug="salala-border-incident")
    data = change_form_data(curator_client.get(event_url(event)))
    data["place"] = "Somewhere else"
    curator_client.post(event_url(event), data)
    proposal = Proposal.objects.get()
    second_curator.post(f"{REVIEW}{proposal.pk}/decide/", {"decision": "reject"})
    assert not Proposal.objects.exists()
    assert Event.objects.get(pk=event.pk).place == event.place


def test_a_proposal_overtaken_by_another_change_is_not_applied(curator_client, second_curator):
    event = Event.objects.get(slug="salala-border-incident")
    stale = change_form_data(curator_client.get(event_url(event)))
    stale["place"] = "Stale place"
    fresh = dict(stale, place="Fresh place")
    curator_client.post(event_url(event), stale)
    curator_client.post(event_url(event), fresh)  # replaces the author's own waiting change
    assert Proposal.objects.count() == 1
    proposal = Proposal.objects.get()
    Event.objects.filter(pk=event.pk).update(title="Changed meanwhile")
    Event.objects.get(pk=event.pk).save()  # a save of its own: the form is now stale
    response = second_curator.post(
        f"{REVIEW}{proposal.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert "could not be saved as proposed" in response.content.decode()
    assert Event.objects.get(pk=event.pk).place == event.place
