"""Articles and what is read off them: passages, date mentions, anchored quotes."""

from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from ..text.dates import DAY, MONTH, QUALIFIERS, YEAR, DateTextError, format_fuzzy, parse_date_text

PRECISION_CHOICES = [(DAY, "day"), (MONTH, "month"), (YEAR, "year")]
QUALIFIER_CHOICES = [(q, q) for q in QUALIFIERS]


@lru_cache(maxsize=65536)
def page_path(name: str, slug: str) -> str:
    """A page's path, reversed once per slug: exports name thousands of them."""
    return reverse(f"relations:{name}", args=[slug])


class SourceQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: not drafts, not withdrawn."""
        return self.filter(status=Source.Status.PUBLIC)


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWS_REPORT = "news report", "news report"
        ANALYSIS = "analysis", "analysis"
        VIDEO_TRANSCRIPT = "video transcript", "video transcript"

    class Status(models.TextChoices):
        DRAFT = "draft", "draft: seen only by curators"
        PUBLIC = "public", "public"
        WITHDRAWN = "withdrawn", "withdrawn: kept, shown nowhere, cited by no public event"

    slug = models.SlugField(unique=True, help_text="Stable identifier, used in URLs and seeds.")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="New sources are drafts. Only public sources are shown and may be cited by "
        "published events; a source no published event cites may be withdrawn.",
    )
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
    # Taken from the article file by the write path (relations.store), never typed in.
    raw_text = models.TextField(
        help_text="The article file as collected (web-page debris included). Correct a "
        "cleaning mistake here: the article is cleaned and split again on save."
    )
    text = models.TextField(help_text="The cleaned article: its passages joined by blank lines.")
    byline = models.CharField(max_length=500, blank=True)
    correction = models.TextField(blank=True, help_text="Correction or editor's note.")
    raw_sha256 = models.CharField(
        max_length=64, unique=True, help_text="Fingerprint of the article file: one source a text."
    )
    # Kept by the write path: what the filters rank sources by.
    event_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Published events citing it."
    )
    updated = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    # The whole article, twice: left unread where only the metadata is shown.
    BODY_FIELDS = ("raw_text", "text")

    class Meta:
        ordering = ["published", "slug"]
        indexes = [
            models.Index(fields=["published"], name="source_published_idx"),
            models.Index(fields=["-event_count", "slug"], name="source_event_count_idx"),
            # Search leaves out the passages of sources that are not public: found from this
            # index, without reading the sources' texts.
            models.Index(fields=["status"], name="source_status_idx"),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self):
        return page_path("source", self.slug)

    @property
    def published_display(self) -> str:
        return format_fuzzy(self.published, self.published, self.published_precision, None)

    @property
    def published_text(self) -> str:
        """The publication date as seeds/ and the admin write it: '2011-10-24', '2012-06', '2012'."""
        iso = self.published.isoformat()
        return {DAY: iso, MONTH: iso[:7], YEAR: iso[:4]}[self.published_precision]


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
    correction = models.ForeignKey(
        "DateCorrection", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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

    @property
    def quote_key(self) -> tuple[str, str, str]:
        """What names it in seeds/: the quote, and the words around it if it occurs twice."""
        return (self.quote, self.prefix, self.suffix)

    def covers(self, start: int, end: int) -> bool:
        """Whether these words overlap the span [start, end) of the same passage."""
        return self.start < end and start < self.end


class DateCorrection(AnchoredQuote):
    """A curator's reading of date words the extractor read wrong or missed.

    Kept with the source's metadata in seeds/, found again by its quote when
    the article is split again, and applied each time its mentions are read.
    """

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="date_corrections")
    date_text = models.CharField(
        "means",
        max_length=100,
        help_text="What the words mean, written as a date: '27 June 2012', 'November 2011'.",
    )
    earliest = models.DateField(editable=False)
    latest = models.DateField(editable=False)
    precision = models.CharField(max_length=5, choices=PRECISION_CHOICES, editable=False)
    note = models.TextField(
        blank=True, help_text="Why, as 'The transcript says “July 27”; Allen met Kayani on …'."
    )

    class Meta:
        ordering = ["passage__source__published", "passage__number", "start"]
        constraints = [
            models.UniqueConstraint(fields=["passage", "start"], name="date_correction_unique"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="date_correction_end_after_start"
            ),
        ]

    def __str__(self):
        return f"“{self.quote}” → {self.date_text}"

    def clean(self):
        try:
            value = parse_date_text(self.date_text)
        except DateTextError as error:
            raise ValidationError({"date_text": str(error)}) from None
        self.date_text = value.label
        self.earliest, self.latest, self.precision = value.earliest, value.latest, value.precision
