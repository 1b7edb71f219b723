"""Substring search over items' searchable text (item_search), answered by an index where possible.

Contract: an item matches exactly when the query is a (case-sensitive) substring of its search
text — title, 文号, keywords, summary, body and attachment text joined by newlines. SQLite answers
queries of 3+ characters from the FTS5 trigram index (a quoted phrase of trigrams is a substring
test) and shorter ones with ``instr`` over item_search, because trigrams cannot index 1–2
characters. PostgreSQL uses ``LIKE '%q%'``, which the pg_trgm GIN index accelerates.
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


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching_ids_sql(text: str) -> SQL:
    """A sub-select of the ids of items whose search text contains ``text``."""
    q = normalize_query(text)
    p = database_proxy.obj.param
    if _is_sqlite():
        if len(q) >= TRIGRAM_MIN:
            phrase = '"' + q.replace('"', '""') + '"'
            return SQL(f"(SELECT rowid FROM item_fts WHERE item_fts MATCH {p})", [phrase])
        return SQL(f"(SELECT item_id FROM item_search WHERE instr(text, {p}) > 0)", [q])
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

    Answered from the search tables alone — the item table is joined only when ``unit_ids``
    confines the search — because counting through ``item.id IN (sub-select)`` costs more than
    the search. 3+ characters use the trigram index (SQLite FTS5; PostgreSQL pg_trgm, through a
    materialised CTE so the planner cannot swap the bitmap index scan for a backward walk of the
    primary key); 1–2 characters cannot be indexed by trigrams: on SQLite ONE scan yields the
    count and the page together, on PostgreSQL a parallel count plus a backward primary-key walk.
    """
    q = normalize_query(text)
    p = database_proxy.obj.param
    units = None if unit_ids is None else sorted(unit_ids)
    if units is not None and not units:
        return 0, []
    sqlite = _is_sqlite()
    if sqlite and len(q) >= TRIGRAM_MIN:
        source, key = "item_fts s", "s.rowid"
        match, params = f"item_fts MATCH {p}", ['"' + q.replace('"', '""') + '"']
    elif sqlite:
        source, key, match, params = "item_search s", "s.item_id", f"instr(s.text, {p}) > 0", [q]
    elif len(q) >= TRIGRAM_MIN:
        source, key = "item_search s", "s.item_id"
        match, params = f"s.text LIKE {p}", ["%" + _like_escape(q) + "%"]
    else:  # strpos: the trigram index cannot serve 1–2 characters, scan once
        source, key, match, params = "item_search s", "s.item_id", f"strpos(s.text, {p}) > 0", [q]
    if units is not None:
        source += f" JOIN item i ON i.id = {key}"
        match += f" AND i.unit_id IN ({', '.join([p] * len(units))})"
        params += units
    db = database_proxy.obj
    limit_sql = f" LIMIT {int(limit)}" if limit > 0 else ""
    if (sqlite and len(q) >= TRIGRAM_MIN) or (not sqlite and len(q) < TRIGRAM_MIN):
        # FTS5 counts and walks its rowids newest-first cheaply: two tiny queries. On
        # PostgreSQL a short query's count is a parallel sequential scan (a window function
        # would forbid the parallel workers) and the page walks the primary key backwards,
        # stopping at the ``limit``-th hit.
        total = db.execute_sql(f"SELECT count(*) FROM {source} WHERE {match}", params).fetchone()[0]
        if not total:
            return 0, []
        sql = f"SELECT {key} FROM {source} WHERE {match} ORDER BY {key} DESC{limit_sql}"
        return total, [r[0] for r in db.execute_sql(sql, params).fetchall()]
    cte = "" if sqlite else " MATERIALIZED"
    sql = (
        f"WITH m AS{cte} (SELECT {key} AS id FROM {source} WHERE {match}) "
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


def set_text(item_id: int, text: str) -> None:
    """Insert or replace an item's search text (the FTS index follows through triggers)."""
    (
        ItemSearch.insert(item_id=item_id, text=text)
        .on_conflict(conflict_target=[ItemSearch.item_id], update={ItemSearch.text: text})
        .execute()
    )


def delete(item_id: int) -> None:
    ItemSearch.delete().where(ItemSearch.item_id == item_id).execute()
