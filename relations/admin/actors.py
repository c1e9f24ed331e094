from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import Actor, NotAnEvent, Period
from ..search import DERIVED_PREFETCH, refresh_derived_fields


class LinesField(forms.CharField):
    """A list of strings, one a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ActorForm(forms.ModelForm):
    aliases = LinesField(required=False, help_text="Other names and spellings, one a line.")

    class Meta:
        model = Actor
        fields = ["name", "slug", "kind", "side", "aliases", "description"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    form = ActorForm
    list_display = ["name", "kind", "side", "event_count"]
    list_filter = ["kind", "side"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="events")
    def event_count(self, actor):
        return actor.events.count()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"name", "aliases"} & set(form.changed_data):
            refresh_derived_fields(obj.events.prefetch_related(*DERIVED_PREFETCH))


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "start_text", "end_text"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "start_text", "end_text", "description"]

    def get_form(self, request, obj=None, **kwargs):
        from .events import PeriodForm

        kwargs["form"] = PeriodForm
        return super().get_form(request, obj, **kwargs)


@admin.register(NotAnEvent)
class NotAnEventAdmin(SimpleHistoryAdmin):
    list_display = ["quote", "passage", "reason"]
    search_fields = ["quote", "reason", "passage__source__title"]
    autocomplete_fields = ["passage"]
    fields = ["passage", "quote", "prefix", "suffix", "reason"]

    def get_form(self, request, obj=None, **kwargs):
        from .events import AnchoredForm

        kwargs["form"] = AnchoredForm
        return super().get_form(request, obj, **kwargs)
