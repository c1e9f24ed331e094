"""Events in the admin: dates as text; actors, citations and claims inline; evidence by key."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    Actor,
    Citation,
    Claim,
    Event,
    EventActor,
    EventRedirect,
    Passage,
    Reference,
    Source,
)
from ..models.events import DATE_HELP
from ..store import evidence
from .base import WritePathAdmin
from .curation import AnchoredForm

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


class EventForm(forms.ModelForm):
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
    # The `updated` stamp the curator's copy was loaded with: a save from a
    # stale copy is refused instead of silently overwriting someone else's edit.
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

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
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.updated.isoformat()
        if self.instance.pk:  # bound too: what has changed is told against it
            targets = evidence.evidence_lists(self.instance)[1]
            for target in evidence.TARGETS:
                self.initial[f"{target}_evidence"] = evidence.format_items(targets[target])

    def clean(self):
        # Dates are read by the model itself (Event.clean), as the loader reads them.
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                Event.objects.filter(pk=self.instance.pk).values_list("updated", flat=True).first()
            )
            if current and cleaned.get("loaded_version") != current.isoformat():
                raise forms.ValidationError(
                    "Someone else saved this event after you opened it. Your changes were not "
                    "saved: open the event again to see theirs, then make yours."
                )
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


class EventActorInline(admin.TabularInline):
    model = EventActor
    autocomplete_fields = ["actor"]
    extra = 1


class CitationInline(admin.StackedInline):
    model = Citation
    form = CitationForm
    autocomplete_fields = ["passage"]
    extra = 1
    fields = ["key", "passage", "quote", "prefix", "suffix", "note", "view_in_article"]
    readonly_fields = ["view_in_article"]

    @admin.display(description="in the article")
    def view_in_article(self, citation):
        if not citation.pk:
            return "—"
        return format_html(
            '<a href="{}">¶{} in context</a>', citation.get_absolute_url(), citation.passage.number
        )


class ClaimForm(forms.ModelForm):
    evidence = EvidenceField()

    class Meta:
        model = Claim
        fields = ["position", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

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


class ClaimFormSet(BaseInlineFormSet):
    """The claims, checked with the citations and the event's evidence lists, as the loader checks them."""

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
        keys = {
            form.cleaned_data["key"]
            for form in citations.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("key")
        }
        targets = getattr(self.instance, "evidence_targets", {})
        names = {i.name for _, items in self.written() for i in items}
        names |= {i.name for items in targets.values() for i in items}
        known = set(Reference.objects.filter(slug__in=names).values_list("slug", flat=True))
        claims = [items for _, items in self.written()]
        found = evidence.problems(keys, known, claims, targets, self.instance.published)
        if found:
            raise forms.ValidationError(
                ["Nothing was saved; the evidence is not complete:", *found]
            )


class ClaimInline(admin.TabularInline):
    model = Claim
    form = ClaimForm
    formset = ClaimFormSet
    extra = 1
    verbose_name = "claim (one sentence of the summary, with its evidence)"
    verbose_name_plural = "claims: the summary, sentence by sentence, each with its evidence"


class EventRedirectInline(admin.TabularInline):
    model = EventRedirect
    extra = 0
    can_delete = True
    fields = ["slug"]
    readonly_fields = ["slug"]
    verbose_name_plural = "former slugs (their URLs redirect here)"

    def has_add_permission(self, request, obj=None):
        return False


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Event.objects.dates("start_earliest", "year")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        year = self.value() or ""
        if year.isascii() and year.isdigit() and 1 <= int(year) <= 9999:
            return queryset.filter(start_earliest__year=int(year))
        return queryset


class SourceFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [(s.slug, f"{s.publisher}, {s.published_display}") for s in Source.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(citations__passage__source__slug=self.value()).distinct()
        return queryset


class ActorFilter(admin.SimpleListFilter):
    title = "actor"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        return [(a.slug, a.name) for a in Actor.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(event_actors__actor__slug=self.value())
        return queryset


@admin.register(Event)
class EventAdmin(WritePathAdmin, SimpleHistoryAdmin):
    form = EventForm
    # Claims come after the citations: their evidence names them, and is saved once they are.
    inlines = [EventActorInline, CitationInline, ClaimInline, EventRedirectInline]
    list_display = ["date", "title", "kind", "tone", "sources", "published"]
    list_display_links = ["title"]
    list_filter = [
        "published",
        "kind",
        "tone",
        "significance",
        YearFilter,
        ActorFilter,
        SourceFilter,
    ]
    search_fields = ["title"]  # real search happens in get_search_results
    date_hierarchy = "start_earliest"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["dates_as_read", "last_updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug"]}),
        ("When and where", {"fields": ["start_text", "end_text", "dates_as_read", "place"]}),
        (
            "What establishes them",
            {"fields": ["date_evidence", "place_evidence", "actors_evidence"]},
        ),
        ("Classification", {"fields": ["kind", "tone", "significance", "published"]}),
        (None, {"fields": ["loaded_version", "last_updated"]}),
    ]
    change_list_template = "admin/relations/event/change_list.html"

    @admin.display(description="date", ordering="start_earliest")
    def date(self, event):
        return event.date_display

    @admin.display(description="independent sources", ordering="source_count")
    def sources(self, event):
        return event.source_count

    @admin.display(description="read as")
    def dates_as_read(self, event):
        if not event.pk:
            return "Shown after saving."
        # The saved text: after a refused save the form's instance holds the typed one.
        saved = Event.objects.filter(pk=event.pk).values("start_text", "end_text").first() or {}
        parts = []
        for label, value in (("start", event.start), ("end", event.end)):
            if value:
                span = f"{value.earliest:%-d %B %Y}" + (
                    f" to {value.latest:%-d %B %Y}" if value.latest != value.earliest else ""
                )
                text = saved.get(f"{label}_text", value.text)
                parts.append(f"{label}: “{text}” = {value.display()} ({value.precision}; {span})")
        return "; ".join(parts)

    @admin.display(description="last updated")
    def last_updated(self, event):
        return event.updated if event.pk else "—"

    def get_urls(self):
        from .workqueue import urls

        return urls() + super().get_urls()

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False

    def save_model(self, request, obj, form, change):
        if change and "slug" in form.changed_data:
            old_slug = form.initial.get("slug")
            EventRedirect.objects.filter(slug=obj.slug).delete()  # renamed back
            if old_slug and not EventRedirect.objects.filter(slug=old_slug).exists():
                super().save_model(request, obj, form, change)
                EventRedirect.objects.create(slug=old_slug, event=obj)
                messages.info(request, f"The old address /events/{old_slug}/ now redirects here.")
                return
        super().save_model(request, obj, form, change)

    def _create_formsets(self, request, obj, change):
        # The claims are checked with the citations beside them (ClaimFormSet.clean).
        formsets, inlines = super()._create_formsets(request, obj, change)
        for formset in formsets:
            formset.siblings = formsets
        return formsets, inlines

    def save_formset(self, request, form, formset, change):
        if formset.model is Claim:
            # Saved with their evidence in save_related; this only notes what changed.
            formset.save(commit=False)
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        claims = next(f for f in formsets if f.model is Claim)
        evidence.save_evidence(event, claims.written(), event.evidence_targets)
        edited = [name for name in form.changed_data if name != "loaded_version"]
        if edited or any(f.has_changed() for f in formsets):
            # A real change to what the event says: cited from now on as revised today.
            Event.objects.filter(pk=event.pk).update(revised=timezone.localdate())


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    """Passages come from the articles: searchable and readable, never edited by hand."""

    search_fields = ["source__publisher", "source__title", "source__slug", "text"]
    list_display = ["__str__", "source", "number", "is_heading"]
    list_filter = ["source"]
    fields = ["source", "number", "text", "is_heading", "start", "end"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
