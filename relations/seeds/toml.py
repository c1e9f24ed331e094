"""A small TOML writer for the seed files' few shapes, readable in a diff.

tomllib reads TOML but cannot write it, and a general writer cannot keep the
layout a reviewer wants: comments, multi-line summaries, one actor per line.
"""

from __future__ import annotations

import json

# Prose that reads best on its own lines.
MULTILINE_KEYS = {"notes", "description", "reason", "introduction"}
# Lists that read best one item a line.
LIST_KEYS = {"events"}


def basic_string(value: str) -> str:
    # JSON's escapes are TOML's, but for DEL, which TOML also wants escaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def multiline_string(value: str) -> str:
    """A multi-line basic string; a quote is escaped only where it would end it."""
    escaped, quotes = [], 0
    for index, char in enumerate(value):
        if char == '"':
            if quotes == 2 or index == len(value) - 1:
                escaped.append('\\"')
                quotes = 0
            else:
                escaped.append(char)
                quotes += 1
            continue
        quotes = 0
        if char == "\\":
            escaped.append("\\\\")
        elif char in "\n\t":
            escaped.append(char)
        elif ord(char) < 32 or char == "\x7f":
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"""\n' + "".join(escaped) + '"""'


def value(key: str, item) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        return repr(item)  # the shortest text that reads back as the same number
    if isinstance(item, str):
        return multiline_string(item) if key in MULTILINE_KEYS else basic_string(item)
    if isinstance(item, list) and all(isinstance(v, str) for v in item):
        if key in LIST_KEYS:  # long lists of slugs: one a line
            return "[\n" + "".join(f"  {basic_string(v)},\n" for v in item) + "]"
        return "[" + ", ".join(basic_string(v) for v in item) + "]"
    if isinstance(item, list):  # a list of small tables, one a line
        rows = [
            "  { " + ", ".join(f"{k} = {value(k, v)}" for k, v in row.items()) + " },"
            for row in item
        ]
        return "[\n" + "\n".join(rows) + "\n]"
    raise TypeError(f"cannot write {key} = {item!r}")


def is_default(key: str, item) -> bool:
    """Values left out of the file: empty ones, `published = true` and `status = "public"`."""
    return (
        item in ("", [], None)
        or (key == "published" and item is True)
        or (key == "status" and item == "public")
    )


def table(header: str, form: dict, nested: tuple[str, ...] = ()) -> str:
    """`[[header]]` with its keys, then arrays of sub-tables named in `nested`."""
    lines = [f"[[{header}]]"]
    for key, item in form.items():
        if key in nested or is_default(key, item):
            continue
        lines.append(f"{key} = {value(key, item)}")
    for key in nested:
        for row in form.get(key, []):
            lines.append("")
            lines.append(table(f"{header}.{key}", row).rstrip("\n"))
    return "\n".join(lines) + "\n"
