"""Actors in the admin."""

from django.contrib import admin

from ..models import Actor
from .base import LinesField, SlugFromTitleForm, WritePathAdmin


class ActorForm(SlugFromTitleForm):
    slug_from = "name"

    aliases = LinesField(required=False, help_text="Other names and spellings, one a line.")

    class Meta:
        model = Actor
        fields = ["name", "slug", "kind", "side", "aliases", "description"]


@admin.register(Actor)
class ActorAdmin(WritePathAdmin, admin.ModelAdmin):
    form = ActorForm
    list_display = ["name", "kind", "side", "event_count"]
    list_filter = ["kind", "side"]
    search_fields = ["name", "slug", "aliases"]

    @admin.display(description="events")
    def event_count(self, actor):
        return actor.events.count()
