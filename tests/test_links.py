"""Why it happened: links from causes to what followed, causes before effects, threads."""

import re
from datetime import date

import pytest

from relations.models import Event, Link, Thread
from relations.seeds import SeedError, load_seeds
from relations.store.links import causal_cycle
from relations.views.timeline import PAGE_SIZE

from .conftest import change_form_data, dump, event_url
from .factories import link_in_chain, make_events

CHAIN = """
[[events.links]]
from = "{cause}"
kind = "{kind}"
evidence = [{evidence}]
"""


def add_link(folder, effect: str, cause: str, kind: str = "caused", evidence: str = ""):
    """A link written into seeds/events.toml under the event it leads to."""
    path = folder / "events.toml"
    text = path.read_text()
    at = text.index(f'\nslug = "{effect}"')
    end = text.find("\n[[events]]\n", at)
    block = CHAIN.format(cause=cause, kind=kind, evidence=evidence)
    path.write_text(text[:end] + "\n" + block + text[end:])


def keys(slug: str) -> str:
    return Event.objects.get(slug=slug).timeline_key


def test_a_link_without_evidence_is_refused_and_nothing_changes(seeded, seeds_copy):
    add_link(
        seeds_copy, "pakistan-cuts-us-training-mission", "osama-bin-laden-killed-in-abbottabad"
    )
    before = dump()
    with pytest.raises(SeedError) as caught:
        load_seeds(seeds_copy)
    assert "the link from 'osama-bin-laden-killed-in-abbottabad' (caused) has no evidence" in str(
        caught.value
    )
    assert dump() == before


def test_a_cycle_of_causes_is_refused(seeded, seeds_copy):
    raid, cut = "osama-bin-laden-killed-in-abbottabad", "pakistan-cuts-us-training-mission"
    cited = '"abc7-2011-05-02-binladen"'
    add_link(seeds_copy, cut, raid, evidence='"thaindian-2011-05-05-kayani"')
    add_link(seeds_copy, raid, cut, evidence=cited)
    with pytest.raises(SeedError) as caught:
        load_seeds(seeds_copy)
    assert "these links would make a cycle of causes" in str(caught.value)
    assert raid in str(caught.value) and cut in str(caught.value)


def test_cycles_are_found_in_any_order_of_edges():
    assert causal_cycle([(1, 2), (2, 3)]) is None
    assert set(causal_cycle([(3, 1), (1, 2), (2, 3)])) == {1, 2, 3}
    assert causal_cycle([(1, 1)]) is not None


def test_an_effect_on_the_same_day_sorts_after_its_cause(seeded):
    first, second = make_events(2, first_day=date(1995, 3, 1), prefix="same-day")
    Event.objects.filter(pk=second.pk).update(start_text="1995-03-01")  # move it to the first's day
    second.refresh_from_db()
    second.clean()
    second.save()
    # Unlinked, ties break by significance then slug; linked, the cause comes first.
    link_in_chain([second, first])
    assert keys(second.slug) < keys(first.slug)


def test_an_effect_dated_by_month_sorts_after_its_cause_of_a_known_day(seeded):
    cause, effect = make_events(2, first_day=date(1995, 5, 2), prefix="coarse")
    effect.start_text = "May 1995"  # anchored on 1 May: before its cause, until linked
    effect.clean()
    effect.save()
    assert keys(effect.slug) < keys(cause.slug)
    link_in_chain([cause, effect])
    assert keys(cause.slug) < keys(effect.slug)
    assert keys(effect.slug).startswith("1995-05-02/001/")


def test_newest_first_is_the_exact_reverse(client, seeded):
    events = make_events(30, first_day=date(1990, 1, 1), prefix="reverse")
    link_in_chain(events[:10])
    ascending = list(Event.objects.published().in_timeline_order().values_list("slug", flat=True))
    descending = list(
        Event.objects.published().in_timeline_order(descending=True).values_list("slug", flat=True)
    )
    assert descending == ascending[::-1]


def collect(client, order: str) -> list[str]:
    slugs, url = [], "/?" + ("order=desc" if order == "desc" else "")
    while url:
        html = client.get(
            url, headers={"HX-Request": "true"} if "cursor" in url else {}
        ).content.decode()
        slugs += re.findall(r'<article class="event[^"]*" id="event-([^"]+)"', html)
        found = re.search(r'id="load-more"[^>]*>\s*<a href="([^"]+)"', html)
        url = "/" + found.group(1).replace("&amp;", "&") if found else ""
    return slugs


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_pages_of_linked_events_never_repeat_or_skip_one(client, seeded, order):
    events = make_events(500, first_day=date(1980, 1, 1), prefix="linked")
    link_in_chain(events[::7])  # chains that cross days and pages
    expected = list(
        Event.objects.published()
        .in_timeline_order(descending=order == "desc")
        .values_list("slug", flat=True)
    )
    shown = collect(client, order)
    assert shown == expected and len(set(shown)) == len(shown)
    assert len(shown) > 10 * PAGE_SIZE


@pytest.mark.parametrize("count", [10, 500])
def test_an_event_page_with_links_takes_the_same_queries_at_any_size(
    client, seeded, count, django_assert_max_num_queries
):
    events = make_events(count, first_day=date(1980, 1, 1), prefix="many")
    link_in_chain(events)
    middle = events[len(events) // 2]
    # Its places are one query; the first claim, for the page's description, one more.
    with django_assert_max_num_queries(14):
        assert client.get(middle.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_the_event_page_shows_what_led_to_it_and_what_followed_with_evidence(client, seeded):
    first, second, third = make_events(3, first_day=date(1980, 1, 1), prefix="told")
    link_in_chain([first, second, third])
    html = client.get(second.get_absolute_url()).content.decode()
    assert "What led to this" in html and "What followed" in html
    led = html[html.index("What led to this") : html.index("What followed")]
    assert first.title in led and "it caused this" in led
    assert third.title in html[html.index("What followed") :]
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_links_are_in_the_api_and_the_csv(client, seeded):
    import csv
    import io
    import json

    first, second = make_events(2, first_day=date(1980, 1, 1), prefix="exported")
    link_in_chain([first, second])
    body = b"".join(client.get("/api/events.json").streaming_content)
    event = next(e for e in json.loads(body)["events"] if e["slug"] == second.slug)
    (link,) = event["links"]
    assert (link["kind"], link["from"], link["to"]) == ("caused", first.slug, second.slug)
    assert link["evidence"] and "citation" in link["evidence"][0]
    rows = csv.DictReader(
        io.StringIO(b"".join(client.get("/export/events.csv").streaming_content).decode())
    )
    row = next(r for r in rows if r["event"] == first.slug)
    assert row["led_to"] == second.slug
    assert Link.objects.filter(to_event=second).exists()


# --- The admin refuses what the loader refuses -------------------------------------------


def with_new_link(client, effect: Event, cause: Event, kind: str, evidence: str) -> dict:
    """The effect's change form as a browser would post it, with one link added."""
    data = change_form_data(client.get(event_url(effect)))
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS") and "link" in k).removesuffix(
        "-TOTAL_FORMS"
    )
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(n + 1)
    data |= {
        f"{prefix}-{n}-from_event": str(cause.pk),
        f"{prefix}-{n}-kind": kind,
        f"{prefix}-{n}-note": "",
        f"{prefix}-{n}-evidence": evidence,
    }
    return data


def test_the_admin_refuses_a_link_without_evidence_and_saves_nothing(curator_client):
    closure = Event.objects.get(slug="nato-supply-routes-closed")
    raid = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad")
    before = (Link.objects.count(), closure.revised, closure.title)
    data = with_new_link(curator_client, closure, raid, "led_to", "")
    data["title"] = closure.title + " (edited)"
    response = curator_client.post(event_url(closure), data)
    assert response.status_code == 200  # the form again, with what was typed
    html = response.content.decode().replace("&#x27;", "'")
    assert "the link from 'osama-bin-laden-killed-in-abbottabad' (led_to) has no evidence" in html
    closure.refresh_from_db()
    assert (Link.objects.count(), closure.revised, closure.title) == before


def test_the_admin_refuses_a_link_that_closes_a_cycle_of_causes(curator_client):
    salala = Event.objects.get(slug="salala-border-incident")
    closure = Event.objects.get(slug="nato-supply-routes-closed")
    assert Link.objects.filter(from_event=salala, to_event=closure).exists()
    key = salala.citations.first().key  # real evidence: only the cycle is wrong
    count = Link.objects.count()
    response = curator_client.post(
        event_url(salala), with_new_link(curator_client, salala, closure, "led_to", key)
    )
    assert response.status_code == 200
    assert "cycle of causes" in response.content.decode()
    assert Link.objects.count() == count


# --- Threads ------------------------------------------------------------------------------


def test_a_thread_page_lists_only_its_events_in_timeline_order(client, seeded):
    thread = Thread.objects.get(slug="supply-route-crisis")
    html = client.get(thread.get_absolute_url()).content.decode()
    wanted = list(
        Event.objects.published()
        .filter(threads=thread)
        .order_by("timeline_key")
        .values_list("slug", flat=True)
    )
    assert len(wanted) >= 5
    shown = re.findall(r'class="timeline-item">.*?href="/events/([a-z0-9-]+)/"', html, re.S)
    assert shown == wanted


def test_the_thread_filter_the_api_and_the_exports_agree(client, seeded):
    import csv
    import io
    import json

    thread = Thread.objects.get(slug="haqqani-network-pressure")
    wanted = set(Event.objects.published().filter(threads=thread).values_list("slug", flat=True))
    timeline = client.get("/", {"thread": thread.slug}).content.decode()
    assert f"<strong>{len(wanted)}</strong> event" in timeline
    body = b"".join(client.get("/api/events.json", {"thread": thread.slug}).streaming_content)
    assert {e["slug"] for e in json.loads(body)["events"]} == wanted
    text = b"".join(
        client.get("/export/events.csv", {"thread": thread.slug}).streaming_content
    ).decode()
    assert {row["event"] for row in csv.DictReader(io.StringIO(text))} == wanted
