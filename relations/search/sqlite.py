"""SQLite: FTS5 external-content indexes of passages and events, each twice.

The stemmed index (Porter over unicode61, migration 0021) finds a query's
words in any of their forms and ranks the matches; the plain one (migration
0003) holds words as written, for "quoted phrases" and pasted quotes.
Migrations create the tables and their triggers with their own frozen copy of
this DDL. SQLite rebuilds a table to alter it, and the triggers go with the
old table, so `repair_indexes()` runs after every migrate (see apps.py): it
adds what is missing and then rebuilds the index from the table.
"""

from __future__ import annotations

from django.db.models import Func, IntegerField

from .query import (
    HIT_END,
    HIT_START,
    RANKED,
    Query,
    Term,
    match_expression,
    source_and_year,
)

PLAIN = "unicode61 remove_diacritics 2"
STEMMED = "porter unicode61 remove_diacritics 2"
INDEXES = {
    # index: (content table, indexed column, tokenizer)
    "relations_passage_fts": ("relations_passage", "text", PLAIN),
    "relations_event_fts": ("relations_event", "search_document", PLAIN),
    "relations_passage_stemmed": ("relations_passage", "text", STEMMED),
    "relations_event_stemmed": ("relations_event", "search_document", STEMMED),
}
# The two indexes of each table: (stemmed, plain).
PASSAGES = ("relations_passage_stemmed", "relations_passage_fts")
EVENTS = ("relations_event_stemmed", "relations_event_fts")


def _phrase(tokens) -> str:
    return '"' + " ".join(tokens) + '"'


def _prefix(tokens) -> str:
    return _phrase(tokens) + " *"


def _either(terms: list[Term]) -> str:
    return match_expression(terms, _phrase, _prefix, " OR ")


def expression(query: Query) -> str:
    """For the MATCH of the index that drives (see `driver()`): every group, none of the
    words left out.

    In the stemmed index quoted phrases are matched in any form too; `conditions()`
    keeps only the rows that hold them as written."""
    plain = query.as_written()
    both = " AND ".join(f"({_either(group)})" for group in query.groups)
    for term in query.excluded:
        if plain or not term.exact:
            both = f"({both}) NOT ({_either([term])})"
    return both


def driver(query: Query, indexes: tuple[str, str]) -> str:
    """The index that matches and ranks: the plain one for a query all "quoted"."""
    return indexes[1] if query.as_written() else indexes[0]


def conditions(query: Query, indexes: tuple[str, str], row: str) -> tuple[str, list]:
    """SQL conditions on `row` (an id) for what the stemmed match cannot say:
    quoted phrases as written, and quoted phrases left out."""

    def within(index: str) -> str:
        return f"{row} IN (SELECT rowid FROM {index} WHERE {index} MATCH %s)"

    stemmed, plain = indexes
    sql, params = "", []
    if query.as_written():
        return sql, params
    for group in query.groups:
        quoted = [term for term in group if term.exact]
        if not quoted:
            continue
        others = [term for term in group if not term.exact]
        options, values = [within(plain)], [_either(quoted)]
        if others:
            options.append(within(stemmed))
            values.append(_either(others))
        sql += " AND (" + " OR ".join(options) + ")"
        params += values
    for term in query.excluded:
        if term.exact:
            sql += f" AND {row} NOT IN (SELECT rowid FROM {plain} WHERE {plain} MATCH %s)"
            params.append(_either([term]))
    return sql, params


def event_match(query: Query) -> tuple[str, list] | None:
    """SQL selecting the ids of events matching the query."""
    if not query:
        return None
    index = driver(query, EVENTS)
    more, params = conditions(query, EVENTS, "f.rowid")
    return (
        f"SELECT f.rowid FROM {index} f WHERE {index} MATCH %s{more}",
        [expression(query), *params],
    )


def published_event_match(query: Query) -> tuple[str, list]:
    """SQL selecting the ids of the published events matching the query: the index
    alone answers, leaving out the few drafts."""
    sql, params = event_match(query)
    # "= 0", not "NOT published", which the index on (published, ...) cannot look up:
    # it read all the events (0.4 ms of 10,000) to find the drafts.
    return f"{sql} AND f.rowid NOT IN (SELECT id FROM relations_event WHERE published = 0)", params


def published_event_count(query: Query, at_most: int) -> tuple[str, list]:
    """SQL counting the published events matching the query, no further than `at_most` + 1."""
    sql, params = published_event_match(query)
    return f"SELECT count(*) FROM ({sql} LIMIT %s) hits", [*params, at_most + 1]


def events_counted(query: Query) -> str:
    """When a page of events counts them: "before" it lists them. Then a few matches are
    looked up by id and sorted, and many are found by walking the timeline (see
    matched_id()). Listed first, a rare word's few matches cost a walk of the whole
    timeline (1.5 ms of 10,000 events), and a word no event holds a walk for nothing."""
    return "before"


def matched_id(column, few: bool = False):
    """The event id as compared with the matches. Unless they are known to be `few`:
    `+id`, which SQLite cannot use to fetch the matches one by one and sort them
    (thousands for a common word); it walks the timeline's index in order instead,
    probing the matches, and stops at the page."""
    if few:
        return column
    return Func(column, template="+%(expressions)s", output_field=IntegerField())


def passage_phrase_match(folded: str) -> tuple[str, list]:
    """SQL selecting the ids of passages holding these folded words in a row, as written."""
    return (
        "SELECT rowid FROM relations_passage_fts WHERE relations_passage_fts MATCH %s",
        ['"' + folded + '"'],
    )


def passage_matches(query: Query, source: str, year: int | None) -> tuple[str, list]:
    """FROM and WHERE of the passages matching the query (and source, year); the FTS
    table is `f`."""
    # Sources are joined only to filter by them: for a common word that is tens
    # of thousands of rows.
    joins = (
        " JOIN relations_passage p ON p.id = f.rowid JOIN relations_source s ON s.id = p.source_id"
        if source or year
        else ""
    )
    index = driver(query, PASSAGES)
    sql = f" FROM {index} f{joins} WHERE {index} MATCH %s"
    more, params = conditions(query, PASSAGES, "f.rowid")
    narrowing, narrowed = source_and_year(source, year, "f.rowid")
    return sql + more + narrowing, [expression(query), *params, *narrowed]


def ranked_passages(query: Query, source: str, year: int | None, limit: int) -> tuple[str, list]:
    """(id, rank, text with the matches marked, matches) of the best `limit` passages
    among the RANKED most recently added that match; matches are counted as far as
    RANKED + 1, which says there are more."""
    matches, params = passage_matches(query, source, year)
    index = driver(query, PASSAGES)
    counted = f"SELECT count(*) FROM (SELECT 1{matches} LIMIT {RANKED + 1})"
    # Ranking reads every match: a common word's tens of thousands would cost more than
    # the page. Past RANKED matches, FTS5 walks the rowids backwards and stops at the
    # RANKED-th, the oldest ranked. Counted first (forwards, as far as RANKED + 1), fewer
    # are all ranked without that walk, which for a rare phrase reads all its matches.
    cut = f"SELECT f.rowid{matches} ORDER BY f.rowid DESC LIMIT 1 OFFSET {RANKED - 1}"
    # A lone match (a pasted quote's passage, most often) has nothing to be ranked
    # against; bm25() would first read every match once more for its weights.
    rank = f"CASE WHEN (SELECT n FROM counted) > 1 THEN bm25({index}) ELSE 0 END"
    sql = (
        f"WITH counted (n) AS ({counted})"
        f" SELECT f.rowid, {rank},"
        f" highlight({index}, 0, char({ord(HIT_START)}), char({ord(HIT_END)})),"
        f" (SELECT n FROM counted){matches}"
        f" AND f.rowid >= CASE WHEN (SELECT n FROM counted) > {RANKED} THEN ({cut}) ELSE 0 END"
        f" ORDER BY {rank} LIMIT %s"
    )
    return sql, [*params, *params, *params, limit]


def any_match(query: Query) -> tuple[str, list] | None:
    """SQL giving one row when any public passage or any published event matches the
    query (a draft's words are no one's to find)."""
    if not query:
        return None
    passages, passage_params = passage_matches(query, "", None)
    events, event_params = published_event_match(query)
    return (
        f"SELECT 1{passages} UNION ALL SELECT 1 FROM ({events} LIMIT 1) LIMIT 1",
        [*passage_params, *event_params],
    )


def vocabulary(connection) -> list[tuple[str, int]]:
    """(word, documents holding it) of the plain indexes of passages and events."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT term, doc FROM relations_passage_vocabulary"
            " UNION ALL SELECT term, doc FROM relations_event_vocabulary"
        )
        return cursor.fetchall()


def index_ddl(index: str, table: str, column: str, tokenizer: str) -> dict[str, str]:
    """The FTS5 table and the three triggers that keep it in step with its table."""
    return {
        index: f"CREATE VIRTUAL TABLE {index} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='{tokenizer}')",
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
        for index, (table, column, tokenizer) in INDEXES.items():
            # Before the migration that makes an index, there is nothing to repair.
            if table not in present or index not in present:
                continue
            wanted = index_ddl(index, table, column, tokenizer)
            missing = [name for name in wanted if name not in present]
            for name in missing:
                cursor.execute(wanted[name])
            if missing:
                cursor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
            made += missing
    return made
