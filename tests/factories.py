"""Test data made the way the app makes it: model rules for dates, the write path for the rest."""

from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from relations.models import Actor, Citation, Claim, Event, EventActor, Evidence, Link, Passage
from relations.store.changes import batch, events_changed


class EventFactory(DjangoModelFactory):
    """A published meeting on a known day. Its dates are read from `start_text` by the
    model (Event.clean); its search document and timeline key by the write path."""

    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"generated-{n:05d}")
    title = factory.Sequence(lambda n: f"Generated event {n}")
    start_text = "2000-01-01"
    kind = Event.Kind.MEETING
    tone = Event.Tone.NEUTRAL
    significance = Event.Significance.MINOR
    published = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        event = model_class(*args, **kwargs)
        event.clean()
        return event

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        event = cls._build(model_class, *args, **kwargs)
        event.save()
        return event


def make_events(
    count: int, first_day: date = date(2000, 1, 1), prefix: str = "generated"
) -> list[Event]:
    """`count` published events, one a day from `first_day`, each with an actor and a citation.

    Written in bulk, as a large import would be: the write path is told which
    events changed and derives the rest (search documents, timeline keys).
    """
    passages = list(Passage.objects.filter(is_heading=False).order_by("pk")[:10])
    actors = list(Actor.objects.order_by("pk")[:5])
    with batch():
        events = Event.objects.bulk_create(
            EventFactory.build(
                slug=f"{prefix}-{index:05d}",
                title=f"Generated event {index}",
                start_text=(first_day + timedelta(days=index)).isoformat(),
                tone=index % 5 - 2,
                significance=1 + index % 3,
            )
            for index in range(count)
        )
        EventActor.objects.bulk_create(
            EventActor(event=event, actor=actors[index % len(actors)], role="took part")
            for index, event in enumerate(events)
        )
        citations = Citation.objects.bulk_create(
            Citation(
                event=event, key="c1", passage=passage, quote=passage.text[:30], start=0, end=30
            )
            for index, event in enumerate(events)
            for passage in [passages[index % len(passages)]]
        )
        claims = Claim.objects.bulk_create(
            Claim(event=event, position=1, text="A generated event for tests.") for event in events
        )
        # The citation backs the one claim and the date, as the evidence rules ask.
        Evidence.objects.bulk_create(
            Evidence(
                event=event,
                target=target,
                claim=claim if target == "claim" else None,
                citation=citation,
            )
            for event, claim, citation in zip(events, claims, citations, strict=True)
            for target in ("claim", "date")
        )
        events_changed(event.pk for event in events)
    return events


def link_in_chain(events: list[Event], kind: str = Link.Kind.CAUSED) -> list[Link]:
    """Each event brought about the next, as its first citation says."""
    with batch():
        links = Link.objects.bulk_create(
            Link(from_event=cause, to_event=effect, kind=kind)
            for cause, effect in zip(events, events[1:], strict=False)
        )
        first = {c.event_id: c for c in Citation.objects.filter(event__in=events, key="c1")}
        Evidence.objects.bulk_create(
            Evidence(
                event=link.to_event, target="link", link=link, citation=first[link.to_event_id]
            )
            for link in links
        )
        events_changed(event.pk for event in events)
    return links
