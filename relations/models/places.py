"""Where events happened: a gazetteer of places with their hierarchy, and each event's places."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .actors import folded_names

# How exact a point is, finest first; after ACLED's geo-precision and UCDP GED's
# where_prec. A place's kind is on the same scale: a point of a district's is exact
# to the district at best.
LEVELS = ("site", "town", "district", "province", "country", "region", "not reported")
# Precisions drawn without a pin: the reporting gives a region, or no place.
UNPLACED = ("region", "not reported")


class PlaceQuerySet(models.QuerySet):
    def spellings(self) -> list[set[str]]:
        """The names of each place known by several, folded, as a query widens them
        (Nangrahar finds the passage that writes Nangarhar)."""
        return [
            set(folded_names(name, aliases))
            for name, aliases in self.exclude(aliases=[]).values_list("name", "aliases")
        ]

    def by_spelling(self) -> dict[str, list[tuple[str, str]]]:
        """The places (slug, name) each of their names and aliases names, folded: a
        search for 'FATA' or 'tribal areas' can offer the place's events."""
        named = {}
        for slug, name, aliases in self.order_by("slug").values_list("slug", "name", "aliases"):
            for spelling in folded_names(name, aliases):
                named.setdefault(spelling, []).append((slug, name))
        return named

    def within(self, slugs) -> set[int]:
        """The ids of these places and of every place within them (one query)."""
        rows = list(self.values_list("pk", "parent_id", "slug"))
        children = {}
        for pk, parent, _ in rows:
            children.setdefault(parent, []).append(pk)
        found, todo = set(), [pk for pk, _, slug in rows if slug in set(slugs)]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo += children.get(pk, [])
        return found


class Place(models.Model):
    class Kind(models.TextChoices):
        SITE = "site", "site"
        TOWN = "town", "town or city"
        DISTRICT = "district", "district or agency"
        PROVINCE = "province", "province or tribal areas"
        COUNTRY = "country", "country"
        REGION = "region", "region"

    slug = models.SlugField(unique=True, help_text="Used in its address and in seeds/.")
    name = models.CharField(
        max_length=200, help_text="Its name at the time of the events (2009–14)."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The place it lay within at the time (Salala → Mohmand Agency → the tribal "
        "areas → Pakistan). Empty for a country, or a region that belongs to none.",
    )
    latitude = models.FloatField(
        null=True,
        blank=True,
        help_text="Decimal degrees (WGS84), four decimals at most; empty where no point "
        "could be established or none means anything (a border).",
    )
    longitude = models.FloatField(null=True, blank=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other spellings the press uses, and earlier or later names (Abbotabad; "
        "North-West Frontier Province).",
    )
    notes = models.TextField(blank=True, help_text="How the point was established, and doubts.")
    # Kept by the write path: what the timeline's place filter ranks by.
    event_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Published events at it."
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="place_point_complete_and_on_earth",
            ),
        ]
        indexes = [models.Index(fields=["-event_count", "slug"], name="place_event_count_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from .sources import page_path

        return page_path("place", self.slug)

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = (
                "Give both the latitude and the longitude, or neither."
            )
        for field, limit in (("latitude", 90), ("longitude", 180)):
            value = getattr(self, field)
            if value is None:
                continue
            if not -limit <= value <= limit:
                errors[field] = f"A {field} lies between −{limit} and {limit} degrees."
            elif round(value, 4) != value:
                errors[field] = f"Four decimals at most (about 10 m): {round(value, 4)}."
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                errors["parent"] = "A place cannot lie within itself or within a place inside it."
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)

    def ancestors(self) -> list[Place]:
        """Its parent, the parent's parent, and so on up (a query for each)."""
        chain, place, seen = [], self.parent, {self.pk}
        while place is not None and place.pk not in seen:
            chain.append(place)
            seen.add(place.pk)
            place = place.parent
        return chain


def drawn_at(place: Place, ancestors: list[Place]) -> Place | None:
    """The place whose point stands for this one: itself, or the nearest ancestor with a point
    (Zangara, a village no gazetteer places, is drawn at South Waziristan's)."""
    return next((p for p in [place, *ancestors] if p.point is not None), None)


def drawn_in(place: Place | None, places: dict[int, Place]) -> Place | None:
    """drawn_at() with the gazetteer in hand (places by id), for lists of many events."""
    seen = set()
    while place is not None and place.point is None and place.pk not in seen:
        seen.add(place.pk)
        place = places.get(place.parent_id)
    return place


def point_of(link: EventPlace, places: dict[int, Place]) -> tuple[float, float] | None:
    """The coordinates an event's place is given at: none for a region or a place not
    reported, else its own point or the point of the nearest place it lies within."""
    if link.precision in UNPLACED:
        return None
    drawn = drawn_in(places.get(link.place_id), places)
    return drawn.point if drawn else None


def precision_problem(place: Place, ancestors: list[Place], precision: str) -> str:
    """Why a precision does not fit a place's point ('' if it does)."""
    if precision in UNPLACED:
        return ""
    drawn = drawn_at(place, ancestors)
    if drawn is None:
        return (
            f"{place.name} and the places it lies within have no coordinates, so its precision "
            "can only be “region” or “not reported”."
        )
    if LEVELS.index(precision) < LEVELS.index(drawn.kind):
        coarsest = f"choose “{drawn.kind}” or coarser"
        if drawn == place:
            return f"{place.name} is a {place.get_kind_display()}: {coarsest}."
        return (
            f"{place.name} has no point of its own and is drawn at the point of {drawn.name} "
            f"(a {drawn.get_kind_display()}): {coarsest}."
        )
    return ""


class EventPlace(models.Model):
    class Role(models.TextChoices):
        HAPPENED = "happened", "where it happened"
        ANNOUNCED = "announced", "where it was announced or said"

    class Precision(models.TextChoices):
        SITE = "site", "the site itself"
        TOWN = "town", "the town"
        DISTRICT = "district", "only the district"
        PROVINCE = "province", "only the province"
        COUNTRY = "country", "only the country"
        REGION = "region", "only a region"
        NOT_REPORTED = "not reported", "not reported"

    event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="event_places")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="event_places")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.HAPPENED)
    precision = models.CharField(
        max_length=12,
        choices=Precision.choices,
        help_text="How exactly the reporting places the event: a site or a town is drawn as a "
        "pin, a district, province or country as a ring, a region or a place not reported "
        "without one. A place without coordinates of its own is drawn at the place it lies "
        "within, so its precision can be no finer than that place's kind.",
    )

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "place"], name="event_place_unique"),
        ]

    def __str__(self):
        return f"{self.place} ({self.get_precision_display()})"

    def clean(self):
        if self.place_id is None or not self.precision:
            return
        if problem := precision_problem(self.place, self.place.ancestors(), self.precision):
            raise ValidationError({"precision": problem})
