"""Slugs made from titles: whole words only, however long the title."""

from __future__ import annotations

from django.utils.text import slugify


def whole_word_slug(text: str, limit: int) -> str:
    """`slugify(text)`, cut to at most `limit` characters at a hyphen, never mid-word
    (a single word longer than the limit is the one exception)."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rfind("-")
    return slug[:cut] if cut > 0 else slug[:limit]
