"""Keyset pagination on the timeline's sort key, with opaque cursors."""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import date

from django.db.models import Q

PAGE_SIZE = 50
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")  # any SlugField value


class BadCursor(ValueError):
    pass


def sort_key(event) -> list:
    return [
        event.start_earliest.isoformat(),
        event.start_precision_rank,
        event.start_latest.isoformat(),
        event.slug,
    ]


def encode_cursor(event) -> str:
    raw = json.dumps(sort_key(event), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, int, date, str]:
    if len(cursor) > 400:
        raise BadCursor("The page link is damaged (too long).")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        earliest, rank, latest, slug = json.loads(raw)
        # type(), not isinstance(): JSON also reads true, 1.5 and Infinity as numbers.
        if type(rank) is not int or not 0 <= rank <= 2:
            raise ValueError("not a precision rank")
        if not isinstance(slug, str) or not SLUG.fullmatch(slug):
            raise ValueError("not an event slug")
        return date.fromisoformat(earliest), rank, date.fromisoformat(latest), slug
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as error:
        raise BadCursor("The page link is damaged; showing the first page.") from error


def after_cursor(queryset, cursor: tuple, descending: bool):
    """Events strictly after (or, newest first, before) the cursor's sort key."""
    earliest, rank, latest, slug = cursor
    op = "lt" if descending else "gt"
    return queryset.filter(
        Q(**{f"start_earliest__{op}": earliest})
        | Q(start_earliest=earliest, **{f"start_precision_rank__{op}": rank})
        | Q(start_earliest=earliest, start_precision_rank=rank, **{f"start_latest__{op}": latest})
        | Q(
            start_earliest=earliest,
            start_precision_rank=rank,
            start_latest=latest,
            **{f"slug__{op}": slug},
        )
    )
