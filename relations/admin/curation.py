"""Periods of the relationship, and date mentions marked 'not an event', in the admin."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import NotAnEvent, Period, Reference, Thread, ThreadEvent
from ..text.anchoring import QuoteAmbiguous, QuoteNotFound, anchor_quote
from .base import WritePathAdmin


class AnchoredForm(forms.ModelForm):
    """A quote pasted by a curator, checked against its passage with the loader's matcher."""

    def clean(self):
        cleaned = super().clean()
        passage, quote = cleaned.get("passage"), cleaned.get("quote") or ""
        if passage is None or not quote.strip():
            return cleaned
        try:
            anchor = anchor_quote(
                passage.text, quote, cleaned.get("prefix", ""), cleaned.get("suffix", "")
            )
        except (QuoteNotFound, QuoteAmbiguous) as error:
            self.add_error("quote", f"In {passage.source.publisher} ¶{passage.number}: {error}.")
        else:
            self.instance.start, self.instance.end = anchor.start, anchor.end
        return cleaned


@admin.register(Period)
class PeriodAdmin(WritePathAdmin, admin.ModelAdmin):
    # Dates are read by the model itself (Period.clean), as the loader reads them.
    list_display = ["name", "start_text", "end_text"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "start_text", "end_text", "description"]


@admin.register(NotAnEvent)
class NotAnEventAdmin(WritePathAdmin, SimpleHistoryAdmin):
    form = AnchoredForm
    list_display = ["quote", "passage", "reason"]
    search_fields = ["quote", "reason", "passage__source__title"]
    autocomplete_fields = ["passage"]
    fields = ["passage", "quote", "prefix", "suffix", "reason"]


@admin.register(Reference)
class ReferenceAdmin(WritePathAdmin, SimpleHistoryAdmin):
    """Outside reporting, listed once and named by its slug in events' evidence lists."""

    list_display = ["slug", "publisher", "title", "published", "used_by"]
    search_fields = ["slug", "publisher", "title", "url"]
    date_hierarchy = "published"
    fields = ["slug", "publisher", "title", "published", "url"]

    @admin.display(description="events resting on it")
    def used_by(self, reference):
        return reference.uses.values("event").distinct().count()


class ThreadEventInline(admin.TabularInline):
    model = ThreadEvent
    autocomplete_fields = ["event"]
    extra = 1
    ordering = ["position"]
    verbose_name = "event of the thread"
    verbose_name_plural = "its events, in the order told (1, 2, …)"


@admin.register(Thread)
class ThreadAdmin(WritePathAdmin, SimpleHistoryAdmin):
    """A named sequence of events; its page shows the links between them."""

    inlines = [ThreadEventInline]
    list_display = ["title", "slug"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "introduction"]
