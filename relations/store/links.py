"""Links between events: what they need to be stored, and where they put events in time.

An effect sorts after its cause. An event's anchor is its earliest possible
start, raised to its cause's anchor where a causal link makes an event dated
more coarsely overlap its cause ("May 2011: military ties halt" after "2 May
2011: the raid"); on one anchor day, causes come first (depth in the chain).
"""

from __future__ import annotations

from collections import defaultdict

from ..models import Event, Link, timeline_key


def causal_cycle(edges) -> list | None:
    """A cycle among (cause, effect) pairs, as the list of its nodes, or None."""
    children = defaultdict(list)
    for cause, effect in edges:
        children[cause].append(effect)
    state = {}  # 1: on the current path, 2: done

    def visit(node, path):
        state[node] = 1
        for child in children[node]:
            if state.get(child) == 1:
                return [*path[path.index(child) :], child] if child in path else [node, child]
            if state.get(child) is None and (found := visit(child, [*path, child])):
                return found
        state[node] = 2
        return None

    for node in list(children):
        if state.get(node) is None and (found := visit(node, [node])):
            return found
    return None


def causal_edges() -> list[tuple[int, int]]:
    return list(Link.objects.filter(kind__in=Link.CAUSAL).values_list("from_event", "to_event"))


def descendants(ids) -> set:
    """These events and every event a causal link leads to from them."""
    children = defaultdict(list)
    for cause, effect in causal_edges():
        children[cause].append(effect)
    found, todo = set(ids), list(ids)
    while todo:
        for child in children[todo.pop()]:
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def timeline_keys(events) -> dict[int, str]:
    """Each event's timeline key, its causes' anchors and depths taken into account."""
    events = {event.pk: event for event in events}
    edges = causal_edges()
    parents = defaultdict(list)
    for cause, effect in edges:
        parents[effect].append(cause)
    # The causes' dates too, however far back the chain runs.
    missing = {cause for cause, _ in edges} - set(events)
    known = {
        pk: (earliest, latest, significance, slug)
        for pk, earliest, latest, significance, slug in Event.objects.filter(
            pk__in=missing
        ).values_list("pk", "start_earliest", "start_latest", "significance", "slug")
    }
    for event in events.values():
        known[event.pk] = (event.start_earliest, event.start_latest, event.significance, event.slug)
    placed = {}

    def place(pk, path=()):
        if pk in placed:
            return placed[pk]
        earliest, latest, _, _ = known[pk]
        anchor, depth = earliest, 0
        causes = [visit for visit in parents[pk] if visit in known and visit not in path]
        for cause in causes:
            cause_anchor, _ = place(cause, (*path, pk))
            if earliest <= cause_anchor <= latest:  # it may have begun only after its cause
                anchor = max(anchor, cause_anchor)
        for cause in causes:
            cause_anchor, cause_depth = placed[cause]
            if cause_anchor == anchor:
                depth = max(depth, cause_depth + 1)
        placed[pk] = (anchor, depth)
        return placed[pk]

    keys = {}
    for pk in events:
        anchor, depth = place(pk)
        _, _, significance, slug = known[pk]
        keys[pk] = timeline_key(anchor, depth, significance, slug)
    return keys


def save_links(event: Event, wanted: list[tuple[Event, str, str]]) -> list[Link]:
    """Store the links that lead to `event`, each (cause, kind, note), in order; the rows."""
    existing = {(link.from_event_id, link.kind): link for link in event.links_in.all()}
    rows = []
    for cause, kind, note in wanted:
        link = existing.pop((cause.pk, kind), None) or Link(
            from_event=cause, to_event=event, kind=kind
        )
        if link.pk is None or link.note != note:
            link.note = note
            link.save()
        rows.append(link)
    for link in existing.values():
        link.delete()
    return rows


def cycle_problem(event: Event | None = None, wanted=()) -> str:
    """'' or what a cycle of causal links would say (each event in it would cause itself),
    with the links to `event` replaced by `wanted` ((cause, kind, note) each)."""
    edges = [(c, e) for c, e in causal_edges() if event is None or e != event.pk]
    edges += [(cause.pk, event.pk) for cause, kind, _ in wanted if kind in Link.CAUSAL]
    cycle = causal_cycle(edges)
    if not cycle:
        return ""
    slugs = dict(Event.objects.filter(pk__in=cycle).values_list("pk", "slug"))
    shown = " → ".join(slugs[pk] for pk in cycle)
    return f"these links would make a cycle of causes: {shown}"
