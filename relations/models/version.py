"""The version of the public data, part of every cached page's key."""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Greatest

# The version read once in a request (see DataVersion.read_once).
_read: ContextVar[dict | None] = ContextVar("data_version_read", default=None)


class DataVersion(models.Model):
    """One row: the version of the public data, part of every cached page's key.

    The write path (relations.store) moves it as it finishes a change, so that
    every server process, each with a cache of its own or sharing one, stops
    serving pages of the data before. It never goes back, even past a restored
    backup: each move jumps at least to the clock, in microseconds.
    """

    version = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls) -> int:
        read = _read.get()
        if read and "version" in read:
            return read["version"]
        # Every page reads it, a page from the cache too: one plain query, without the
        # ORM's building of it (a twentieth of the time).
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('version')} FROM {quote(cls._meta.db_table)} WHERE id = 1"
            )
            row = cursor.fetchone()
        version = row[0] if row else 0
        if read is not None:
            read["version"] = version
        return version

    @classmethod
    @contextmanager
    def read_once(cls):
        """Within it (a request: views/cache.py), the version is read once, where a search
        would read it for each of the cache entries it uses: on PostgreSQL a round trip
        each. A change made within it moves the version and reads it again."""
        token = _read.set({})
        try:
            yield
        finally:
            _read.reset(token)

    @classmethod
    def move(cls) -> None:
        if read := _read.get():
            read.clear()
        now = time.time_ns() // 1000
        if not cls.objects.filter(pk=1).update(version=Greatest(F("version") + 1, Value(now))):
            cls.objects.get_or_create(pk=1, defaults={"version": now})
