"""Substring search over items' searchable text (item_search), answered by an index where possible.

Contract: an item matches exactly when the query is a (case-sensitive) substring of its search
text — title, 文号, keywords, summary, body and attachment text joined by newlines. SQLite answers
queries of 3+ characters from the FTS5 trigram index (a quoted phrase of trigrams is a substring
test). Queries of 1–2 characters are answered from the gram index (migration 0009: every
distinct 1- and 2-character substring of each text): such a query occurs in a text exactly when it
is one of the text's grams, so no text is read. On SQLite the gram index is the contentless FTS5
table ``item_gram`` (tokens: upper-case hex of the gram's UTF-8), written by this module's
``set_text`` / ``insert_new`` / ``delete`` in the caller's transaction — every write of item_search
must go through them; on PostgreSQL the table ``item_gram`` (item_id, grams text[]) with a GIN
index, kept by a trigger on item_search. PostgreSQL
answers 3+ characters with ``LIKE '%q%'``, which the pg_trgm GIN index accelerates.
"""

from __future__ import annotations

from collections.abc import Iterable

from peewee import SQL

from disclosure_desk.store.models import Item, ItemSearch, database_proxy

SEPARATOR = "\n"
TRIGRAM_MIN = 3


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


def matching_ids_sql(text: str) -> SQL:
    """A sub-select of the ids of items whose search text contains ``text``."""
    q = normalize_query(text)
    p = database_proxy.obj.param
    if not q:
        return SQL("(SELECT item_id FROM item_search)")
    if _is_sqlite():
        if len(q) >= TRIGRAM_MIN:
            phrase = '"' + q.replace('"', '""') + '"'
            return SQL(f"(SELECT rowid FROM item_fts WHERE item_fts MATCH {p})", [phrase])
        return SQL(f"(SELECT rowid FROM item_gram WHERE item_gram MATCH {p})", [gram_token(q)])
    if len(q) < TRIGRAM_MIN:
        return SQL(f"(SELECT dd_gram_items({p}))", [q])
    return SQL(
        f"(SELECT item_id FROM item_search WHERE text LIKE {p})", ["%" + _like_escape(q) + "%"]
    )


def item_matches(text: str):
    """A where-clause on Item: the item's search text contains ``text``."""
    return Item.id.in_(matching_ids_sql(text))


def search_ids(
    text: str, limit: int = 0, unit_ids: Iterable[int] | None = None
) -> tuple[int, list[int]]:
    """(number of matching items, ids of the newest ``limit`` of them; all when ``limit`` is 0).

    Answered from the search indexes alone — the item table is joined only when ``unit_ids``
    confines the search — because counting through ``item.id IN (sub-select)`` costs more than
    the search. 3+ characters use the trigram index (SQLite FTS5; PostgreSQL pg_trgm, through a
    materialised CTE so the planner cannot swap the bitmap index scan for a backward walk of the
    primary key); 1–2 characters use the gram index (SQLite FTS5 ``item_gram``; PostgreSQL
    ``item_gram.grams`` GIN), which is exact, so no text is re-read.
    """
    q = normalize_query(text)
    p = database_proxy.obj.param
    units = None if unit_ids is None else sorted(unit_ids)
    if units is not None and not units:
        return 0, []
    sqlite = _is_sqlite()
    two_step = True  # count, then the page: both cheap on an exact index
    if not q:  # every item (callers refuse a blank query; kept total for safety)
        source, key, match, params = "item_search s", "s.item_id", "1 = 1", []
    elif sqlite and len(q) >= TRIGRAM_MIN:
        source, key = "item_fts s", "s.rowid"
        match, params = f"item_fts MATCH {p}", ['"' + q.replace('"', '""') + '"']
    elif sqlite:
        source, key, match, params = (
            "item_gram s",
            "s.rowid",
            f"item_gram MATCH {p}",
            [gram_token(q)],
        )
    elif len(q) >= TRIGRAM_MIN:
        source, key = "item_search s", "s.item_id"
        match, params = f"s.text LIKE {p}", ["%" + _like_escape(q) + "%"]
        two_step = False
    elif units is None:  # the gram functions (migration 0009) count and page by the GIN index
        db = database_proxy.obj
        total = db.execute_sql(f"SELECT dd_gram_count({p})", [q]).fetchone()[0]
        if not total:
            return 0, []
        n = limit if limit > 0 else total
        # A gram in ≥ 2 % of the items: walk the newest items (≤ 50 rows a hit) instead of
        # sorting every hit's id (70,000 at a million items).
        rows_estimate = db.execute_sql(
            "SELECT reltuples FROM pg_class WHERE relname = 'item_gram'"
        ).fetchone()[0]
        page = (
            "dd_gram_page_walk"
            if n <= 200 and total * 50 >= (rows_estimate or 0)
            else "dd_gram_page"
        )
        rows = db.execute_sql(f"SELECT {page}({p}, {p})", [q, n]).fetchall()
        return total, sorted((r[0] for r in rows), reverse=True)
    else:
        source, key = "item i", "i.id"
        match, params = f"i.id IN (SELECT dd_gram_items({p}))", [q]
    if units is not None and source.startswith("item i"):
        match += f" AND i.unit_id IN ({', '.join([p] * len(units))})"
        params += units
    elif units is not None:
        source += f" JOIN item i ON i.id = {key}"
        match += f" AND i.unit_id IN ({', '.join([p] * len(units))})"
        params += units
    db = database_proxy.obj
    limit_sql = f" LIMIT {int(limit)}" if limit > 0 else ""
    if two_step:
        total = db.execute_sql(f"SELECT count(*) FROM {source} WHERE {match}", params).fetchone()[0]
        if not total:
            return 0, []
        sql = f"SELECT {key} FROM {source} WHERE {match} ORDER BY {key} DESC{limit_sql}"
        return total, [r[0] for r in db.execute_sql(sql, params).fetchall()]
    sql = (
        f"WITH m AS MATERIALIZED (SELECT {key} AS id FROM {source} WHERE {match}) "
        f"SELECT id, count(*) OVER () FROM m ORDER BY id DESC{limit_sql}"
    )
    rows = db.execute_sql(sql, params).fetchall()
    return (rows[0][1] if rows else 0), [r[0] for r in rows]


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
