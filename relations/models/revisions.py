"""Each saved state of an event or a source, as seeds/ would write it: its history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Revision(models.Model):
    """An event or a source after one change: its whole record, so that any two
    states can be compared field by field (citations, actors, links, text)."""

    class Kind(models.TextChoices):
        EVENT = "event", "event"
        SOURCE = "source", "source"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    record = models.JSONField(help_text="The record as seeds/ write it.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who proposed the change `user` approved, under review.",
    )
    reason = models.CharField(max_length=100, blank=True, help_text="'load_seeds' or blank.")
    time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["time", "id"]
        indexes = [models.Index(fields=["kind", "object_id", "time"], name="revision_object_idx")]

    def __str__(self):
        return f"{self.kind} {self.object_id} at {self.time:%Y-%m-%d %H:%M:%S}"

    @property
    def author(self) -> str:
        if self.user and self.proposed_by:
            return f"{_name(self.proposed_by)}, approved by {_name(self.user)}"
        if self.user:
            return _name(self.user)
        return self.reason or "someone"


def _name(user) -> str:
    return user.get_full_name() or user.get_username()
