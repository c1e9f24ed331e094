import pytest

from relations.benchmark import generate
from relations.models import Citation, Event
from relations.search import DERIVED_PREFETCH, refresh_derived_fields


@pytest.mark.django_db
def test_generated_corpus_carries_the_derived_fields_a_load_writes():
    # The bench measures cards as readers see them: "2 sources", not "0 sources".
    before = Event.objects.count(), Citation.objects.count()
    generate(events=40, sources=6, passages=60, actors=8, citations=120)

    assert Event.objects.count() == before[0] + 40
    assert Citation.objects.count() > before[1]
    events = Event.objects.prefetch_related(*DERIVED_PREFETCH)
    assert refresh_derived_fields(events) == 0  # nothing left to recompute
    assert Event.objects.filter(source_count__gt=0).exists()
