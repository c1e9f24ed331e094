"""Who takes part in events: people, states, armed forces, agencies, groups."""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..search.query import fold_for_search
from .version import DataVersion


class ActorQuerySet(models.QuerySet):
    def spellings(self) -> list[set[str]]:
        """Each actor's names, folded, as a query widens them: read once per data version."""

        def read():
            return [
                {fold_for_search(name).strip() for name in (actor.name, *actor.aliases)}
                for actor in self.only("name", "aliases")
            ]

        return cache.get_or_set(f"actor-spellings:{DataVersion.current()}", read, 24 * 3600)


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "person"
        STATE = "state", "state"
        ARMED_FORCE = "armed force", "armed force"
        AGENCY = "agency", "agency"
        MILITANT_GROUP = "militant group", "militant group"
        ORGANISATION = "organisation", "organisation"

    class Side(models.TextChoices):
        US = "us", "United States"
        PAKISTAN = "pakistan", "Pakistan"
        AFGHANISTAN = "afghanistan", "Afghanistan"
        NATO = "nato", "NATO / coalition"
        MILITANT = "militant", "Militants"
        OTHER = "other", "Other"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    side = models.CharField(max_length=20, choices=Side.choices)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names and spellings, e.g. al-Qaida, TTP."
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("relations:actor", args=[self.slug])
