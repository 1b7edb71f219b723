"""0009 — an index for 1- and 2-character searches: every distinct 1- and 2-character substring
("gram") of an item's search text, kept beside the trigram index.

A query of one or two characters occurs in a text exactly when it is one of the text's grams, so
the gram index answers those queries exactly, without reading any text. It is written in the same
transaction as the item's search text, and this migration builds it for the rows that exist.

SQLite: a contentless FTS5 table ``item_gram`` (detail=none: only which items hold a token) whose
document for an item is its grams, each written as the upper-case hex of its UTF-8 bytes and
separated by spaces (hex tokens survive the ``ascii`` tokenizer unchanged and never split; UTF-8
is prefix-free, so a 1-character and a 2-character gram never share a token). The store's write
path (store/search.py ``set_text`` / ``insert_new`` / ``delete``) maintains it: grams are cut in
Python in linear time. (A trigger cannot: SQLite's ``substr`` walks a multi-byte text from its
start, so cutting every gram in SQL is quadratic in the text's length — seconds for one long
attachment text — and doubled demo generation time even for short ones.)

PostgreSQL: table ``item_gram`` (item_id, grams text[]) with a GIN index, kept by a trigger on
item_search (``dd_item_gram_sync``); ``dd_search_grams`` splits the text into characters once
(``regexp_split_to_array``) and pairs each with the next (``lead``), linear in the length.
``grams @> ARRAY[q]`` is exact for arrays, so counting needs no recheck of any text.
``toast_tuple_target`` keeps the array out of line, so the heap a count visits is small (≈ 40
bytes a row). The planner does not charge for de-toasting, so it would pick a sequential scan that
de-toasts every array (300 ms at 20,000 items); ``dd_gram_count`` / ``dd_gram_items`` /
``dd_gram_page`` run the index queries with ``enable_seqscan`` off for their own duration only
(a function's SET clause); the page also with ``enable_indexscan`` off, else it walks the primary
key backwards de-toasting every row until ``n`` hits (30 ms for a 3 %-frequent gram at 20,000
items) instead of sorting the bitmap's ids (top-N, no de-toasting). For a gram in ≥ 2 % of the items that walk is the cheaper one (at most
50 de-toasted rows a hit instead of sorting tens of thousands of ids): ``dd_gram_page_walk``.
All functions are frozen here.
"""

from __future__ import annotations

from peewee import PostgresqlDatabase


def sqlite_gram_tokens(text: str) -> str:
    """Frozen copy of store.search.gram_tokens: the FTS5 document of a text's grams."""
    grams = set(text)
    grams.update(text[i : i + 2] for i in range(len(text) - 1))
    return " ".join(sorted(g.encode("utf-8").hex().upper() for g in grams))


PG_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION dd_search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT v.g), '{}') FROM (
        SELECT c, lead(c) OVER (ORDER BY i) AS d
        FROM unnest(regexp_split_to_array(t, '')) WITH ORDINALITY AS u(c, i)
    ) s CROSS JOIN LATERAL (VALUES (s.c), (s.c || s.d)) AS v(g)
    WHERE v.g IS NOT NULL AND v.g <> ''
$$;
CREATE OR REPLACE FUNCTION dd_gram_count(q text) RETURNS bigint
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT count(*) FROM item_gram WHERE grams @> ARRAY[q]
$$;
CREATE OR REPLACE FUNCTION dd_gram_items(q text) RETURNS SETOF integer
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT item_id FROM item_gram WHERE grams @> ARRAY[q]
$$;
CREATE OR REPLACE FUNCTION dd_gram_page(q text, n integer) RETURNS SETOF integer
LANGUAGE sql STABLE SET enable_seqscan = off SET enable_indexscan = off AS $$
    SELECT item_id FROM item_gram WHERE grams @> ARRAY[q] ORDER BY item_id DESC LIMIT n
$$;
CREATE OR REPLACE FUNCTION dd_gram_page_walk(q text, n integer) RETURNS SETOF integer
LANGUAGE sql STABLE SET enable_seqscan = off SET enable_bitmapscan = off AS $$
    SELECT item_id FROM item_gram WHERE grams @> ARRAY[q] ORDER BY item_id DESC LIMIT n
$$;
CREATE OR REPLACE FUNCTION dd_item_gram_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM item_gram WHERE item_id = OLD.item_id;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.text IS NOT DISTINCT FROM OLD.text AND NEW.item_id = OLD.item_id THEN
            RETURN NEW;
        END IF;
        DELETE FROM item_gram WHERE item_id = OLD.item_id;
    END IF;
    INSERT INTO item_gram (item_id, grams) VALUES (NEW.item_id, dd_search_grams(NEW.text))
    ON CONFLICT (item_id) DO UPDATE SET grams = EXCLUDED.grams;
    RETURN NEW;
END
$$;
"""


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        _up_postgresql(db)
    else:
        _up_sqlite(db)


def _up_postgresql(db) -> None:
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS item_gram (item_id integer PRIMARY KEY, grams text[] NOT NULL) "
        "WITH (toast_tuple_target = 128)"
    )
    db.execute_sql(PG_FUNCTIONS)
    db.execute_sql("DROP TRIGGER IF EXISTS item_search_gram ON item_search")
    db.execute_sql(
        "CREATE TRIGGER item_search_gram AFTER INSERT OR UPDATE OR DELETE ON item_search "
        "FOR EACH ROW EXECUTE FUNCTION dd_item_gram_sync()"
    )
    db.execute_sql("DELETE FROM item_gram")
    db.execute_sql(
        "INSERT INTO item_gram (item_id, grams) "
        "SELECT item_id, dd_search_grams(text) FROM item_search"
    )
    db.execute_sql("CREATE INDEX IF NOT EXISTS item_gram_grams ON item_gram USING gin (grams)")


def _up_sqlite(db) -> None:
    db.execute_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS item_gram USING fts5("
        "grams, content='', detail=none, tokenize='ascii')"
    )
    db.execute_sql("INSERT INTO item_gram(item_gram) VALUES ('delete-all')")
    cursor = db.cursor()
    rows = cursor.execute("SELECT item_id, text FROM item_search ORDER BY item_id")
    while True:
        chunk = rows.fetchmany(2000)
        if not chunk:
            break
        db.cursor().executemany(
            "INSERT INTO item_gram(rowid, grams) VALUES (?, ?)",
            [(item_id, sqlite_gram_tokens(text or "")) for item_id, text in chunk],
        )
