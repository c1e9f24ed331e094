"""Find an exact quote in a text, the W3C TextQuoteSelector way.

A quote is matched with typographic differences forgiven — curly or straight
quotes and apostrophes (even the wrong-way ‘ the seeds use), dashes, spaces,
non-breaking spaces and line breaks — and anchored by the offsets of the match
in the original text. Where the quote occurs more than once, the words just
before (prefix) and after (suffix) it choose the occurrence.

A quote that is not found (a typo, a dropped word) is reported with the nearest
stretch of the text, its differing words marked, so the curator sees what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_FOLD = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}
# fold()'s text alone, without the offsets: what normalise() needs, for a fraction of
# the time (fold() reads char by char; these run in C).
_FOLD_TABLE = str.maketrans({**_FOLD, "…": "..."})
_SPACES = re.compile(r"\s+")  # \s is str.isspace()
_DASHES = re.compile(r"-{2,}")


# The segments of the nearest text: (words, differs), read in order.
Segments = list[tuple[str, bool]]


class QuoteNotFound(ValueError):
    """`summary` says what is wrong; `nearest` is the nearest text of the quote,
    as (words, differs) segments, with "… " where the text goes on (or None)."""

    def __init__(self, summary: str, nearest: Segments | None = None):
        message = summary
        if nearest:
            marked = "".join(f"[{words}]" if differs else words for words, differs in nearest)
            message += f"; nearest text: “{marked}” ([ ] mark the words that differ)"
        super().__init__(message)
        self.summary, self.nearest = summary, nearest


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
    """fold()'s text, stripped."""
    text = _DASHES.sub("-", _SPACES.sub(" ", text.translate(_FOLD_TABLE)))
    return (text.casefold() if ignore_case else text).strip()


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
        raise QuoteNotFound(
            f"“{_short(quote)}” is not in the text", nearest_text(text, folded, offsets, needle)
        )
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


def _short(text: str, limit: int = 240) -> str:
    """The text on one line; if very long, its start and end around an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    # Cut at spaces, so no word is shown half.
    head = text[: limit // 2].rsplit(" ", 1)[0]
    tail = text[-(limit // 2) :].split(" ", 1)[-1]
    return f"{head} … {tail}"


_TOKEN = re.compile(r"\w+|[^\w\s]")  # a word, or one mark of punctuation


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"  # what \w starts with, near enough


def nearest_text(text: str, folded: str, offsets: list[int], needle: str) -> Segments | None:
    """The stretch of `text` most like the (folded) quote `needle`, as segments
    marking the words that differ; None when under half the quote's words match.

    `folded` and `offsets` are fold(text): words are compared as the matcher sees
    them, and shown as the article has them.
    """
    tokens = list(_TOKEN.finditer(folded))
    words = [token.group() for token in tokens]
    quoted = _TOKEN.findall(needle)
    if not words or not quoted:
        return None
    size = min(len(quoted), len(words))
    # A window of the quote's length slides over the text, scored by how many
    # of the quote's words it holds (linear); the best few are then aligned.
    best = _best_windows(words, quoted, size)
    aligned = [_align(words, quoted, start, size) for start in best]
    matched, start, end, same = max(aligned, key=lambda a: (a[0], a[1] - a[2]))
    if matched < sum(1 for word in quoted if _is_word(word)) / 2:
        return None
    # Runs of tokens that differ or not, with the text between tokens kept as is.
    pieces: Segments = [("… ", False)] if start > 0 else []
    shown = offsets[tokens[start].start()]  # the text shown so far ends here
    for index in range(start, end):
        token_start, differs = offsets[tokens[index].start()], index not in same
        if index > start:
            # A space between two differing words is part of one marked run.
            pieces.append((text[shown:token_start], differs and pieces[-1][1]))
        # max(): the three dots folded from one '…' show it once.
        token_end = max(shown, offsets[tokens[index].end() - 1] + 1)
        pieces.append((text[max(shown, token_start) : token_end], differs))
        shown = token_end
    if end < len(words):
        pieces.append((" …", False))
    segments: Segments = []
    for piece, differs in pieces:
        piece = re.sub(r"\s+", " ", piece)
        if segments and segments[-1][1] == differs:
            segments[-1] = (segments[-1][0] + piece, differs)
        elif piece:
            segments.append((piece, differs))
    return segments


def _best_windows(words: list[str], quoted: list[str], size: int, count: int = 3) -> list[int]:
    """Starts of the `count` best windows of `size` words that do not overlap."""
    wanted: dict[str, int] = {}
    for word in quoted:
        wanted[word] = wanted.get(word, 0) + 1
    held: dict[str, int] = {}
    scores, score = [], 0
    for index, word in enumerate(words):
        if held.get(word, 0) < wanted.get(word, 0):
            score += 1
        held[word] = held.get(word, 0) + 1
        if index >= size:
            gone = words[index - size]
            held[gone] -= 1
            if held[gone] < wanted.get(gone, 0):
                score -= 1
        if index >= size - 1:
            scores.append(score)  # the window starting at index - size + 1
    starts: list[int] = []
    for i in sorted(range(len(scores)), key=scores.__getitem__, reverse=True):  # stable
        if all(abs(i - s) >= size for s in starts):
            starts.append(i)
            if len(starts) == count:
                break
    return starts


def _align(words: list[str], quoted: list[str], start: int, size: int):
    """(words matched, start, end, indexes of matching words) of the quote aligned
    with the text around a window: a dropped or added word shifts the stretch."""
    margin = size // 2 + 2
    low, high = max(0, start - margin), min(len(words), start + size + margin)
    blocks = SequenceMatcher(None, words[low:high], quoted, autojunk=False).get_matching_blocks()
    blocks = [block for block in blocks if block.size]
    if not blocks:
        return 0, start, start + size, set()
    same = {low + block.a + k for block in blocks for k in range(block.size)}
    matched = sum(
        1 for block in blocks for word in quoted[block.b : block.b + block.size] if _is_word(word)
    )
    # The quote's unmatched first and last words stand for as many text words
    # (a typo at either end is shown, not left off).
    first, last = blocks[0], blocks[-1]
    begin = max(0, low + first.a - first.b)
    end = min(len(words), low + last.a + last.size + len(quoted) - last.b - last.size)
    return matched, begin, end, same


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
