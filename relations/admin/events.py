"""Events in the admin: dates as text, actors and citations inline, checked quotes."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from ..models import (
    Actor,
    Citation,
    Event,
    EventActor,
    EventRedirect,
    ExternalReference,
    Passage,
    Source,
)
from ..models.events import DATE_HELP
from .base import WritePathAdmin
from .curation import AnchoredForm


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
            "summary",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.updated.isoformat()

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
        return cleaned


class CitationForm(AnchoredForm):
    class Meta:
        model = Citation
        fields = ["passage", "quote", "prefix", "suffix", "note"]
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
    fields = ["passage", "quote", "prefix", "suffix", "note", "view_in_article"]
    readonly_fields = ["view_in_article"]

    @admin.display(description="in the article")
    def view_in_article(self, citation):
        if not citation.pk:
            return "—"
        return format_html(
            '<a href="{}">¶{} in context</a>', citation.get_absolute_url(), citation.passage.number
        )


class ExternalReferenceInline(admin.TabularInline):
    model = ExternalReference
    extra = 0
    verbose_name = "reference outside the articles"
    verbose_name_plural = "references outside the articles (only for claims no article states)"


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
    inlines = [EventActorInline, CitationInline, ExternalReferenceInline, EventRedirectInline]
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
        (None, {"fields": ["title", "slug", "summary"]}),
        ("When and where", {"fields": ["start_text", "end_text", "dates_as_read", "place"]}),
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
