"""What a reader typed, folded and parsed into terms; no database here.

Text is folded (case, typography, hyphens, accents) so that 'al-Qaeda',
'al Qaeda' and 'Al Qaeda' are one. The syntax is the one search engines
taught readers (PostgreSQL's websearch_to_tsquery): words must all match,
`OR` between two of them lets either do, `-word` or `-"a phrase"` leaves out
what holds it, and "quoted words" match exactly as written.

Unquoted words are stemmed by the engine ('drones' finds 'drone', 'killed'
finds 'kill') and match from their start ('Waziri' finds 'Waziristan'); a run
of them that names an actor also matches the actor's other names ('al-Qaida'
finds 'al-Qaeda', 'TTP' finds 'Tehrik-i-Taliban Pakistan').
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..text.anchoring import normalise

_NON_WORD = re.compile(r"[\W_]+")  # as FTS5's unicode61 tokenizer splits
# Private-use characters mark matches in highlighted text (both engines accept them).
HIT_START, HIT_END = "\ue000", "\ue001"
MAX_TERMS = 12
# Passages ranked at most: the most recently added that match. The record's few
# hundred passages are all ranked; a common word in a large corpus is not.
RANKED = 500
# A phrase in quotes (its closing quote may be missing), or a run of other characters.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|[^\s"]+')


def fold_for_search(text: str) -> str:
    text = unicodedata.normalize("NFKD", normalise(text)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " " + " ".join(_NON_WORD.sub(" ", text).split()) + " "


def searchable(q: str) -> bool:
    """Whether the text has a letter or a digit to search for ("😀" or "*" has none)."""
    return bool(fold_for_search(q or "").strip())


@dataclass(frozen=True)
class Term:
    """One thing the query asks for, in any of its spellings (folded words)."""

    variants: tuple[str, ...]
    phrase: bool  # whole words in a row (quoted, or an actor's name), not a word's start
    exact: bool = False  # quoted by the reader: unstemmed, these words only
    span: tuple[int, int] | None = None  # where a single typed word stands in the query


@dataclass
class Query:
    """Every group must match; a group matches when any of its terms does (OR)."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)  # -word, -"a phrase"

    def __bool__(self) -> bool:
        return bool(self.groups)

    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def as_written(self) -> bool:
        """Whether it is all "quoted": the plain index alone answers it."""
        return all(term.exact for term in [*self.terms(), *self.excluded])


def _items(text: str):
    """(kind, folded words, span) in the order typed; kinds: 'word', 'phrase', 'or',
    'not' (-word) and 'not exactly' (-"a phrase")."""
    for match in _TOKEN.finditer(text):
        if match.group(2) is not None or match.group(0).startswith('"'):
            folded = fold_for_search(match.group(2) or "").strip()
            if folded:
                yield ("not exactly" if match.group(1) else "phrase"), folded, None
            continue
        token = match.group(0)
        if token.casefold() == "or":
            yield "or", "", None
            continue
        negated = token.startswith("-") and len(token) > 1
        words = fold_for_search(token[1:] if negated else token).split()
        if negated and words:
            yield "not", " ".join(words), None
            continue
        span = match.span() if len(words) == 1 else None
        for word in words:
            yield "word", word, span


def parse_query(q: str, spellings: list[set[str]] | list[tuple[str, ...]]) -> Query:
    """The reader's query as groups of terms.

    `spellings` holds the names of each actor and of each place known by several,
    folded (Actor.objects.spellings(), Place.objects.spellings()).
    """
    items = list(_items(normalise(q or "")))
    terms: list[tuple[Term, bool]] = []  # (term, joined to the one before by OR)
    excluded: list[Term] = []
    either = False
    index = 0
    while index < len(items):
        kind, words, span = items[index]
        if kind == "or":
            either = bool(terms)
            index += 1
            continue
        if kind in ("not", "not exactly"):
            # Left out as whole words: '-drone' leaves out 'drones' too, '-"drone"' only 'drone'.
            excluded.append(Term((words,), phrase=True, exact=kind == "not exactly"))
            either = False
            index += 1
            continue
        if kind == "phrase":
            term, size = Term((words,), phrase=True, exact=True), 1
        else:
            # A run of bare words that is an actor's or a place's name is one term ('al qaida').
            run = []
            for later in items[index : index + 5]:
                if later[0] != "word":
                    break
                run.append(later[1])
            for size in range(len(run), 0, -1):
                chunk = " ".join(run[:size])
                names = next((group for group in spellings if chunk in group), None)
                if names or size == 1:
                    term = Term(
                        tuple(sorted(names or {chunk})),
                        phrase=bool(names),
                        span=span if size == 1 else None,
                    )
                    break
        terms.append((term, either))
        either = False
        index += size
    groups: list[list[Term]] = []
    for term, joined in terms[:MAX_TERMS]:
        if joined and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
    return Query(groups, excluded[:MAX_TERMS])


def only_excludes(q: str) -> bool:
    """Whether the query only says what to leave out ("-drone"): nothing to look for."""
    query = parse_query(q, [])
    return not query and bool(query.excluded)


def prefixed(token: str) -> bool:
    """Whether a bare word matches from its start. Not a two-letter word ending in s
    ('us', 'as'): PostgreSQL's Porter stemmer cuts it to one letter, SQLite's keeps it."""
    return not (len(token) <= 2 and token.endswith("s"))


def match_expression(terms: list[Term], phrase, prefix, either: str) -> str:
    """The options of these terms joined by `either`, built only from folded word
    characters; bare words match from their start."""
    options = []
    for term in terms:
        for variant in term.variants:
            tokens = variant.split()
            if not tokens:
                continue
            bare = not term.phrase and prefixed(tokens[-1])
            options.append(prefix(tokens) if bare else phrase(tokens))
    return either.join(options)


# Passages of draft and withdrawn sources are never found; there are few such
# sources, so the list is read once rather than joined to every hit. Written as a
# range, "not public" is read from the sources' status index; `<>` reads every source.
HIDDEN_PASSAGES = (
    " AND {id} NOT IN (SELECT hp.id FROM relations_passage hp JOIN relations_source hs"
    " ON hs.id = hp.source_id WHERE hs.status < 'public' OR hs.status > 'public')"
)


def source_and_year(source: str, year: int | None, passage_id: str) -> tuple[str, list]:
    """The SQL conditions narrowing passages (`passage_id` names their id) to public
    sources, a source (`s.slug`) or a year of publication."""
    sql, params = HIDDEN_PASSAGES.format(id=passage_id), []
    if source:
        sql += " AND s.slug = %s"
        params.append(source)
    if year:
        sql += " AND s.published BETWEEN %s AND %s"
        params += [f"{year}-01-01", f"{year}-12-31"]
    return sql, params
