"""Many events at once, for paging and query-count tests."""

from datetime import date, timedelta

from relations.models import Actor, Citation, Event, EventActor, Passage


def make_events(
    count: int, first_day: date = date(2000, 1, 1), prefix: str = "generated"
) -> list[Event]:
    """`count` published events, one a day from `first_day`, each with an actor and a citation."""
    passages = list(Passage.objects.filter(is_heading=False).order_by("pk")[:10])
    actors = list(Actor.objects.order_by("pk")[:5])
    events = []
    for index in range(count):
        day = first_day + timedelta(days=index)
        events.append(
            Event(
                slug=f"{prefix}-{index:05d}",
                title=f"Generated event {index}",
                summary="A generated event for tests.",
                start_earliest=day,
                start_latest=day,
                start_precision="day",
                start_precision_rank=0,
                start_text=f"{day:%d %B %Y}",
                last_day=day,
                kind="meeting",
                tone=index % 5 - 2,
                significance=1 + index % 3,
                search_document=f" generated event {index} ",
            )
        )
    events = Event.objects.bulk_create(events)
    EventActor.objects.bulk_create(
        EventActor(event=e, actor=actors[i % len(actors)], role="took part")
        for i, e in enumerate(events)
    )
    Citation.objects.bulk_create(
        Citation(
            event=e,
            passage=passages[i % len(passages)],
            quote=passages[i % len(passages)].text[:30],
            start=0,
            end=30,
        )
        for i, e in enumerate(events)
    )
    return events
