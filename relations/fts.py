"""SQLite's FTS5 indexes of passages and events, and the triggers that keep them in step.

SQLite rebuilds a table to alter it, and the triggers go with the old table,
so this runs after every migrate (see apps.py), not just once: it adds what
is missing and then rebuilds the index from the table.
"""

TABLES = {
    # index: (content table, indexed column)
    "relations_passage_fts": ("relations_passage", "text"),
    "relations_event_fts": ("relations_event", "search_document"),
}


def ensure_sqlite_fts(connection) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for index, (table, column) in TABLES.items():
            if table not in present:
                continue
            wanted = {
                index: f"CREATE VIRTUAL TABLE {index} USING fts5({column}, content='{table}', "
                "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
                f"{index}_insert": f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {index}(rowid, {column}) VALUES (new.id, new.{column}); END",
                f"{index}_delete": f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {index}({index}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
                f"{index}_update": f"CREATE TRIGGER {index}_update AFTER UPDATE OF {column} ON {table} BEGIN "
                f"INSERT INTO {index}({index}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
                f"INSERT INTO {index}(rowid, {column}) VALUES (new.id, new.{column}); END",
            }
            missing = [name for name in wanted if name not in present]
            for name in missing:
                cursor.execute(wanted[name])
            if missing:
                cursor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
