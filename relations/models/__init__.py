"""The sourced store, by domain: articles (sources), actors, the timeline (events),
periods, curation, and the data version."""

from .actors import Actor
from .curation import EventRedirect, NotAnEvent, Proposal, SeedDigest
from .events import Event, EventActor, EventQuerySet, timeline_key
from .evidence import Citation, Claim, Evidence, Reference
from .links import Link, Thread, ThreadEvent
from .periods import Period
from .places import EventPlace, Place
from .revisions import Revision
from .sources import AnchoredQuote, DateCorrection, DateMention, Passage, Source, page_path
from .version import DataVersion

__all__ = [
    "Actor",
    "AnchoredQuote",
    "Citation",
    "DataVersion",
    "DateCorrection",
    "DateMention",
    "Event",
    "EventActor",
    "EventPlace",
    "EventQuerySet",
    "EventRedirect",
    "Claim",
    "Evidence",
    "Reference",
    "Link",
    "Thread",
    "ThreadEvent",
    "NotAnEvent",
    "Passage",
    "Period",
    "Proposal",
    "Place",
    "Revision",
    "SeedDigest",
    "Source",
    "page_path",
    "timeline_key",
]
