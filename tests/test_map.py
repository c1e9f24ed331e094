"""The map, drawn on the server: the seeds' events at their places, without JavaScript."""

import gzip
import re

from relations import maps
from relations.models import Event

from .test_places import page

MARK = re.compile(r'<a href="([^"]*)" class="mark is-(\w+) (\w+)"><title>([^<]*)</title>')


def marks(html: str, layer: str = "wide") -> list[tuple[str, str, str, str]]:
    """(href, shape, tone, label) of each mark of a layer."""
    start = html.index(f'<g class="marks {layer}"')
    return MARK.findall(html[start : html.index("</g>", start)])


def test_the_map_draws_the_seeds_events_at_their_places_without_javascript(client, seeded):
    html = page(client, "/map/")
    assert "<script" not in html.split("<main", 1)[1]  # the map itself needs none
    drawn = marks(html)
    assert drawn and marks(html, "narrow")
    counted = sum(int(re.search(r": (\d+) events?", label).group(1)) for *_, label in drawn)
    on_map = (
        Event.objects.published()
        .filter(event_places__precision__in=["site", "town", "district", "province", "country"])
        .exclude(event_places__place__slug__in=["chicago", "oslo", "washington"])
        .distinct()
        .count()
    )
    assert counted >= on_map  # an event at two places far apart is counted at each
    # Every mark leads somewhere: a place's page, a closer map, or the list.
    for href, *_ in drawn:
        assert href.startswith(("/places/", "/map/?near=", "#place-")), href


def test_precision_is_shown_honestly_a_district_as_a_ring_a_town_as_a_pin(client, seeded):
    drawn = {href: (shape, label) for href, shape, _, label in marks(page(client, "/map/"))}
    assert drawn["/places/paktika/"][0] == "ring"  # a province, drawn at its capital
    assert drawn["/places/lahore/"][0] == "pin"
    assert "located to the town" in drawn["/places/lahore/"][1]
    assert drawn["/places/pakistan/"][0] == "ring"  # the country, at its centre


def test_marks_are_coloured_by_tone_and_say_it_in_words_and_a_glyph(client, seeded):
    html = page(client, "/map/")
    for _, _, tone, label in marks(html):
        words = {"easing": "mostly easing", "neutral": "neutral or mixed", "friction": "friction"}
        assert words[tone] in label
    assert "▼\u202f1" in html and "▲\u202f1" in html


def test_places_outside_the_region_and_without_a_pin_are_listed_not_dropped(client, seeded):
    html = page(client, "/map/")
    outside = html[html.index("<h2>Outside the map</h2>") : html.index("<h2>Without a pin</h2>")]
    for name in ("Chicago", "Oslo", "Washington, DC"):
        assert f">{name}</a> 1 event" in outside
    unplaced = html[html.index("<h2>Without a pin</h2>") :]
    assert ">Afghanistan–Pakistan border</a> 4 events" in unplaced


def test_the_text_list_names_every_place_on_the_map_with_its_count(client, seeded):
    html = page(client, "/map/")
    listed = html[html.index('id="places-heading"') : html.index("<h2>Outside the map</h2>")]
    assert '<li id="place-islamabad"><a href="/places/islamabad/">Islamabad</a> 5 events' in listed
    assert ">Zangara</a> 1 event" in listed  # drawn at South Waziristan's point
    assert 'aria-labelledby="map-caption"' in html and "<title>" in html


def test_the_map_takes_the_timelines_filters_and_links_back(client, seeded):
    timeline = page(client, "/", actor="cia")
    assert 'href="/map/?actor=cia"' in timeline
    html = page(client, "/map/", actor="cia")
    total = Event.objects.published().involving(["cia"]).count()
    assert f"<strong>{total}</strong> events match" in html
    assert (
        'href="/?actor=cia"' in html and "Remove filter Actor: Central Intelligence Agency" in html
    )
    for href, *_ in marks(html):
        assert "actor=cia" in href or href.startswith("#"), href


def test_a_group_leads_to_a_closer_map_where_it_splits(client, seeded):
    drawn = marks(page(client, "/map/"))
    groups = [href for href, *_ in drawn if href.startswith("/map/?near=")]
    assert groups
    closer = page(client, groups[0].replace("&amp;", "&"))
    assert "Whole region" in closer and 'viewBox="0 0 1000' not in closer
    assert len(marks(closer)) > 1


def test_a_zoom_that_cannot_be_drawn_is_named_and_the_whole_region_shown(client, seeded):
    for value, message in (
        ("chicago", "Chicago is not on this map"),
        ("atlantis", "No place is called “atlantis”"),
        ("afghanistan-pakistan-border", "is not on this map"),
    ):
        html = page(client, "/map/", near=value)
        assert message in html and 'viewBox="0 0 1000' in html


def test_marks_never_overlap_in_either_layer(seeded):
    data = maps.build(Event.objects.published())
    for layer in data["layers"].values():
        drawn = layer["marks"]
        for i, a in enumerate(drawn):
            for b in drawn[i + 1 :]:
                assert ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 >= a.r + b.r


def test_the_map_of_the_seeds_weighs_little(client, seeded):
    response = client.get("/map/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert len(response.content) < 60_000
    assert len(gzip.decompress(response.content)) < 60_000


def test_the_about_page_says_how_kashmir_is_drawn(client, seeded):
    html = page(client, "/about/")
    assert "Kashmir is drawn as Natural Earth draws it" in html
    assert "Line of Control" in html and "No claim lines are drawn" in html
