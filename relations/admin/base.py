"""What every curation admin shares."""

from __future__ import annotations

from django import forms

from ..store.changes import batch


class WritePathAdmin:
    """Each request that may change the record is one change of the write path:
    all or nothing, with the derived data and the data version brought up to
    date at its end (relations.store.changes)."""

    def changeform_view(self, *args, **kwargs):
        with batch():
            return super().changeform_view(*args, **kwargs)

    def delete_view(self, *args, **kwargs):
        with batch():
            return super().delete_view(*args, **kwargs)

    def changelist_view(self, *args, **kwargs):
        # Bulk actions (delete selected) and list editing.
        with batch():
            return super().changelist_view(*args, **kwargs)


class LinesField(forms.CharField):
    """A list of strings, one a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]
