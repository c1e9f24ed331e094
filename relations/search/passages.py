"""Passages matching a query, best first, with the matches marked; the matches counted.
And the events matching it: counted, and the first listed in timeline order."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

from ..models import Passage, Source
from ..text.anchoring import QuoteAmbiguous, QuoteNotFound, anchor_quote
from . import engine
from .query import HIT_END, HIT_START, fold_for_search
from .words import query_for


@dataclass
class PassageHit:
    passage_id: int
    rank: float
    marked: str  # passage text with HIT_START/HIT_END around the matches
    exact: bool = False


def _mark(text: str, start: int, end: int) -> str:
    return f"{text[:start]}{HIT_START}{text[start:end]}{HIT_END}{text[end:]}"


def _quote_hits(q: str, source: str, year: int | None, limit: int) -> list[PassageHit]:
    """Passages holding the query word for word (a pasted quote), typography forgiven."""
    folded = fold_for_search(q.replace('"', " ")).strip()
    if len(folded.split()) < 4:
        return []
    passages = Passage.objects.filter(
        pk__in=RawSQL(*engine().passage_phrase_match(folded)), source__status=Source.Status.PUBLIC
    )
    if source:
        passages = passages.filter(source__slug=source)
    if year:
        passages = passages.filter(source__published__year=year)
    hits = []
    for passage in passages[: limit * 4]:
        try:
            anchor = anchor_quote(passage.text, q.strip().strip('"'), ignore_case=True)
        except QuoteAmbiguous:
            hits.append(PassageHit(passage.pk, -1e9, passage.text, exact=True))
        except QuoteNotFound:
            continue
        else:
            hits.append(
                PassageHit(passage.pk, -1e9, _mark(passage.text, anchor.start, anchor.end), True)
            )
    return hits[:limit]


def count_passages(
    q: str, source: str = "", year: int | None = None, at_most: int = 1000, query=None
) -> int:
    """How many passages match the query in all, counting no further than `at_most` + 1.

    A search page shows the best few; "the" matches nearly every passage, and
    counting them all would cost more than ranking them.
    """
    query = query if query is not None else query_for(q)
    if not query:
        return 0
    sql, params = engine().passage_matches(query, source, year)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1{sql} LIMIT %s) hits", [*params, at_most + 1]
        )
        return cursor.fetchone()[0]


def count_events(query, at_most: int = 1000) -> int:
    """How many published events match the query (from query_for), counting no further
    than `at_most` + 1."""
    if not query:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(*engine().published_event_count(query, at_most))
        return cursor.fetchone()[0]


def first_events(events, query, shown: int, at_most: int, narrowed: bool) -> tuple[list, int]:
    """The first `shown` of these published events that match the query, in timeline
    order, and how many match, counted as far as `at_most` + 1. `narrowed`: `events` are
    not all the published events."""
    if not query:
        return [], 0
    # The engine says when they are counted (its events_counted()). Narrowed, they may
    # be few of many: those are walked, in the timeline's order, and counted after.
    counted = "after" if narrowed else engine().events_counted(query)
    if counted == "before":  # few matches are then looked up (the engines' matched_id())
        total = count_events(query, at_most)
        found = events.matching(query, few=total <= at_most) if total else events.none()
        return list(found.in_timeline_order()[:shown]), total
    if counted == "with":
        # Listed and counted in one statement: the count is a subquery the database runs
        # once, bounded as count_events() bounds it.
        total = RawSQL(*engine().published_event_count(query, at_most))
        first = list(events.matching(query).annotate(matched=total).in_timeline_order()[:shown])
        return first, first[0].matched if first else 0
    # After: only when there are more than are shown.
    first = list(events.matching(query).in_timeline_order()[: shown + 1])
    if len(first) <= shown:
        return first, len(first)
    if narrowed:
        return first[:shown], events.matching(query).order_by()[: at_most + 1].count()
    return first[:shown], count_events(query, at_most)


def ranked_search(
    q: str, source: str = "", year: int | None = None, limit: int = 50, query=None
) -> tuple[list[PassageHit], int]:
    """Passages matching the query, best first (a pasted quote's own passage first), and
    how many match, counted no further than RANKED + 1 (the ranking counts them).

    `query` is `q` as query_for() prepares it, when the caller has it already."""
    query = query if query is not None else query_for(q)
    if not query:
        return [], 0
    exact = _quote_hits(q, source, year, limit)
    sql, params = engine().ranked_passages(query, source, year, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    seen = {hit.passage_id for hit in exact}
    ranked = [PassageHit(pk, rank, marked) for pk, rank, marked, _ in rows if pk not in seen]
    hits = (exact + ranked)[:limit]
    matches = rows[0][3] if rows else 0
    return hits, max(len(hits), matches)


def search_passages(
    q: str, source: str = "", year: int | None = None, limit: int = 50, query=None
) -> list[PassageHit]:
    """The best passages matching the query (see ranked_search)."""
    return ranked_search(q, source, year, limit, query)[0]
