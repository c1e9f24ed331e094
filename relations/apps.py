from django.apps import AppConfig
from django.db.models.signals import post_migrate


def after_migrate(sender, using, plan=None, **kwargs):
    """What a migration cannot do with frozen code, done with today's.

    SQLite rebuilds a table to alter it, dropping the full-text triggers on it:
    they are made again. A migration may also have changed what events'
    derived data is made of: it is rebuilt whenever one was applied.
    """
    from django.db import connections

    from .search import sqlite
    from .store.changes import refresh_all

    connection = connections[using]
    if connection.vendor == "sqlite":
        sqlite.repair_indexes(connection)
    applied = any(m.app_label == sender.label and not backwards for m, backwards in plan or [])
    if applied and at_latest_schema(connection):
        refresh_all()


def at_latest_schema(connection) -> bool:
    """Whether every migration is applied: only then does today's code fit the tables."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


class RelationsConfig(AppConfig):
    name = "relations"
    verbose_name = "US–Pakistan relations"

    def ready(self):
        from .store import signals

        signals.connect()
        post_migrate.connect(after_migrate, sender=self)
