"""The version of the public data, part of every cached page's key."""

from __future__ import annotations

import time

from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Greatest


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
        # Every page reads it, a page from the cache too: one plain query, without the
        # ORM's building of it (a twentieth of the time).
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('version')} FROM {quote(cls._meta.db_table)} WHERE id = 1"
            )
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def move(cls) -> None:
        now = time.time_ns() // 1000
        if not cls.objects.filter(pk=1).update(version=Greatest(F("version") + 1, Value(now))):
            cls.objects.get_or_create(pk=1, defaults={"version": now})
