"""Actors in the admin."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import Actor
from .base import LinesField, WritePathAdmin


class ActorForm(forms.ModelForm):
    aliases = LinesField(required=False, help_text="Other names and spellings, one a line.")

    class Meta:
        model = Actor
        fields = ["name", "slug", "kind", "side", "aliases", "description"]


@admin.register(Actor)
class ActorAdmin(WritePathAdmin, SimpleHistoryAdmin):
    form = ActorForm
    list_display = ["name", "kind", "side", "event_count"]
    list_filter = ["kind", "side"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="events")
    def event_count(self, actor):
        return actor.events.count()
