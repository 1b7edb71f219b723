"""Schema: a migrated database matches the models; old databases upgrade after a backup;
newer ones are refused."""

from __future__ import annotations

import os
import uuid

import pytest
from peewee import SqliteDatabase
from playhouse.migrations import Runner

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.store import db as store_db
from disclosure_desk.store.db import PostgresqlDatabase  # psycopg2 on first use (store/__init__)
from disclosure_desk.store.models import ALL_MODELS, database_proxy

PG_URL = os.environ.get("DISCLOSURE_DESK_TEST_PG", "")


def _virtual_tables(database) -> set[str]:
    """FTS tables and their shadow tables (created by migrations, not by models); on PostgreSQL
    the n-gram table of migration 0014 (item_ngram: a narrow copy of item_search) and its kept
    counts (item_ngram_hot, item_ngram_hot_delta)."""
    if not isinstance(database, SqliteDatabase):
        return {"item_ngram", "item_ngram_hot", "item_ngram_hot_delta"}
    rows = database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type='table'").fetchall()
    virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    return {
        name
        for name, _ in rows
        if name in virtual or any(name.startswith(v + "_") for v in virtual)
    }


def test_fresh_database_has_exactly_the_model_schema(db):
    database = database_proxy.obj
    declared = {m._meta.table_name: m for m in ALL_MODELS}
    tables = set(database.get_tables())
    extra = tables - set(declared) - {"schema_migration"} - _virtual_tables(database)
    assert not extra, f"tables without a model: {extra}"
    assert not set(declared) - tables, "models without a table"
    for name, model in declared.items():
        columns = {c.name: c for c in database.get_columns(name)}
        fields = {f.column_name: f for f in model._meta.sorted_fields}
        assert set(columns) == set(fields), name
        for col, field in fields.items():
            if not field.primary_key:
                assert columns[col].null == field.null, f"{name}.{col} nullability"
        index_columns = {tuple(ix.columns) for ix in database.get_indexes(name) if ix.unique}
        for columns_, unique in model._meta.indexes:
            if unique:
                cols = tuple(model._meta.fields[c].column_name for c in columns_)
                assert cols in index_columns, f"{name} unique index {cols}"


def _fresh_pg_database():
    import psycopg2

    name = f"dd_mig_{uuid.uuid4().hex[:8]}"
    conn = psycopg2.connect(PG_URL)
    conn.autocommit = True
    conn.cursor().execute(f'CREATE DATABASE "{name}"')
    import urllib.parse

    p = urllib.parse.urlparse(PG_URL)
    url = urllib.parse.urlunparse(p._replace(path="/" + name))
    return conn, name, store_db.parse_target(url)


@pytest.fixture
def old_target(tmp_path):
    """A database at schema 0001 only, holding a unit, a user and an audit entry."""
    if PG_URL:
        conn, name, target = _fresh_pg_database()
        raw = PostgresqlDatabase(**target.pg)
    else:
        conn = name = None
        target = store_db.parse_target(str(tmp_path / "old.sqlite3"))
        raw = SqliteDatabase(str(target.path))
    raw.connect()
    assert Runner(raw, directory=str(store_db.MIGRATIONS_DIR)).up(target="0001_initial") == [
        "0001_initial"
    ]
    raw.execute_sql(
        "INSERT INTO unit (code, name, short_name, kind, index_prefix, index_pattern, address, "
        "phone, active) VALUES ('ROOT', '旧机关', '旧机关', '政府', '000014349', "
        "'{prefix}/{year}-{serial:05}', '', '', %s)" % ("true" if PG_URL else "1")
    )
    raw.execute_sql(
        "INSERT INTO item (index_no, title, doc_no, publisher, unit_id, disclosure, "
        "withhold_ground, withhold_reason, topic, genre, secrecy, validity, repealed_by, keywords, "
        "summary, body, channels, status, created_at, updated_at, version) VALUES "
        "('000014349/2024-00001', '旧信息', '', '', 1, '主动公开', '', '', '', '', '非密', '有效', "
        "'', '', '', '', '', '已发布', '2024-01-02 00:00:00', '2024-01-02 00:00:00', 1)"
    )
    raw.close()
    yield target
    store_db.close_database()
    if conn is not None:
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def test_old_database_is_upgraded_after_a_backup(old_target):
    database = store_db.open_database(old_target)
    applied, pending = store_db.schema_status(database)
    assert pending == [] and applied == store_db.known_migrations()
    assert database.execute_sql("SELECT title FROM item").fetchall() == [("旧信息",)]
    assert database.execute_sql("SELECT name FROM unit").fetchall() == [("旧机关",)]
    assert "item_search" in database.get_tables()
    if old_target.kind == "sqlite":
        backups = store_db.list_backup_files(old_target.path, "before-migrate")
        assert len(backups) == 1
        import sqlite3

        copy = sqlite3.connect(str(backups[0].path))
        try:
            names = [r[0] for r in copy.execute("SELECT name FROM schema_migration")]
            assert names == ["0001_initial"]  # the backup is the database as it was
            assert copy.execute("SELECT title FROM item").fetchall() == [("旧信息",)]
        finally:
            copy.close()
    # A second opening has nothing to do and writes no further backup.
    store_db.close_database()
    store_db.open_database(old_target)
    if old_target.kind == "sqlite":
        assert len(store_db.list_backup_files(old_target.path, "before-migrate")) == 1


def test_newer_database_is_refused(db):
    database = database_proxy.obj
    database.execute_sql(
        "INSERT INTO schema_migration (name, applied) VALUES ('0099_from_the_future', "
        "'2030-01-01 00:00:00')"
    )
    store_db.close_database()
    with pytest.raises(DeskError, match="更新版本") as info:
        store_db.open_database(db.target)
    assert "0099_from_the_future" in info.value.message
    with pytest.raises(DeskError, match="更新版本"):
        store_db.open_database(db.target, auto_migrate=False)
