"""The data package (/export/datapackage.zip): valid Frictionless, and every key resolves."""

import csv
import io
import json
import socket
import zipfile

import frictionless
import pytest

from relations.models import Citation, Claim, Event, Evidence

TABLES = {
    "events",
    "actors",
    "roles",
    "sources",
    "citations",
    "claims",
    "references",
    "links",
    "evidence",
    "places",
    "event_places",
}


@pytest.fixture
def offline(monkeypatch):
    """Validation must need no network: any connection attempt fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the validation tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def download(client, tmp_path, **params):
    response = client.get("/export/datapackage.zip", params)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="us-pakistan-relations.zip"' in response["Content-Disposition"]
    path = tmp_path / "package.zip"
    path.write_bytes(b"".join(response.streaming_content))
    folder = tmp_path / "package"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return folder


def read_tables(folder) -> dict[str, list[dict]]:
    descriptor = json.loads((folder / "datapackage.json").read_text())
    return {
        resource["name"]: list(
            csv.DictReader(io.StringIO((folder / resource["path"]).read_text(encoding="utf-8")))
        )
        for resource in descriptor["resources"]
    }


def validate(folder):
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])[:10]


def test_the_data_package_validates_with_frictionless(client, seeded, tmp_path, offline):
    folder = download(client, tmp_path)
    validate(folder)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert {r["name"] for r in descriptor["resources"]} == TABLES
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["citation"] and descriptor["homepage"]
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    types = {field["name"]: field["type"] for field in events["schema"]["fields"]}
    assert types["start_earliest"] == "date" and types["tone"] == "integer"
    assert events["schema"]["primaryKey"] == ["slug"]


def test_a_broken_key_would_be_caught(client, seeded, tmp_path, offline):
    # The validation the tests rely on does check foreign keys.
    folder = download(client, tmp_path)
    evidence = folder / "data" / "evidence.csv"
    rows = list(csv.reader(io.StringIO(evidence.read_text())))
    citation = rows[0].index("citation")
    row = next(r for r in rows[1:] if r[citation])
    row[citation] = "999999"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    evidence.write_text(out.getvalue())
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_the_tables_read_back_with_the_csv_module_and_every_key_resolves(client, seeded, tmp_path):
    folder = download(client, tmp_path)
    tables = read_tables(folder)
    published = Event.objects.published()
    assert [row["slug"] for row in tables["events"]] == [
        e.slug for e in published.in_timeline_order()
    ]
    assert len(tables["citations"]) == Citation.objects.filter(event__published=True).count()
    assert len(tables["claims"]) == Claim.objects.filter(event__published=True).count()
    assert len(tables["evidence"]) == Evidence.objects.filter(event__published=True).count()
    for row in tables["citations"]:
        # The quote is the passage's own words, where its offsets say.
        start, end = int(row["quote_start"]), int(row["quote_end"])
        assert row["passage"][start:end] == row["quote"]
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            (mine,), (theirs,) = key["fields"], key["reference"]["fields"]
            known = {row[theirs] for row in tables[key["reference"]["resource"]]}
            values = {row[mine] for row in tables[resource["name"]]} - {""}
            assert values <= known, (resource["name"], mine, values - known)
    raid = next(r for r in tables["events"] if r["slug"] == "osama-bin-laden-killed-in-abbottabad")
    assert (raid["start_earliest"], raid["start_precision"]) == ("2011-05-02", "day")
    # Where: the compound itself, with its point, and the places it lies within.
    where = next(r for r in tables["event_places"] if r["event"] == raid["slug"])
    assert (where["place"], where["precision"]) == ("bin-laden-compound", "site")
    assert (float(where["latitude"]), float(where["longitude"])) == (34.1693, 73.2425)
    places = {row["slug"]: row for row in tables["places"]}
    assert places["bin-laden-compound"]["parent"] == "abbottabad"
    assert places["abbottabad"]["parent"] in places


def test_a_filtered_package_holds_the_selection_and_its_keys_still_resolve(
    client, seeded, tmp_path, offline
):
    folder = download(client, tmp_path, actor="cia")
    validate(folder)
    tables = read_tables(folder)
    chosen = {e.slug for e in Event.objects.published().involving(["cia"])}
    assert {row["slug"] for row in tables["events"]} == chosen
    assert "cia" in {row["slug"] for row in tables["actors"]}
    for link in tables["links"]:  # links leave out events outside the selection
        assert {link["from_event"], link["to_event"]} <= chosen
    assert {row["event"] for row in tables["evidence"]} <= chosen


def test_the_timeline_and_about_link_the_package_and_a_bad_filter_is_refused(client, seeded):
    assert 'href="/export/datapackage.zip?kind=raid"' in client.get("/?kind=raid").text
    assert 'href="/export/datapackage.zip"' in client.get("/about/").text
    response = client.get("/export/datapackage.zip", {"from": "someday"})
    assert response.status_code == 400 and "someday" in response.text
