"""One search interface over the database's own full-text engine.

Events are found by a folded document of their title, summary, place, actors'
names and cited passages; passages by their text. Text is folded (case,
typography, hyphens, accents) so that 'al-Qaeda', 'al Qaeda' and 'Al Qaeda'
are one; unquoted words that name an actor also match the actor's other names
('al-Qaida' finds 'al-Qaeda', 'TTP' finds 'Tehrik-i-Taliban Pakistan'). Words
match from their start ('raid' finds 'raids'); "quoted phrases" match exactly,
as written.

On SQLite the engine is FTS5 (tables and triggers in migration 0003); on
PostgreSQL it is its own text search, over a stored `search_vector` column
with a GIN index (migration 0009; not a model field), with the 'simple'
configuration so that names are never stemmed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from .anchoring import QuoteAmbiguous, QuoteNotFound, anchor_quote, normalise

_NON_WORD = re.compile(r"[\W_]+")  # as FTS5's unicode61 tokenizer splits
# Private-use characters mark matches in highlighted text (both engines accept them).
HIT_START, HIT_END = "\ue000", "\ue001"
MAX_TERMS = 12


def fold_for_search(text: str) -> str:
    text = unicodedata.normalize("NFKD", normalise(text)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " " + " ".join(_NON_WORD.sub(" ", text).split()) + " "


def searchable(q: str) -> bool:
    """Whether the text has a letter or a digit to search for ("😀" or "*" has none)."""
    return bool(fold_for_search(q or "").strip())


def event_document(event, actors, passages) -> str:
    # An actor's name, not its aliases: a query widens a name to its aliases
    # itself, and a quoted "Islamabad" must not match every event of Pakistan's.
    parts = [event.title, event.summary, event.place]
    for actor in actors:
        parts.append(actor.name)
    parts += [passage.text for passage in passages]
    parts += sorted({passage.source.publisher for passage in passages})
    return fold_for_search(" \n ".join(parts))


DERIVED_PREFETCH = ("event_actors__actor", "citations__passage__source")


def refresh_derived_fields(events) -> int:
    """Rebuild each event's search document and source count; the number that changed.

    A change also moves the event's `updated` stamp, its last change.
    """
    from django.utils import timezone

    from .models import Event

    changed, now = [], timezone.now()
    for event in events:
        actors = [link.actor for link in event.event_actors.all()]
        passages = list({c.passage_id: c.passage for c in event.citations.all()}.values())
        document = event_document(event, actors, passages)
        sources = len({passage.source.publisher for passage in passages})
        if (event.search_document, event.source_count) != (document, sources):
            event.search_document, event.source_count, event.updated = document, sources, now
            changed.append(event)
    Event.objects.bulk_update(changed, ["search_document", "source_count", "updated"])
    return len(changed)


@dataclass(frozen=True)
class Term:
    """One thing the query asks for, in any of its spellings (folded words)."""

    variants: tuple[str, ...]
    phrase: bool  # quoted by the user: match exactly, not as a word start


def actor_spellings() -> list[set[str]]:
    """Each actor's names, folded: read and folded once per data version, not per search."""
    from django.core.cache import cache

    from .models import Actor
    from .pagecache import data_version

    def read():
        return [
            {fold_for_search(name).strip() for name in (actor.name, *actor.aliases)}
            for actor in Actor.objects.only("name", "aliases")
        ]

    return cache.get_or_set(f"actor-spellings:{data_version()}", read, timeout=24 * 3600)


def parse_query(q: str) -> list[Term]:
    """Quoted phrases stay together and match as written; other words stand alone,
    and a run of them that names an actor widens to the actor's other names."""
    names = actor_spellings()
    text = normalise(q or "")
    terms: list[Term] = []
    quoted = [(m.start(), m.end(), m.group(1)) for m in re.finditer(r'"([^"]+)"', text)]
    rest = re.sub(r'"[^"]+"', " ", text).replace('"', " ")
    # A run of bare words that is an actor's name is one term ('al qaida', 'North Waziristan').
    words = fold_for_search(rest).split()
    index = 0
    while index < len(words):
        for size in range(min(5, len(words) - index), 0, -1):
            chunk = " ".join(words[index : index + size])
            spellings = next((group for group in names if chunk in group), None)
            if spellings or size == 1:
                terms.append(Term(tuple(sorted(spellings or {chunk})), phrase=bool(spellings)))
                index += size
                break
    for _, _, phrase in quoted:
        folded = fold_for_search(phrase).strip()
        if folded:  # quoted: these words exactly, no other names ("Islamabad", not Pakistan)
            terms.append(Term((folded,), phrase=True))
    return terms[:MAX_TERMS]


# --- SQLite FTS5 ---------------------------------------------------------------------


def _match_expression(terms: list[Term], phrase, prefix, either: str, both: str) -> str:
    """A full-text query, built only from folded word characters: every term
    must match, in any of its spellings; bare words match from their start."""
    groups = []
    for term in terms:
        options = [
            phrase(tokens) if term.phrase else prefix(tokens)
            for tokens in (variant.split() for variant in term.variants)
            if tokens
        ]
        if options:
            groups.append("(" + either.join(options) + ")")
    return both.join(groups)


def _fts_expression(terms: list[Term]) -> str:
    """For SQLite FTS5 MATCH: "a b" for a phrase, "a b" * for a prefix."""

    def phrase(tokens):
        return '"' + " ".join(tokens) + '"'

    return _match_expression(terms, phrase, lambda tokens: phrase(tokens) + " *", " OR ", " AND ")


def _tsquery_expression(terms: list[Term]) -> str:
    """For PostgreSQL to_tsquery: a <-> b for a phrase, a <-> b:* for a prefix."""

    def phrase(tokens):
        return "(" + " <-> ".join(tokens) + ")"

    def prefix(tokens):
        return phrase([*tokens[:-1], tokens[-1] + ":*"])

    return _match_expression(terms, phrase, prefix, " | ", " & ")


def _uses_fts() -> bool:
    return connection.vendor == "sqlite"


def _uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def matching_events(queryset, q: str):
    """Events whose search document matches every term of the query."""
    terms = parse_query(q)
    if not terms:
        return queryset
    if _uses_fts():
        expression = _fts_expression(terms)
        if not expression:
            return queryset
        return queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM relations_event_fts WHERE relations_event_fts MATCH %s",
                [expression],
            )
        )
    if _uses_postgres():
        expression = _tsquery_expression(terms)
        if not expression:
            return queryset
        return queryset.filter(
            pk__in=RawSQL(
                "SELECT id FROM relations_event WHERE search_vector @@ to_tsquery('simple', %s)",
                [expression],
            )
        )
    conditions = [
        reduce(
            or_,
            (
                Q(search_document__contains=f" {variant} " if term.phrase else f" {variant}")
                for variant in term.variants
            ),
        )
        for term in terms
    ]
    return queryset.filter(reduce(and_, conditions))


@dataclass
class PassageHit:
    passage_id: int
    rank: float
    marked: str  # passage text with HIT_START/HIT_END around the matches
    exact: bool = False


def _mark(text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in sorted(spans):
        out += [text[at:start], HIT_START, text[start:end], HIT_END]
        at = end
    out.append(text[at:])
    return "".join(out)


def _quote_hits(q: str, source: str, year: int | None, limit: int) -> list[PassageHit]:
    """Passages holding the query word for word (a pasted quote), typography forgiven."""
    from .models import Passage

    folded = fold_for_search(q.replace('"', " ")).strip()
    if len(folded.split()) < 4:
        return []
    passages = Passage.objects.all()
    if _uses_fts():
        passages = passages.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM relations_passage_fts WHERE relations_passage_fts MATCH %s",
                ['"' + folded + '"'],
            )
        )
    elif _uses_postgres():
        passages = passages.filter(
            pk__in=RawSQL(
                "SELECT id FROM relations_passage WHERE search_vector @@ to_tsquery('simple', %s)",
                [" <-> ".join(folded.split())],
            )
        )
    else:
        passages = passages.filter(
            reduce(and_, (Q(text__icontains=word) for word in folded.split()[:MAX_TERMS]))
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
                PassageHit(
                    passage.pk, -1e9, _mark(passage.text, [(anchor.start, anchor.end)]), True
                )
            )
    return hits[:limit]


def _passage_matches(terms: list[Term], source: str, year: int | None) -> tuple[str, list]:
    """FROM and WHERE of the passages matching the terms (and source, year), with its parameters.

    On SQLite the FTS5 table is `f`; on PostgreSQL the passages are `p` and the
    query is `query`.
    """
    # Sources are joined only to filter by them: for a common word that is tens
    # of thousands of rows.
    source_join = " JOIN relations_source s ON s.id = p.source_id" if source or year else ""
    if _uses_fts():
        passage_join = " JOIN relations_passage p ON p.id = f.rowid" if source_join else ""
        sql = (
            f" FROM relations_passage_fts f{passage_join}{source_join}"
            " WHERE relations_passage_fts MATCH %s"
        )
        params = [_fts_expression(terms)]
    else:
        sql = (
            f" FROM relations_passage p{source_join}, to_tsquery('simple', %s) query"
            " WHERE p.search_vector @@ query"
        )
        params = [_tsquery_expression(terms)]
    if source:
        sql += " AND s.slug = %s"
        params.append(source)
    if year:
        sql += " AND s.published BETWEEN %s AND %s"
        params += [f"{year}-01-01", f"{year}-12-31"]
    return sql, params


def count_passages(q: str, source: str = "", year: int | None = None, at_most: int = 1000) -> int:
    """How many passages match the query in all, counting no further than `at_most` + 1.

    A search page shows the best few; "the" matches nearly every passage, and
    counting them all would cost more than ranking them.
    """
    terms = parse_query(q)
    if not terms:
        return 0
    if not (_uses_fts() or _uses_postgres()):
        return len(search_passages(q, source, year, limit=at_most + 1))
    sql, params = _passage_matches(terms, source, year)
    if not params[0]:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1{sql} LIMIT %s) hits", [*params, at_most + 1]
        )
        return cursor.fetchone()[0]


def search_passages(
    q: str, source: str = "", year: int | None = None, limit: int = 50
) -> list[PassageHit]:
    """Passages matching the query, best first, with the matches marked."""
    terms = parse_query(q)
    if not terms:
        return []
    exact = _quote_hits(q, source, year, limit)
    seen = {hit.passage_id for hit in exact}
    if _uses_fts() or _uses_postgres():
        matches, params = _passage_matches(terms, source, year)
        if not params[0]:
            return exact
        if _uses_fts():
            sql = (
                "SELECT f.rowid, bm25(relations_passage_fts),"
                f" highlight(relations_passage_fts, 0, char({ord(HIT_START)}), char({ord(HIT_END)}))"
                f"{matches} ORDER BY bm25(relations_passage_fts) LIMIT %s"
            )
            params.append(limit)
        else:
            # Rank from the stored vector; the outer query headlines only the rows kept.
            sql = (
                f"WITH top AS (SELECT p.id, -ts_rank(p.search_vector, query) AS rank, p.text, query"
                f"{matches} ORDER BY rank, p.id LIMIT %s)"
                " SELECT id, rank, ts_headline('simple', text, query, %s) FROM top ORDER BY rank, id"
            )
            params += [limit, f"StartSel={HIT_START}, StopSel={HIT_END}, HighlightAll=true"]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        ranked = [PassageHit(pk, rank, marked) for pk, rank, marked in rows if pk not in seen]
    else:
        from .models import Passage

        passages = Passage.objects.all()
        for term in terms:
            passages = passages.filter(reduce(or_, (Q(text__icontains=v) for v in term.variants)))
        if source:
            passages = passages.filter(source__slug=source)
        if year:
            passages = passages.filter(source__published__year=year)
        ranked = [PassageHit(p.pk, 0.0, p.text) for p in passages[:limit] if p.pk not in seen]
    return (exact + ranked)[:limit]
