"""An article file's bytes → its text, or a message that says what is wrong and what to do.

UTF-8 is the house encoding. A byte-order mark names UTF-8 or UTF-16 (Windows
editors save 'Unicode' text as UTF-16), and such files are read. Text that is
not UTF-8 but reads as Windows-1252 (Word's and old Windows editors' 'ANSI')
is not guessed at: the curator is shown what it would say and asked to
confirm the conversion.
"""

from __future__ import annotations

import codecs

MAX_ARTICLE_BYTES = 1_000_000
WINDOWS_1252 = "windows-1252"
# Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252 text.
_UNDEFINED_1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ArticleError(ValueError):
    """An article file that cannot be loaded; the message says where and why.

    `convertible` names an encoding the file reads in, when the curator may
    confirm converting it (Windows-1252)."""

    def __init__(self, message: str, convertible: str = ""):
        super().__init__(message)
        self.convertible = convertible


def decode_article(raw: bytes, name: str, encoding: str = "") -> str:
    """Bytes of an article file → text, or an ArticleError naming the problem.

    `encoding` is one the curator confirmed (Windows-1252); otherwise UTF-8,
    or what a byte-order mark says."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{name}: the file is {len(raw):,} bytes; articles may be at most "
            f"{MAX_ARTICLE_BYTES:,} bytes"
        )
    bom = next(((mark, codec) for mark, codec in _BOMS if raw.startswith(mark)), None)
    if bom and bom[1] == "utf-16":
        try:
            return _checked(raw.decode("utf-16"), name)
        except UnicodeDecodeError:
            raise ArticleError(
                f"{name}: it starts as UTF-16 text but is not valid UTF-16"
            ) from None
    if not raw.strip():
        raise ArticleError(f"{name}: the file is empty")
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise ArticleError(
            f"{name}: line {raw[:offset].count(b'\n') + 1}: the file is binary "
            "(it contains NUL bytes), not an article's text"
        )
    if encoding == WINDOWS_1252:
        return _checked(raw.decode("cp1252", errors="replace"), name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(raw, name, error) from None
    return _checked(text, name)


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise ArticleError(f"{name}: the file is empty")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(3, len(text) // 100):
        raise ArticleError(f"{name}: the file is binary ({controls} control characters)")
    return text


def _not_utf8(raw: bytes, name: str, error: UnicodeDecodeError) -> ArticleError:
    line = raw[: error.start].count(b"\n") + 1
    where = (
        f"{name}: line {line}, byte {error.start}: not UTF-8 text (byte 0x{raw[error.start]:02x})"
    )
    if _UNDEFINED_1252.isdisjoint(raw):
        # What the first line with a non-ASCII byte says in Windows-1252, to check by eye.
        start = raw.rfind(b"\n", 0, error.start) + 1
        end = raw.find(b"\n", error.start)
        sample = raw[start : end if end != -1 else len(raw)].decode("cp1252").strip()
        if len(sample) > 100:
            sample = sample[:99] + "…"
        return ArticleError(
            f"{where}. Read as Windows-1252 it says “{sample}”: if that is right, confirm "
            "the conversion to UTF-8; otherwise save the article as UTF-8",
            convertible=WINDOWS_1252,
        )
    return ArticleError(f"{where}; save the article as UTF-8")
