import json

import pytest

from relations.models import Event


def get_json(client, url, **params):
    response = client.get(url, params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, json.loads(body)


def test_events_api_lists_published_events_in_date_order_with_full_shape(client, seeded):
    response, data = get_json(client, "/api/events.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    slugs = [e["slug"] for e in data["events"]]
    # The timeline's order: by date, causes before their effects.
    assert slugs == list(
        Event.objects.published().in_timeline_order().values_list("slug", flat=True)
    )
    assert len(slugs) >= 3
    raid = next(e for e in data["events"] if e["slug"] == "osama-bin-laden-killed-in-abbottabad")
    assert set(raid) >= {
        "slug",
        "title",
        "summary",
        "start",
        "end",
        "place",
        "kind",
        "tone",
        "significance",
        "url",
        "actors",
        "citations",
    }
    assert raid["start"] == {
        "date": "2011-05-02",
        "latest": "2011-05-02",
        "precision": "day",
        "qualifier": None,
        "text": "2 May 2011",
    }
    assert raid["end"] is None
    assert raid["url"] == "http://testserver/events/osama-bin-laden-killed-in-abbottabad/"
    assert {
        "slug": "osama-bin-laden",
        "name": "Osama bin Laden",
        "side": "militant",
        "role": "killed",
    } in raid["actors"]
    citation = raid["citations"][0]
    assert set(citation) >= {"source", "passage", "quote", "note"}
    assert set(citation["source"]) == {
        "slug",
        "file",
        "title",
        "publisher",
        "published",
        "published_precision",
    }
    assert citation["source"]["file"].endswith(".txt")
    assert citation["passage"]["url"].startswith("http://testserver/sources/")
    assert "#p-" in citation["passage"]["url"]


def test_events_api_hides_drafts(client, seeded):
    Event.objects.filter(slug="salala-border-incident").update(published=False)
    _, data = get_json(client, "/api/events.json")
    assert "salala-border-incident" not in [e["slug"] for e in data["events"]]


def test_sources_api_gives_metadata_passages_and_mentions(client, seeded):
    response, data = get_json(client, "/api/sources.json")
    assert response.status_code == 200
    monitor = next(s for s in data["sources"] if s["slug"] == "csmonitor-2009-strike-on-mehsud")
    assert monitor["file"] == "004_93bbea33c0236dcf.txt"
    assert monitor["publisher"] == "The Christian Science Monitor"
    assert monitor["published"] == "2009-08-07"
    third = monitor["passages"][2]
    assert set(third) == {"number", "text", "url", "heading", "mentions"}
    assert third["number"] == 3
    assert third["mentions"] == [
        {"text": "Wednesday", "date": "2009-08-05", "latest": "2009-08-05", "precision": "day"}
    ]
    assert any(p["heading"] for p in monitor["passages"])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "someday"}, "from"),
        ({"to": "x" * 10_000}, "to"),
        ({"actor": "nobody"}, "actor"),
        ({"kind": "picnic"}, "kind"),
        ({"tone": "-9"}, "tone"),
        ({"significance": "huge"}, "significance"),
        ({"source": "<script>"}, "source"),
        ({"order": "sideways"}, "order"),
    ],
)
def test_api_answers_a_bad_parameter_with_400_and_a_json_error(client, seeded, params, field):
    for url in ("/api/events.json", "/api/sources.json"):
        response = client.get(url, params)
        assert response.status_code == 400
        data = response.json()
        assert data["error"] == "Invalid query parameters."
        assert field in data["fields"]


def test_api_filters_by_actor_and_date(client, seeded):
    _, data = get_json(
        client, "/api/events.json", actor=["cia", "osama-bin-laden"], **{"from": "2011"}
    )
    assert [e["slug"] for e in data["events"]] == ["osama-bin-laden-killed-in-abbottabad"]
    _, data = get_json(client, "/api/events.json", actor="cia", to="2010")
    assert [e["slug"] for e in data["events"]] == ["baitullah-mehsud-killed-in-drone-strike"]


def test_sources_api_narrowed_by_event_filters(client, seeded):
    _, data = get_json(client, "/api/sources.json", q="Mehsud")
    assert [s["slug"] for s in data["sources"]] == ["csmonitor-2009-strike-on-mehsud"]


def test_each_event_gives_its_claims_with_the_evidence_of_each(client, seeded):
    _, data = get_json(client, "/api/events.json")
    for event in data["events"]:
        citations = {c["id"]: c for c in event["citations"]}
        references = {r["slug"]: r for r in event["references"]}
        assert event["summary"] == " ".join(claim["text"] for claim in event["claims"])
        assert event["revised"] == Event.objects.get(slug=event["slug"]).revised.isoformat()
        for claim in event["claims"]:
            assert claim["evidence"], (event["slug"], claim["text"])
            for item in claim["evidence"]:
                assert item["support"] in ("full", "partial")
                assert item.get("citation") in citations or item.get("reference") in references
        for item in [*citations.values(), *references.values()]:
            assert item["supports"] and set(item["supports"]) <= {
                "claim",
                "date",
                "place",
                "actors",
                "link",
            }
    salala = next(e for e in data["events"] if e["slug"] == "salala-border-incident")
    assert any("date" in c["supports"] for c in salala["citations"] + salala["references"])
    assert set(salala["references"][0]) == {
        "slug",
        "title",
        "publisher",
        "published",
        "url",
        "supports",
    }
