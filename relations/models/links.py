"""Why things happened: links from a cause to what followed, and threads of events."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class Link(models.Model):
    """One event to another: the cause, the earlier or the part, to what it brought about."""

    class Kind(models.TextChoices):
        RESPONSE = "response", "was answered by"
        CAUSED = "caused", "caused"
        LED_TO = "led_to", "led to"
        REVERSED = "reversed", "was undone by"
        PART_OF = "part_of", "was part of"

    # Kinds that say one event brought the other about: they may never form a cycle,
    # and an effect sorts after its cause.
    CAUSAL = (Kind.RESPONSE, Kind.CAUSED, Kind.LED_TO)

    from_event = models.ForeignKey(
        "Event",
        on_delete=models.CASCADE,
        related_name="links_out",
        help_text="The cause, the earlier event, or the part.",
    )
    to_event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        help_text="response: a deliberate answer to it; caused: brought about directly, with no "
        "decision between; led to: through intermediate steps (name them in the note); "
        "reversed: undid it; part of: a part of the larger event.",
    )
    note = models.TextField(blank=True, help_text="Intermediate steps, or a caveat.")

    class Meta:
        ordering = ["to_event", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_event", "to_event", "kind"], name="link_unique_kind"
            ),
            models.CheckConstraint(
                condition=~Q(from_event=F("to_event")), name="link_joins_two_events"
            ),
        ]

    def __str__(self):
        return f"{self.from_event_id} {self.kind} → {self.to_event_id}"

    @property
    def is_causal(self) -> bool:
        return self.kind in self.CAUSAL


class Thread(models.Model):
    """A curated, named sequence of events: one story told across the timeline."""

    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(max_length=200)
    introduction = models.TextField(help_text="A few plain sentences; sourced claims only.")
    events = models.ManyToManyField("Event", through="ThreadEvent", related_name="threads")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("relations:thread", args=[self.slug])


class ThreadEvent(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="steps")
    event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="thread_steps")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["thread", "position"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "position"], name="thread_step_position"),
            models.UniqueConstraint(fields=["thread", "event"], name="thread_step_event"),
        ]

    def __str__(self):
        return f"{self.thread.slug} {self.position}: {self.event_id}"
