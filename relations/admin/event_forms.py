"""The forms of an event's admin page: dates as text, evidence as lists of keys, and the
check that the claims, links and citations together are complete (as the loader checks)."""

from __future__ import annotations

from django import forms
from django.forms.models import BaseInlineFormSet

from ..models import Citation, Claim, Event, Link, Reference, Source
from ..models.dating import DATE_HELP
from ..store import evidence
from ..store.links import cycle_problem
from .base import SlugFromTitleForm
from .curation import AnchoredForm
from .history import LoadedVersionForm

EVIDENCE_HELP = (
    "Citation keys of this event and slugs of references, by commas; ' (partly)' after one "
    "that backs it only in part: “reuters-7, ap-2011-11-26-salala (partly)”."
)


class EvidenceField(forms.CharField):
    """An evidence list, typed as in seeds/: keys and slugs, ' (partly)' where partial."""

    def __init__(self, **kwargs):
        super().__init__(required=False, help_text=EVIDENCE_HELP, **kwargs)

    def to_python(self, value):
        try:
            return evidence.parse_items(super().to_python(value))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value):
        return evidence.format_items(value) if isinstance(value, list) else value

    def has_changed(self, initial, data):
        try:
            return evidence.format_items(self.to_python(data)) != (initial or "")
        except forms.ValidationError:
            return True


class EventForm(LoadedVersionForm, SlugFromTitleForm):
    kind_name = "event"
    start_text = forms.CharField(
        label="Start",
        max_length=100,
        help_text="As you would write it: '2 May 2011', 'May 2011', 'late November 2011', "
        "'mid-2012', '2011'. The local date where it happened.",
        error_messages={"required": DATE_HELP},
    )
    end_text = forms.CharField(
        label="End", max_length=100, required=False, help_text="Only for an event that lasted."
    )
    date_evidence = EvidenceField(label="Evidence of the date")
    place_evidence = EvidenceField(label="Evidence of the place")
    actors_evidence = EvidenceField(label="Evidence of the actors")

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "start_text",
            "end_text",
            "place",
            "kind",
            "tone",
            "significance",
            "published",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # bound too: what has changed is told against it
            targets = evidence.evidence_lists(self.instance)[1]
            for target in evidence.TARGETS:
                self.initial[f"{target}_evidence"] = evidence.format_items(targets[target])

    def clean(self):
        # Dates are read by the model itself (Event.clean), as the loader reads them.
        cleaned = super().clean()
        # The `updated` stamp the curator's copy was loaded with: a save from a
        # stale copy is refused instead of silently overwriting someone else's edit.
        self.check_loaded_version()
        # Checked with the claims and citations, by the claims' formset.
        self.instance.evidence_targets = {
            t: cleaned.get(f"{t}_evidence") or [] for t in evidence.TARGETS
        }
        return cleaned


class CitationForm(AnchoredForm):
    class Meta:
        model = Citation
        fields = ["key", "passage", "quote", "prefix", "suffix", "note"]
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class WithEvidenceForm(forms.ModelForm):
    """A claim or a link, with its evidence written as a list of keys and slugs."""

    evidence = EvidenceField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # bound too: what has changed is told against it
            self.initial["evidence"] = evidence.format_items(
                evidence.Item(
                    row.citation.key if row.citation_id else row.reference.slug,
                    row.support == row.Support.PARTIAL,
                )
                for row in self.instance.evidence.select_related("citation", "reference")
            )


class ClaimForm(WithEvidenceForm):
    class Meta:
        model = Claim
        fields = ["position", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ClaimFormSet(BaseInlineFormSet):
    """The claims, checked with the citations, the links and the event's evidence lists, as
    the loader checks them."""

    def written(self) -> list[tuple[str, list]]:
        forms_kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("text")
        ]
        forms_kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)
        return [(form.cleaned_data["text"], form.cleaned_data["evidence"]) for form in forms_kept]

    def clean(self):
        super().clean()
        citations = next(f for f in self.siblings if f.model is Citation)
        if any(self.errors) or not citations.is_valid():
            return
        kept = [
            form.cleaned_data
            for form in citations.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("key")
        ]
        keys = {data["key"] for data in kept}
        hidden = sorted(
            {
                data["passage"].source.slug
                for data in kept
                if data.get("passage") and data["passage"].source.status != Source.Status.PUBLIC
            }
        )
        links = next(f for f in self.siblings if f.model is Link)
        if not links.is_valid():
            return
        targets = getattr(self.instance, "evidence_targets", {})
        named = {
            f"the link from '{cause.slug}' ({kind})": items
            for cause, kind, _, items in links.written()
        }
        every = [*(items for _, items in self.written()), *targets.values(), *named.values()]
        names = {i.name for items in every for i in items}
        known = set(Reference.objects.filter(slug__in=names).values_list("slug", flat=True))
        claims = [items for _, items in self.written()]
        found = evidence.problems(
            keys, known, claims, targets, self.instance.published, named, hidden
        )
        wanted = [(cause, kind, note) for cause, kind, note, _ in links.written()]
        if self.instance.pk and (cycle := cycle_problem(self.instance, wanted)):
            found.append(cycle)
        if found:
            raise forms.ValidationError(
                ["Nothing was saved; the evidence is not complete:", *found]
            )


class LinkForm(WithEvidenceForm):
    class Meta:
        model = Link
        fields = ["from_event", "kind", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 1})}


class LinkFormSet(BaseInlineFormSet):
    def written(self) -> list[tuple]:
        """(cause, kind, note, evidence) of each link kept, in order."""
        return [
            (
                form.cleaned_data["from_event"],
                form.cleaned_data["kind"],
                form.cleaned_data.get("note", ""),
                form.cleaned_data["evidence"],
            )
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("from_event")
        ]
