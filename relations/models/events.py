"""The timeline: events, who took part, and the passages and reports each event rests on."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db import models
from django.db.models import F, Min, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils import timezone

from ..search import engine
from ..text.dates import FuzzyDate
from . import codebook
from .actors import Actor
from .dating import read_dates
from .evidence import Citation, Evidence
from .links import ThreadEvent
from .places import EventPlace, Place
from .sources import PRECISION_CHOICES, QUALIFIER_CHOICES, Source, page_path
from .version import DataVersion


def timeline_key(anchor: date, depth: int, significance: int, slug: str) -> str:
    """The timeline's one sort key, as text that sorts as the timeline reads.

    By anchor day, then causes before their effects (depth in a chain of
    links), then the more significant first, then by slug.
    """
    return f"{anchor.isoformat()}/{depth:03d}/{9 - significance}/{slug}"


class EventQuerySet(models.QuerySet):
    """The timeline's vocabulary: Event.objects.published().between(a, b).involving(actors)."""

    def published(self):
        return self.filter(published=True)

    def listed(self):
        """Without the two long fields a list of events seldom needs: the search document
        (the search indexes read it), and the card's JSON, which the cards tag reads
        for the cards it does not find in the cache (read_cards), in one query."""
        return self.defer("search_document", "card")

    def between(self, first: date | None = None, last: date | None = None):
        """Events that may fall, even in part, within [first, last]."""
        if first:
            self = self.filter(last_day__gte=first)
        if last:
            self = self.filter(start_earliest__lte=last)
        return self

    def involving(self, actor_slugs, any_of=False):
        """Events involving all of these actors (or any of them)."""
        # IN (a subquery) rather than EXISTS: the database reads the few events of
        # an actor once, instead of probing for each of all events.
        if any_of and actor_slugs:
            linked = EventActor.objects.filter(actor__slug__in=actor_slugs)
            return self.filter(pk__in=linked.values("event_id"))
        for slug in actor_slugs:
            self = self.filter(
                pk__in=EventActor.objects.filter(actor__slug=slug).values("event_id")
            )
        return self

    def citing(self, source_slugs):
        """Events citing any of these sources."""
        if not source_slugs:
            return self
        cited = Citation.objects.filter(passage__source__slug__in=source_slugs)
        return self.filter(pk__in=cited.values("event_id"))

    def in_threads(self, thread_slugs):
        """Events of any of these threads."""
        if not thread_slugs:
            return self
        steps = ThreadEvent.objects.filter(thread__slug__in=thread_slugs)
        return self.filter(pk__in=steps.values("event_id"))

    def at_places(self, place_slugs):
        """Events at any of these places or at a place within one (a province finds the
        events of its districts and towns)."""
        if not place_slugs:
            return self
        places = Place.objects.within(place_slugs)
        return self.filter(pk__in=EventPlace.objects.filter(place__in=places).values("event_id"))

    def of_kinds(self, kinds):
        return self.filter(kind__in=kinds) if kinds else self

    def of_tones(self, tones):
        return self.filter(tone__in=tones) if tones else self

    def of_significance(self, levels):
        return self.filter(significance__in=levels) if levels else self

    def matching(self, q, few: bool = False):
        """Events whose search document matches the query (see relations.search.query);
        `q` is the text typed, or the query search.words.query_for() made of it. `few`:
        the matches are known (counted) to be few; see the engines' matched_id()."""
        if isinstance(q, str):
            if not q.strip():
                return self
            from ..search.words import query_for  # it imports the models it needs

            q = query_for(q)
        match = engine().event_match(q)
        return self.filter(In(engine().matched_id(F("pk"), few), RawSQL(*match))) if match else self

    def in_timeline_order(self, descending: bool = False):
        return self.order_by("-timeline_key" if descending else "timeline_key")

    def sorted_from(self, first: date | None):
        """The same events, when they are those lasting into `first` (between()), told
        that none sorts before the first day any such event may begin (read once per
        data version and day): a page in timeline order then reads the timeline's index
        from there, not from its first event. A count is quicker without it."""
        if not first:
            return self
        lasting = Event.objects.filter(last_day__gte=first)
        key = f"timeline-lasting-into:{DataVersion.current()}:{first.isoformat()}"
        day = cache.get_or_set(key, lambda: lasting.aggregate(Min("start_earliest")), 86400)
        begins = day["start_earliest__min"]
        return self.filter(timeline_key__gte=begins.isoformat()) if begins else self.none()

    def after(self, key: str, descending: bool = False):
        """Events past a timeline key, in the direction the timeline runs."""
        return self.filter(**{"timeline_key__lt" if descending else "timeline_key__gt": key})


def evidence_lookups() -> tuple:
    """What an event's page reads beside the event, as prefetch lookups."""
    return (
        models.Prefetch("event_actors", queryset=EventActor.objects.select_related("actor")),
        models.Prefetch("event_places", queryset=EventPlace.objects.select_related("place")),
        models.Prefetch(
            "citations",
            queryset=Citation.objects.select_related("passage__source")
            .defer(*(f"passage__source__{field}" for field in Source.BODY_FIELDS))
            .order_by("passage__source__published", "passage__number", "start"),
        ),
        "claims",
        models.Prefetch("evidence", queryset=Evidence.objects.select_related("reference")),
    )


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
        STATEMENT = "statement", "statement"
        DESIGNATION = "designation", "designation"
        RELEASE = "release", "release"
        OTHER = "other", "other"

    # The labels are the codebook's (models/codebook.py).
    class Tone(models.IntegerChoices):
        RUPTURE = -2, "rupture"
        FRICTION = -1, "friction"
        NEUTRAL = 0, "neutral or mixed"
        EASING = 1, "easing"
        CLOSE = 2, "close cooperation"

    class Significance(models.IntegerChoices):
        MINOR = 1, "minor"
        NOTABLE = 2, "notable"
        TURNING_POINT = 3, "turning point"

    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(max_length=200)
    start_text = models.CharField(
        max_length=100, help_text="The start date; stored in the house style."
    )
    end_text = models.CharField(max_length=100, blank=True)
    # Read off the texts above by clean() (read_dates): what the timeline sorts and filters by.
    start_earliest = models.DateField(editable=False, blank=True)
    start_latest = models.DateField(editable=False, blank=True)
    start_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, editable=False, blank=True
    )
    start_qualifier = models.CharField(
        max_length=5, choices=QUALIFIER_CHOICES, editable=False, blank=True
    )
    end_earliest = models.DateField(null=True, editable=False, blank=True)
    end_latest = models.DateField(null=True, editable=False, blank=True)
    end_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, editable=False, blank=True
    )
    end_qualifier = models.CharField(
        max_length=5, choices=QUALIFIER_CHOICES, editable=False, blank=True
    )
    # The last day the event may cover: what a date-range filter compares against.
    last_day = models.GeneratedField(
        expression=Coalesce(F("end_latest"), F("start_latest")),
        output_field=models.DateField(),
        db_persist=True,
    )
    place = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    tone = models.SmallIntegerField(
        choices=Tone.choices,
        help_text=codebook.TONE_SCOPE + " " + codebook.help_text(codebook.TONE, signed=True),
    )
    significance = models.PositiveSmallIntegerField(
        choices=Significance.choices,
        help_text=codebook.SIGNIFICANCE_SCOPE
        + " "
        + codebook.help_text(codebook.SIGNIFICANCE, signed=False),
    )
    published = models.BooleanField(
        default=False,
        help_text="Drafts are seen only by curators. Publishing needs the evidence a "
        "published event must have (see the work queue).",
    )
    revised = models.DateField(
        default=timezone.localdate,
        help_text="The day its content last changed (cited as its date).",
    )
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events")
    places = models.ManyToManyField(Place, through=EventPlace, related_name="events")
    # The timeline's sort key (see timeline_key()), kept by save() and the write path.
    timeline_key = models.CharField(max_length=160, editable=False, default="")
    # Derived by the write path (relations.store) whenever what they are made of
    # changes: the folded text search matches (see relations.search.documents),
    # and the number of distinct publishers among the cited articles.
    search_document = models.TextField(editable=False, blank=True)
    source_count = models.PositiveSmallIntegerField(editable=False, default=0)
    # What its card on the timeline names besides its own fields: its actors, and the
    # passages it cites (for print), so that a list of cards reads one table.
    card = models.JSONField(editable=False, default=dict)
    updated = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()
    # What its `start`, `end` and date_display are read from, the texts aside.
    DATE_FIELDS = tuple(
        f"{end}_{part}"
        for end in ("start", "end")
        for part in ("earliest", "latest", "precision", "qualifier")
    )

    class Meta:
        ordering = ["timeline_key"]
        permissions = [("review_event", "Can approve another curator's event or change")]
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
            models.Index(fields=["published", "timeline_key"], name="event_timeline_idx"),
            models.Index(fields=["kind"], name="event_kind_idx"),
            models.Index(fields=["tone"], name="event_tone_idx"),
            models.Index(fields=["significance"], name="event_significance_idx"),
            # Counts events in a date range from the index alone.
            models.Index(
                fields=["published", "last_day", "start_earliest"], name="event_date_range_idx"
            ),
            models.Index(fields=["updated"], name="event_updated_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Its own place in time; the write path then raises it past its causes (links).
        self.timeline_key = timeline_key(self.start_earliest, 0, self.significance, self.slug)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_path("event", self.slug)

    def clean(self):
        """Dates are typed as text; the fields the timeline sorts and filters by follow it."""
        self.start, self.end = read_dates(self.start_text, self.end_text)

    @property
    def timeline_year(self) -> int:
        """The year the timeline lists it under."""
        return int(self.timeline_key[:4]) if self.timeline_key else self.start_earliest.year

    @property
    def start(self) -> FuzzyDate:
        return FuzzyDate(
            self.start_earliest,
            self.start_latest,
            self.start_precision,
            self.start_qualifier or None,
            self.start_text,
            self.start_text,
        )

    @start.setter
    def start(self, value: FuzzyDate) -> None:
        self.start_earliest, self.start_latest = value.earliest, value.latest
        self.start_precision, self.start_qualifier = value.precision, value.qualifier or ""
        self.start_text = value.label or value.text  # the house style

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
        self.end_text = value.label or value.text

    @property
    def summary(self) -> str:
        """The claims, joined: what the event says happened (prefetch "claims" for lists)."""
        return " ".join(claim.text for claim in self.claims.all())

    @property
    def date_display(self) -> str:
        if self.end is None:
            return self.start.display()
        return f"{self.start.display()} – {self.end.display()}"


class EventActor(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_actors")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=100, help_text="What the actor did, e.g. 'carried out'.")

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor"], name="event_actor_unique"),
        ]

    def __str__(self):
        return f"{self.actor} ({self.role})"
