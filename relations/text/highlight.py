"""Split a passage into spans of text marked by the citations and date mentions over them.

Consecutive pieces under the same citations form one span, so a highlight is
one mark even where a date mention inside it splits the text. The chosen
citation's spans are one run: the first opens it and the last closes it, so it
is highlighted by one element even where other citations overlap it. Templates
render the spans with autoescaping; nothing here builds HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Piece:
    text: str
    mention: object | None = None


@dataclass
class Span:
    citations: list
    selected: bool = False
    opens: bool = False  # the first span of the chosen citation
    closes: bool = False  # its last
    pieces: list[Piece] = field(default_factory=list)


def spans(text: str, citations=(), mentions=(), selected_citation_id=None) -> list[Span]:
    cuts = {0, len(text)}
    for item in (*citations, *mentions):
        cuts.update((max(0, min(item.start, len(text))), max(0, min(item.end, len(text)))))
    edges = sorted(cuts)
    result: list[Span] = []
    for start, end in zip(edges, edges[1:], strict=False):
        covering = [c for c in citations if c.start <= start and end <= c.end]
        mention = next((m for m in mentions if m.start <= start and end <= m.end), None)
        if not result or [c.pk for c in result[-1].citations] != [c.pk for c in covering]:
            result.append(
                Span(covering, selected=any(c.pk == selected_citation_id for c in covering))
            )
        result[-1].pieces.append(Piece(text[start:end], mention))
    for before, span, after in zip([None, *result[:-1]], result, [*result[1:], None], strict=True):
        span.opens = span.selected and not (before and before.selected)
        span.closes = span.selected and not (after and after.selected)
    return result
