"""The timeline's filters: GET parameters shared by pages, API and exports.

A value that cannot be used is reported against its field and left out;
the other filters still apply. Pages show the message, the API answers 400.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django import forms

from .models import Actor, Event, Place, Source, Thread
from .search.query import only_excludes, searchable
from .search.spelling import Search, resolve
from .text.dates import DateTextError, parse_date_text, reads_as_span

MAX_TEXT = 200
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
MAX_VALUES = 20
PARAMS = (
    "q",
    "actor",
    "actors_match",
    "place",
    "kind",
    "tone",
    "source",
    "significance",
    "thread",
    "from",
    "to",
    "order",
    "verbatim",
)
SINGLE_VALUED = ("q", "actors_match", "from", "to", "order", "verbatim")
# Values that are the default and left out of links: oldest first, all of the actors.
DEFAULTS = (("order", "asc"), ("actors_match", "all"))


class SlugsField(forms.Field):
    """Repeatable slugs of existing objects. Unknown ones are named in `unknown` and left
    out; the known ones beside them still apply (a link naming an actor since removed
    keeps its other actors)."""

    widget = forms.MultipleHiddenInput

    def __init__(self, model, noun, name_field, **kwargs):
        self.model, self.noun, self.name_field = model, noun, name_field
        self.names = {}  # the chosen ones' names by slug, once validated (for the chips)
        self.unknown = ""  # what the page says of the slugs that name nothing
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        return [slug for slug in super().clean(value) if slug in self.names]

    def to_python(self, value):
        values = list(dict.fromkeys(v.strip() for v in (value or []) if v and v.strip()))
        if len(values) > MAX_VALUES:
            raise forms.ValidationError(f"At most {MAX_VALUES} {self.noun}s can be chosen at once.")
        return values

    def validate(self, value):
        if not value:
            return
        # Only slug-shaped values can name anything; the rest never reach the database.
        candidates = [v for v in value if SLUG.fullmatch(v)]
        known = self.model.objects.filter(slug__in=candidates)
        self.names = dict(known.values_list("slug", self.name_field))
        unknown = [v for v in value if v not in self.names]
        if unknown:
            shown = ", ".join(f"“{v[:40]}”" for v in unknown[:3])
            self.unknown = f"No {self.noun} is called {shown}."


class SearchTextField(forms.CharField):
    """Words to search for; text with no letter or digit in it ("😀", "*") is named."""

    def validate(self, value):
        super().validate(value)
        if value and not searchable(value):
            raise forms.ValidationError(f"“{value[:40]}” has no letters or digits to search for.")
        if value and only_excludes(value):
            raise forms.ValidationError(
                f"“{value[:40]}” only says what to leave out: add a word to search for."
            )


class FuzzyDateField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=80, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_date_text(text)
        except DateTextError as error:
            raise forms.ValidationError(str(error)) from None


class TimelineFilters(forms.Form):
    q = SearchTextField(required=False, max_length=MAX_TEXT, strip=True, label="Search")
    actor = SlugsField(Actor, "actor", "name")
    # Events involving all of the chosen actors (the default), or any of them.
    actors_match = forms.ChoiceField(
        required=False,
        choices=[("all", "all of"), ("any", "any of")],
        label="Actors",
        error_messages={"invalid_choice": "Actors match “all” or “any”, not “%(value)s”."},
    )
    place = SlugsField(Place, "place", "name")
    kind = forms.MultipleChoiceField(
        required=False,
        choices=Event.Kind.choices,
        error_messages={"invalid_choice": "No kind of event is called “%(value)s”."},
    )
    tone = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        choices=Event.Tone.choices,
        error_messages={"invalid_choice": "A tone is a number from -2 to 2, not “%(value)s”."},
    )
    source = SlugsField(Source, "source", "publisher")
    significance = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        choices=Event.Significance.choices,
        error_messages={"invalid_choice": "Significance is 1, 2 or 3, not “%(value)s”."},
    )
    thread = SlugsField(Thread, "thread", "title")
    from_ = FuzzyDateField(label="From")
    to = FuzzyDateField(label="To")
    order = forms.ChoiceField(
        required=False,
        choices=[("asc", "oldest first"), ("desc", "newest first")],
        error_messages={"invalid_choice": "The order is “asc” or “desc”, not “%(value)s”."},
    )
    # The words as typed, even where they match nothing (no spelling correction).
    verbatim = forms.BooleanField(required=False)

    def __init__(self, data, *args, **kwargs):
        # `from` is a Python keyword: the form field is from_, the parameter `from`.
        data = data.copy()
        if "from" in data:
            data.setlist("from_", data.getlist("from"))
        super().__init__(data, *args, **kwargs)

    def add_prefix(self, field_name):
        return field_name

    def clean(self):
        data = super().clean()
        start, end = data.get("from_"), data.get("to")
        if start and end and end.latest < start.earliest:
            self.add_error(
                "to", f"“{end.text}” is before “{start.text}” (From): no event lies between them."
            )
        return data

    def usable(self) -> dict:
        """The cleaned values of the fields that are valid."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def names(self) -> dict[str, dict[str, str]]:
        """The chosen actors', places', sources' and threads' names by slug, as read when
        they were checked (what the chips call them)."""
        self.is_valid()
        return {
            name: field.names
            for name, field in self.fields.items()
            if isinstance(field, SlugsField)
        }

    def error_messages(self) -> dict[str, str]:
        """What the page says of each field it cannot use as given (exports refuse these)."""
        self.is_valid()
        messages = {
            name: field.unknown
            for name, field in self.fields.items()
            if isinstance(field, SlugsField) and field.unknown
        }
        return messages | {
            ("from" if name == "from_" else name): " ".join(errors)
            for name, errors in self.errors.items()
        }

    def kept(self, params: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The parameters (filter_params) the page applies, for its links: none of a field
        it cannot use, and of a field of slugs, the known ones."""
        problems, names = self.error_messages(), self.names()
        return [(k, v) for k, v in params if k not in problems or v in names.get(k, ())]


def searched(values: dict) -> Search:
    """What the selection searches for: the words typed, or their spelling correction."""
    return resolve(values.get("q") or "", bool(values.get("verbatim")))


def date_bounds(values: dict) -> tuple:
    """The first and last day of the selection (None where open). A span typed in one
    field with the other empty is the whole selection: From '2011–2012' is 2011 to 2012,
    while From 'May 2011' runs on to the last event."""
    start, end = values.get("from_"), values.get("to")
    if start and not end and reads_as_span(start):
        end = start
    if end and not start and reads_as_span(end):
        start = end
    return (start.earliest if start else None, end.latest if end else None)


def date_readings(values: dict) -> dict[str, str]:
    """How From and To were read, said beside each field: 'From 1 January 2011 to
    31 December 2012: the span typed in From, with To empty.'"""
    first, last = date_bounds(values)
    start, end = values.get("from_"), values.get("to")
    readings = {}
    if start:
        readings["from"] = f"From {first:%-d %B %Y}" + (
            f" to {last:%-d %B %Y}: the span typed, with To empty." if not end and last else "."
        )
    if end:
        readings["to"] = (
            f"From {first:%-d %B %Y} to {last:%-d %B %Y}: the span typed, with From empty."
            if not start and first
            else f"To {last:%-d %B %Y}."
        )
    return readings


def timeline_events(values: dict, search: Search | None = None):
    """Published events matching the usable filter values, in timeline order."""
    events = (
        Event.objects.published()
        .matching((search or searched(values)).q)
        .involving(values.get("actor") or [], any_of=values.get("actors_match") == "any")
        .at_places(values.get("place"))
        .of_kinds(values.get("kind"))
        .of_tones(values.get("tone"))
        .of_significance(values.get("significance"))
        .citing(values.get("source"))
        .in_threads(values.get("thread"))
        .between(*date_bounds(values))
        .listed()
    )
    return events.in_timeline_order(descending=values.get("order") == "desc")


def filter_params(request) -> list[tuple[str, str]]:
    """The filter parameters in use, in order (blank and repeated ones left out).

    A filter that takes one value is given its last one, as the form reads it.
    """
    params = []
    for key, values in request.GET.lists():
        if key not in PARAMS:
            continue
        values = [value for value in values if value.strip()]
        if key in SINGLE_VALUED:
            values = values[-1:]
        params += [(key, v) for v in dict.fromkeys(values) if (key, v) not in DEFAULTS]
    return params


def query_string(params: list[tuple[str, str]]) -> str:
    return "?" + urlencode(params) if params else "?"
