"""Once: a data version moved by database triggers on every table.

That version is now a row the write path moves (migration 0012, which also
removes what this migration made on databases that ran its earlier form), so
on a new database there is nothing to do here.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("relations", "0007_stamps")]

    operations = []
