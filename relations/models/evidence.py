"""What every sentence of the record rests on: claims, and the evidence for each.

An event's summary is its claims, in order. Evidence is a citation of an
article passage (exact words) or a shared outside reference, and backs one
target of the event, fully or in part: a claim, its date, place or actors, or
a link from its cause (a link's evidence belongs to the event it leads to).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from .sources import AnchoredQuote, Passage


class Citation(AnchoredQuote):
    """Exact words of a passage that an event rests on."""

    event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="citations")
    key = models.SlugField(
        max_length=60,
        help_text="A short name for it within the event, used in the evidence lists: "
        "'reuters-7' (publisher and paragraph).",
    )
    passage = models.ForeignKey(Passage, on_delete=models.PROTECT, related_name="citations")
    note = models.TextField(
        blank=True,
        help_text="Where the article is wrong or disagrees, say what it says: "
        "'The article says “July 27”; the meeting was on 27 June 2012.'",
    )

    class Meta:
        ordering = ["event", "passage__source__published", "passage__number", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "passage", "start"], name="citation_unique_place"
            ),
            models.UniqueConstraint(fields=["event", "key"], name="citation_unique_key"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="citation_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.event.slug} ← {self.passage}"

    def get_absolute_url(self):
        return f"{self.passage.source.get_absolute_url()}?cite={self.pk}#p-{self.passage.number}"


class Reference(models.Model):
    """Reporting outside the articles, listed once and shared by every event that rests on it."""

    slug = models.SlugField(
        unique=True,
        max_length=120,
        help_text="<publisher>-<yyyy-mm-dd>-<word>, e.g. 'ap-2011-11-26-salala'.",
    )
    publisher = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    published = models.DateField(help_text="The date of the version cited.")
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["published", "slug"]

    def __str__(self):
        return f"{self.publisher}, “{self.title}” ({self.published:%-d %B %Y})"


class Claim(models.Model):
    """One sentence of an event's summary (or a clause, where one sentence joins two facts)."""

    event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="claims")
    position = models.PositiveSmallIntegerField(help_text="1, 2, … in reading order.")
    text = models.TextField(
        help_text="A full sentence. Attribute what a party said ('Pakistan called the strike "
        "unprovoked'); where the two sides' accounts differ, give both."
    )

    class Meta:
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="claim_unique_position"),
        ]

    def __str__(self):
        return self.text


class Evidence(models.Model):
    """One citation or reference backing one target of an event, fully or in part."""

    class Target(models.TextChoices):
        CLAIM = "claim", "claim"
        DATE = "date", "date"
        PLACE = "place", "place"
        ACTORS = "actors", "actors"
        LINK = "link", "link"

    class Support(models.TextChoices):
        FULL = "full", "full"
        PARTIAL = "partial", "partial"

    event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="evidence")
    target = models.CharField(max_length=10, choices=Target.choices)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    link = models.ForeignKey(
        "Link", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    citation = models.ForeignKey(
        Citation, null=True, blank=True, on_delete=models.CASCADE, related_name="uses"
    )
    reference = models.ForeignKey(
        Reference, null=True, blank=True, on_delete=models.PROTECT, related_name="uses"
    )
    support = models.CharField(max_length=10, choices=Support.choices, default=Support.FULL)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["event", "id"]  # as the curator listed it
        constraints = [
            models.CheckConstraint(
                condition=Q(citation__isnull=True, reference__isnull=False)
                | Q(citation__isnull=False, reference__isnull=True),
                name="evidence_citation_or_reference",
            ),
            models.CheckConstraint(
                condition=Q(target="claim", claim__isnull=False)
                | (~Q(target="claim") & Q(claim__isnull=True)),
                name="evidence_claim_for_claims_only",
            ),
            models.CheckConstraint(
                condition=Q(target="link", link__isnull=False)
                | (~Q(target="link") & Q(link__isnull=True)),
                name="evidence_link_for_links_only",
            ),
        ]
        indexes = [models.Index(fields=["event", "target"], name="evidence_event_target_idx")]

    def __str__(self):
        item = self.citation.key if self.citation_id else self.reference.slug
        return f"{self.event.slug} {self.target}: {item} ({self.support})"

    @property
    def item(self):
        """The citation or the reference."""
        return self.citation if self.citation_id else self.reference
