"""What curation keeps beside the record: explained date mentions, old addresses,
and what seeds/ last held."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from .events import Event
from .sources import AnchoredQuote, Passage


class NotAnEvent(AnchoredQuote):
    """Words with a date mention that deliberately stand for no event, and why.

    E.g. 'a year ago' in a quote about the state of the relationship.
    """

    passage = models.ForeignKey(Passage, on_delete=models.PROTECT, related_name="not_events")
    reason = models.TextField(help_text="Why the date mentioned here is not an event.")

    class Meta:
        verbose_name = "not an event"
        verbose_name_plural = "not events"
        ordering = ["passage__source__published", "passage__number", "start"]
        constraints = [
            models.UniqueConstraint(fields=["passage", "start"], name="not_event_unique_place"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="not_event_end_after_start"
            ),
        ]

    def __str__(self):
        return f"“{self.quote}” ({self.passage})"


class EventRedirect(models.Model):
    """An event's former slug, so that old links keep working after a rename."""

    slug = models.SlugField(unique=True, max_length=120)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="redirects")

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return f"{self.slug} → {self.event.slug}"


class SeedDigest(models.Model):
    """What each object looked like when last loaded from or exported to seeds/.

    A database object whose seed form differs from its digest was changed in
    the admin and not exported; `load_seeds` refuses to overwrite it.
    """

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=200)
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="seed_digest_unique_key"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.key}"
