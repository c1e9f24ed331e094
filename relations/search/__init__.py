"""Full-text search over the database's own engine: SQLite FTS5, or PostgreSQL text search.

- `query`: what a reader typed, folded and parsed into terms (no database);
- `documents`: the folded text an event is found by (no database);
- `sqlite`, `postgres`: each engine's match expressions, SQL and DDL;
- `passages`: passages matching a query, best first, with the matches marked.

Events are matched through `Event.objects.matching(q)`.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from . import postgres, sqlite


def engine():
    """The module that speaks this database's full-text dialect."""
    if connection.vendor == "sqlite":
        return sqlite
    if connection.vendor == "postgresql":
        return postgres
    raise ImproperlyConfigured("Search needs SQLite (FTS5) or PostgreSQL.")
