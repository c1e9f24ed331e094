import pytest

from relations.bench.corpus import generate
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
