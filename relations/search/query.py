"""What a reader typed, folded and parsed into terms; no database here.

Text is folded (case, typography, hyphens, accents) so that 'al-Qaeda',
'al Qaeda' and 'Al Qaeda' are one. Unquoted words that name an actor also
match the actor's other names ('al-Qaida' finds 'al-Qaeda', 'TTP' finds
'Tehrik-i-Taliban Pakistan'). Words match from their start ('raid' finds
'raids'); "quoted phrases" match exactly, as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..text.anchoring import normalise

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


@dataclass(frozen=True)
class Term:
    """One thing the query asks for, in any of its spellings (folded words)."""

    variants: tuple[str, ...]
    phrase: bool  # quoted by the user: match exactly, not as a word start


def parse_query(q: str, spellings: list[set[str]]) -> list[Term]:
    """Quoted phrases stay together and match as written; other words stand alone,
    and a run of them that names an actor widens to the actor's other names.

    `spellings` holds each actor's names, folded (Actor.objects.spellings()).
    """
    text = normalise(q or "")
    terms: list[Term] = []
    quoted = re.findall(r'"([^"]+)"', text)
    rest = re.sub(r'"[^"]+"', " ", text).replace('"', " ")
    # A run of bare words that is an actor's name is one term ('al qaida', 'North Waziristan').
    words = fold_for_search(rest).split()
    index = 0
    while index < len(words):
        for size in range(min(5, len(words) - index), 0, -1):
            chunk = " ".join(words[index : index + size])
            names = next((group for group in spellings if chunk in group), None)
            if names or size == 1:
                terms.append(Term(tuple(sorted(names or {chunk})), phrase=bool(names)))
                index += size
                break
    for phrase in quoted:
        folded = fold_for_search(phrase).strip()
        if folded:  # quoted: these words exactly, no other names ("Islamabad", not Pakistan)
            terms.append(Term((folded,), phrase=True))
    return terms[:MAX_TERMS]


def match_expression(terms: list[Term], phrase, prefix, either: str, both: str) -> str:
    """A full-text query built only from folded word characters: every term
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


# Passages of draft and withdrawn sources are never found; there are few such
# sources, so the list is read once rather than joined to every hit.
HIDDEN_PASSAGES = (
    " AND {id} NOT IN (SELECT hp.id FROM relations_passage hp JOIN relations_source hs"
    " ON hs.id = hp.source_id WHERE hs.status <> 'public')"
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
