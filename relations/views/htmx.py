"""htmx requests: the typed request, and which requests want only a part of a page."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def partial_request(request: HtmxHttpRequest) -> bool:
    """An htmx swap, as opposed to a page load or a history restore."""
    return bool(request.htmx) and not request.htmx.history_restore_request
