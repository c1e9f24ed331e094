"""Once: rebuilt events' search documents without actor aliases.

Derived data is rebuilt by today's code after any migration is applied (see
apps.py), never by a migration: a new database has nothing to rebuild.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("relations", "0010_date_range_indexes")]

    operations = []
