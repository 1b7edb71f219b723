"""0015 — PostgreSQL: every common query keeps its count, however long it takes to count (issue 18).

0014 kept a query's count only when it could be counted under ``LOCK item_ngram IN SHARE MODE``
within 250 ms, so that no write was in flight while the base count was taken. A slow query —
老旧小区改造 at two million items: 78,200 candidates, each confirmed with ``LIKE``, 0.5–0.8 s —
was never kept and cost that much at every search; and every first search held all writers back
for the length of its count.

Registration no longer counts under the lock. The procedure ``dd_ngram_keep`` (one ``CALL`` a
search; it commits between its steps, so it runs outside a transaction block) does:

1. ``INSERT INTO item_ngram_hot (gram, n) VALUES (q, NULL)`` and COMMIT: the query is *pending*
   (``n`` is now nullable). Every write whose ±1 check (``dd_ngram_hot_add``, a fresh snapshot in
   READ COMMITTED) starts after this commit adds its ±1 row for ``q``.
2. ``LOCK item_ngram IN SHARE MODE`` and COMMIT at once. This only waits for writes that wrote
   item_ngram before step 1 committed (they hold ROW EXCLUSIVE from their first write; their ±1
   check may have missed ``q``); new writes wait at most the 50 ms lock timeout. If the lock is not
   granted (a long import is writing) the pending row is removed and the query is counted plainly.
3. In one statement (one snapshot S): ``C`` = the count from the index, ``D`` = the sum of ``q``'s
   ±1 rows visible in S. If ``C`` ≥ ``hot_min``: ``n = C − D`` (only while still pending); else the
   registration is removed. The search's answer is ``C``.

Why ``n + sum(±1 rows)`` is then exact in any later snapshot T: it is ``C − D + D_T``. A write
committed before S is in ``C``; if it has a ±1 row, that row is in both ``D`` and ``D_T`` and
cancels. A write committed after S is not in ``C`` and has a ±1 row (else it checked before step 1
committed, so it held the lock of step 2, which waited for it to finish — before S), counted once
in ``D_T``. ±1 rows are never deleted by a registration, so two searches registering the same
query at once cannot disturb each other (the second's ``WHERE n IS NULL`` finds nothing to set).
Folding (deleting ±1 rows and adding them to ``n`` in one statement) only touches kept rows.

``dd_ngram_count`` (0014's body) now counts without parallel workers: measured on two cores, a
parallel bitmap count was slower at every size (200,000 items, 19,950 hits: 9.4 ms against 6.0;
2,000,000 items, 140,000 hits: 75–94 ms against 53), the planner choosing it from 20,000 hits up.

Search confined to some units (an officer of one department) — ``dd_search_units``: it joined
every hit of the whole register to the item table (2.7 s for 实施方案 in one unit of two million
items). Now the index is asked how many entries it lists for the keys (the bitmap scan's own
figure, read from ``EXPLAIN ANALYZE`` of a ``LIMIT 1`` query: no row visited, ≈ 9 ms for 79,000
entries at two million items). Up to ``ratio`` × the units' items, the hits are collected and
joined to the units' items in a hash; above, the units' own search texts are read with ``LIKE``
(≈ 3 µs an item: 20 ms for a unit of 6,400 items). Either way the answer is exact.

A search combined with other filters (``store.search.item_matches``) takes the ids as one array,
``item.id = ANY (dd_ngram_ids(…))``, which PostgreSQL looks up as one bitmap in the item table's
order (``IN (SELECT dd_ngram_items(…))`` went row by row: 133 ms → 53 ms for 20,154 hits among
200,000 items); confined to units it takes ``dd_search_units``' few ids.

The steps commit with ``synchronous_commit = off``: losing one in a crash loses a registration
(the query is counted again next time), never a count — a writer's own commit flushes the log up
to and including any registration it saw.
"""

from __future__ import annotations

from peewee import PostgresqlDatabase

PG_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION dd_ngram_count(keys text[], pat text) RETURNS bigint
LANGUAGE sql STABLE SET enable_seqscan = off SET work_mem = '64MB'
SET max_parallel_workers_per_gather = 0 SET jit = off AS $$
    SELECT count(*) FROM item_ngram g
    WHERE (dd_ngrams(g.text) COLLATE "C") @> (keys COLLATE "C") AND (pat IS NULL OR EXISTS (
        SELECT 1 FROM item_search s WHERE s.item_id = g.item_id AND s.text LIKE pat))
$$;
CREATE OR REPLACE FUNCTION dd_ngram_hot_count(q text) RETURNS TABLE (total bigint, deltas bigint)
LANGUAGE sql STABLE AS $$
    SELECT h.n + coalesce(sum(x.d), 0), count(x.d)
    FROM item_ngram_hot h LEFT JOIN item_ngram_hot_delta x ON x.gram = h.gram
    WHERE h.gram = q AND h.n IS NOT NULL GROUP BY h.n
$$;
CREATE OR REPLACE FUNCTION dd_ngram_ids(keys text[], pat text) RETURNS integer[]
LANGUAGE sql STABLE SET enable_seqscan = off SET work_mem = '64MB'
SET max_parallel_workers_per_gather = 0 SET jit = off AS $$
    SELECT coalesce(array_agg(g.item_id), '{}') FROM item_ngram g
    WHERE (dd_ngrams(g.text) COLLATE "C") @> (keys COLLATE "C") AND (pat IS NULL OR EXISTS (
        SELECT 1 FROM item_search s WHERE s.item_id = g.item_id AND s.text LIKE pat))
$$;
CREATE OR REPLACE FUNCTION dd_search_units(
    keys text[], pat text, like_pat text, units integer[], ratio integer) RETURNS SETOF integer
LANGUAGE plpgsql VOLATILE SET enable_seqscan = off SET enable_indexscan = on SET enable_nestloop = on
SET work_mem = '64MB' SET max_parallel_workers_per_gather = 0 SET jit = off AS $$
DECLARE
    n_unit bigint;
    hits integer[];
    plan json;
    listed bigint;
BEGIN
    SELECT count(*) INTO n_unit FROM item WHERE unit_id = ANY (units);
    -- How many entries the index lists for the keys (dead rows not yet vacuumed included: an
    -- estimate, read from the bitmap scan's own figure, without visiting the rows).
    PERFORM set_config('enable_indexscan', 'off', true);
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF, FORMAT JSON) SELECT 1 FROM item_ngram g '
        'WHERE (dd_ngrams(g.text) COLLATE "C") @> ($1 COLLATE "C") LIMIT 1' INTO plan USING keys;
    listed := (jsonb_path_query_first(plan::jsonb,
        'strict $.** ? (@."Node Type" == "Bitmap Index Scan")') ->> 'Actual Rows')::bigint;
    IF NOT coalesce(listed > n_unit * ratio, false) THEN
        -- The index's hits, at most ratio × the units' items (a bitmap scan: no index scan that
        -- would compute every row's n-grams; settings changed here are restored on return).
        SELECT array_agg(x.item_id) INTO hits FROM (
            SELECT g.item_id FROM item_ngram g
            WHERE (dd_ngrams(g.text) COLLATE "C") @> (keys COLLATE "C")
            LIMIT n_unit * ratio + 1) x;
    END IF;
    PERFORM set_config('enable_indexscan', 'on', true);
    IF coalesce(listed > n_unit * ratio, false) OR coalesce(cardinality(hits), 0) > n_unit * ratio
    THEN  -- many hits: reading the units' own texts is cheaper
        RETURN QUERY SELECT s.item_id FROM item i JOIN item_search s ON s.item_id = i.id
            WHERE i.unit_id = ANY (units) AND s.text LIKE like_pat ORDER BY s.item_id DESC;
        RETURN;
    END IF;
    -- Few hits: a hash of them joined to the units' items (not one look-up per hit); a long
    -- query's candidates in the units are then confirmed one by one (the OR keeps it a check).
    PERFORM set_config('enable_nestloop', 'off', true);
    RETURN QUERY SELECT x.id FROM (
        SELECT h.id FROM unnest(hits) AS h(id) JOIN item i ON i.id = h.id
        WHERE i.unit_id = ANY (units) OFFSET 0) x
        WHERE pat IS NULL OR EXISTS (
            SELECT 1 FROM item_search s WHERE s.item_id = x.id AND s.text LIKE pat)
        ORDER BY x.id DESC;
END
$$;
CREATE OR REPLACE PROCEDURE dd_ngram_keep(
    q text, keys text[], pat text, hot_min integer, hot_max integer, fold_at integer,
    INOUT total bigint DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    kept bigint;
    dsum bigint;
    dcount bigint;
    locked boolean := true;
    gone integer;
BEGIN
    SELECT h.n, coalesce(sum(x.d), 0), count(x.d) INTO kept, dsum, dcount
    FROM item_ngram_hot h LEFT JOIN item_ngram_hot_delta x ON x.gram = h.gram
    WHERE h.gram = q GROUP BY h.n;
    IF FOUND AND kept IS NOT NULL THEN
        total := kept + dsum;
        IF dcount >= fold_at THEN
            PERFORM set_config('synchronous_commit', 'off', true);
            WITH del AS (DELETE FROM item_ngram_hot_delta WHERE gram = q RETURNING d)
            UPDATE item_ngram_hot SET n = n + (SELECT coalesce(sum(d), 0) FROM del)
            WHERE gram = q AND n IS NOT NULL;
        END IF;
        RETURN;
    END IF;
    IF NOT FOUND THEN
        IF (SELECT count(*) FROM item_ngram_hot) >= hot_max THEN
            total := dd_ngram_count(keys, pat);
            RETURN;
        END IF;
        PERFORM set_config('synchronous_commit', 'off', true);
        INSERT INTO item_ngram_hot (gram, n) VALUES (q, NULL) ON CONFLICT (gram) DO NOTHING;
        COMMIT;
    END IF;
    -- Step 2: wait for the writes that may have checked before the registration was visible.
    PERFORM set_config('synchronous_commit', 'off', true);
    BEGIN
        PERFORM set_config('lock_timeout', '50ms', true);
        LOCK TABLE item_ngram IN SHARE MODE;
    EXCEPTION WHEN lock_not_available THEN
        locked := false;
    END;
    COMMIT;
    PERFORM set_config('synchronous_commit', 'off', true);
    -- Step 3: the count and the ±1 rows already in it, in one snapshot.
    SELECT dd_ngram_count(keys, pat),
           (SELECT coalesce(sum(d), 0) FROM item_ngram_hot_delta WHERE gram = q)
    INTO total, dsum;
    IF locked AND total >= hot_min THEN
        UPDATE item_ngram_hot SET n = total - dsum WHERE gram = q AND n IS NULL;
    ELSE
        DELETE FROM item_ngram_hot WHERE gram = q AND n IS NULL;
        GET DIAGNOSTICS gone = ROW_COUNT;
        IF gone > 0 THEN
            DELETE FROM item_ngram_hot_delta WHERE gram = q;
        END IF;
    END IF;
END
$$;
"""


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("ALTER TABLE item_ngram_hot ALTER COLUMN n DROP NOT NULL")
        db.execute_sql(PG_FUNCTIONS)
