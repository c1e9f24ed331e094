"""SQLite: FTS5 external-content indexes of passages and events.

Migration 0003 creates the tables and their triggers with its own frozen copy
of this DDL. SQLite rebuilds a table to alter it, and the triggers go with the
old table, so `repair_indexes()` runs after every migrate (see apps.py): it
adds what is missing and then rebuilds the index from the table.
"""

from __future__ import annotations

from .query import HIT_END, HIT_START, Term, match_expression, source_and_year

INDEXES = {
    # index: (content table, indexed column)
    "relations_passage_fts": ("relations_passage", "text"),
    "relations_event_fts": ("relations_event", "search_document"),
}


def expression(terms: list[Term]) -> str:
    """For FTS5 MATCH: "a b" for a phrase, "a b" * for a prefix."""

    def phrase(tokens):
        return '"' + " ".join(tokens) + '"'

    return match_expression(terms, phrase, lambda tokens: phrase(tokens) + " *", " OR ", " AND ")


def event_match(terms: list[Term]) -> tuple[str, list] | None:
    """SQL selecting the ids of events matching every term."""
    query = expression(terms)
    if not query:
        return None
    return "SELECT rowid FROM relations_event_fts WHERE relations_event_fts MATCH %s", [query]


def passage_phrase_match(folded: str) -> tuple[str, list]:
    """SQL selecting the ids of passages holding these folded words in a row."""
    return (
        "SELECT rowid FROM relations_passage_fts WHERE relations_passage_fts MATCH %s",
        ['"' + folded + '"'],
    )


def passage_matches(terms: list[Term], source: str, year: int | None) -> tuple[str, list]:
    """FROM and WHERE of the passages matching the terms (and source, year); the FTS table is `f`."""
    # Sources are joined only to filter by them: for a common word that is tens
    # of thousands of rows.
    joins = (
        " JOIN relations_passage p ON p.id = f.rowid JOIN relations_source s ON s.id = p.source_id"
        if source or year
        else ""
    )
    sql = f" FROM relations_passage_fts f{joins} WHERE relations_passage_fts MATCH %s"
    params = [expression(terms)]
    narrowing, more = source_and_year(source, year, "f.rowid")
    return sql + narrowing, params + more


def ranked_passages(matches: str, params: list, limit: int) -> tuple[str, list]:
    """(id, rank, text with the matches marked) of the best `limit` passages."""
    sql = (
        "SELECT f.rowid, bm25(relations_passage_fts),"
        f" highlight(relations_passage_fts, 0, char({ord(HIT_START)}), char({ord(HIT_END)}))"
        f"{matches} ORDER BY bm25(relations_passage_fts) LIMIT %s"
    )
    return sql, [*params, limit]


def index_ddl(index: str, table: str, column: str) -> dict[str, str]:
    """The FTS5 table and the three triggers that keep it in step with its table."""
    return {
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


def repair_indexes(connection) -> list[str]:
    """Recreate any FTS table or trigger a table rebuild dropped; the names recreated."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        made = []
        for index, (table, column) in INDEXES.items():
            if table not in present:
                continue
            wanted = index_ddl(index, table, column)
            missing = [name for name in wanted if name not in present]
            for name in missing:
                cursor.execute(wanted[name])
            if missing:
                cursor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
            made += missing
    return made
