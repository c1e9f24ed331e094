"""Find an exact quote in a text, the W3C TextQuoteSelector way.

A quote is matched with typographic differences forgiven — curly or straight
quotes and apostrophes (even the wrong-way ‘ the seeds use), dashes, spaces,
non-breaking spaces and line breaks — and anchored by the offsets of the match
in the original text. Where the quote occurs more than once, the words just
before (prefix) and after (suffix) it choose the occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass

_FOLD = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}


class QuoteNotFound(ValueError):
    pass


class QuoteAmbiguous(ValueError):
    def __init__(self, message: str, count: int):
        super().__init__(message)
        self.count = count


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int


def fold(text: str, ignore_case: bool = False) -> tuple[str, list[int]]:
    """The text with typography folded, and each folded char's original offset.

    Runs of white space become one space; runs of dashes one '-'; '…' three dots.
    """
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        elif char == "…":
            chars.extend("..")
            offsets.extend((index, index))
            char = "."
        else:
            char = _FOLD.get(char, char)
            if char == "-" and chars and chars[-1] == "-":
                continue
            if ignore_case:
                for folded in char.casefold():
                    chars.append(folded)
                    offsets.append(index)
                continue
        chars.append(char)
        offsets.append(index)
    return "".join(chars), offsets


def normalise(text: str, ignore_case: bool = False) -> str:
    return fold(text, ignore_case)[0].strip()


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start != -1:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def anchor_quote(
    text: str, quote: str, prefix: str = "", suffix: str = "", ignore_case: bool = False
) -> Anchor:
    """Offsets of `quote` in `text`; QuoteNotFound or QuoteAmbiguous otherwise.

    Citations match case and all; a reader's pasted quote may ignore case.
    """
    needle = normalise(quote, ignore_case)
    if not needle:
        raise QuoteNotFound("the quote is empty")
    folded, offsets = fold(text, ignore_case)
    matches = _occurrences(folded, needle)
    if not matches:
        raise QuoteNotFound(f"“{_short(quote)}” is not in the text")
    if len(matches) > 1 and (prefix or suffix):
        before, after = normalise(prefix, ignore_case), normalise(suffix, ignore_case)
        matches = [
            at
            for at in matches
            if folded[:at].rstrip().endswith(before)
            and folded[at + len(needle) :].lstrip().startswith(after)
        ]
        if not matches:
            raise QuoteNotFound(
                f"“{_short(quote)}” occurs, but not between “{_short(prefix)}” and “{_short(suffix)}”"
            )
    if len(matches) > 1:
        raise QuoteAmbiguous(
            f"“{_short(quote)}” occurs {len(matches)} times; add the words just before "
            "(prefix) or after (suffix) it to say which",
            len(matches),
        )
    at = matches[0]
    return Anchor(offsets[at], offsets[at + len(needle) - 1] + 1)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unique_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The shortest prefix and suffix that make text[start:end] found only there."""
    quote = text[start:end]
    for extra in range(0, max(start, len(text) - end) + 10, 10):
        prefix = text[max(0, start - extra) : start] if extra else ""
        suffix = text[end : end + extra] if extra else ""
        try:
            anchor = anchor_quote(text, quote, prefix, suffix)
        except (QuoteNotFound, QuoteAmbiguous):
            continue
        if anchor.start == start:
            return prefix.strip(), suffix.strip()
    return text[:start].strip(), text[end:].strip()
