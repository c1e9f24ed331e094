"""What every curation admin shares."""

from __future__ import annotations

from django import forms

from ..store.changes import batch
from ..text.slugs import whole_word_slug


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


class SlugFromTitleForm(forms.ModelForm):
    """A form whose slug, left empty, is made from its title (or name) in whole words,
    and kept unique. (Django's prepopulating script cuts long titles mid-word.)"""

    slug_from = "title"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields[
                "slug"
            ].help_text = f"Used in its address. Left empty, it is made from the {self.slug_from}."

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug
        model = self._meta.model
        limit = model._meta.get_field("slug").max_length
        named = self.cleaned_data.get(self.slug_from) or self.data.get(
            self.add_prefix(self.slug_from), ""
        )
        base = whole_word_slug(named, limit)
        if not base:
            raise forms.ValidationError(f"Give it a slug, or a {self.slug_from} to make one from.")
        taken = model.objects.exclude(pk=self.instance.pk)
        slug, number = base, 2
        while taken.filter(slug=slug).exists():
            suffix = f"-{number}"
            slug = whole_word_slug(base, limit - len(suffix)) + suffix
            number += 1
        return slug
