"""Substring search over items' searchable text (item_search), answered by an index where possible.

Contract: an item matches exactly when the query is a (case-sensitive) substring of its search
text — title, 文号, keywords, summary, body and attachment text joined by newlines. SQLite answers
queries of 3+ characters from the FTS5 trigram index (a quoted phrase of trigrams is a substring
test). Queries of 1–2 characters are answered from the gram index (migration 0009: every
distinct 1- and 2-character substring of each text): such a query occurs in a text exactly when it
is one of the text's grams, so no text is read. On SQLite the gram index is the contentless FTS5
table ``item_gram`` (tokens: upper-case hex of the gram's UTF-8), written by this module's
``set_text`` / ``insert_new`` / ``delete`` in the caller's transaction — every write of item_search
must go through them.

PostgreSQL (migration 0014): the table ``item_ngram`` (a narrow copy of item_search kept by a
trigger) with a GIN index of every distinct 1- to 4-character substring of each text
(``dd_ngrams``). A query of up to 4 characters is one index key, exact, so no text is read; a
longer one is looked up by all its 4-character substrings (a superset) and each candidate is
confirmed with ``LIKE``. The newest page of a common query is found by walking the newest search
rows with ``LIKE`` (exact), which stops after ``limit`` hits. A query with ≥ ``HOT_MIN`` hits keeps
its exact count after its first search, maintained by every write (0014, registration by 0015).
"""

from __future__ import annotations

from collections.abc import Iterable

from peewee import SQL, fn

from disclosure_desk.store.models import Item, ItemSearch, database_proxy

SEPARATOR = "\n"
TRIGRAM_MIN = 3
NGRAM_MAX = 4  # PostgreSQL: substrings of up to this many characters are index keys (0014)
WALK_SHARE = 50  # PostgreSQL: a query held by ≥ 1/50 of the items pages by walking the newest
WALK_ROWS_PER_HIT = 200  # … visiting at most this many rows per wanted hit before sorting
HOT_MIN = 1000  # PostgreSQL: a query with this many hits keeps its count (migration 0014)
HOT_MAX_QUERIES = 2000  # … for at most this many queries
UNIT_SCAN_RATIO = 8  # PostgreSQL, some units: read their texts when hits > this × their items
HOT_FOLD = 256  # … whose ±1 rows are folded into the count when this many pile up (0015)


def normalize_query(text: str) -> str:
    """What is actually searched for: the query without surrounding whitespace."""
    return (text or "").strip()


def compose(parts: Iterable[str]) -> str:
    """The search text of an item from its fields and attachment texts, in a fixed order."""
    return SEPARATOR.join(p for p in parts if p)


def _is_sqlite() -> bool:
    from disclosure_desk.store.db import is_sqlite

    return is_sqlite()


def gram_tokens(text: str) -> str:
    """The SQLite gram document of a text: every distinct 1- and 2-character substring as an
    upper-case hex token, space-separated and sorted (migration 0009 has a frozen copy)."""
    grams = set(text)
    grams.update(text[i : i + 2] for i in range(len(text) - 1))
    return " ".join(sorted(g.encode("utf-8").hex().upper() for g in grams))


def gram_token(q: str) -> str:
    """The FTS5 token of a 1–2 character gram on SQLite (hex of its UTF-8, as the triggers write)."""
    return '"' + q.encode("utf-8").hex().upper() + '"'


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def ngram_keys(q: str) -> list[str]:
    """PostgreSQL index keys of a query (0014): the query itself when it has at most NGRAM_MAX
    characters (exact), else its distinct NGRAM_MAX-character substrings (a superset)."""
    if len(q) <= NGRAM_MAX:
        return [q]
    return sorted({q[i : i + NGRAM_MAX] for i in range(len(q) - NGRAM_MAX + 1)})


def _pg_terms(q: str) -> tuple[list[str], str | None]:
    """(index keys, LIKE pattern that must confirm a candidate, or None when the keys are exact)."""
    pattern = None if len(q) <= NGRAM_MAX else "%" + _like_escape(q) + "%"
    return ngram_keys(q), pattern


def _sqlite_index(q: str) -> tuple[str, str]:
    """SQLite: (FTS5 table, MATCH argument) answering a non-blank query — the trigram table for
    3+ characters, the gram table (0009) for 1–2."""
    if len(q) >= TRIGRAM_MIN:
        return "item_fts", '"' + q.replace('"', '""') + '"'
    return "item_gram", gram_token(q)


def matching_ids_sql(text: str) -> SQL:
    """A sub-select of the ids of items whose search text contains ``text``."""
    q = normalize_query(text)
    p = database_proxy.obj.param
    if not q:
        return SQL("(SELECT item_id FROM item_search)")
    if _is_sqlite():
        table, match = _sqlite_index(q)
        return SQL(f"(SELECT rowid FROM {table} WHERE {table} MATCH {p})", [match])
    keys, pattern = _pg_terms(q)
    return SQL(f"(SELECT unnest(dd_ngram_ids({p}::text[], {p})))", [keys, pattern])


def item_matches(text: str, unit_ids: Iterable[int] | None = None):
    """A where-clause on Item: the item's search text contains ``text``.

    ``unit_ids`` (when the other conditions confine the items to these units anyway) lets
    PostgreSQL find the matches among those units' items first (``dd_search_units``); without it
    the matches come as one array (``dd_ngram_ids``), looked up as a bitmap (migration 0015)."""
    q = normalize_query(text)
    if not q or _is_sqlite():
        return Item.id.in_(matching_ids_sql(text))
    if unit_ids is not None:
        units = sorted(unit_ids)
        ids = _pg_search_units(q, units) if units else []
        return Item.id == fn.ANY(SQL("%s::integer[]", [ids]))
    keys, pattern = _pg_terms(q)
    # In brackets: one sub-select, computed once (a function in a filter would run per row).
    return Item.id == fn.ANY(
        SQL("(SELECT dd_ngram_ids(%s::text[], %s))::integer[]", [keys, pattern])
    )


# The text the applications list searches, as indexed on PostgreSQL (migration 0016; identical).
APPLICATION_SEARCH_TEXT = (
    "lower(coalesce(reg_no, '') || E'\\n' || coalesce(applicant_name, '') || E'\\n' || "
    "coalesce(content, '') || E'\\n' || coalesce(id_number, ''))"
)


def application_candidates(text: str):
    """PostgreSQL: a where-clause on Application that keeps every case whose registration number,
    applicant, content or ID number contains ``text`` ignoring case, and lets the n-gram index of
    migration 0016 skip the others; the caller keeps its exact ``ILIKE`` conditions beside it.
    None on SQLite (no such index) or for a blank query."""
    q = normalize_query(text)
    if not q or _is_sqlite():
        return None
    return SQL(
        f'(dd_ngrams({APPLICATION_SEARCH_TEXT}) COLLATE "C") @> '
        '(dd_query_keys(lower(%s)) COLLATE "C")',
        [q],
    )


def search_ids(
    text: str, limit: int = 0, unit_ids: Iterable[int] | None = None
) -> tuple[int, list[int]]:
    """(number of matching items, ids of the newest ``limit`` of them; all when ``limit`` is 0).

    Answered from the search indexes alone, because counting through ``item.id IN (sub-select)``
    costs more than the search. SQLite: 3+ characters use the FTS5 trigram index, 1–2 characters
    the gram index ``item_gram``. PostgreSQL: the n-gram index of 0014 (``dd_ngram_count`` /
    ``dd_ngram_page``, a kept count after the first search, 0015), exact up to 4 characters; a
    common query's page walks the newest rows instead. Confined to ``unit_ids`` (an officer of
    some units), the search starts from those units: SQLite looks their items up in the match
    list, PostgreSQL asks ``dd_search_units`` (0015) for every match in them.
    """
    q = normalize_query(text)
    p = database_proxy.obj.param
    units = None if unit_ids is None else sorted(unit_ids)
    if units is not None and not units:
        return 0, []
    db = database_proxy.obj
    if units is not None:
        if q and not _is_sqlite():
            ids = _pg_search_units(q, units)
            return len(ids), ids[:limit] if limit > 0 else ids
        # The unit's items that are among the matches: SQLite makes the match list once (a
        # list sub-query) and looks each of the unit's items up in it — joining the index to
        # the item table instead re-ran the index for every item of the unit (50–500 ms).
        sub = matching_ids_sql(q)
        where = f"i.unit_id IN ({', '.join([p] * len(units))}) AND i.id IN {sub.sql}"
        params = [*units, *(sub.params or [])]
        total = db.execute_sql(f"SELECT count(*) FROM item i WHERE {where}", params).fetchone()[0]
        if not total:
            return 0, []
        limit_sql = f" LIMIT {int(limit)}" if limit > 0 else ""
        sql = f"SELECT i.id FROM item i WHERE {where} ORDER BY i.id DESC{limit_sql}"
        return total, [r[0] for r in db.execute_sql(sql, params).fetchall()]
    if not _is_sqlite() and q:
        return _pg_search(q, limit)
    if not q:  # every item (callers refuse a blank query; kept total for safety)
        source, key, match, params = "item_search s", "s.item_id", "1 = 1", []
    else:
        table, argument = _sqlite_index(q)
        source, key, match, params = f"{table} s", "s.rowid", f"{table} MATCH {p}", [argument]
    limit_sql = f" LIMIT {int(limit)}" if limit > 0 else ""
    total = db.execute_sql(f"SELECT count(*) FROM {source} WHERE {match}", params).fetchone()[0]
    if not total:
        return 0, []
    sql = f"SELECT {key} FROM {source} WHERE {match} ORDER BY {key} DESC{limit_sql}"
    return total, [r[0] for r in db.execute_sql(sql, params).fetchall()]


def _pg_search_units(q: str, units: list[int]) -> list[int]:
    """PostgreSQL, confined to some units: every matching id in them, newest first
    (``dd_search_units``, migration 0015: the index's hits joined to the units' items when the
    hits are few, else the units' own search texts read with ``LIKE``)."""
    keys, pattern = _pg_terms(q)
    like = "%" + _like_escape(q) + "%"
    rows = database_proxy.obj.execute_sql(
        "SELECT dd_search_units(%s::text[], %s, %s, %s::integer[], %s)",
        [keys, pattern, like, units, UNIT_SCAN_RATIO],
    ).fetchall()
    return [r[0] for r in rows]


def _pg_search(q: str, limit: int) -> tuple[int, list[int]]:
    """PostgreSQL, whole register: the exact count from the n-gram index, then the newest page."""
    db = database_proxy.obj
    keys, pattern = _pg_terms(q)
    total = _pg_count(q, keys, pattern)
    if not total:
        return 0, []
    n = min(limit, total) if limit > 0 else total
    rows_estimate = db.execute_sql(
        "SELECT reltuples FROM pg_class WHERE relname = 'item_ngram'"
    ).fetchone()[0]
    if n <= 200 and total * WALK_SHARE >= (rows_estimate or 0):
        # A common query: the newest rows hold the newest hits; LIKE on each is exact. The walk
        # is bounded (hits may all be old); short of n hits it falls back to the index.
        like = "%" + _like_escape(q) + "%"
        rows = db.execute_sql(
            "SELECT dd_search_walk(%s, %s, %s)", [like, n, n * WALK_ROWS_PER_HIT]
        ).fetchall()
        if len(rows) == n:
            return total, [r[0] for r in rows]
    rows = db.execute_sql("SELECT dd_ngram_page(%s::text[], %s, %s)", [keys, pattern, n]).fetchall()
    return total, sorted((r[0] for r in rows), reverse=True)


def _pg_count(q: str, keys: list[str], pattern: str | None) -> int:
    """The exact number of items containing ``q``: kept, or counted by the n-gram index.

    Outside a transaction, one ``CALL dd_ngram_keep`` (migration 0015) answers from the kept
    count (folding its ±1 rows when HOT_FOLD of them have piled up), or counts the query and,
    with ≥ HOT_MIN hits, keeps the count — however long the count took; writes are held back at
    most the 50 ms the registration waits for writes already in flight. Inside a transaction
    (the procedure commits between its steps) a kept count is read, else the query is counted."""
    db = database_proxy.obj
    if not db.in_transaction():
        sql = "CALL dd_ngram_keep(%s, %s::text[], %s, %s, %s, %s, NULL)"
        params = [q, keys, pattern, HOT_MIN, HOT_MAX_QUERIES, HOT_FOLD]
        return int(db.execute_sql(sql, params).fetchone()[0])
    row = db.execute_sql("SELECT total FROM dd_ngram_hot_count(%s)", [q]).fetchone()
    if row is not None:
        return int(row[0])
    return int(
        db.execute_sql("SELECT dd_ngram_count(%s::text[], %s)", [keys, pattern]).fetchone()[0]
    )


def scan_ids(text: str) -> list[int]:
    """Baseline without any index: a full LIKE scan (benchmarks compare against this)."""
    q = normalize_query(text)
    p = database_proxy.obj.param
    escape = " ESCAPE '\\'" if _is_sqlite() else ""
    sql = f"SELECT item_id FROM item_search WHERE text LIKE {p}{escape} ORDER BY item_id"
    rows = database_proxy.obj.execute_sql(sql, ("%" + _like_escape(q) + "%",)).fetchall()
    return [r[0] for r in rows]


def _old_texts(item_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(item_ids), 500):
        part = item_ids[i : i + 500]
        q = ItemSearch.select(ItemSearch.item_id, ItemSearch.text).where(
            ItemSearch.item_id.in_(part)
        )
        out.update(q.tuples())
    return out


def _sqlite_grams(old: dict[int, str], new: dict[int, str]) -> None:
    """Replace the SQLite gram documents of changed texts (contentless FTS5: a delete needs the
    old document's tokens)."""
    db = database_proxy.obj
    removed = [("delete", i, gram_tokens(t)) for i, t in old.items() if new.get(i, None) != t]
    added = [(i, gram_tokens(t)) for i, t in new.items() if old.get(i, None) != t]
    if removed:
        db.cursor().executemany(
            "INSERT INTO item_gram(item_gram, rowid, grams) VALUES (?, ?, ?)", removed
        )
    if added:
        db.cursor().executemany("INSERT INTO item_gram(rowid, grams) VALUES (?, ?)", added)


def set_text(item_id: int, text: str) -> None:
    """Insert or replace an item's search text (FTS follows by triggers, grams by this call)."""
    sqlite = _is_sqlite()
    with database_proxy.obj.atomic():
        old = _old_texts([item_id]) if sqlite else {}
        (
            ItemSearch.insert(item_id=item_id, text=text)
            .on_conflict(conflict_target=[ItemSearch.item_id], update={ItemSearch.text: text})
            .execute()
        )
        if sqlite:
            _sqlite_grams(old, {item_id: text})


def insert_new(chunk: list[dict]) -> None:
    """Insert search rows of items that have none yet (``{"item_id": …, "text": …}``)."""
    with database_proxy.obj.atomic():
        ItemSearch.insert_many(chunk).execute()
        if _is_sqlite():
            _sqlite_grams({}, {r["item_id"]: r["text"] for r in chunk})


def delete(item_id: int) -> None:
    with database_proxy.obj.atomic():
        old = _old_texts([item_id]) if _is_sqlite() else {}
        ItemSearch.delete().where(ItemSearch.item_id == item_id).execute()
        if old:
            _sqlite_grams(old, {})
