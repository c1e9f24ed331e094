"""Places in the admin: the gazetteer, with its hierarchy; an event's places are inline on
the event."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join

from ..models import EventPlace, Place
from .base import LinesField, SlugFromTitleForm, WritePathAdmin


class PlaceForm(SlugFromTitleForm):
    slug_from = "name"

    aliases = LinesField(
        required=False,
        help_text="Other spellings the press uses, and earlier or later names, one a line.",
    )

    class Meta:
        model = Place
        fields = ["name", "slug", "kind", "parent", "latitude", "longitude", "aliases", "notes"]


@admin.register(Place)
class PlaceAdmin(WritePathAdmin, admin.ModelAdmin):
    form = PlaceForm
    autocomplete_fields = ["parent"]
    list_display = ["name", "kind", "parent", "point", "event_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases"]
    readonly_fields = ["places_within"]

    @admin.display(description="point")
    def point(self, place):
        return f"{place.latitude}, {place.longitude}" if place.point else "—"

    @admin.display(description="events")
    def event_count(self, place):
        return place.event_count

    @admin.display(description="places within it")
    def places_within(self, place):
        children = place.children.all() if place.pk else []
        if not children:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:relations_place_change", args=[c.pk]), c.name) for c in children),
        )

    def view_on_site(self, place):
        return place.get_absolute_url()


class EventPlaceInline(admin.TabularInline):
    """Where the event happened: each place with its role and how exactly it is known."""

    model = EventPlace
    autocomplete_fields = ["place"]
    extra = 1
    verbose_name = "place"
    verbose_name_plural = "places (where it happened or was announced, and how exactly)"
