import pytest

from relations.bench.corpus import generate
from relations.bench.report import report
from relations.models import Citation, Event
from relations.store.changes import refresh_events


@pytest.mark.django_db
def test_generated_corpus_carries_the_derived_fields_a_load_writes():
    # The bench measures cards as readers see them: "2 sources", not "0 sources".
    before = Event.objects.count(), Citation.objects.count()
    generate(events=40, sources=6, passages=60, actors=8, citations=120)

    assert Event.objects.count() == before[0] + 40
    assert Citation.objects.count() > before[1]
    assert refresh_events(Event.objects.values_list("pk", flat=True)) == 0  # nothing left to do
    assert Event.objects.filter(source_count__gt=0).exists()


def test_the_corpora_are_compared_each_against_its_own_trivial_view(monkeypatch):
    # The small corpus ran while the machine was half as fast: every time doubled, the
    # trivial view's too. A page that is 10× the trivial view on both is 1.00, not 0.50.
    monkeypatch.setattr("relations.bench.report.articles_per_second", lambda: 100)

    def run(factor):
        times = {"trivial view": [1.0 * factor] * 5, "a page": [10.0 * factor] * 5}
        return {
            "times": times,
            "uncached": times,
            "queries": {},
            "sizes": dict.fromkeys(times, 1024),
        }

    large, small = run(1) | {"exports": {}, "events": 10}, run(2)
    sizes = {"events": 10, "sources": 1, "passages": 1, "actors": 1, "citations": 1}
    lines = []
    report("sqlite", sizes, sizes, {"large": large, "small": small}, lines.append)
    row = next(line for line in lines if line.startswith("a page"))[24:].split()
    assert row[3] == "20.00" and row[8] == "20.00"  # the small corpus's own milliseconds
    assert row[4] == "1.00" and row[9] == "1.00"  # large/small, cached and uncached
