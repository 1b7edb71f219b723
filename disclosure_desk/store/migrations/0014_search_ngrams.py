"""0014 — PostgreSQL: one index for search of any length, exact up to 4 characters (issue 18).

Replaces, on PostgreSQL only, the 1–2 character gram table of 0009 (``item_gram``: a stored
``text[]`` of grams, ≈ 2 KB of TOAST an item) and the pg_trgm index of 0002 (which answers a
superset, so every hit's text had to be re-read: 20,000 hits cost 12,000 heap pages).

``item_ngram(item_id, text, pad)`` holds a copy of each item's search text, kept by the trigger
``item_search_ngram`` on item_search (so every write of item_search — create, edit, import,
historical import, attachment, delete — keeps it, in the same transaction), and a GIN index on
the expression ``dd_ngrams(text)``: every distinct substring of 1, 2, 3 and 4 characters. A query
``q`` of up to 4 characters occurs in a text exactly when ``q`` is one of those, so
``dd_ngrams(text) @> ARRAY[q]`` is exact (GIN array containment needs no recheck) and no text is
read. A longer query is looked up by all its 4-character substrings (a superset: they may occur
apart) and each candidate is confirmed with ``LIKE`` on its item_search row (by primary key).

Why a copy of the text, and why ``pad``: counting through a bitmap scan visits each hit's heap
tuple, even when the index is exact and the pages are all-visible (measured on PostgreSQL 15.18:
a count of 20,154 hits read 2,273 of the 2,281 heap pages), so the indexed table must be narrow. A text is moved out of line (TOAST) only when the whole row exceeds
≈ 2 KB, which a typical 600-byte search text does not; ``pad`` is 2,100 zero bytes by default —
compressed to ≈ 35 bytes in the row, it never costs space — so every inserted row crosses that
threshold and its text goes to TOAST (``toast_tuple_target = 128``). The heap then holds ≈ 80
bytes an item (18 MB at 200,000 items instead of 132 MB), and a count visits ≈ 100 items a page.
The trigger replaces a changed row by DELETE + INSERT so the default ``pad`` applies again.

The index is built with ``COLLATE "C"`` (byte order: faster to build and search; equality is the
same for every deterministic collation), so queries say ``(dd_ngrams(text) COLLATE "C")``.

SQL functions (frozen here; store/search.py calls them), each with its planner settings scoped to
the call: ``enable_seqscan`` off (a sequential scan would compute every text's grams), and for the
page also ``enable_indexscan`` off (a backward primary-key walk would compute them row by row);
``work_mem`` raised so the bitmap never turns lossy (a lossy page's recheck computes grams):

* ``dd_ngram_count(keys, pat)`` — how many items hold every key (and match ``LIKE pat`` unless
  ``pat`` is NULL);
* ``dd_ngram_items(keys, pat)`` — their ids;
* ``dd_ngram_page(keys, pat, n)`` — the newest ``n`` of them;
* ``dd_search_walk(pat, n, rows)`` — the newest ``n`` items matching ``LIKE pat`` among the
  newest ``rows`` search rows (a backward primary-key walk: cheap when hits are common).

Kept counts. Counting still visits every hit's (narrow) row: ≈ 10–15 ms for 20,000 hits at
200,000 items, ten times that at two million. A query with many hits (≥ ``store.search.HOT_MIN``)
therefore keeps its exact count in ``item_ngram_hot(gram, n)``; from then on every write adds ±1
rows to ``item_ngram_hot_delta(gram, d)`` for each kept query the text it adds or removes
contains (``dd_ngram_hot_add``, called by the trigger: up to 4 characters by the text's n-grams,
longer ones by ``strpos``), so ``n + sum(d)`` (``dd_ngram_hot_count``) is the exact count in any
snapshot. Deltas are rows, not updates of ``n``, so concurrent writers never wait for each other
or deadlock; a search folds them into ``n`` when they pile up. A query without a kept count is
counted under ``LOCK item_ngram IN SHARE MODE`` (lock timeout 50 ms, statement timeout 250 ms;
on either it is counted without the lock and not kept) so that no write is in flight while a base
count is taken. Anything that writes item_ngram without the trigger (a bulk copy with the trigger
disabled) must empty both tables; this migration does.

SQLite is unchanged (FTS5 trigram table for 3+ characters, 0009's gram table for 1–2).
"""

from __future__ import annotations

from peewee import PostgresqlDatabase

PG_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION dd_ngrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(
        array_agg(a)
        || array_agg(a || b) FILTER (WHERE b IS NOT NULL)
        || array_agg(a || b || c) FILTER (WHERE c IS NOT NULL)
        || array_agg(a || b || c || d) FILTER (WHERE d IS NOT NULL),
        '{}')
    FROM (SELECT string_to_array(t, NULL) AS x) s,
         LATERAL unnest(x, x[2:], x[3:], x[4:]) AS u(a, b, c, d)
$$;
CREATE OR REPLACE FUNCTION dd_ngram_count(keys text[], pat text) RETURNS bigint
LANGUAGE sql STABLE SET enable_seqscan = off SET work_mem = '64MB' AS $$
    SELECT count(*) FROM item_ngram g
    WHERE (dd_ngrams(g.text) COLLATE "C") @> (keys COLLATE "C") AND (pat IS NULL OR EXISTS (
        SELECT 1 FROM item_search s WHERE s.item_id = g.item_id AND s.text LIKE pat))
$$;
CREATE OR REPLACE FUNCTION dd_ngram_items(keys text[], pat text) RETURNS SETOF integer
LANGUAGE sql STABLE SET enable_seqscan = off SET work_mem = '64MB' AS $$
    SELECT g.item_id FROM item_ngram g
    WHERE (dd_ngrams(g.text) COLLATE "C") @> (keys COLLATE "C") AND (pat IS NULL OR EXISTS (
        SELECT 1 FROM item_search s WHERE s.item_id = g.item_id AND s.text LIKE pat))
$$;
CREATE OR REPLACE FUNCTION dd_ngram_page(keys text[], pat text, n integer) RETURNS SETOF integer
LANGUAGE sql STABLE SET enable_seqscan = off SET enable_indexscan = off SET work_mem = '64MB'
AS $$
    SELECT g.item_id FROM item_ngram g
    WHERE (dd_ngrams(g.text) COLLATE "C") @> (keys COLLATE "C") AND (pat IS NULL OR EXISTS (
        SELECT 1 FROM item_search s WHERE s.item_id = g.item_id AND s.text LIKE pat))
    ORDER BY g.item_id DESC LIMIT n
$$;
CREATE OR REPLACE FUNCTION dd_search_walk(pat text, n integer, max_rows integer)
RETURNS SETOF integer
LANGUAGE sql STABLE SET enable_seqscan = off SET enable_bitmapscan = off AS $$
    SELECT item_id FROM (
        SELECT item_id, text FROM item_search ORDER BY item_id DESC LIMIT max_rows
    ) s WHERE text LIKE pat ORDER BY item_id DESC LIMIT n
$$;
CREATE OR REPLACE FUNCTION dd_ngram_hot_add(p_text text, p_delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM item_ngram_hot) THEN
        INSERT INTO item_ngram_hot_delta (gram, d)
        SELECT h.gram, p_delta FROM item_ngram_hot h
        WHERE h.gram IN (SELECT unnest(dd_ngrams(p_text)))
           OR (length(h.gram) > 4 AND strpos(p_text, h.gram) > 0);
    END IF;
END
$$;
CREATE OR REPLACE FUNCTION dd_ngram_hot_count(q text) RETURNS TABLE (total bigint, deltas bigint)
LANGUAGE sql STABLE AS $$
    SELECT h.n + coalesce(sum(x.d), 0), count(x.d)
    FROM item_ngram_hot h LEFT JOIN item_ngram_hot_delta x ON x.gram = h.gram
    WHERE h.gram = q GROUP BY h.n
$$;
CREATE OR REPLACE FUNCTION dd_item_ngram_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    gone text;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.text IS NOT DISTINCT FROM OLD.text
            AND NEW.item_id = OLD.item_id THEN
        RETURN NEW;
    END IF;
    -- The hot counts are adjusted AFTER item_ngram is written: from its first write this
    -- transaction holds the lock a registration (SHARE) waits for, so a registration either
    -- committed before (visible here: add the delta) or counts this row after the commit.
    IF TG_OP <> 'INSERT' THEN
        FOR gone IN DELETE FROM item_ngram WHERE item_id = OLD.item_id RETURNING text LOOP
            PERFORM dd_ngram_hot_add(gone, -1);
        END LOOP;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    FOR gone IN DELETE FROM item_ngram WHERE item_id = NEW.item_id RETURNING text LOOP
        PERFORM dd_ngram_hot_add(gone, -1);
    END LOOP;
    INSERT INTO item_ngram (item_id, text) VALUES (NEW.item_id, NEW.text);
    PERFORM dd_ngram_hot_add(NEW.text, 1);
    RETURN NEW;
END
$$;
"""


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        _up_postgresql(db)


def _up_postgresql(db) -> None:
    # 0009's gram table and trigger, and 0002's pg_trgm index: superseded by item_ngram.
    db.execute_sql("DROP TRIGGER IF EXISTS item_search_gram ON item_search")
    db.execute_sql("DROP TABLE IF EXISTS item_gram")
    db.execute_sql(
        "DROP FUNCTION IF EXISTS dd_item_gram_sync(), dd_gram_count(text), dd_gram_items(text), "
        "dd_gram_page(text, integer), dd_gram_page_walk(text, integer), dd_search_grams(text)"
    )
    db.execute_sql("DROP INDEX IF EXISTS item_search_trgm")
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS item_ngram (item_id integer PRIMARY KEY, text text NOT NULL, "
        "pad bytea NOT NULL DEFAULT decode(repeat('00', 2100), 'hex')) "
        "WITH (toast_tuple_target = 128)"
    )
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS item_ngram_hot (gram text PRIMARY KEY, n bigint NOT NULL)"
    )
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS item_ngram_hot_delta (gram text NOT NULL, d integer NOT NULL)"
    )
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS item_ngram_hot_delta_gram ON item_ngram_hot_delta (gram)"
    )
    db.execute_sql("DELETE FROM item_ngram_hot")  # counts of the rows about to be rebuilt
    db.execute_sql("DELETE FROM item_ngram_hot_delta")
    db.execute_sql(PG_FUNCTIONS)
    db.execute_sql("DROP TRIGGER IF EXISTS item_search_ngram ON item_search")
    db.execute_sql(
        "CREATE TRIGGER item_search_ngram AFTER INSERT OR UPDATE OR DELETE ON item_search "
        "FOR EACH ROW EXECUTE FUNCTION dd_item_ngram_sync()"
    )
    db.execute_sql("DROP INDEX IF EXISTS item_ngram_grams")
    db.execute_sql("DELETE FROM item_ngram")
    db.execute_sql("INSERT INTO item_ngram (item_id, text) SELECT item_id, text FROM item_search")
    # Built once over the rows (far cheaper than row by row); memory for the build only.
    db.execute_sql("SET LOCAL maintenance_work_mem = '256MB'")
    db.execute_sql(
        'CREATE INDEX item_ngram_grams ON item_ngram USING gin ((dd_ngrams(text)) COLLATE "C")'
    )
