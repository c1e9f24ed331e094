"""Public pages cached whole for anonymous readers, through Django's cache, under the data version.

A view opts in with @public_page. The middleware sits outside GZipMiddleware,
as Django's own cache middleware does, so a page is kept as it is sent
(compressed for the readers who accept it) and a hit costs one small query
(the data version) and a cache lookup. The key holds the data version, which
the write path moves as it finishes a change (models.DataVersion), so every
server process, with a cache of its own or sharing one (CACHE_URL), stops
serving a page as soon as the data under it changes. Nothing here is ever
served to a request carrying a session (curators see drafts), nor stored
from a response that sets a cookie or says private or no-store.

Templates cache what is costly to make and shared by many pages (an event's
card, the overview of a selection) with {% cache %} under the same version,
so that one change to the data invalidates every copy at once.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.http import split_directive_names

from ..models import DataVersion

TIMEOUT = 24 * 3600


def public_page(view):
    """Mark a view whose pages may be cached for anonymous readers."""
    view.public_page = True
    return view


def page_key(request) -> str:
    # The same filters in another order are the same page; a name's repeated
    # values keep their order (the last "q" is the one searched).
    params = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    query = urlencode(sorted(params, key=lambda param: param[0]))
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    # A part of a page depends on the element it replaces (htmx names it).
    htmx = f"{request.headers.get('HX-Request', '')}:{request.headers.get('HX-Target', '')}"
    address = hashlib.md5(
        f"{request.path}?{query}|{htmx}|{gzip}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"page:{DataVersion.current()}:{address}"


def storable(response) -> bool:
    cache_control = set(split_directive_names(response.get("Cache-Control", "")))
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not cache_control & {"private", "no-store", "no-cache"}
    )


class PublicPageCache:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with DataVersion.read_once():
            response = self.get_response(request)
        key = getattr(request, "_public_page_key", None)
        if key and storable(response):
            cache.set(key, response, TIMEOUT)
        return response

    def process_view(self, request, view, args, kwargs):
        if not getattr(view, "public_page", False) or request.method != "GET":
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or not settings.PAGE_CACHE:
            return None
        key = page_key(request)
        response = cache.get(key)
        if response is None:
            request._public_page_key = key
        return response
