"""The record's words: its vocabulary, and the words a typed word begins.

A bare word matches from its start ('Waziri' finds 'Waziristan') and in all its
forms ('drones' finds 'drone'). Asking the engine for a stemmed prefix makes
it gather every matching row before the first one comes out (FTS5 and GIN
alike): tens of thousands of rows for 'Pakistan'. So a bare word is widened
here to the words of the record it begins, each matched whole and stemmed by
the engine, which then reads rows lazily and stops at the page's few. Only a
word that begins very many words is left to the engine as a prefix.

This module imports the models it needs one by one: the events' QuerySet
imports it back.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection

from ..models.actors import Actor
from ..models.places import Place
from ..models.version import DataVersion
from . import engine
from .query import Query, Term, parse_query

WIDENED = 200  # words a bare word widens to at most; past that, the engine's prefix
TIMEOUT = 24 * 3600


def vocabulary() -> dict[str, int]:
    """Each word of the record's documents (passages; events' titles, summaries, places,
    actors' names and cited passages) with the number of documents holding it, in
    alphabetical order.

    Read from the engine's own plain indexes once per data version (Django's cache)."""

    def read():
        counts = {}
        for word, documents in engine().vocabulary(connection):
            if word.isalpha():
                counts[word] = counts.get(word, 0) + documents
        return dict(sorted(counts.items()))

    return cache.get_or_set(f"search-vocabulary:{DataVersion.current()}", read, TIMEOUT)


def lexicon() -> tuple[str, list[tuple[str, ...]]]:
    """What every search reads: the vocabulary's words in order (without their counts,
    which only a spelling correction needs), and the names of each actor and of each
    place known by several (for parse_query).
    Kept together once per data version: a page reads one small entry. The words are
    one string, a word to a line: a cache read then makes one object, not thousands."""

    def read():
        # Tuples: a page reads them back twice as fast as sets (nothing to hash).
        names = [tuple(sorted(n)) for n in [*Actor.objects.spellings(), *Place.objects.spellings()]]
        return "\n" + "\n".join(vocabulary()) + "\n", names

    return cache.get_or_set(f"search-lexicon:{DataVersion.current()}", read, TIMEOUT)


def completions(word: str, words: str) -> list[str] | None:
    """The words of the record (`words`, a word to a line, in order) that `word` begins
    (itself included); None if too many."""
    found = []
    # In order, the words it begins follow one another from the first of them.
    start = words.find("\n" + word)
    while start >= 0:
        end = words.find("\n", start + 1)
        candidate = words[start + 1 : end]
        if end < 0 or not candidate.startswith(word):
            break
        if len(found) == WIDENED:
            return None
        found.append(candidate)
        start = end
    return found


def widened(term: Term, words: str) -> Term:
    """A bare word as the words it begins, each whole (and stemmed by the engine)."""
    if term.phrase:
        return term
    found = completions(term.variants[0], words)
    if found is None:
        return term
    return Term(tuple(sorted({*found, term.variants[0]})), phrase=True, span=term.span)


def query_for(q: str) -> Query:
    """The reader's query, as the engines search it."""
    words, spellings = lexicon()
    query = parse_query(q, spellings)
    if not query:
        return query
    return Query(
        [[widened(term, words) for term in group] for group in query.groups], query.excluded
    )
