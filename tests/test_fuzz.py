"""Property-based tests: no URL of the site, with any parameters, gives a 500.

URL patterns are enumerated from the resolver, not listed by hand, so a new
page is fuzzed the day it is added. `make test` runs a bounded profile;
`make fuzz` a long one (HYPOTHESIS_PROFILE=fuzz).
"""

import os
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# 150 examples a URL: within CI's ten minutes on two cores (`make fuzz` runs 2,000).
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# The second engine's run in CI: what differs there is how queries reach the database,
# which fewer examples still exercise; the first run keeps its 150.
settings.register_profile(
    "second-engine",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PARAMETERS = [
    "q",
    "actor",
    "place",
    "near",
    "kind",
    "tone",
    "source",
    "significance",
    "from",
    "to",
    "order",
    "cursor",
    "cite",
    "p",
    "year",
]
PAYLOAD = "<script>alert('x')</script>"

hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20),
    st.sampled_from(
        [
            PAYLOAD,
            '"><img src=x onerror=alert(1)>',
            "' OR 1=1 --",
            "'; DROP TABLE relations_event; --",
            "-1",
            "0",
            "-99999999999999999999999",
            "1e308",
            "NaN",
            "9" * 400,
            "x" * 10_000,
            "\x00",
            "\u202e",
            "%00",
            "../../etc/passwd",
            "2011",
            "May 2011",
            "late November 2011",
            "cia",
            "raid",
            '"unclosed',
            "NEAR(a b)",
            "*",
            "AND",
            "e30",
            "W10",
            "WyIyMDExLTA1LTAyIiwwLCIyMDExLTA1LTAyIiwieCJd",
        ]
    ),
)
slugish = st.one_of(
    st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,4}", fullmatch=True),
    st.sampled_from(
        [
            "osama-bin-laden-killed-in-abbottabad",
            "reuters-2012-military-trickles-back",
            "khyber-pakhtunkhwa",
            "salala",
            "cia",
            "x" * 300,
        ]
    ),
)


def patterns(resolver=None, prefix=""):
    """Every URL pattern of the site outside the admin, as (regex, converters)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


ROUTES = sorted(set(patterns()))


def fill(route: str, values: list[str]) -> str:
    """A path for the route, its parameters taken from `values`."""
    path = route.lstrip("^").rstrip("$").replace("\\.", ".")
    for value in values:
        path, count = re.subn(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)", value, path, count=1)
        if not count:
            break
    return "/" + path


def test_the_resolver_yields_the_site_pages():
    assert {"", "events/<slug:slug>/", "cite/", "export/events.csv"} <= set(ROUTES)


@pytest.mark.parametrize("route", ROUTES)
@given(
    args=st.lists(slugish, min_size=3, max_size=3),
    params=st.dictionaries(
        st.sampled_from(PARAMETERS), st.lists(hostile_text, max_size=3), max_size=5
    ),
    htmx=st.booleans(),
)
def test_no_url_with_any_parameters_gives_a_server_error(client, seeded, route, args, params, htmx):
    if "fmt" in route:
        args = [args[0], "bib"]
    path = fill(route, args)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(path, params, **headers)
    assert response.status_code in (200, 301, 302, 400, 404), (path, params, response.status_code)
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        assert PAYLOAD.encode() not in response.content
