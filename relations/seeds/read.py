"""Reading seeds/: TOML files, where a value stands in them, and how problems are named."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

SOURCES_FILE = "sources.toml"
EVENTS_FILE = "events.toml"
REFERENCES_FILE = "references.toml"
THREADS_FILE = "threads.toml"
NOT_EVENTS_FILE = "not_events.toml"
PLACES_FILE = "places.toml"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SeedError(Exception):
    """Everything wrong with a seeds folder, one problem a line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: str, kind: str, n: int = 1) -> None:
        target = getattr(self, bucket)
        target[kind] = target.get(kind, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def __str__(self) -> str:
        if not self.changed:
            return "Nothing to change: the database already matches the seeds."
        parts = []
        for bucket in ("created", "updated", "deleted"):
            counts = getattr(self, bucket)
            if counts:
                parts.append(
                    f"{bucket} " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
                )
        return "Loaded seeds: " + "; ".join(parts) + "."


@dataclass
class SeedFile:
    """A TOML file of seeds/: its path, its text and what it holds."""

    path: Path
    text: str = ""
    data: dict = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, required: bool = True) -> SeedFile:
        if not path.is_file():
            if required:
                raise SeedError([f"{path}: file not found"])
            return cls(path)
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise SeedError([f"{path}: line {line}: not UTF-8 text"]) from None
        try:
            return cls(path, text, tomllib.loads(text))
        except tomllib.TOMLDecodeError as error:
            raise SeedError([f"{path}: {error}"]) from None

    def entries(self, name: str) -> list[dict]:
        entries = self.data.get(name, [])
        return entries if isinstance(entries, list) else []

    def where(self, value: str, after: int = 1) -> str:
        """'file:line' of the line where a string value first appears, at or after `after`."""
        return f"{self.path}:{self.line_of(value, after)}"

    def line_of(self, value: str, after: int = 1) -> int:
        needle = json.dumps(str(value), ensure_ascii=False)[1:-1][:60]
        lines = self.text.splitlines()
        for number in range(max(after, 1), len(lines) + 1):
            if needle in lines[number - 1]:
                return number
        return after


def missing_keys(entry: dict, keys: tuple[str, ...]) -> list[str]:
    return [key for key in keys if not str(entry.get(key, "")).strip()]


def slug_problem(entry: dict) -> str:
    slug = entry.get("slug")
    if isinstance(slug, str) and slug and not SLUG.match(slug):
        return f"slug '{slug}' must be lower-case words joined by hyphens"
    return ""


def assign(obj, values: dict) -> bool:
    """Set fields that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name, None) != value:  # None: a relation not yet set
            setattr(obj, name, value)
            changed = True
    return changed


# A model's field, as seeds/ names it.
SEED_KEYS = {"start_text": "start", "end_text": "end"}


def validation_messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{SEED_KEYS.get(name, name)}: {' '.join(messages)}"
            if name != "__all__"
            else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
