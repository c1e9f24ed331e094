"""Who takes part in events: people, states, armed forces, agencies, groups."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from ..search.query import fold_for_search


class ActorQuerySet(models.QuerySet):
    def spellings(self) -> list[set[str]]:
        """Each actor's names, folded, as a query widens them."""
        return [set(names) for names in self.values_list("spellings", flat=True)]


def folded_names(name: str, aliases: list[str]) -> list[str]:
    return sorted({fold_for_search(n).strip() for n in (name, *aliases)} - {""})


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
    # Kept by save() and the write path: what search matches, and what the filters rank by.
    spellings = models.JSONField(default=list, editable=False)
    event_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Published events naming it."
    )

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["-event_count", "slug"], name="actor_event_count_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.spellings = folded_names(self.name, self.aliases)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("relations:actor", args=[self.slug])
