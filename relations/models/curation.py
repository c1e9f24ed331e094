"""What curation keeps beside the record: explained date mentions, old addresses,
what seeds/ last held, and changes awaiting review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

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


class Proposal(models.Model):
    """A curator's change to an event, waiting for a second curator's approval.

    `data` is the admin form as submitted (what the curator typed, inlines and
    all): approving it submits it again, through the admin's own checks and
    write path, as the approving curator. Kept out of seeds/.
    """

    class Kind(models.TextChoices):
        PUBLISH = "publish", "publish a draft"
        CHANGE = "change", "change a published event"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    data = models.JSONField(help_text="The admin form as submitted (lists of values by name).")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["proposed_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.event}"
