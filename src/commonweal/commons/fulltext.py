"""Full-text search of assets with each database's own engine, and the search index's token.

SQLite: an FTS5 table over title, summary, description and tags (external content: it
reads the text from `commons_asset`), kept in step by triggers, ranked by bm25.
PostgreSQL: a stored generated `tsvector` column (English; title weighted A, summary and
tags B, description C) with a GIN index, ranked by ts_rank. Neither is in the model:
Django never reads or writes them.

Both keep one row, `commons_search_state`, whose token triggers change whenever an asset,
an adoption or an organisation's kind changes; `commons.search_index` rebuilds its
in-memory facets when the token is not the one it was built at. On PostgreSQL the token
changes at commit (deferred triggers, once per transaction), so writers take the row's
lock last and cannot deadlock over it.

Django's SQLite backend rebuilds a table to alter it, which drops the table's triggers;
`ensure_schema` (run after every `migrate`, see `commons.apps`) puts them back.
"""

import re
from typing import NamedTuple

import numpy as np
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

MAX_TERMS = 12
MAX_TERM_LENGTH = 60
# bm25 weights for title, summary, description, tags (SQLite); ts_rank's {D, C, B, A}.
BM25_WEIGHTS = "10.0, 4.0, 1.0, 4.0"
TS_RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"

_WORD = re.compile(r"[^\W_]+")  # letters and digits, in any script


class Matches(NamedTuple):
    ids: np.ndarray
    scores: np.ndarray | None  # lower is better


# What changes the facets: (trigger, event, table, condition).
SQLITE_TOUCHES = [
    ("commons_asset_touch_insert", "INSERT", "commons_asset", ""),
    ("commons_asset_touch_update", "UPDATE", "commons_asset", ""),
    ("commons_asset_touch_delete", "DELETE", "commons_asset", ""),
    ("commons_adoption_touch_insert", "INSERT", "commons_adoption", ""),
    ("commons_adoption_touch_update", "UPDATE", "commons_adoption",
     "WHEN old.status IS NOT new.status OR old.asset_id IS NOT new.asset_id"),
    ("commons_adoption_touch_delete", "DELETE", "commons_adoption", ""),
    ("organisations_kind_touch", "UPDATE OF kind", "organisations_organisation",
     "WHEN old.kind IS NOT new.kind"),
]  # fmt: skip
POSTGRESQL_TOUCHES = [
    ("commons_asset_touch", "INSERT OR UPDATE OR DELETE", "commons_asset", ""),
    ("commons_adoption_touch", "INSERT OR UPDATE OR DELETE", "commons_adoption", ""),
    ("organisations_kind_touch", "UPDATE OF kind", "organisations_organisation",
     "WHEN (old.kind IS DISTINCT FROM new.kind)"),
]  # fmt: skip

SQLITE_SCHEMA = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS commons_asset_fts USING fts5(
        title, summary, description, tags,
        content='commons_asset', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER IF NOT EXISTS commons_asset_fts_insert AFTER INSERT ON commons_asset
    BEGIN
        INSERT INTO commons_asset_fts (rowid, title, summary, description, tags)
        VALUES (new.id, new.title, new.summary, new.description, new.tags);
    END""",
    """CREATE TRIGGER IF NOT EXISTS commons_asset_fts_delete AFTER DELETE ON commons_asset
    BEGIN
        INSERT INTO commons_asset_fts (commons_asset_fts, rowid, title, summary, description, tags)
        VALUES ('delete', old.id, old.title, old.summary, old.description, old.tags);
    END""",
    """CREATE TRIGGER IF NOT EXISTS commons_asset_fts_update
    AFTER UPDATE OF title, summary, description, tags ON commons_asset
    BEGIN
        INSERT INTO commons_asset_fts (commons_asset_fts, rowid, title, summary, description, tags)
        VALUES ('delete', old.id, old.title, old.summary, old.description, old.tags);
        INSERT INTO commons_asset_fts (rowid, title, summary, description, tags)
        VALUES (new.id, new.title, new.summary, new.description, new.tags);
    END""",
    """CREATE TABLE IF NOT EXISTS commons_search_state (
        id INTEGER PRIMARY KEY CHECK (id = 1), token INTEGER NOT NULL
    )""",
    "INSERT OR IGNORE INTO commons_search_state (id, token) VALUES (1, random())",
    *(
        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} {when} "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        "BEGIN UPDATE commons_search_state SET token = random(); END"
        for name, event, table, when in SQLITE_TOUCHES
    ),
]
# Index what is already there (only when the FTS table is new).
SQLITE_REBUILD = "INSERT INTO commons_asset_fts (commons_asset_fts) VALUES ('rebuild')"

POSTGRESQL_SCHEMA = [
    """ALTER TABLE commons_asset ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')
        || setweight(jsonb_to_tsvector('english'::regconfig, coalesce(tags, '[]'::jsonb),
                                       '["string"]'), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
    ) STORED""",
    """CREATE INDEX IF NOT EXISTS commons_asset_search_vector
    ON commons_asset USING GIN (search_vector)""",
    # Titles alone, to find which of a very common word's matches have it in the title.
    """CREATE INDEX IF NOT EXISTS commons_asset_title_search
    ON commons_asset USING GIN (to_tsvector('english'::regconfig, title))""",
    """CREATE TABLE IF NOT EXISTS commons_search_state (
        id integer PRIMARY KEY CHECK (id = 1), token bigint NOT NULL
    )""",
    "INSERT INTO commons_search_state (id, token) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
    """CREATE OR REPLACE FUNCTION commons_search_touch() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        -- Once per transaction: later rows of the same transaction have nothing to add.
        IF current_setting('commonweal.search_touched', true)
                IS DISTINCT FROM txid_current()::text THEN
            PERFORM set_config('commonweal.search_touched', txid_current()::text, true);
            UPDATE commons_search_state SET token = (random() * 9e18)::bigint;
        END IF;
        RETURN NULL;
    END $$""",
    *(
        statement
        for name, event, table, when in POSTGRESQL_TOUCHES
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"""CREATE CONSTRAINT TRIGGER {name} AFTER {event} ON {table}
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {when}
            EXECUTE FUNCTION commons_search_touch()""",
        )
    ),
    *(
        statement
        for table in ("commons_asset", "commons_adoption")
        for statement in (
            f"DROP TRIGGER IF EXISTS {table}_truncate_touch ON {table}",
            f"""CREATE TRIGGER {table}_truncate_touch AFTER TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION commons_search_touch()""",
        )
    ),
]


def ensure_schema(connection: BaseDatabaseWrapper) -> None:
    """Create the full-text index, the token and their triggers where missing."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            existed = "commons_asset_fts" in connection.introspection.table_names(cursor)
            for statement in SQLITE_SCHEMA:
                cursor.execute(statement)
            if not existed:
                cursor.execute(SQLITE_REBUILD)
        elif connection.vendor == "postgresql":
            for statement in POSTGRESQL_SCHEMA:
                cursor.execute(statement)


def terms(words: str) -> list[str]:
    """The words as plain search terms: letters and digits only, so no query syntax survives."""
    found = _WORD.findall(words.lower())
    return [term[:MAX_TERM_LENGTH] for term in found[:MAX_TERMS]]


RANK_LIMIT = 5_000
_SQLITE_IDS = "SELECT group_concat(rowid) FROM commons_asset_fts WHERE commons_asset_fts MATCH %s"
SQL = {
    "sqlite": {
        "scored": (
            f"SELECT rowid, bm25(commons_asset_fts, {BM25_WEIGHTS}) "  # noqa: S608 (constant weights)  # nosec B608
            "FROM commons_asset_fts WHERE commons_asset_fts MATCH %s LIMIT %s"
        ),
        # One string of ids: much quicker to read than a row each.
        "ids": _SQLITE_IDS,
        "title_ids": _SQLITE_IDS,  # the query names the column
    },
    "postgresql": {
        "scored": (
            f"SELECT id, -ts_rank('{TS_RANK_WEIGHTS}', search_vector, query) "  # noqa: S608 (constant weights)  # nosec B608
            "FROM commons_asset, plainto_tsquery('english', %s) AS query "
            "WHERE search_vector @@ query LIMIT %s"
        ),
        "ids": """SELECT string_agg(id::text, ',')
            FROM commons_asset, plainto_tsquery('english', %s) AS query
            WHERE search_vector @@ query""",
        "title_ids": """SELECT string_agg(id::text, ',')
            FROM commons_asset, plainto_tsquery('english', %s) AS query
            WHERE to_tsvector('english'::regconfig, title) @@ query""",
    },
}


def matches(search_terms: list[str], *, ranked: bool, using: str = "default") -> Matches:
    """The ids of the assets containing every term, in no order, with scores if `ranked`.

    A lower score is a better match: bm25 or ts_rank, title matches counting most. Words
    so common that more than RANK_LIMIT assets hold them are scored by where they are
    instead, title or elsewhere: their inverse document frequency is near zero, so bm25
    and ts_rank barely tell such matches apart, and scoring tens of thousands of them
    costs a tenth of a second. (Ties are left to the caller.)
    """
    connection = connections[using]
    if connection.vendor not in SQL:  # pragma: no cover - SQLite and PostgreSQL only
        raise NotImplementedError(f"No full-text search for {connection.vendor}.")
    sql = SQL[connection.vendor]
    query = _query(connection.vendor, search_terms)
    with connection.cursor() as cursor:
        if ranked:
            cursor.execute(sql["scored"], [query, RANK_LIMIT + 1])
            rows = cursor.fetchall()
            if len(rows) <= RANK_LIMIT:
                ids = np.fromiter((row[0] for row in rows), np.int64, len(rows))
                scores = np.fromiter((row[1] for row in rows), np.float64, len(rows))
                return Matches(ids=ids, scores=scores)
        cursor.execute(sql["ids"], [query])
        ids = _id_list(cursor.fetchone()[0])
        if not ranked:
            return Matches(ids=ids, scores=None)
        title = _query(connection.vendor, search_terms, title_only=True)
        cursor.execute(sql["title_ids"], [title])
        in_title = np.isin(ids, _id_list(cursor.fetchone()[0]))
        return Matches(ids=ids, scores=np.where(in_title, -1.0, 0.0))


def _query(vendor: str, search_terms: list[str], *, title_only: bool = False) -> str:
    if vendor == "postgresql":
        return " ".join(search_terms)  # plainto_tsquery takes any text as plain words
    # Each term quoted: FTS5 reads it as a plain string, never as an operator.
    phrases = " ".join(f'"{term}"' for term in search_terms)
    return f"title : ({phrases})" if title_only else phrases


def _id_list(text: str | None) -> np.ndarray:
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def current_token(using: str = "default") -> tuple[int | None, bool]:
    """The search token now, and whether this transaction has written (PostgreSQL only).

    A transaction that has written may hold changes whose token only moves at commit, so
    its searches must not trust an index built elsewhere.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        sql = "SELECT token, txid_current_if_assigned() IS NOT NULL FROM commons_search_state"
    else:
        sql = "SELECT token, 0 FROM commons_search_state"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    if row is None:
        return None, True
    return row[0], bool(row[1])
