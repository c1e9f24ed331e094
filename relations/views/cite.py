"""The researcher's pages: search passages and events, and cite what you find."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .. import share
from ..citations import event_item, render_all, source_item
from ..citations.formats import bibtex, csl_json, ris
from ..filters import SearchTextField
from ..models import Citation, DataVersion, Event, Passage, Source, page_path
from ..search.passages import first_events, ranked_search
from ..search.query import HIT_END, HIT_START, RANKED
from ..search.spelling import Search, resolve
from ..search.words import query_for
from .cache import TIMEOUT, public_page
from .htmx import HtmxHttpRequest, partial_request
from .timeline import most_used

# A page of ten passages, as search engines show results: what a reader scans before
# going to the next, and quicker to make than more. Twenty events (a line each): with
# fewer, PostgreSQL's planner walks the whole timeline for a rare phrase (83 ms, not 5).
PASSAGES_SHOWN, EVENTS_SHOWN = 10, 20


class CiteSearchForm(forms.Form):
    q = SearchTextField(required=False, max_length=500, label="Words, a “phrase” or a pasted quote")
    # A plain field checked with one query: choices of thousands of sources cost milliseconds.
    source = forms.CharField(required=False)
    year = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Published in",
        error_messages={"invalid_choice": "No article was published in “%(value)s”."},
    )
    # The words as typed, even where they match nothing (no spelling correction).
    verbatim = forms.BooleanField(required=False)
    # Passages are shown a page at a time, the best first, as far as the ranked ones go.
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=RANKED // PASSAGES_SHOWN,
        error_messages={
            "invalid": "A page is a number; showing the first.",
            "min_value": "Pages begin at 1; showing the first.",
            "max_value": f"Pages go as far as the best {RANKED} passages; showing the first.",
        },
    )

    def __init__(self, data, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [("", "Any year")] + [(y, y) for y in years]

    def clean_source(self):
        slug = self.cleaned_data["source"]
        if slug and not Source.objects.public().filter(slug=slug[:120]).exists():
            raise forms.ValidationError(f"No source is called “{slug[:40]}”.")
        return slug


# Events are counted as far as this ("more than 100"); the timeline counts them all.
# Counting to a thousand cost PostgreSQL 9 ms for a common word (a scan of the vectors).
COUNTED = 100
SOURCES_LISTED = 40
CitedBy = namedtuple("CitedBy", "title url")
# What the list of matching events shows (not their search documents).
EVENT_FIELDS = ("slug", "title", *Event.DATE_FIELDS, "start_text", "end_text", "timeline_key")


def source_options(chosen: str) -> list[tuple[str, str]]:
    """The sources most cited (as the timeline lists them) and the one chosen, as (slug,
    label) in order of publication: a list of thousands would weigh more than the page.
    Any other is searched from its own page ("Search this article").

    Read only when the page's kept copy of the list is missing (see cite.html)."""
    sources = most_used(Source, [chosen] if chosen else [], limit=SOURCES_LISTED)
    return [("", "Any source")] + [
        (s.slug, f"{s.publisher}, {s.published_display}") for s in sources
    ]


def publication_years() -> list[int]:
    """The years articles were published in, read once per data version."""

    def read():
        return [day.year for day in Source.objects.public().dates("published", "year")]

    return cache.get_or_set(f"cite-years:{DataVersion.current()}", read, TIMEOUT)


@dataclass
class FoundPassage:
    """What the page shows of a passage found, beside its text."""

    number: int
    source: Source
    url: str
    cite_url: str
    events: list[CitedBy] = field(default_factory=list)  # citing it, in timeline order
    marked: str = ""
    exact: bool = False


def found_passages(ids: list[int]) -> dict[int, FoundPassage]:
    """Each passage's number and article, and the published events citing it: one plain
    query (the ORM's two cost more than the database's work for them)."""
    if not ids:
        return {}
    tables = {m.__name__: m._meta.db_table for m in (Passage, Source, Citation, Event)}
    sql = (
        "SELECT p.id, p.number, s.slug, s.publisher, s.title, s.published,"
        " s.published_precision, e.slug, e.title"
        f" FROM {tables['Passage']} p JOIN {tables['Source']} s ON s.id = p.source_id"
        f" LEFT JOIN {tables['Citation']} c ON c.passage_id = p.id"
        f" LEFT JOIN {tables['Event']} e ON e.id = c.event_id AND e.published"
        f" WHERE p.id IN ({', '.join(['%s'] * len(ids))}) ORDER BY p.id, e.timeline_key"
    )
    passages = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        for pk, number, slug, publisher, title, published, precision, event, named in cursor:
            if pk not in passages:
                source = Source(
                    slug=slug,
                    publisher=publisher,
                    title=title,
                    published=date.fromisoformat(str(published)),
                    published_precision=precision,
                )
                passages[pk] = FoundPassage(
                    number,
                    source,
                    f"{page_path('source', slug)}#p-{number}",
                    f"{page_path('cite-source', slug)}?p={number}",
                )
            cited, url = passages[pk].events, event and page_path("event", event)
            if url and all(known.url != url for known in cited):  # cited twice by one event
                cited.append(CitedBy(named, url))
    return passages


def marked_html(marked: str) -> str:
    """Escape a passage, then turn the search engine's hit markers into <mark>."""
    return mark_safe(
        escape(marked).replace(HIT_START, '<mark class="hit">').replace(HIT_END, "</mark>")
    )


def passage_results(q: str, query, source: str, year: int | None, page: int) -> tuple[list, int]:
    """The page's passages, best first, and how many match (as far as RANKED + 1)."""
    shown = PASSAGES_SHOWN * page
    best, total = ranked_search(q, source=source, year=year, limit=shown, query=query)
    best = best[shown - PASSAGES_SHOWN :]
    passages = found_passages([hit.passage_id for hit in best])
    hits = []
    for hit in best:
        if passage := passages.get(hit.passage_id):
            passage.marked = marked_html(hit.marked)
            passage.exact = hit.exact
            hits.append(passage)
    return hits, total


def event_results(query, source: str, year: int | None) -> tuple[list, int]:
    """The first events matching, in timeline order, and how many (as far as COUNTED + 1)."""
    events = Event.objects.published().only(*EVENT_FIELDS)
    # Narrowed like the passages: events citing that source, or an article of that year.
    citing = {}
    if source:
        citing["passage__source__slug"] = source
    if year:
        citing["passage__source__published__year"] = year
    if citing:
        events = events.filter(pk__in=Citation.objects.filter(**citing).values("event_id"))
    return first_events(events, query, EVENTS_SHOWN, COUNTED, narrowed=bool(citing))


@require_safe
@public_page
@vary_on_headers("HX-Request")
def cite_search(request: HtmxHttpRequest):
    form = CiteSearchForm(request.GET, publication_years())
    form.is_valid()
    values = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    q, source, year = values.get("q") or "", values.get("source") or "", values.get("year")
    page = values.get("page") or 1
    query = query_for(q) if q else None
    hits, passage_total = passage_results(q, query, source, year, page) if q else ([], 0)
    # The timeline's search: the words typed, or their correction when they find nothing
    # (passages found say so without asking the engine again).
    verbatim = bool(values.get("verbatim"))
    search = resolve(q, verbatim, found=True if hits else None, query=query, tried_by_caller=True)
    if search.typed:
        q, query = search.q, query_for(search.q)
        hits, passage_total = passage_results(q, query, source, year, page)
    # The events are on the first page.
    events, event_total = event_results(query, source, year) if q and page == 1 else ([], 0)
    if search.typed and page == 1 and not hits and not events:
        # A correction that finds nothing here is not offered: the typed query is shown.
        search = Search(search.typed)
        q, query = search.q, query_for(search.q)
        hits, passage_total = passage_results(q, query, source, year, page)
        events, event_total = event_results(query, source, year)
    narrowing = {k: v for k, v in (("source", source), ("year", year)) if v}
    as_typed = {"verbatim": 1} if verbatim else {}
    context = {
        "form": form,
        "q": q,
        "hits": hits,
        "passage_total": passage_total,
        "counted": COUNTED,
        "counted_text": f"{COUNTED:,}",
        "ranked": RANKED,
        "events": events,
        "event_total": event_total,
        "timeline_search": "?" + urlencode({"q": search.typed or q, **as_typed}),
        "search": search,
        "page": page,
        "page_size": PASSAGES_SHOWN,
        "first_shown": PASSAGES_SHOWN * (page - 1) + 1,
        "last_shown": PASSAGES_SHOWN * (page - 1) + len(hits),
        "next_page_url": "?" + urlencode({"q": q, **narrowing, **as_typed, "page": page + 1})
        if PASSAGES_SHOWN * page < min(passage_total, RANKED)
        else "",
        "first_page_url": "?" + urlencode({"q": q, **narrowing, **as_typed}),
        "showing_url": "?" + urlencode({"q": q, **narrowing}),
        "instead_url": "?" + urlencode({"q": search.typed, "verbatim": 1, **narrowing}),
        "version": DataVersion.current(),
        "source": source,
        "source_options": partial(source_options, source),
        "sources_listed": SOURCES_LISTED,
        "year": year,
        # A swap of the results also brings the title and the fields' messages.
        "swapped": partial_request(request),
        "field_errors": [
            (name, " ".join(form.errors.get(name, [])))
            for name in form.fields
            if name not in ("verbatim", "page")
        ],
        "page_problem": " ".join(form.errors.get("page", [])),
    }
    template = "relations/cite.html" + ("#results" if context["swapped"] else "")
    return render(request, template, context)


def _paragraph(request, source) -> tuple[Passage | None, str]:
    """The paragraph `?p=` names, or None and what is wrong with the link."""
    number = request.GET.get("p", "")
    if not number:
        return None, ""
    if number.isascii() and number.isdigit() and len(number) <= 6:  # not "²"
        passage = Passage.objects.filter(source=source, number=int(number)).first()
        if passage:
            return passage, ""
        return None, f"This article has no paragraph {int(number)}; the whole article is cited."
    return None, "That paragraph link is damaged; the whole article is cited."


@require_safe
@public_page
@vary_on_headers("HX-Request")
def cite_source(request: HtmxHttpRequest, slug: str):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    passage, problem = _paragraph(request, source)
    item = source_item(source)
    context = {
        "subject": source,
        "heading": f"Cite “{source.title}”" + (f", ¶{passage.number}" if passage else ""),
        "entries": [(source, render_all(item, passage.number if passage else None), [])],
        "download": "relations:cite-source-download",
        "passage": passage,
        "problem": problem,
        # Ids of the texts the Copy buttons copy: unique among open citations.
        "ids": f"cite-source-{source.slug}" + (f"-p{passage.number}" if passage else ""),
    }
    template = "relations/cite_entry.html" + ("#formats" if partial_request(request) else "")
    return render(request, template, _safe(context))


@require_safe
@public_page
@vary_on_headers("HX-Request")
def cite_event(request: HtmxHttpRequest, slug: str):
    event = get_object_or_404(
        Event.objects.published().prefetch_related("citations__passage__source"), slug=slug
    )
    sources = list({c.passage.source.pk: c.passage.source for c in event.citations.all()}.values())
    # Each article with the paragraphs the event rests on: each can be cited on its own.
    paragraphs = {
        source.pk: sorted(
            {c.passage.number for c in event.citations.all() if c.passage.source == source}
        )
        for source in sources
    }
    entries = [(event, render_all(event_item(event)), [])]
    entries += [
        (source, render_all(source_item(source)), paragraphs[source.pk]) for source in sources
    ]
    context = {
        "subject": event,
        "heading": f"Cite “{event.title}”",
        "entries": entries,
        "download": "relations:cite-event-download",
        "passage": None,
        "ids": f"cite-event-{event.slug}",
    }
    template = "relations/cite_entry.html" + ("#formats" if partial_request(request) else "")
    return render(request, template, _safe(context))


def _safe(context: dict) -> dict:
    """citeproc-py's HTML formatter escapes the data; its markup (<i>) may show."""
    context["entries"] = [
        (subject, [(r, mark_safe(r.note), mark_safe(r.bibliography)) for r in rendered], numbers)
        for subject, rendered, numbers in context["entries"]
    ]
    return context


@require_safe
@public_page
def cite_source_styles(request, slug: str):
    """A paragraph's citation in each style, as JSON: what "Copy quote with citation"
    puts beside the quote (site.js). The HTML is escaped, with <i> for italics."""
    source = get_object_or_404(Source.objects.public(), slug=slug)
    number = request.GET.get("p", "")
    if not (number.isascii() and number.isdigit() and len(number) <= 6):
        return JsonResponse({"error": "Name a paragraph: ?p=1, ?p=2, …"}, status=400)
    passage = Passage.objects.filter(source=source, number=int(number)).first()
    if passage is None:
        return JsonResponse({"error": f"This article has no paragraph {int(number)}."}, status=404)
    rendered = render_all(source_item(source), passage.number)
    return JsonResponse(
        {
            "source": source.slug,
            "paragraph": passage.number,
            "url": share.site_url(passage.get_absolute_url()),
            "styles": {
                r.style: {"label": r.label, "note": r.note, "bibliography": r.bibliography}
                for r in rendered
            },
        }
    )


FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def _download(items: list[dict], fmt: str, name: str) -> HttpResponse:
    if fmt == "bib":
        body = "\n".join(bibtex(item) for item in items)
    elif fmt == "ris":
        body = "".join(ris(item) for item in items)
    else:
        body = csl_json(items)
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@require_safe
def cite_source_download(request, slug: str, fmt: str):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    return _download([source_item(source)], fmt, source.slug)


@require_safe
def cite_event_download(request, slug: str, fmt: str):
    event = get_object_or_404(
        Event.objects.published().prefetch_related("citations__passage__source"), slug=slug
    )
    sources = {c.passage.source.pk: c.passage.source for c in event.citations.all()}.values()
    return _download([event_item(event), *(source_item(s) for s in sources)], fmt, event.slug)
