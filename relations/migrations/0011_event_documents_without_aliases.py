"""Event search documents name each actor once, without its aliases (see search.event_document)."""

from django.db import migrations


def refresh(apps, schema_editor):
    # The current code builds the documents; on a new database there is nothing to refresh.
    from relations.models import Event
    from relations.search import DERIVED_PREFETCH, refresh_derived_fields

    refresh_derived_fields(Event.objects.prefetch_related(*DERIVED_PREFETCH))


class Migration(migrations.Migration):
    dependencies = [("relations", "0010_date_range_indexes")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
