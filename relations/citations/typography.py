"""Typography of cited titles: CSL's English title case, nested quotes, American punctuation."""

from __future__ import annotations

import re

from citeproc import model

# Lowercase particles of names, kept as written before the name they belong to
# ("Osama bin Laden"): CSL leaves them to nocase markup, which citeproc-py does not read.
NAME_PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "van", "von"}
)


_EDGE_PUNCTUATION = "“”‘’\"'([{)]},.;:!?"


def title_case_word(words: list[str], index: int) -> str:
    """The word at `index` as CSL's English title case writes it.

    Lowercase words are capitalised except stop words, which stay lowercase
    unless first, last or after a colon (CSL 1.0.2; citeproc-py also
    capitalised after any full stop: "U.S. And Pakistan"). Words with
    capitals are kept. Each part of a hyphenated word is cased alike
    ("High-Level", "Mil-to-Mil"), and a word's first letter is found past an
    opening quotation mark (“Reaching …”).
    """
    word = words[index]
    following = words[index + 1] if index + 1 < len(words) else ""
    parts = word.split("-")
    for number, part in enumerate(parts):
        bare = part.strip(_EDGE_PUNCTUATION)
        if not bare.islower():
            continue
        next_word = parts[number + 1] if number + 1 < len(parts) else following
        if bare in NAME_PARTICLES and next_word.strip(_EDGE_PUNCTUATION)[:1].isupper():
            continue
        first = number == 0 and (index == 0 or words[index - 1].endswith(":"))
        last = number == len(parts) - 1 and index == len(words) - 1
        if bare in model.TextCased._stop_words and not (first or last):
            continue
        at = part.index(bare[0])
        parts[number] = part[:at] + part[at].upper() + part[at + 1 :]
    return "-".join(parts)


_CLOSING_QUOTE_THEN_PUNCTUATION = re.compile(r"([”’])([.,])")


def nested_quotes(text: str) -> str:
    """Quotation marks inside quotation marks become single (CSL's quote flipping):
    “Panetta Says the US Is ‘Reaching the Limits of Our Patience’ with Pakistan”."""
    out, depth = [], 0
    for char in text:
        if char == "“":
            out.append("‘" if depth else char)
            depth += 1
        elif char == "”":
            depth = max(depth - 1, 0)
            out.append("’" if depth else char)
        else:
            out.append(char)
    return "".join(out)


def punctuation_in_quote(text: str) -> str:
    """American usage (the en-US locale's punctuation-in-quote): ”, becomes ,”."""
    return _CLOSING_QUOTE_THEN_PUNCTUATION.sub(r"\2\1", text)
