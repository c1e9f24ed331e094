"""Split a passage into runs of text marked by the citations and date mentions over them.

Templates render the runs with autoescaping; nothing here builds HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    citations: list = field(default_factory=list)
    mention: object | None = None
    selected: bool = False


def runs(text: str, citations=(), mentions=(), selected_citation_id=None) -> list[Run]:
    cuts = {0, len(text)}
    for item in (*citations, *mentions):
        cuts.update((max(0, min(item.start, len(text))), max(0, min(item.end, len(text)))))
    edges = sorted(cuts)
    result = []
    for start, end in zip(edges, edges[1:], strict=False):
        if start == end:
            continue
        covering = [c for c in citations if c.start <= start and end <= c.end]
        mention = next((m for m in mentions if m.start <= start and end <= m.end), None)
        result.append(
            Run(
                text=text[start:end],
                citations=covering,
                mention=mention,
                selected=any(c.pk == selected_citation_id for c in covering),
            )
        )
    return result
