"""Events in the admin: dates as text; actors, citations and claims inline; evidence by key."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html

from ..models import (
    Actor,
    Citation,
    Claim,
    Event,
    EventActor,
    EventRedirect,
    Link,
    Proposal,
    Source,
)
from ..seeds.history import ever_published
from ..store import evidence
from ..store.links import save_links
from ..text.dates import format_fuzzy
from . import review
from .base import WritePathAdmin
from .drafting import prefilled_citation
from .event_forms import CitationForm, ClaimForm, ClaimFormSet, EventForm, LinkForm, LinkFormSet
from .history import RevisionHistoryAdmin
from .places import EventPlaceInline


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


class LinkInline(admin.TabularInline):
    """What led to this event: each link from its cause, with the evidence that states it."""

    model = Link
    fk_name = "to_event"
    form = LinkForm
    formset = LinkFormSet
    autocomplete_fields = ["from_event"]
    extra = 0
    verbose_name = "link from what led to it"
    verbose_name_plural = "what led to this event (links from a cause, each with its evidence)"


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
class EventAdmin(WritePathAdmin, RevisionHistoryAdmin, admin.ModelAdmin):
    form = EventForm
    # Claims and links come after the citations: their evidence names them, and is saved
    # once they are.
    inlines = [
        EventActorInline,
        EventPlaceInline,
        CitationInline,
        ClaimInline,
        LinkInline,
        EventRedirectInline,
    ]
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

    class Media:
        js = ["relations/js/admin-dates.js"]

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
        # The saved dates: after a refused save the form's instance holds the typed text.
        saved = Event.objects.filter(pk=event.pk).first() or event
        parts = []
        for label, value in (("start", saved.start), ("end", saved.end)):
            if value:
                span = f"{value.earliest:%-d %B %Y}" + (
                    f" to {value.latest:%-d %B %Y}" if value.latest != value.earliest else ""
                )
                shown = format_fuzzy(value.earliest, value.latest, value.precision, value.qualifier)
                parts.append(f"{label}: “{value.text}” = {shown} ({value.precision}; {span})")
        return "; ".join(parts)

    @admin.display(description="last updated")
    def last_updated(self, event):
        return event.updated if event.pk else "—"

    def get_urls(self):
        from . import drafting, review, workqueue

        return workqueue.urls() + drafting.urls() + review.urls() + super().get_urls()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and object_id:
            event = Event.objects.filter(pk=object_id).first()
            request.prefill = event and prefilled_citation(request, event)
        try:
            response = super().changeform_view(request, object_id, form_url, extra_context)
        except review.Proposed:  # nothing was written; the form waits for a second curator
            event = Event.objects.get(pk=object_id)
            review.propose(request, event, Proposal.Kind.CHANGE)
            messages.info(
                request,
                "Your change awaits a second curator's approval (Awaiting review); "
                "readers see the event as it was until then.",
            )
            return redirect("admin:relations_event_change", event.pk)
        if request.method == "GET" and object_id:
            waiting = Proposal.objects.filter(event_id=object_id).count()
            if waiting:
                messages.info(request, f"{waiting} proposed change(s) to this event await review.")
        return response

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        prefill = getattr(request, "prefill", None)
        if not prefill or prefill["backs"] not in evidence.TARGETS:
            return form
        field = f"{prefill['backs']}_evidence"

        class Prefilled(form):
            """The event's form with a citation to add named in its evidence."""

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.initial[field] = ", ".join(
                    part for part in (self.initial.get(field), prefill["key"]) if part
                )

        return Prefilled

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        prefill = getattr(request, "prefill", None)
        if prefill and isinstance(inline, CitationInline):
            kwargs["initial"] = [{k: prefill[k] for k in ("key", "passage", "quote")}]
        elif prefill and isinstance(inline, ClaimInline) and prefill["backs"] == "new-claim":
            position = obj.claims.count() + 1
            kwargs["initial"] = [
                {"position": position, "text": prefill["quote"], "evidence": prefill["key"]}
            ]
        return kwargs

    def save_model(self, request, obj, form, change):
        was_published = change and Event.objects.filter(pk=obj.pk, published=True).exists()
        if review.review_required(request, obj, was_published):
            if was_published:
                raise review.Proposed
            obj.published = False  # a draft until a second curator approves publishing it
            request.publish_proposed = True
        # A draft that was never public had no address anyone could have kept.
        if change and "slug" in form.changed_data and ever_published(obj, form.initial):
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
        if formset.model in (Claim, Link):
            # Saved with their evidence in save_related; this only notes what changed.
            formset.save(commit=False)
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        claims = next(f for f in formsets if f.model is Claim)
        links = next(f for f in formsets if f.model is Link).written()
        rows = save_links(event, [(cause, kind, note) for cause, kind, note, _ in links])
        links = list(zip(rows, [items for *_, items in links], strict=True))
        evidence.save_evidence(event, claims.written(), event.evidence_targets, links)
        edited = [name for name in form.changed_data if name != "loaded_version"]
        if edited or any(f.has_changed() for f in formsets):
            # A real change to what the event says: cited from now on as revised today.
            Event.objects.filter(pk=event.pk).update(revised=timezone.localdate())
        self.record_revision(request, event)
        if getattr(request, "publish_proposed", False):
            review.propose(request, event, Proposal.Kind.PUBLISH)
            messages.info(
                request, "Saved as a draft: publishing it awaits a second curator's approval."
            )
