"""Statistics for the query planner, refreshed after bulk loads.

Without them SQLite guesses, and on a large corpus it guesses wrong: it would
walk every published event to find the citations of one article's passages
(a quarter of a second) instead of looking the passages up (a few ms).
PostgreSQL's autovacuum gathers them too, but only some time after a load.
"""

from django.db import connection


def refresh_planner_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
