"""0002 — full-text search: one text row per item, FTS5 trigram on SQLite, pg_trgm on PostgreSQL."""

from __future__ import annotations

from peewee import IntegerField, Model, PostgresqlDatabase, TextField


def up(migrator, db):
    class ItemSearch(Model):
        item_id = IntegerField(primary_key=True)
        text = TextField(default="")

        class Meta:
            database = db
            table_name = "item_search"

    db.create_tables([ItemSearch])
    if isinstance(db, PostgresqlDatabase):
        try:
            with db.atomic():
                db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                db.execute_sql(
                    "CREATE INDEX IF NOT EXISTS item_search_trgm ON item_search "
                    "USING gin (text gin_trgm_ops)"
                )
        except Exception:  # noqa: BLE001 — the extension is optional; search falls back to a scan
            pass
        return
    # External-content FTS5 table kept in sync by triggers on item_search.
    db.execute_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS item_fts USING fts5("
        "text, content='item_search', content_rowid='item_id', "
        "tokenize='trigram case_sensitive 1')"
    )
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS item_search_ai AFTER INSERT ON item_search BEGIN "
        "INSERT INTO item_fts(rowid, text) VALUES (new.item_id, new.text); END"
    )
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS item_search_ad AFTER DELETE ON item_search BEGIN "
        "INSERT INTO item_fts(item_fts, rowid, text) VALUES ('delete', old.item_id, old.text); END"
    )
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS item_search_au AFTER UPDATE ON item_search BEGIN "
        "INSERT INTO item_fts(item_fts, rowid, text) VALUES ('delete', old.item_id, old.text); "
        "INSERT INTO item_fts(rowid, text) VALUES (new.item_id, new.text); END"
    )
