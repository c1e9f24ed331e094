"""The data package's tables: each column with its Table Schema type and description,
each table with its primary key and the foreign keys that join it to the others."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Actor, Event, EventPlace, Evidence, Link, Place, Source

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, date
    description: str
    required: bool = False
    enum: tuple = ()
    minimum: int | None = None
    maximum: int | None = None

    def field(self) -> dict:
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        field = {"name": self.name, "type": self.type, "description": self.description}
        return field | ({"constraints": constraints} if constraints else {})


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    # (columns, table, its columns): each value names a row of that table.
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    def resource(self) -> dict:
        schema = {
            "fields": [column.field() for column in self.columns],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(mine), "reference": {"resource": table, "fields": list(theirs)}}
                for mine, table, theirs in self.foreign_keys
            ]
        return {
            "name": self.name,
            "type": "table",
            "title": self.title,
            "description": self.description,
            "path": self.path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


def slug(name: str, description: str) -> Column:
    return Column(name, "string", description, required=True)


def event_key(name: str = "event", description: str = "The event (events.slug).") -> Column:
    return Column(name, "string", description, required=True)


def choices(model_choices) -> tuple:
    return tuple(str(value) for value, _ in model_choices)


EVENTS = Table(
    "events",
    "Events",
    "One row per published event of the selection, in timeline order.",
    (
        slug("slug", "The event's identifier, as in its address."),
        Column("title", "string", "The event's title.", required=True),
        Column("summary", "string", "What happened: its claims (table claims), joined."),
        Column("date", "string", "The date as the timeline shows it, at its precision."),
        Column("start_earliest", "date", "The first day the start date allows.", required=True),
        Column("start_latest", "date", "The last day the start date allows.", required=True),
        Column("start_precision", "string", "How exactly the start is known.", True, PRECISIONS),
        Column("start_qualifier", "string", "early, mid or late in the month or year, if so."),
        Column("end_earliest", "date", "The first day the end date allows (spans only)."),
        Column("end_latest", "date", "The last day the end date allows (spans only)."),
        Column("end_precision", "string", "How exactly the end is known.", enum=PRECISIONS),
        Column("end_qualifier", "string", "early, mid or late, if so."),
        Column("place", "string", "Where it happened."),
        Column(
            "kind", "string", "Kind of action (the codebook).", True, choices(Event.Kind.choices)
        ),
        Column("tone", "integer", "Effect on the relationship, −2 to +2.", True, (), -2, 2),
        Column("significance", "integer", "1 minor, 2 notable, 3 turning point.", True, (), 1, 3),
        Column("source_count", "integer", "Independent publishers among the articles cited."),
        Column("revised", "date", "The day its content last changed.", required=True),
        Column("url", "string", "The event's page.", required=True),
    ),
    ("slug",),
)
ACTORS = Table(
    "actors",
    "Actors",
    "Who takes part in the selection's events.",
    (
        slug("slug", "The actor's identifier."),
        Column("name", "string", "The actor's name.", required=True),
        Column(
            "kind", "string", "person, state, armed force, …", True, choices(Actor.Kind.choices)
        ),
        Column("side", "string", "The side it belongs to.", True, choices(Actor.Side.choices)),
        Column("aliases", "string", "Other names and spellings, separated by “; ”."),
        Column("description", "string", "Who or what it is."),
        Column("url", "string", "The actor's page.", required=True),
    ),
    ("slug",),
)
ROLES = Table(
    "roles",
    "Actors' roles in events",
    "Which actor took part in which event, and what it did.",
    (
        event_key(),
        Column("actor", "string", "The actor (actors.slug).", required=True),
        Column("role", "string", "What the actor did, e.g. “carried out”.", required=True),
    ),
    ("event", "actor"),
    ((("event",), "events", ("slug",)), (("actor",), "actors", ("slug",))),
)
SOURCES = Table(
    "sources",
    "Articles",
    "The articles the selection's events cite.",
    (
        slug("slug", "The article's identifier."),
        Column("title", "string", "The headline.", required=True),
        Column("publisher", "string", "Who wrote and published it.", required=True),
        Column("outlet", "string", "The site that carried it, if not the publisher."),
        Column("authors", "string", "Author names in order, separated by “; ”."),
        Column("published", "date", "Publication date (its first day, if approximate).", True),
        Column("published_precision", "string", "How exactly it is known.", True, PRECISIONS),
        Column("kind", "string", "news report, analysis, …", True, choices(Source.Kind.choices)),
        Column("original_url", "string", "The original article, if known."),
        Column("url", "string", "The article's page on this site.", required=True),
    ),
    ("slug",),
)
CITATIONS = Table(
    "citations",
    "Citations",
    "Exact words of an article passage that an event rests on.",
    (
        Column("id", "integer", "The citation's number (as in ?cite= addresses).", required=True),
        event_key(),
        Column("key", "string", "Its short name within the event (evidence lists).", True),
        Column("source", "string", "The article (sources.slug).", required=True),
        Column("paragraph", "integer", "The passage's number in the article (¶).", True, (), 1),
        Column("passage", "string", "The passage's whole text.", required=True),
        Column("quote", "string", "The words cited, exactly as in the passage.", required=True),
        Column("quote_start", "integer", "Where the quote starts in passage (characters).", True),
        Column("quote_end", "integer", "Where it ends: passage[quote_start:quote_end].", True),
        Column("note", "string", "Where the article is wrong or disagrees, what it says."),
        Column("url", "string", "The quote highlighted in its article.", required=True),
    ),
    ("id",),
    ((("event",), "events", ("slug",)), (("source",), "sources", ("slug",))),
)
CLAIMS = Table(
    "claims",
    "Claims",
    "The sentences of each event's summary, in reading order.",
    (
        Column("id", "integer", "The claim's number.", required=True),
        event_key(),
        Column("position", "integer", "1, 2, … within the event's summary.", True, (), 1),
        Column("text", "string", "The sentence.", required=True),
    ),
    ("id",),
    ((("event",), "events", ("slug",)),),
)
REFERENCES = Table(
    "references",
    "Outside reporting",
    "Reports outside the articles that back a claim, a date, a place, actors or a link.",
    (
        slug("slug", "The report's identifier."),
        Column("publisher", "string", "Who published it.", required=True),
        Column("title", "string", "Its title.", required=True),
        Column("published", "date", "The date of the version cited.", required=True),
        Column("url", "string", "Where it is, if known."),
    ),
    ("slug",),
)
LINKS = Table(
    "links",
    "Links between events",
    "A cause, an earlier event or a part, and what it brought about (both ends selected).",
    (
        Column("id", "integer", "The link's number.", required=True),
        event_key("from_event", "The cause, the earlier event or the part (events.slug)."),
        event_key("to_event", "What followed (events.slug)."),
        Column("kind", "string", "How they are linked.", True, choices(Link.Kind.choices)),
        Column("note", "string", "Intermediate steps, or a caveat."),
    ),
    ("id",),
    ((("from_event",), "events", ("slug",)), (("to_event",), "events", ("slug",))),
)
EVIDENCE = Table(
    "evidence",
    "Evidence",
    "What backs each claim, date, place, list of actors and link: a citation or a reference.",
    (
        Column("id", "integer", "The row's number.", required=True),
        event_key(),
        Column("target", "string", "What it backs.", True, choices(Evidence.Target.choices)),
        Column("claim", "integer", "The claim it backs (claims.id), if target is claim."),
        Column("link", "integer", "The link it backs (links.id), if target is link."),
        Column("citation", "integer", "The citation (citations.id), or empty."),
        Column("reference", "string", "The outside report (references.slug), or empty."),
        Column("support", "string", "full, or partial.", True, choices(Evidence.Support.choices)),
    ),
    ("id",),
    (
        (("event",), "events", ("slug",)),
        (("claim",), "claims", ("id",)),
        (("link",), "links", ("id",)),
        (("citation",), "citations", ("id",)),
        (("reference",), "references", ("slug",)),
    ),
)
PLACES = Table(
    "places",
    "Places",
    "The gazetteer: the selection's places and every place they lie within.",
    (
        slug("slug", "The place's identifier, as in its address."),
        Column("name", "string", "Its name as of the events.", required=True),
        Column("kind", "string", "Site, town, district, ...", True, choices(Place.Kind.choices)),
        Column("parent", "string", "The place it lies within (places.slug)."),
        Column("latitude", "number", "WGS 84 degrees north, if it has a point of its own."),
        Column("longitude", "number", "WGS 84 degrees east."),
        Column("aliases", "string", "Other spellings and names, separated by '; '."),
        Column("notes", "string", "How its point was established, and doubts."),
        Column("url", "string", "The place's page.", required=True),
    ),
    ("slug",),
    ((("parent",), "places", ("slug",)),),
)
EVENT_PLACES = Table(
    "event_places",
    "Where events happened",
    "Each event's places, with the role and how exactly the coordinates locate the event.",
    (
        event_key(),
        Column("place", "string", "The place (places.slug).", required=True),
        Column("role", "string", "What happened there.", True, choices(EventPlace.Role.choices)),
        Column(
            "precision",
            "string",
            "How exactly the point locates the event (ACLED's and UCDP's spirit).",
            True,
            choices(EventPlace.Precision.choices),
        ),
        Column("latitude", "number", "The point it is drawn at (none for region, not reported)."),
        Column("longitude", "number", "The point it is drawn at."),
    ),
    ("event", "place"),
    ((("event",), "events", ("slug",)), (("place",), "places", ("slug",))),
)
TABLES = (
    EVENTS,
    ACTORS,
    ROLES,
    SOURCES,
    CITATIONS,
    CLAIMS,
    REFERENCES,
    LINKS,
    EVIDENCE,
    PLACES,
    EVENT_PLACES,
)
