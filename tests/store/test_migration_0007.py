"""Migration 0007 upgrades a database made by the previous release (schema up to 0006): the
old rows are built with plain SQL at that schema, then the app opens the file and migrates."""

from __future__ import annotations

import os
import urllib.parse
import uuid

import pytest
from peewee import SqliteDatabase
from playhouse.migrations import Runner

from disclosure_desk.domain.passwords import hash_password
from disclosure_desk.domain.permissions import SYSTEM
from disclosure_desk.services.common import auth
from disclosure_desk.services.items import gate as items_gate
from disclosure_desk.services.items import register as items
from disclosure_desk.services.reporting import annual as reports
from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.store import db as store_db
from disclosure_desk.store.db import PostgresqlDatabase  # psycopg2 on first use (store/__init__)
from disclosure_desk.store.models import Application, Item, ItemContributor, ItemReview, User

PG_URL = os.environ.get("DISCLOSURE_DESK_TEST_PG", "")
PASSWORD = "Secret@12345"
BODY = "根据有关规定，现将2025年度城乡低保标准调整情况公示如下。"


def _fresh_pg():
    import psycopg2

    name = f"dd_m7_{uuid.uuid4().hex[:8]}"
    conn = psycopg2.connect(PG_URL)
    conn.autocommit = True
    conn.cursor().execute(f'CREATE DATABASE "{name}"')
    p = urllib.parse.urlparse(PG_URL)
    return conn, name, store_db.parse_target(urllib.parse.urlunparse(p._replace(path="/" + name)))


@pytest.fixture
def old_target(tmp_path):
    """Schema 0006 with: a unit, an officer, a reviewer and a supervisor; an item published by
    a 发布日期 with no review (old rule); an approved, not yet published item; an item the
    supervisor edited (audit log); and an application with an extension approved in free text."""
    if PG_URL:
        conn, name, target = _fresh_pg()
        raw = PostgresqlDatabase(**target.pg)
    else:
        conn = name = None
        target = store_db.parse_target(str(tmp_path / "old.sqlite3"))
        raw = SqliteDatabase(str(target.path))
    raw.connect()
    applied = Runner(raw, directory=str(store_db.MIGRATIONS_DIR)).up(target="0006_report_indexes")
    assert applied[-1] == "0006_report_indexes" and "0007_publication_gate" not in applied
    t = "true" if PG_URL else "1"
    sql = [
        "INSERT INTO unit (code, name, short_name, kind, index_prefix, index_pattern, address, "
        f"phone, active) VALUES ('ROOT', '旧机关', '旧机关', '政府', '000014349', "
        f"'{{prefix}}/{{year}}-{{serial:05}}', '', '', {t})",
    ]
    for login, roles in (("off", "officer"), ("rev", "reviewer"), ("boss", "supervisor")):
        sql.append(
            'INSERT INTO "user" (login, name, unit_id, roles, password_hash, active, '
            "failed_logins, must_change_password, created_at) VALUES "
            f"('{login}', '{login}', 1, '{roles}', '{hash_password(PASSWORD)}', {t}, 0, "
            f"{'false' if PG_URL else '0'}, '2024-01-01 00:00:00')"
        )
    cols = (
        "index_no, title, doc_no, publisher, unit_id, disclosure, withhold_ground, "
        "withhold_reason, topic, genre, secrecy, validity, repealed_by, keywords, summary, body, "
        "channels, status, created_by_id, published_on, created_at, updated_at, version"
    )
    cols += ", formed_on"
    rows = (
        (1, "已发布", "'2024-01-05'", "主动公开", "", "NULL"),
        (2, "已通过", "NULL", "主动公开", "", "NULL"),
        (3, "草稿", "NULL", "主动公开", "", "NULL"),
        (4, "已发布", "'2024-03-05'", "主动公开", "规章", "'2024-03-01'"),
        (5, "已撤回", "'2024-04-05'", "主动公开", "规章", "'2024-04-01'"),
        (6, "待审", "NULL", "依申请公开", "", "NULL"),
        (7, "已退回", "NULL", "不予公开", "", "NULL"),
    )
    for n, status, published, disclosure, genre, formed in rows:
        sql.append(
            f"INSERT INTO item ({cols}) VALUES ('000014349/2024-0000{n}', '旧信息{n}', '', '', 1, "
            f"'{disclosure}', '', '', '', '{genre}', '非密', '有效', '', '', '', '{BODY}', '', "
            f"'{status}', 1, {published}, '2024-01-02 00:00:00', '2024-01-02 00:00:00', 1, {formed})"
        )
    sql += [
        "INSERT INTO item_review (item_id, submitted_by_id, submitted_at, reviewer_id, "
        "decided_at, decision, comment) VALUES (2, 1, '2024-01-03 00:00:00', 2, "
        "'2024-01-04 00:00:00', 'approved', '同意')",
        "INSERT INTO audit_entry (ts, user_login, action, table_name, record_id, before, after, "
        "prev_hash, hash) VALUES ('2024-01-03T00:00:00', 'boss', 'item.edit', 'item', '3', '', "
        "'', '', 'h')",
        "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 1, 'h')",
    ]
    for s in sql:
        raw.execute_sql(s)
    raw.close()
    yield target
    store_db.close_database()
    if conn is not None:
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def test_previous_release_database_upgrades_to_the_gate(old_target):
    store_db.open_database(old_target)
    # Published under the old rule: now stands on a review marked 历史导入.
    old = Item.get(Item.index_no == "000014349/2024-00001")
    assert old.status == "published"
    assert [r.decision for r in ItemReview.select().where(ItemReview.item == old.id)] == [
        "historical"
    ]
    # Approved before the upgrade: the approval covers the content as it was, so it publishes.
    approved = Item.get(Item.index_no == "000014349/2024-00002")
    review = ItemReview.get(ItemReview.item == approved.id)
    assert review.content_hash == items_gate.current_hash(approved)
    off = auth.sign_in("off", PASSWORD)
    reviews.publish(off, approved.id, ["政府网站"])
    assert Item.get_by_id(approved.id).status == "published"
    # The creator, the submitter and the supervisor who edited (from the audit log) are drafters.
    edited = Item.get(Item.index_no == "000014349/2024-00003")
    boss = User.get(User.login == "boss")
    who = {
        (c.user_id, c.role)
        for c in ItemContributor.select().where(ItemContributor.item == edited.id)
    }
    assert who == {(1, "created"), (boss.id, "edited")}
    assert (1, "submitted") in {
        (c.user_id, c.role)
        for c in ItemContributor.select().where(ItemContributor.item == approved.id)
    }
    assert Application.select().count() == 0  # new column present and queryable
    assert Application.select(Application.extension_approved_by).count() == 0


def test_stored_statuses_and_disclosures_become_codes(old_target):
    store_db.open_database(old_target)
    got = {i.index_no[-1]: (i.status, i.disclosure) for i in Item.select().order_by(Item.index_no)}
    assert got == {
        "1": ("published", "proactive"),
        "2": ("approved", "proactive"),
        "3": ("draft", "proactive"),
        "4": ("published", "proactive"),
        "5": ("withdrawn", "proactive"),
        "6": ("pending", "on_request"),
        "7": ("returned", "withheld"),
    }
    # The register and the CLI still show the labels officers read.
    rows = {r.index_no[-1]: r.as_json() for r in items.list_items(SYSTEM)}
    assert (rows["1"]["status"], rows["1"]["status_code"]) == ("已发布", "published")
    assert (rows["6"]["disclosure"], rows["6"]["disclosure_code"]) == ("依申请公开", "on_request")
    # The annual report counts as before: one 规章 issued in 2024 (the withdrawn one is not).
    figures = reports.annual_json(SYSTEM, 2024)["proactive"]["rules"]
    assert figures == {"issued": 1, "repealed": 0, "in_force": 1}
