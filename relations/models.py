"""The sourced store: articles, their passages, and the events they back.

Data flows one way: an article file becomes cleaned text, the text becomes
passages (with date mentions); curated events cite passages by exact quotes.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .dates import DAY, MONTH, PRECISIONS, QUALIFIERS, YEAR, FuzzyDate, format_fuzzy


@lru_cache(maxsize=65536)
def page_path(name: str, slug: str) -> str:
    """A page's path, reversed once per slug: exports name thousands of them."""
    return reverse(f"relations:{name}", args=[slug])


PRECISION_CHOICES = [(DAY, "day"), (MONTH, "month"), (YEAR, "year")]
QUALIFIER_CHOICES = [(q, q) for q in QUALIFIERS]


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWS_REPORT = "news report", "news report"
        ANALYSIS = "analysis", "analysis"
        VIDEO_TRANSCRIPT = "video transcript", "video transcript"

    slug = models.SlugField(unique=True, help_text="Stable identifier, used in URLs and seeds.")
    file_name = models.CharField(
        max_length=200, unique=True, help_text="The article's file name in seeds/."
    )
    title = models.CharField(max_length=300, help_text="The article's headline.")
    sentence_title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The headline in sentence case, if it was published in title case "
        "(APA cites titles in sentence case; Chicago and MLA make title case from it).",
    )
    publisher = models.CharField(
        max_length=200, help_text="Who wrote and published it (a Reuters story is Reuters)."
    )
    outlet = models.CharField(
        max_length=200, blank=True, help_text="The site that carried it, if not the publisher."
    )
    authors = models.JSONField(default=list, blank=True, help_text="Author names, in order.")
    published = models.DateField(help_text="Publication date (earliest day if approximate).")
    published_precision = models.CharField(
        max_length=5,
        choices=PRECISION_CHOICES,
        default=DAY,
        help_text="How exactly the publication date is known.",
    )
    url = models.URLField(max_length=500, blank=True, help_text="The original article, if known.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS_REPORT)
    notes = models.TextField(blank=True, help_text="How the metadata was established.")
    # Taken from the article file by the loader, never typed in.
    raw_text = models.TextField(
        help_text="The article file as collected (web-page debris included). Correct a "
        "cleaning mistake here: the article is cleaned and split again on save."
    )
    text = models.TextField(help_text="The cleaned article: its passages joined by blank lines.")
    byline = models.CharField(max_length=500, blank=True)
    correction = models.TextField(blank=True, help_text="Correction or editor's note.")
    raw_sha256 = models.CharField(max_length=64, help_text="Fingerprint of the article file.")
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["text", "raw_text"])

    # The whole article, twice: left unread where only the metadata is shown.
    BODY_FIELDS = ("raw_text", "text")

    class Meta:
        ordering = ["published", "slug"]
        indexes = [models.Index(fields=["published"], name="source_published_idx")]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self):
        return page_path("source", self.slug)

    @property
    def published_display(self) -> str:
        return format_fuzzy(self.published, self.published, self.published_precision, None)


class Passage(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    number = models.PositiveIntegerField(help_text="1, 2, … in reading order.")
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the passage in the source text.")
    end = models.PositiveIntegerField()
    is_heading = models.BooleanField(default=False, help_text="A subhead within the article.")

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="passage_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="passage_number_positive"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="passage_end_after_start"),
        ]

    def __str__(self):
        snippet = self.text if len(self.text) <= 70 else self.text[:69] + "…"
        return f"{self.source.publisher}, {self.source.published_display} ¶{self.number}: {snippet}"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#p-{self.number}"


class DateMention(models.Model):
    """A date expression in a passage, resolved against the publication date."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField(help_text="Offset in the passage text.")
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=200)
    earliest = models.DateField()
    latest = models.DateField()
    precision = models.CharField(max_length=5, choices=PRECISION_CHOICES)

    class Meta:
        ordering = ["passage", "start"]
        constraints = [
            models.UniqueConstraint(fields=["passage", "start"], name="mention_unique_start"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="mention_end_after_start"),
            models.CheckConstraint(
                condition=Q(latest__gte=F("earliest")), name="mention_latest_after_earliest"
            ),
        ]

    def __str__(self):
        return f"“{self.text}” → {self.display}"

    @property
    def display(self) -> str:
        return format_fuzzy(self.earliest, self.latest, self.precision, None)


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

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("relations:actor", args=[self.slug])


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def chronological(self):
        return self.order_by("start_earliest", "start_precision_rank", "start_latest", "slug")


class Event(models.Model):
    class Kind(models.TextChoices):
        RAID = "raid", "raid"
        AIR_STRIKE = "air strike", "air or drone strike"
        BORDER_CLASH = "border clash", "border clash"
        ATTACK = "attack", "militant attack"
        DIPLOMATIC_VISIT = "diplomatic visit", "diplomatic visit"
        MEETING = "meeting", "meeting"
        SUMMIT = "summit", "summit"
        POLICY_DECISION = "policy decision", "policy decision"
        MILITARY_OPERATION = "military operation", "military operation"
        ARREST = "arrest", "arrest or detention"
        CAPTURE = "capture", "capture or hostage-taking"
        COURT_RULING = "court ruling", "court ruling"
        MILITARY_COOPERATION = "military cooperation", "military cooperation"
        NEGOTIATION = "negotiation", "negotiation"
        AWARD = "award", "award"
        OTHER = "other", "other"

    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    start_earliest = models.DateField(help_text="Earliest day the start date allows.")
    start_latest = models.DateField(help_text="Latest day the start date allows.")
    start_precision = models.CharField(max_length=5, choices=PRECISION_CHOICES)
    # Day < month < year, so that a known day sorts before 'May 2011' on 1 May.
    start_precision_rank = models.PositiveSmallIntegerField(editable=False, default=0)
    start_qualifier = models.CharField(max_length=5, choices=QUALIFIER_CHOICES, blank=True)
    start_text = models.CharField(max_length=100, help_text="The start date as written.")
    end_earliest = models.DateField(null=True, blank=True)
    end_latest = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=PRECISION_CHOICES, blank=True)
    end_qualifier = models.CharField(max_length=5, choices=QUALIFIER_CHOICES, blank=True)
    end_text = models.CharField(max_length=100, blank=True)
    # The last day the event may cover (end's latest, else start's latest): what
    # a date-range filter compares against, kept by save().
    last_day = models.DateField(editable=False, null=True)
    place = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    tone = models.SmallIntegerField(
        help_text="Effect on the relationship: −2 hostile … 0 neutral … +2 close cooperation."
    )
    significance = models.PositiveSmallIntegerField(help_text="1 minor, 2 notable, 3 major.")
    published = models.BooleanField(default=True, help_text="Drafts are seen only by curators.")
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events")
    # Title, summary, actors' names and aliases and cited passages, folded for
    # search (see search.py); rebuilt whenever any of them changes.
    search_document = models.TextField(editable=False, blank=True)
    # Distinct publishers among the cited articles (a Reuters story on two
    # sites counts once); kept with the search document.
    source_count = models.PositiveSmallIntegerField(editable=False, default=0)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_document", "source_count"])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start_earliest", "start_precision_rank", "start_latest", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_latest__gte=F("start_earliest")),
                name="event_start_latest_after_earliest",
            ),
            models.CheckConstraint(
                condition=(
                    Q(end_earliest__isnull=True, end_latest__isnull=True, end_precision="")
                    | Q(
                        end_earliest__isnull=False,
                        end_latest__gte=F("end_earliest"),
                        end_earliest__gte=F("start_earliest"),
                    )
                    & ~Q(end_precision="")
                ),
                name="event_end_complete_and_after_start",
            ),
            models.CheckConstraint(condition=Q(tone__gte=-2, tone__lte=2), name="event_tone_range"),
            models.CheckConstraint(
                condition=Q(significance__gte=1, significance__lte=3),
                name="event_significance_range",
            ),
        ]
        indexes = [
            # The timeline's order; last_day rides along so that a date range
            # is filtered inside the index, before any row is read.
            models.Index(
                fields=[
                    "published",
                    "start_earliest",
                    "start_precision_rank",
                    "start_latest",
                    "slug",
                    "last_day",
                ],
                name="event_timeline_idx",
            ),
            models.Index(fields=["kind"], name="event_kind_idx"),
            # Counts events in a date range from the index alone.
            models.Index(
                fields=["published", "last_day", "start_earliest"], name="event_date_range_idx"
            ),
            models.Index(fields=["updated"], name="event_updated_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.start_precision_rank = PRECISIONS.index(self.start_precision)
        self.last_day = self.end_latest or self.start_latest
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_path("event", self.slug)

    @property
    def start(self) -> FuzzyDate:
        return FuzzyDate(
            self.start_earliest,
            self.start_latest,
            self.start_precision,
            self.start_qualifier or None,
            self.start_text,
        )

    @start.setter
    def start(self, value: FuzzyDate) -> None:
        self.start_earliest, self.start_latest = value.earliest, value.latest
        self.start_precision, self.start_qualifier = value.precision, value.qualifier or ""
        self.start_text = value.text
        self.start_precision_rank = PRECISIONS.index(value.precision)

    @property
    def end(self) -> FuzzyDate | None:
        if self.end_earliest is None:
            return None
        return FuzzyDate(
            self.end_earliest,
            self.end_latest,
            self.end_precision,
            self.end_qualifier or None,
            self.end_text,
        )

    @end.setter
    def end(self, value: FuzzyDate | None) -> None:
        if value is None:
            self.end_earliest = self.end_latest = None
            self.end_precision = self.end_qualifier = self.end_text = ""
            return
        self.end_earliest, self.end_latest = value.earliest, value.latest
        self.end_precision, self.end_qualifier = value.precision, value.qualifier or ""
        self.end_text = value.text

    @property
    def date_display(self) -> str:
        if self.end is None:
            return self.start.display()
        return f"{self.start.display()} – {self.end.display()}"


class EventRedirect(models.Model):
    """An event's former slug, so that old links keep working after a rename."""

    slug = models.SlugField(unique=True, max_length=120)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="redirects")

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return f"{self.slug} → {self.event.slug}"


class EventActor(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_actors")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=100, help_text="What the actor did, e.g. 'carried out'.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor"], name="event_actor_unique"),
        ]

    def __str__(self):
        return f"{self.actor} ({self.role})"


class AnchoredQuote(models.Model):
    """Exact words of a passage, found again by their quote when the text changes."""

    quote = models.TextField(help_text="The exact words, as in the article.")
    prefix = models.CharField(
        max_length=200, blank=True, help_text="Words just before the quote, if it occurs twice."
    )
    suffix = models.CharField(
        max_length=200, blank=True, help_text="Words just after the quote, if it occurs twice."
    )
    start = models.PositiveIntegerField(help_text="Offset of the quote in the passage text.")
    end = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def covers(self, start: int, end: int) -> bool:
        """Whether these words overlap the span [start, end) of the same passage."""
        return self.start < end and start < self.end


class Citation(AnchoredQuote):
    """An event's claim resting on exact words of a passage."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    passage = models.ForeignKey(Passage, on_delete=models.PROTECT, related_name="citations")
    note = models.TextField(
        blank=True,
        help_text="Where the article is wrong or disagrees, say what it says: "
        "'The article says “July 27”; the meeting was on 27 June 2012.'",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "passage__source__published", "passage__number", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "passage", "start"], name="citation_unique_place"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="citation_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.event.slug} ← {self.passage}"

    def get_absolute_url(self):
        return f"{self.passage.source.get_absolute_url()}?cite={self.pk}#p-{self.passage.number}"


class NotAnEvent(AnchoredQuote):
    """Words with a date mention that deliberately stand for no event, and why.

    E.g. 'a year ago' in a quote about the state of the relationship.
    """

    passage = models.ForeignKey(Passage, on_delete=models.PROTECT, related_name="not_events")
    reason = models.TextField(help_text="Why the date mentioned here is not an event.")
    history = HistoricalRecords()

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


class ExternalReference(models.Model):
    """Reporting outside the corpus that backs a claim no article in seeds/ states."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="references")
    claim = models.CharField(
        max_length=300, help_text="What it establishes, e.g. 'the routes reopened on 3 July 2012'."
    )
    publisher = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    published = models.DateField()
    url = models.URLField(max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "published", "id"]

    def __str__(self):
        return f"{self.publisher}, “{self.title}” ({self.published:%d %B %Y})"


class Period(models.Model):
    """A named span of the relationship, drawn as a band on the overview."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_text = models.CharField(max_length=100, help_text="As written: 'late November 2011'.")
    end_text = models.CharField(max_length=100)
    first_day = models.DateField(editable=False)
    last_day = models.DateField(editable=False)
    start_precision = models.CharField(max_length=5, choices=PRECISION_CHOICES, editable=False)
    end_precision = models.CharField(max_length=5, choices=PRECISION_CHOICES, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_day", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="period_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name


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
