"""Whole public pages cached per process, keyed by a data version the database keeps.

Every insert, update or delete on a table of this app moves one counter, by
triggers the database runs itself (so bulk loads, raw SQL and the admin all
count alike). A page is cached under that counter, its address and the part
htmx asked for, if any: each gunicorn worker keeps its own cache and
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
from urllib.parse import parse_qsl, urlencode

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


# The counter never goes back, even past a restored backup or a recreated
# database: each bump jumps at least to the clock, in microseconds.
NOW_US = {
    "postgresql": "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint",
    "sqlite": "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)",
}
GREATEST = {"postgresql": "GREATEST", "sqlite": "MAX"}


def version_triggers(connection, tables=None) -> list[tuple[str, str]]:
    """(table, trigger) for each table a page shows; on SQLite, one trigger per operation."""
    tables = tables or counted_tables()
    if connection.vendor == "postgresql":
        return [(table, f"{table}_version") for table in tables]
    return [
        (table, f"{table}_version_{op}")
        for table in tables
        for op in ("insert", "update", "delete")
    ]


def ensure_version_triggers(connection) -> None:
    """Create the counter and (re)create its triggers, then bump it (after every migrate, see apps.py)."""
    now = NOW_US[connection.vendor]
    bump = f"UPDATE {VERSION_TABLE} SET version = {GREATEST[connection.vendor]}(version + 1, {now}) WHERE id = 1"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (id integer PRIMARY KEY, version bigint NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, {now}) ON CONFLICT (id) DO NOTHING"
        )
        present = set(connection.introspection.table_names(cursor))
        tables = [table for table in counted_tables() if table in present]
        if connection.vendor == "postgresql":
            # Deferred to commit: a writer locks the counter's row only as it commits, so
            # writers never wait on each other through it (no deadlock), and readers never
            # see a new version before its data. One bump per commit, however many rows.
            cursor.execute(
                "CREATE OR REPLACE FUNCTION relations_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN "
                "IF current_setting('relations.bumped_at', true) IS DISTINCT FROM statement_timestamp()::text THEN "
                "PERFORM set_config('relations.bumped_at', statement_timestamp()::text, true); "
                f"{bump}; "
                "END IF; RETURN NULL; END $$"
            )
            for table, trigger in version_triggers(connection, tables):
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION relations_bump_version()"
                )
                # TRUNCATE (flush) takes the whole table already; a constraint trigger cannot see it.
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {trigger}_truncate AFTER TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION relations_bump_version()"
                )
        elif connection.vendor == "sqlite":
            # SQLite rebuilds a table to alter it and drops its triggers: make them each time.
            for table, trigger in version_triggers(connection, tables):
                operation = trigger.rsplit("_", 1)[1].upper()
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
                cursor.execute(
                    f"CREATE TRIGGER {trigger} AFTER {operation} ON {table} BEGIN {bump}; END"
                )
        # A migration may have changed rows while a rebuilt table had no trigger.
        cursor.execute(bump)


def drop_version_triggers(connection) -> None:
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        tables = [table for table in counted_tables() if table in present]
        for table, trigger in version_triggers(connection, tables):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}_truncate ON {table}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
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
        # The same filters in another order are the same page; a name's repeated
        # values keep their order (the last "q" is the one searched).
        params = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        query = urlencode(sorted(params, key=lambda param: param[0]))
        address = hashlib.md5(f"{request.path}?{query}".encode(), usedforsecurity=False)
        # A part depends on the element it replaces (htmx names it).
        part = f"part:{request.htmx.target or ''}" if partial_request(request) else "whole"
        key = f"page:{data_version(request)}:{part}:{address.hexdigest()}"
        hit = pages.get(key)
        if hit is None:
            response = view(request, *args, **kwargs)
            if (
                response.status_code != 200
                or response.streaming
                or response.cookies
                # A CSRF token is one reader's; its cookie is only set further out.
                or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
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
