"""Dates as a curator writes them, read: the text dates of events and of the phases."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ..text.dates import DateTextError, end_problem, parse_date_text

DATE_HELP = "Write a date, e.g. '2 May 2011', 'May 2011' or 'late 2011'."


def read_dates(start_text: str, end_text: str, end_required: bool = False):
    """(start, end) FuzzyDates read from what a curator wrote, or a ValidationError
    naming the field ('start_text', 'end_text') and why. The admin's forms and
    the loader read dates only through here (by Event.clean and Period.clean)."""
    errors, start, end = {}, None, None
    for field, text, required in (
        ("start_text", start_text, True),
        ("end_text", end_text, end_required),
    ):
        if not (text or "").strip():
            if required:
                errors[field] = DATE_HELP
            continue
        try:
            value = parse_date_text(text)
        except DateTextError as error:
            errors[field] = str(error)
            continue
        start, end = (value, end) if field == "start_text" else (start, value)
    if start and end and (problem := end_problem(start, end)):
        errors["end_text"] = problem[0].upper() + problem[1:] + "."
    if errors:
        raise ValidationError(errors)
    return start, end
