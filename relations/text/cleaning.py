"""Article file → cleaned text → passages.

Saved web pages carry debris around the article: navigation ('Skip to
content'), share and paywall prompts, newsletter sign-ups, video-player
headings, comment widgets, and bylines or editor's notes that belong to the
metadata. The rules below go by the *shape* of such blocks — where they stand,
how long they are, whether they address the reader — not by the exact strings
of any one site.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

MAX_ARTICLE_BYTES = 1_000_000


class ArticleError(ValueError):
    """An article file that cannot be loaded; the message says where and why."""


@dataclass
class CleanArticle:
    raw: str  # the file's text exactly, for export
    text: str
    passages: list[tuple[int, int, bool]]  # (start, end, is_heading) offsets into text
    byline: str = ""
    credits: list[str] = field(default_factory=list)
    correction: str = ""

    def passage_texts(self) -> list[str]:
        return [self.text[start:end] for start, end, _ in self.passages]


def fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def decode_article(raw: bytes, name: str) -> str:
    """Bytes of an article file → text, or an ArticleError naming the problem."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{name}: the file is {len(raw):,} bytes; articles may be at most "
            f"{MAX_ARTICLE_BYTES:,} bytes"
        )
    if not raw.strip():
        raise ArticleError(f"{name}: the file is empty")
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise ArticleError(
            f"{name}: line {raw[:offset].count(b'\n') + 1}: the file is binary "
            "(it contains NUL bytes), not an article's text"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ArticleError(
            f"{name}: line {line}, byte {error.start}: not UTF-8 text "
            f"(byte 0x{raw[error.start]:02x}); save the article as UTF-8"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(3, len(text) // 100):
        raise ArticleError(f"{name}: the file is binary ({controls} control characters)")
    return text


# --- Shapes -----------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?…:;]['’\"”)\]]*$|[\"”’]$")
_BYLINE = re.compile(
    r"^by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*$",
    re.IGNORECASE,
)
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w'’-]+(?:\s+[A-Z][\w.'’-]*){1,3}\s+(?:is|was|has been)\s+.{0,120}?\b"
    r"(?:correspondent|reporter|writer|editor|bureau chief|columnist|contributor|journalist)\b"
)
# A parenthetical that sends the reader elsewhere: '(click here for …)'.
_INLINE_PROMPT = re.compile(
    r"\s*\(\s*(?:click|tap|read|see|watch|listen)\b[^()]*\b(?:here|story|article|video|link)\b[^()]*\)",
    re.IGNORECASE,
)
_EDITOR_NOTE = re.compile(r"^\((.+)\)$", re.DOTALL)
_CORRECTION = re.compile(r"\b(correct|clarif|updat|fix|amend|rectif)", re.IGNORECASE)
_CREDITS = re.compile(r"^(?:editing|reporting|additional reporting|writing|compiled) by\b", re.I)
_LEADING_DASH = re.compile(r"^[—–-]+\s+")

# Page furniture that speaks to the reader or names a control of the page.
_UI_WORDS = re.compile(
    r"\b(?:skip to (?:main )?content|link copied|copied to clipboard|sign(?:ed)? up|"
    r"subscri(?:be|bed|ption)s?|newsletters?|unsubscribe|inbox|e-?mail (?:address|updates)|"
    r"receive e-?mail|comments|play videos?|video transcript|watch (?:the )?video|"
    r"terms of (?:service|use)|privacy policy|get unlimited|unlimited (?:digital )?access|"
    r"free articles?|stories this month|click here|advertisement|share this|"
    r"you might also like|most read|most popular|related (?:stories|articles)|"
    r"continue reading|keep reading|log ?in|register)\b|\$\d+(?:\.\d\d)?/(?:month|mo|year|week)",
    re.IGNORECASE,
)
_READER_ADDRESS = re.compile(r"\b(?:you|your|you['’](?:ve|ll|re))\b", re.IGNORECASE)
_BARE_CONTROL = re.compile(
    r"^(?:thank you|success!?|please .{0,60}|share|print|menu|search|close|next|previous|"
    r"read more|see all.*|show more)[.!]?$",
    re.IGNORECASE,
)


def _words(block: str) -> int:
    return len(block.split())


def is_prose(block: str) -> bool:
    """A sentence or more of running text."""
    return _words(block) >= 20 or (_words(block) >= 8 and bool(_TERMINAL.search(block)))


def is_debris(block: str) -> bool:
    if _BARE_CONTROL.match(block):
        return True
    if not _UI_WORDS.search(block):
        return False
    # A long paragraph may mention 'email' or 'comments'; page furniture is
    # short or talks to the reader.
    return _words(block) <= 25 or bool(_READER_ADDRESS.search(block))


def _is_short_line(block: str) -> bool:
    return _words(block) <= 12 and not _TERMINAL.search(block)


# --- Splitting --------------------------------------------------------------

_HARD_WRAP_END = re.compile(r"[\w,;–—-]$")


def split_blocks(text: str) -> list[str]:
    """Paragraph-like blocks: blank-line separated, or one per line.

    Lines broken in the middle of a sentence (a hard wrap) are joined.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        current = ""
        for line in lines:
            if current and _HARD_WRAP_END.search(current) and line[:1].islower():
                current = f"{current} {line}"
                continue
            if current:
                blocks.append(current)
            current = line
        if current:
            blocks.append(current)
    return blocks


def clean_article(raw: str) -> CleanArticle:
    """Keep the article and only the article; harvest byline and notes."""
    blocks = [_INLINE_PROMPT.sub("", block).strip() for block in split_blocks(raw.lstrip("\ufeff"))]
    blocks = [block for block in blocks if block]
    byline, credits, correction = "", [], ""
    kept: list[tuple[str, bool]] = []
    body_started = False

    for index, block in enumerate(blocks):
        if note := _EDITOR_NOTE.match(block):
            inner = " ".join(note.group(1).split())
            if _CREDITS.match(inner):
                credits.append(inner)
                continue
            if _CORRECTION.search(inner):
                correction = f"{correction} {inner}".strip()
                continue
        if _BYLINE.match(block) and _words(block) <= 12:
            byline = byline or block
            continue
        if _AUTHOR_BIO.match(block):
            credits.append(block)
            continue
        if is_debris(block):
            if body_started and not any(
                is_prose(later) and not is_debris(later) for later in blocks[index + 1 :]
            ):
                # The article is over; what follows is the page around it.
                # Editor's notes there still belong to the metadata.
                for later in blocks[index + 1 :]:
                    if (note := _EDITOR_NOTE.match(later)) and _CORRECTION.search(later):
                        correction = f"{correction} {' '.join(note.group(1).split())}".strip()
                break
            continue
        if not body_started:
            if not is_prose(block):
                continue  # headline, site name, section label above the article
            body_started = True
        heading = _is_short_line(block)
        if heading and not any(is_prose(later) for later in blocks[index + 1 :]):
            continue  # a trailing label after the last paragraph
        kept.append((_LEADING_DASH.sub("", block), heading))

    text_parts, passages, offset = [], [], 0
    for block, heading in kept:
        if text_parts:
            offset += 2
        passages.append((offset, offset + len(block), heading))
        text_parts.append(block)
        offset += len(block)
    return CleanArticle(
        raw=raw,
        text="\n\n".join(text_parts),
        passages=passages,
        byline=byline,
        credits=credits,
        correction=correction,
    )


def read_article(raw: bytes, name: str) -> CleanArticle:
    article = clean_article(decode_article(raw, name))
    if not article.passages:
        raise ArticleError(f"{name}: no article text was found after cleaning")
    return article
