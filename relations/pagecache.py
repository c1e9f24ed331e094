"""Whole public pages cached per process, keyed by a data version the database keeps.

Every insert, update or delete on a table of this app moves one counter, by
triggers the database runs itself (so bulk loads, raw SQL and the admin all
count alike). A page is cached under that counter, its address and whether
htmx asked for a part of it: each gunicorn worker keeps its own cache and
stays correct without a shared one, at the price of one small query a page.

A page is kept gzipped, as most readers get it, and served as it is: a hit
costs one query, a dictionary lookup and the middleware. Pages carry no
nonce and no CSRF token, so every reader gets the same bytes. Pages for
signed-in users (curators see drafts) are never cached.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_TABLE = "relations_data_version"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
KEPT_HEADERS = ("Content-Type", "Vary", "Cache-Control", "X-Robots-Tag", "Content-Language")


def counted_tables() -> list[str]:
    """The tables whose rows public pages show: all of this app's, but its history."""
    from django.apps import apps

    return [
        model._meta.db_table
        for model in apps.get_app_config("relations").get_models(include_auto_created=True)
        if model._meta.managed and not hasattr(model, "instance_type")  # simple_history's
    ]


def ensure_version_triggers(connection) -> None:
    """Create the counter and its triggers where missing (after every migrate, see apps.py)."""
    bump = f"UPDATE {VERSION_TABLE} SET version = version + 1 WHERE id = 1"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (id integer PRIMARY KEY, version bigint NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"
        )
        tables = set(connection.introspection.table_names(cursor))
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION relations_bump_version() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN {bump}; RETURN NULL; END $$"
            )
            for table in counted_tables():
                if table in tables:
                    # One bump a statement, however many rows it touches.
                    cursor.execute(
                        f"CREATE OR REPLACE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE "
                        f"OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION relations_bump_version()"
                    )
        elif connection.vendor == "sqlite":
            # SQLite rebuilds a table to alter it and drops its triggers: check each time.
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {row[0] for row in cursor.fetchall()}
            for table in counted_tables():
                for operation in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{table}_version_{operation.lower()}"
                    if table in tables and name not in present:
                        cursor.execute(
                            f"CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN {bump}; END"
                        )


def drop_version_triggers(connection) -> None:
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for table in counted_tables():
            if table not in tables:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_version ON {table}")
            else:
                for operation in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_version_{operation}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS relations_bump_version()")
        cursor.execute(f"DROP TABLE IF EXISTS {VERSION_TABLE}")


def data_version(request=None) -> int:
    """The counter (read once per request): part of every cached page's and fragment's key."""
    if request is not None and hasattr(request, "data_version"):
        return request.data_version
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    version = row[0] if row else 0
    if request is not None:
        request.data_version = version
    return version


def cached_page(view):
    """Serve `view`'s 200 responses to anonymous readers from the page cache."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PAGE_CACHE or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        from .views.pages import partial_request

        pages = caches["pages"]
        # The same filters in another order are the same page.
        query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
        address = hashlib.md5(f"{request.path}?{query}".encode(), usedforsecurity=False)
        part = "part" if partial_request(request) else "whole"
        key = f"page:{data_version(request)}:{part}:{address.hexdigest()}"
        hit = pages.get(key)
        if hit is None:
            response = view(request, *args, **kwargs)
            if (
                response.status_code != 200
                or response.streaming
                or response.cookies
                or "no-store" in response.get("Cache-Control", "")
            ):
                return response
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            hit = (headers, gzip.compress(response.content, mtime=0))
            pages.set(key, hit)
        headers, body = hit
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(body, headers={**headers, "Content-Encoding": "gzip"})
        else:
            response = HttpResponse(gzip.decompress(body), headers=headers)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapper
