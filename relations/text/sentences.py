"""Sentences in a passage: where the one holding some words starts and ends."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z])")
# Words whose full stop does not end a sentence ('Lt. Gen.', 'Nov.').
_ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "No", "St", "Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Rep", "Sen", "Gov", "Adm", "Pfc"}  # fmt: skip


def _sentence_ends(text: str, start: int = 0, stop: int | None = None):
    for match in _SENTENCE_END.finditer(text, start, len(text) if stop is None else stop):
        word = re.search(r"([\w.]+)$", text[: match.start()])
        token = word.group(1) if word else ""
        if token in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token):
            continue  # 'Lt. Gen.', 'U.S.': not the end of a sentence
        yield match.end()


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding text[start:end]."""
    left = max(_sentence_ends(text, 0, start), default=0)
    right = next(_sentence_ends(text, end), len(text))
    while left < start and text[left].isspace():
        left += 1
    return left, right
