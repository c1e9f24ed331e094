"""The data version becomes one row the write path moves; events get one timeline key.

Migration 0008 once made a counter table and a trigger on every table to move
it; on databases that ran that form, its triggers, function and table are
removed here (by name, as they were made). `last_day` becomes a column the
database generates; the timeline sorts and pages by `timeline_key`, which
the write path keeps (it is filled in after this migration, see apps.py).
"""

import django.db.models.functions.comparison
from django.db import migrations, models

OLD_VERSION_TABLE = "relations_data_version"


def drop_version_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE 'relations\\_%\\_version%'"
            )
            for trigger, table in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}" ON "{table}"')
            cursor.execute("DROP FUNCTION IF EXISTS relations_bump_version()")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'relations\\_%\\_version\\_%' ESCAPE '\\'"
            )
            for (trigger,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
        cursor.execute(f"DROP TABLE IF EXISTS {OLD_VERSION_TABLE}")


def last_day():
    return models.GeneratedField(
        db_persist=True,
        expression=django.db.models.functions.comparison.Coalesce(
            models.F("end_latest"), models.F("start_latest")
        ),
        output_field=models.DateField(),
    )


TONES = [
    (-2, "hostile"),
    (-1, "tense"),
    (0, "neutral"),
    (1, "cooperative"),
    (2, "close cooperation"),
]
LEVELS = [(1, "minor"), (2, "notable"), (3, "major")]


class Migration(migrations.Migration):
    dependencies = [("relations", "0011_event_documents_without_aliases")]

    operations = [
        migrations.RunPython(drop_version_triggers, migrations.RunPython.noop),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RemoveIndex(model_name="event", name="event_timeline_idx"),
        migrations.RemoveIndex(model_name="event", name="event_date_range_idx"),
        migrations.RemoveField(model_name="event", name="start_precision_rank"),
        migrations.RemoveField(model_name="historicalevent", name="start_precision_rank"),
        migrations.RemoveField(model_name="event", name="last_day"),
        migrations.RemoveField(model_name="historicalevent", name="last_day"),
        migrations.AddField(model_name="event", name="last_day", field=last_day()),
        migrations.AddField(model_name="historicalevent", name="last_day", field=last_day()),
        migrations.AddField(
            model_name="event",
            name="timeline_key",
            field=models.CharField(default="", editable=False, max_length=160),
        ),
        migrations.AlterModelOptions(name="event", options={"ordering": ["timeline_key"]}),
        migrations.AlterField(
            model_name="event",
            name="tone",
            field=models.SmallIntegerField(
                choices=TONES,
                help_text="Effect on the relationship: −2 hostile … 0 neutral … +2 close cooperation.",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="tone",
            field=models.SmallIntegerField(
                choices=TONES,
                help_text="Effect on the relationship: −2 hostile … 0 neutral … +2 close cooperation.",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="significance",
            field=models.PositiveSmallIntegerField(
                choices=LEVELS, help_text="1 minor, 2 notable, 3 major."
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="significance",
            field=models.PositiveSmallIntegerField(
                choices=LEVELS, help_text="1 minor, 2 notable, 3 major."
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["published", "timeline_key"], name="event_timeline_idx"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["published", "last_day", "start_earliest"], name="event_date_range_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="event", index=models.Index(fields=["tone"], name="event_tone_idx")
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["significance"], name="event_significance_idx"),
        ),
        # The dates read off start_text and end_text (Event.clean): derived, not typed.
        migrations.AlterField(
            model_name="event",
            name="end_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="event",
            name="end_latest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="event",
            name="end_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "day"), ("month", "month"), ("year", "year")],
                editable=False,
                max_length=5,
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="end_qualifier",
            field=models.CharField(
                blank=True,
                choices=[("early", "early"), ("mid", "mid"), ("late", "late")],
                editable=False,
                max_length=5,
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="start_earliest",
            field=models.DateField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="event",
            name="start_latest",
            field=models.DateField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="event",
            name="start_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "day"), ("month", "month"), ("year", "year")],
                editable=False,
                max_length=5,
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="start_qualifier",
            field=models.CharField(
                blank=True,
                choices=[("early", "early"), ("mid", "mid"), ("late", "late")],
                editable=False,
                max_length=5,
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="end_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="end_latest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="end_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "day"), ("month", "month"), ("year", "year")],
                editable=False,
                max_length=5,
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="end_qualifier",
            field=models.CharField(
                blank=True,
                choices=[("early", "early"), ("mid", "mid"), ("late", "late")],
                editable=False,
                max_length=5,
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="start_earliest",
            field=models.DateField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="start_latest",
            field=models.DateField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="start_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "day"), ("month", "month"), ("year", "year")],
                editable=False,
                max_length=5,
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="start_qualifier",
            field=models.CharField(
                blank=True,
                choices=[("early", "early"), ("mid", "mid"), ("late", "late")],
                editable=False,
                max_length=5,
            ),
        ),
    ]
