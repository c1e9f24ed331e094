"""The timeline's filters: GET parameters shared by pages, API and exports.

A value that cannot be used is reported against its field and left out;
the other filters still apply. Pages show the message, the API answers 400.
"""

from __future__ import annotations

import re

from django import forms

from .dates import DateTextError, parse_date_text
from .models import Actor, Citation, Event, EventActor, Source
from .search import matching_events, searchable

MAX_TEXT = 200
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
MAX_VALUES = 20


class SlugsField(forms.Field):
    """Repeatable slugs of existing objects; unknown ones are named."""

    widget = forms.MultipleHiddenInput

    def __init__(self, model, noun, **kwargs):
        self.model, self.noun = model, noun
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        values = list(dict.fromkeys(v.strip() for v in (value or []) if v and v.strip()))
        if len(values) > MAX_VALUES:
            raise forms.ValidationError(f"At most {MAX_VALUES} {self.noun}s can be chosen at once.")
        return values

    def validate(self, value):
        # Only slug-shaped values can name anything; the rest never reach the database.
        candidates = [v for v in value if SLUG.fullmatch(v)]
        known = set(self.model.objects.filter(slug__in=candidates).values_list("slug", flat=True))
        unknown = [v for v in value if v not in known]
        if unknown:
            shown = ", ".join(f"“{v[:40]}”" for v in unknown[:3])
            raise forms.ValidationError(f"No {self.noun} is called {shown}.")


class SearchTextField(forms.CharField):
    """Words to search for; text with no letter or digit in it ("😀", "*") is named."""

    def validate(self, value):
        super().validate(value)
        if value and not searchable(value):
            raise forms.ValidationError(f"“{value[:40]}” has no letters or digits to search for.")


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
    actor = SlugsField(Actor, "actor")
    kind = forms.MultipleChoiceField(required=False, choices=Event.Kind.choices)
    tone = forms.TypedMultipleChoiceField(
        required=False, coerce=int, choices=[(t, t) for t in range(-2, 3)]
    )
    source = SlugsField(Source, "source")
    significance = forms.TypedMultipleChoiceField(
        required=False, coerce=int, choices=[(s, s) for s in range(1, 4)]
    )
    from_ = FuzzyDateField(label="From")
    to = FuzzyDateField(label="To")
    order = forms.ChoiceField(
        required=False, choices=[("asc", "oldest first"), ("desc", "newest first")]
    )

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

    def error_messages(self) -> dict[str, str]:
        self.is_valid()
        return {
            ("from" if name == "from_" else name): " ".join(errors)
            for name, errors in self.errors.items()
        }


def filter_events(queryset, values: dict):
    """Apply the usable filter values to a queryset of events."""
    if values.get("q"):
        queryset = matching_events(queryset, values["q"])
    # IN (a subquery) rather than EXISTS: the database reads the few events of
    # an actor or a source once, instead of probing for each of all events.
    for slug in values.get("actor") or []:
        queryset = queryset.filter(
            pk__in=EventActor.objects.filter(actor__slug=slug).values("event_id")
        )
    if values.get("kind"):
        queryset = queryset.filter(kind__in=values["kind"])
    if values.get("tone"):
        queryset = queryset.filter(tone__in=values["tone"])
    if values.get("significance"):
        queryset = queryset.filter(significance__in=values["significance"])
    if values.get("source"):
        queryset = queryset.filter(
            pk__in=Citation.objects.filter(passage__source__slug__in=values["source"]).values(
                "event_id"
            )
        )
    if values.get("from_"):
        queryset = queryset.filter(last_day__gte=values["from_"].earliest)
    if values.get("to"):
        queryset = queryset.filter(start_earliest__lte=values["to"].latest)
    return queryset


def timeline_events(values: dict):
    """Published events matching the filter values, in timeline order."""
    events = filter_events(Event.objects.published(), values)
    if values.get("order") == "desc":
        return events.order_by("-start_earliest", "-start_precision_rank", "-start_latest", "-slug")
    return events.chronological()
