"""Article file → cleaned text → passages.

Saved web pages carry debris around the article: navigation ('Skip to
content'), share and paywall prompts, newsletter sign-ups, video-player
headings, comment widgets, photo captions and credits, related-story links,
tag lists, date lines, reader comments, and bylines or editor's notes that
belong to the metadata. The rules below go by the *shape* of such blocks —
where they stand, how long they are, what sits next to them, whether they
address the reader — not by the exact strings of any one site.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from .decoding import ArticleError, decode_article


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


# --- Shapes -----------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?…:;]['’\"”)\]]*$|[\"”’]$")
_NAME_LIST = (
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*"
)
# 'By A and B'; 'Post by: A' and 'Written by A' are the same line with a label;
# 'From Nasir Habib, CNN' is one only above the article, where bylines stand.
_BY_LABEL = r"(?i:(?:(?:posted|post|written|reported|story|text)\s+)?by:?)"
_BYLINE = re.compile(rf"^(?:{_BY_LABEL}|(?i:from))\s+{_NAME_LIST}$")
# What follows the names: an agency fused to the last one ('SantanaAssociated Press'),
# the outlet or the writer's role (', CNN', ', Newser Staff').
_BYLINE_TAIL = re.compile(
    r"(?<=[a-z]{3})[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*$|,\s*(?:[A-Z]{2,}|(?:[A-Z][\w'’.-]*\s+)*"
    r"(?:Staff|Writer|Correspondent|Reporter|Editor|Contributor)s?)$"
)
_NAME = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w'’-]+(?:\s+[A-Z][\w.'’-]*){1,3}\s+(?:is|was|has been)\s+.{0,120}?\b"
    r"(?:correspondent|reporter|writer|editor|bureau chief|columnist|contributor|journalist)\b"
)
# A parenthetical that sends the reader elsewhere: '(click here for …)', '(More X stories.)'.
_INLINE_PROMPT = re.compile(
    r"\s*\(\s*(?:click|tap|read|see|watch|listen|more)\b[^()]*"
    r"\b(?:here|story|stories|article|video|link|coverage)\b[^()]*\)",
    re.IGNORECASE,
)
_EDITOR_NOTE = re.compile(r"^\((.+)\)$", re.DOTALL)
_CORRECTION = re.compile(r"\b(correct|clarif|updat|fix|amend|rectif)", re.IGNORECASE)
_CREDITS = re.compile(r"^(?:editing|reporting|additional reporting|writing|compiled) by\b", re.I)
_LEADING_DASH = re.compile(r"^[—–-]+\s+")

# Page furniture that speaks to the reader or names a control of the page. Matched in
# lower case, not with IGNORECASE: then the engine skips to where one of the words'
# first letters stands, five times quicker, and this is the costliest check of an article.
_UI_WORDS = re.compile(
    r"\b(?:skip to:? (?:the )?(?:main |next )?(?:content|site navigation|navigation|search|"
    r"paragraph|article)|link copied|copied to clipboard|sign(?:ed)? up|"
    r"subscri(?:be|bed|ption)s?|newsletters?|unsubscribe|inbox|e-?mail (?:address|updates)|"
    r"receive e-?mail|comments|play videos?|video transcript|watch (?:the )?video|"
    r"terms of (?:service|use)|privacy policy|get unlimited|unlimited (?:digital )?access|"
    r"free articles?|stories this month|click here|advertisement|share this|"
    r"you might also like|most read|most popular|related (?:stories|articles)|"
    r"continue reading|keep reading|log ?in|register|tap to|add to home screen|follow us|"
    r"share (?:on|via|to)|(?:tweet|e-?mail|print) this|"
    r"(?:install|download|get) (?:the|our) [\w ]{0,20}app)\b"
)
_PRICE = re.compile(r"\$\d+(?:\.\d\d)?/(?:month|mo|year|week)", re.IGNORECASE)
_READER_ADDRESS = re.compile(r"\b(?:you|your|you['’](?:ve|ll|re))\b", re.IGNORECASE)
_BARE_CONTROL = re.compile(
    r"^(?:thank you|success!?|please .{0,60}|share|print|menu|search|close|next|previous|"
    r"read more|see all.*|show more|x|×)[.!]?$",
    re.IGNORECASE,
)
# A skip link jumps over the element that follows it (a video, a sidebar).
_SKIP_NEXT = re.compile(r"^skip (?:to )?(?:the )?next paragraph$", re.IGNORECASE)

# Dates and times: a line that is only a date (and a time, a label) is a date line.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_FULL_DATE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b")
# Above the article, a sentence ending on the day the photo was taken, year and all
# ('… parked in Karachi on June 12, 2012.'), is a caption; a lead's date has no year.
_PHOTO_DAY = re.compile(rf"\bon (?:[A-Z][a-z]+day,? )?{_FULL_DATE.pattern}[.,]")
_DATE_NOISE = re.compile(
    rf"{_FULL_DATE.pattern}|\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?"
    r"|\d{1,2}:\d\d\s*(?:[AaPp]\.?[Mm]\.?)?|\b\d{3,4}(?=\s+[A-Z]{2,4}\b)|\b[A-Z]{1,3}T\b|\bUTC\b"
    r"|\b(?i:published|posted|updated|last updated|first published|on|at)\b|[-–—|/:()]"
)

# Photos: a credit line beside its caption, a caption that carries its credit.
_CREDIT_LINE = re.compile(
    r"^(?:(?i:photo(?:graph)?s?|picture|image|credits?)\s*(?::|(?i:by))\s*.+"  # 'Credit: …'
    r"|(?:[A-Z][\w.'’-]*\s+){1,4}[A-Z][\w.'’-]*\s*/\s*[A-Z][\w.&'’ -]*(?:,\s*File)?"  # 'A B / EPA'
    r"|.*\bGetty Images)$"
)
_PHOTO_CREDIT_END = re.compile(
    r"\b(?:PHOTO|Photo(?:graph)?|PICTURE|Picture)s?\s*:\s*[^.:]{1,40}$"  # '… PHOTO: AFP'
    r"|[—–-]\s*(?:[A-Z][\w.]*\s+){0,3}(?:File\s+)?Photo(?:graph)?s?$"  # '… — Reuters Photo'
    r"|\((?:[^()]*\s)?Photos?\b[^()]*\)$"  # '… (AP Photo/Name)'
)
_CAPTION_LABEL = re.compile(
    r"^(?:photo(?:graph)?s?|picture|image|caption)\s*:\s*\S|^(?:image|photo|media) ?caption", re.I
)
_CAPTION_CUE = re.compile(r"\b(?:photo|picture|image|(?:is|are) (?:seen|pictured|shown))\b", re.I)

# Links to other stories ('More on X: …', 'Read more: …') and tag lists ('Tagged: …').
_LINKS_AND_TAGS = re.compile(
    r"^(?:(?:more|read|see|also|related|recommended)\b[^:.!?]{0,30}|watch|listen|video)"
    r"\s*:\s*\S[^.!]*$|^(?:tags?|tagged(?: (?:with|in|as))?|filed (?:under|in)|topics?|"
    r"categor(?:y|ies)|keywords|related topics)\s*:",
    re.IGNORECASE,
)
# 'In .', '----', or a label whose value is missing ('Post by:').
_STRAY = re.compile(
    r"^(?:\S+\s+){0,2}[.,;:!?]$|^[\W_]+$|^[A-Z]?[a-z]+ (?:by|as|under|in|on|to|from|with):$"
)

# Reader comments: a comment-count heading ('COMMENTS (3)', 'soundoff (5 Responses)'),
# or a comment's head ('Name | 3 years ago | Reply …').
_COMMENTS = re.compile(
    r"^(?:(?:\d+\s+)?(?:reader\s+)?comments?\s*(?:\(\d+\)|:)?|leave a (?:comment|reply)|"
    r"join the (?:discussion|conversation)|"
    r"[\w ]{0,30}\(?\d+\s+(?:comments?|responses?|replies|reactions)\)?)$"
    r"|^[^|]{1,60}\|\s*(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b",
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
    if not (_UI_WORDS.search(block.lower()) or _PRICE.search(block)):
        return False
    # A long paragraph may mention 'email' or 'comments'; page furniture is
    # short or talks to the reader.
    return _words(block) <= 25 or bool(_READER_ADDRESS.search(block))


def _is_short_line(block: str) -> bool:
    return _words(block) <= 12 and not _TERMINAL.search(block)


def _undated(block: str) -> str | None:
    """What a short line holding a full date says besides the date, time and labels."""
    if _words(block) > 16 or not _FULL_DATE.search(block):
        return None
    rest = " ".join(_DATE_NOISE.sub(" ", block).split())
    return re.sub(r"\s+(?=,)|(?:\s*,)+$|^,\s*", "", rest)  # commas the date left behind


def is_dateline(block: str) -> bool:
    """'Published: May 23, 2012', 'updated 5:33 AM EDT, Tue July 24, 2012'."""
    return _undated(block) == ""


def byline_of(block: str, above_article: bool = False) -> str:
    """The byline a block carries ('' if none), without its date, role or agency."""
    rest = _undated(block)
    line = block if rest is None else rest
    from_line = line[:5].lower() == "from "
    if _words(line) <= 12 and _BYLINE.match(line) and (above_article or not from_line):
        return _BYLINE_TAIL.sub("", re.sub(rf"^{_BY_LABEL}\s+", "By ", line))
    # 'Huma Imtiaz May 23, 2012': a name beside the date, no 'By'.
    if rest and _words(block) <= 8 and _NAME.match(rest) and not rest.isupper():
        return rest
    return ""


def _caption_score(block: str) -> int:
    """How much a block beside a photo credit reads like the photo's caption."""
    score = 2 * bool(_CAPTION_CUE.search(block)) + bool(_FULL_DATE.search(block))
    return score - bool(re.search(r"[\"“”]|\bsaid\b", block))


# --- Splitting --------------------------------------------------------------

_HARD_WRAP_END = re.compile(r"[\w,;–—-]$")


def _split_chunks(text: str) -> list[tuple[str, int]]:
    """Blocks, each with the number of the blank-line separated chunk it is in."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[tuple[str, int]] = []
    for number, chunk in enumerate(re.split(r"\n\s*\n", text)):
        lines = [" ".join(line.split()) for line in chunk.split("\n") if line.strip()]
        current = ""
        for line in lines:
            # A line that is page furniture on its own ('soundoff (5 Responses)')
            # does not continue the sentence above it.
            joins = not (is_debris(line) or _COMMENTS.match(line))
            if current and _HARD_WRAP_END.search(current) and line[:1].islower() and joins:
                current = f"{current} {line}"
                continue
            if current:
                blocks.append((current, number))
            current = line
        if current:
            blocks.append((current, number))
    return blocks


def split_blocks(text: str) -> list[str]:
    """Paragraph-like blocks: blank-line separated, or one per line; hard wraps joined."""
    return [block for block, _ in _split_chunks(text)]


def _furniture(blocks: list[str], chunks: list[int], debris: list[bool]) -> set[int]:
    """Blocks that belong to a photo or a page widget, found by what stands beside them."""
    drop: set[int] = set()
    for i, block in enumerate(blocks):
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
        if _words(block) <= 8 and _CREDIT_LINE.match(block) and not _TERMINAL.search(block):
            # A credit line; its caption is the neighbour that reads most like one.
            captions = [j for j in near if j not in drop and is_prose(blocks[j])]
            captions = [j for j in captions if _words(blocks[j]) <= 50]
            captions.sort(key=lambda j: (-_caption_score(blocks[j]), _words(blocks[j])))
            drop.update([i, *captions[:1]])
        elif _words(block) <= 60 and (
            _CAPTION_LABEL.match(block) or _PHOTO_CREDIT_END.search(block)
        ):
            drop.add(i)  # a caption carrying its own label or credit
        elif _SKIP_NEXT.match(block) and i + 1 < len(blocks) and chunks[i + 1] == chunks[i]:
            drop.add(i + 1)
        if debris[i]:
            # Short lines glued (no blank line) to a widget's control are the widget's.
            drop.update(j for j in near if chunks[j] == chunks[i] and not is_prose(blocks[j]))
    return drop


def _is_subhead(blocks: list[str], index: int, debris: list[bool]) -> bool:
    """A short line inside the article that heads what follows."""
    if _words(blocks[index]) > 6:
        return False  # a headline of another story, linked from this one
    for j in (index - 1, index + 1):
        if 0 <= j < len(blocks) and _is_short_line(blocks[j]) and not debris[j]:
            return False  # a run of short lines is a list of links, not a subhead
    return any(is_prose(later) for later in blocks[index + 1 :])


def _prose_follows(blocks: list[str], index: int, debris: list[bool]) -> bool:
    return any(is_prose(blocks[j]) and not debris[j] for j in range(index + 1, len(blocks)))


def _dek_index(blocks: list[str], debris: list[bool]) -> int:
    """Where a standfirst stands: under the headline, directly above the byline or the
    date line, below nothing longer than a headline. -1 if the page has none."""
    for index, block in enumerate(blocks[:-1]):
        following = blocks[index + 1]
        if (
            _words(block) >= 8
            and not all(debris[:index])
            and (byline_of(following, True) or is_dateline(following))
        ):
            return index
        if _words(block) >= 20:
            break  # a paragraph: the article has begun
    return -1


def clean_article(raw: str) -> CleanArticle:
    """Keep the article and only the article; harvest byline and notes."""
    pieces = [
        (_INLINE_PROMPT.sub("", b).strip(), c) for b, c in _split_chunks(raw.lstrip("\ufeff"))
    ]
    pieces = [(block, chunk) for block, chunk in pieces if block]
    blocks = [block for block, _ in pieces]
    # Whether each block is page furniture, asked once: the checks below ask it of a
    # block and of its neighbours, and its search is the costliest here.
    debris = [is_debris(block) for block in blocks]
    furniture = _furniture(blocks, [chunk for _, chunk in pieces], debris)
    # A block printed twice is a caption or alt text, never a paragraph.
    repeated = {block for block, count in Counter(blocks).items() if count > 1}
    dek = _dek_index(blocks, debris)
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
        if body_started and (
            _COMMENTS.match(block) or (debris[index] and not _prose_follows(blocks, index, debris))
        ):
            # The article is over; readers' comments or the page around it follow.
            # Editor's notes there still belong to the metadata.
            notes = [_EDITOR_NOTE.match(b) for b in blocks[index + 1 :] if _CORRECTION.search(b)]
            correction = " ".join([correction, *(" ".join(n[1].split()) for n in notes if n)])
            correction = correction.strip()
            break
        if name := byline_of(block, not body_started):
            byline = byline or name
            continue
        if is_dateline(block):
            continue
        if _AUTHOR_BIO.match(block):
            credits.append(block)
            continue
        link = _words(block) <= 20 and _LINKS_AND_TAGS.match(block)
        if index in furniture or block in repeated or link or _STRAY.match(block):
            continue
        if debris[index]:
            continue
        if not body_started:
            # Above the dek, or not a paragraph: headline, site name, section label; or a
            # caption under the headline (see _PHOTO_DAY).
            caption = index and _PHOTO_DAY.search(block) and _words(block) <= 60
            if index < dek or (index != dek and (not is_prose(block) or caption)):
                continue
            body_started = True
        heading = _is_short_line(block)
        if heading and not _is_subhead(blocks, index, debris):
            continue  # a linked headline, a list of links, or a trailing label
        kept.append((_LEADING_DASH.sub("", block), heading))

    passages, offset = [], 0
    for block, heading in kept:
        passages.append((offset, offset + len(block), heading))
        offset += len(block) + 2  # the blank line between passages
    return CleanArticle(
        raw=raw,
        text="\n\n".join(block for block, _ in kept),
        passages=passages,
        byline=byline,
        credits=credits,
        correction=correction,
    )


def read_article(raw: bytes, name: str, encoding: str = "") -> CleanArticle:
    article = clean_article(decode_article(raw, name, encoding))
    if not article.passages:
        raise ArticleError(f"{name}: no article text was found after cleaning")
    return article
