"""Periods of the relationship, and date mentions marked 'not an event', in the admin."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from ..models import DateCorrection, NotAnEvent, Period, Reference, Thread, ThreadEvent
from ..seeds.history import record_revision
from ..store.mentions import refresh_mentions
from ..text.anchoring import QuoteAmbiguous, QuoteNotFound, anchor_quote
from .base import SlugFromTitleForm, WritePathAdmin


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
            where = f"In {passage.source.publisher} ¶{passage.number}"
            nearest = getattr(error, "nearest", None)
            if nearest:
                # HTML, so the differing words can be marked; format_html escapes
                # the quote and the article's text (neither is to be trusted).
                marked = format_html_join(
                    "", "{}", ((format_html("<mark>{}</mark>", w) if d else w,) for w, d in nearest)
                )
                message = format_html("{}: {}. Nearest text: “{}”", where, error.summary, marked)
                self.add_error("quote", message)
            else:
                self.add_error("quote", f"{where}: {error}.")
        else:
            self.instance.start, self.instance.end = anchor.start, anchor.end
            if self.marked_already(passage, anchor.start):
                self.add_error(
                    "quote",
                    f"These words of {passage.source.publisher} ¶{passage.number} are marked "
                    "already; change that one instead of adding another.",
                )
        return cleaned

    def marked_already(self, passage, start: int) -> bool:
        """Whether the same words are already cited (by the same event) or marked."""
        same = type(self.instance).objects.filter(passage=passage, start=start)
        if hasattr(self.instance, "event_id"):  # a citation: one event citing them twice
            same = same.filter(event_id=self.instance.event_id)
        return same.exclude(pk=self.instance.pk).exists()


class PeriodForm(SlugFromTitleForm):
    slug_from = "name"


@admin.register(Period)
class PeriodAdmin(WritePathAdmin, admin.ModelAdmin):
    # Dates are read by the model itself (Period.clean), as the loader reads them.
    form = PeriodForm
    list_display = ["name", "start_text", "end_text"]
    fields = ["name", "slug", "start_text", "end_text", "description"]


@admin.register(NotAnEvent)
class NotAnEventAdmin(WritePathAdmin, admin.ModelAdmin):
    form = AnchoredForm
    list_display = ["quote", "passage", "reason"]
    search_fields = ["quote", "reason", "passage__source__title"]
    autocomplete_fields = ["passage"]
    fields = ["passage", "quote", "prefix", "suffix", "reason"]


class DateCorrectionForm(AnchoredForm):
    class Meta:
        model = DateCorrection
        fields = ["passage", "quote", "prefix", "suffix", "date_text", "note"]
        widgets = {"quote": forms.TextInput, "note": forms.Textarea(attrs={"rows": 2})}


@admin.register(DateCorrection)
class DateCorrectionAdmin(WritePathAdmin, admin.ModelAdmin):
    """Date words the extractor read wrongly or missed, and what they mean; kept with the
    source in seeds/, and applied each time the article's mentions are read."""

    form = DateCorrectionForm
    list_display = ["quote", "date_text", "passage"]
    search_fields = ["quote", "note", "passage__source__title"]
    autocomplete_fields = ["passage"]
    fields = ["passage", "quote", "prefix", "suffix", "date_text", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._reread(request, obj.passage.source)

    def delete_model(self, request, obj):
        source = obj.passage.source
        super().delete_model(request, obj)
        self._reread(request, source)

    def delete_queryset(self, request, queryset):
        sources = {correction.passage.source for correction in queryset}
        super().delete_queryset(request, queryset)
        for source in sources:
            self._reread(request, source)

    def _reread(self, request, source):
        refresh_mentions(source)
        record_revision(source, user=request.user)  # the source's record holds its corrections


@admin.register(Reference)
class ReferenceAdmin(WritePathAdmin, admin.ModelAdmin):
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
class ThreadAdmin(WritePathAdmin, admin.ModelAdmin):
    """A named sequence of events; its page shows the links between them."""

    form = SlugFromTitleForm
    inlines = [ThreadEventInline]
    list_display = ["title", "slug"]
    search_fields = ["title", "introduction"]
    fields = ["title", "slug", "introduction"]
