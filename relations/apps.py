from django.apps import AppConfig
from django.db.models.signals import post_migrate


def keep_database_triggers(sender, using, **kwargs):
    from django.db import connections

    from .fts import ensure_sqlite_fts
    from .pagecache import ensure_version_triggers

    ensure_sqlite_fts(connections[using])
    ensure_version_triggers(connections[using])


class RelationsConfig(AppConfig):
    name = "relations"
    verbose_name = "US–Pakistan relations"

    def ready(self):
        post_migrate.connect(keep_database_triggers, sender=self)
