"""Record formats written here: BibLaTeX, RIS and CSL-JSON."""

from __future__ import annotations

import json

from .typography import title_case_word

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
            headline.append(tex(title_case_word(words, index)))
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
