"""The data version that keys cached pages (see relations/pagecache.py)."""

from django.db import migrations


def create_version_and_triggers(apps, schema_editor):
    from relations.pagecache import ensure_version_triggers

    ensure_version_triggers(schema_editor.connection)


def drop_version(apps, schema_editor):
    from relations.pagecache import drop_version_triggers

    drop_version_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("relations", "0007_stamps")]

    operations = [migrations.RunPython(create_version_and_triggers, drop_version)]
