"""Words that match nothing, corrected against the record's own vocabulary.

Readers type the names of this story in many spellings. Actors' press
spellings are curated aliases (parse_query widens a name to them); beyond
them, a typed word that matches no passage and no event is replaced by the
word of the record it most resembles: the word it becomes with two
neighbouring letters swapped ('Meshud': Mehsud), else by trigram similarity
(as PostgreSQL's pg_trgm measures it), the more frequent word first among
equals. The query is searched in its corrected form only when the typed one
finds nothing, or fewer than a fifth of what the correction finds; the page
then says so and links to both. A query that finds things is never rewritten
silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from ..models import Actor, DataVersion, Place
from ..models.actors import folded_names
from ..text.anchoring import normalise
from . import engine
from .passages import count_events, count_passages
from .query import Query, Term, parse_query
from .words import TIMEOUT, completions, lexicon, query_for, vocabulary

SIMILAR = 0.3  # pg_trgm's default threshold
FEWER = 5  # the typed query is kept unless its correction finds five times as much
COUNTED = 1000


@dataclass(frozen=True)
class Search:
    """What is searched for, and what the reader typed when that was corrected."""

    q: str
    typed: str = ""


def named_words() -> list[str]:
    """Words of the names the record gives, in every spelling it knows: actors' and
    places' names and aliases (an alias need not be in any document to be a good
    correction)."""
    words = []
    for names in Actor.objects.values_list("spellings", flat=True):
        words += [word for name in names for word in name.split()]
    for name, aliases in Place.objects.values_list("name", "aliases"):
        words += [word for spelling in folded_names(name, aliases) for word in spelling.split()]
    return words


def candidates() -> str:
    """The words a correction may be: the vocabulary and the record's names, with the
    number of documents holding each, as one string, a line each: "\nword\tdocuments".
    Read once per data version (Django's cache); a string is one object to read back."""

    def read():
        words = {word: documents for word, documents in vocabulary().items() if len(word) >= 3}
        for word in named_words():
            if len(word) >= 3 and word.isalpha():
                words[word] = words.get(word, 0) + 1
        return "".join(f"\n{word}\t{documents}" for word, documents in words.items()) + "\n"

    return cache.get_or_set(f"search-candidates:{DataVersion.current()}", read, TIMEOUT)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of a word (padded with two spaces before, one after), as they
    read in the candidates' lines: "\nw" for the first ("  w"), "\nwo", "wor", "rd\t"."""
    line = f"\n{word}\t"
    return {line[:2], *(line[i : i + 3] for i in range(len(line) - 2))}


def entry(lines: str, start: int) -> tuple[str, int]:
    """The word and its number of documents on the candidates' line whose newline is at
    `start`."""
    word, documents = lines[start + 1 : lines.find("\n", start + 1)].split("\t")
    return word, int(documents)


def swapped(word: str, lines: str) -> str | None:
    """The commonest word of the record that `word` becomes with two neighbouring letters
    swapped: the commonest slip of the fingers, and one trigrams hardly see ('meshud'
    and 'mehsud' share 3 of their 11, under SIMILAR)."""
    best, most = None, -1
    for i in range(len(word) - 1):
        other = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        found = lines.find(f"\n{other}\t") if other != word else -1
        if found >= 0:
            documents = entry(lines, found)[1]
            if documents > most or (documents == most and other < best):
                best, most = other, documents
    return best


def likeliest(word: str, lines: str) -> str | None:
    """The word of the record most like `word`: one swap of neighbouring letters away
    (see swapped()), else by pg_trgm's similarity (the trigrams two words share over
    all their trigrams); None when none is like it enough.

    `lines` are the candidates(). Only the lines holding some of the word's trigrams are
    scored: each trigram's lines are found with str.find, not by reading every word."""
    if swap := swapped(word, lines):
        return swap
    mine = trigrams(word)
    # A word sharing fewer trigrams than this cannot reach SIMILAR: from shared / (mine
    # + theirs - shared) >= SIMILAR, with theirs >= 4 (a word of three letters or more
    # has four: "  a", " ab", "abc", "bc "). It is over one, so a word like this one
    # shares a trigram besides the first (its first letter, the commonest); over two
    # for a word of four letters or more, so besides the second too (its first two
    # letters). Those are not searched for but checked on the lines found.
    needed = SIMILAR * (len(mine) + 4) / (1 + SIMILAR)
    first, second = f"\n{word[0]}", f"\n{word[:2]}" if needed > 2 else None
    shared = {}  # where a line starts: how many of the word's trigrams it holds
    for trigram in mine - {first, second}:
        found = lines.find(trigram)
        while found >= 0:
            start = found if trigram[0] == "\n" else lines.rfind("\n", 0, found)
            shared[start] = shared.get(start, 0) + 1
            found = lines.find(trigram, lines.find("\n", found + 1))  # once a line
    best, best_score = None, 0.0
    for start, count in shared.items():
        if lines.startswith(first, start):
            count += 1 + bool(second and lines.startswith(second, start))
        if count < needed:
            continue
        candidate, documents = entry(lines, start)
        if candidate == word or abs(len(candidate) - len(word)) > 3:
            continue
        score = count / (len(mine) + len(trigrams(candidate)) - count)
        if score < SIMILAR:
            continue
        score += 0.02 * math.log10(1 + documents)  # among near-equals, the commoner word
        if score > best_score or (score == best_score and candidate < best):
            best, best_score = candidate, score
    return best


def same_case(word: str, typed: str) -> str:
    """The correction written as the reader wrote: 'Salalah' → 'Salala', 'TTO' → 'TTP'."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    return word.capitalize() if typed[:1].isupper() else word


def finds_anything(query: Query) -> bool:
    match = engine().any_match(query)
    if not match:
        return False
    with connection.cursor() as cursor:
        cursor.execute(*match)
        return cursor.fetchone() is not None


def corrected(q: str, query: Query, finds_nothing: bool = False) -> str:
    """The query with each typed word that matches nothing replaced; '' if none is.

    `finds_nothing` says the whole query was searched and found nothing: a query of one
    word then needs no second look for that word."""
    fixed = text = normalise(q)  # the text the words' places are counted in
    # Right to left, so that the places of the words before stay where they were.
    typed = sorted(
        (term for term in query.terms() if term.span and not term.phrase and not term.exact),
        key=lambda term: term.span[0],
        reverse=True,
    )
    alone = finds_nothing and len(query.terms()) == 1 and not query.excluded
    words, names = lexicon()[0], None
    for term in typed:
        word = term.variants[0]
        if len(word) < 3 or not word.isalpha() or completions(word, words):
            continue  # a word that begins words of the record finds them
        if not alone and finds_anything(Query([[Term((word,), phrase=True)]])):
            continue  # another form of it is in the record ('drones': 'drone')
        names = candidates() if names is None else names
        if better := likeliest(word, names):
            start, end = term.span
            fixed = fixed[:start] + same_case(better, fixed[start:end]) + fixed[end:]
    return fixed if fixed != text else ""


def matches(q: str) -> int:
    """Passages and events the query finds, each counted up to a thousand."""
    query = query_for(q)
    return count_passages(q, at_most=COUNTED, query=query) + count_events(query, COUNTED)


def resolve(
    q: str,
    verbatim: bool = False,
    found: bool | None = None,
    query: Query | None = None,
    tried_by_caller: bool = False,
) -> Search:
    """What to search for: the query as typed, or its correction (see the module).

    `found` says whether the typed query found anything where the caller already
    searched it (as `query`, from query_for): then a query without OR needs no
    correction, and nothing more is read. `tried_by_caller` says the caller searches a
    correction itself and keeps the typed query where it finds nothing: it is then
    not searched here first."""
    if not q or verbatim:
        return Search(q)
    query = query if query is not None else query_for(q)
    if not query:
        return Search(q)
    either = any(len(group) > 1 for group in query.groups)
    # Without OR, a word that matches nothing leaves the whole query empty.
    if not either and (found or (found is None and finds_anything(query))):
        return Search(q)
    better = corrected(q, parse_query(q, lexicon()[1]), finds_nothing=not either)
    if not better:
        return Search(q)
    if not either:  # the typed query finds nothing: any match of the correction is more
        if tried_by_caller or finds_anything(query_for(better)):
            return Search(better, typed=q)
        return Search(q)
    if matches(better) > matches(q) * FEWER:
        return Search(better, typed=q)
    return Search(q)
