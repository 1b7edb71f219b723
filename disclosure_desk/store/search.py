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


def set_many(rows: Iterable[tuple[int, str]], batch: int = 500) -> None:
    """Bulk insert of new search rows (imports, demo data)."""
    chunk: list[dict] = []
    for item_id, text in rows:
        chunk.append({"item_id": item_id, "text": text})
        if len(chunk) >= batch:
            ItemSearch.insert_many(chunk).execute()
            chunk = []
    if chunk:
        ItemSearch.insert_many(chunk).execute()


def delete(item_id: int) -> None:
    ItemSearch.delete().where(ItemSearch.item_id == item_id).execute()
