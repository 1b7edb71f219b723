"""Migration 0011: the consulted party and the items to correct move from event prose into their
own columns, so letters read stored fields (an upgraded database prints the same names)."""

from __future__ import annotations

import os
import urllib.parse
import uuid

import pytest
from peewee import SqliteDatabase
from playhouse.migrations import Runner

from disclosure_desk.store import db as store_db
from disclosure_desk.store.db import PostgresqlDatabase  # psycopg2 on first use (store/__init__)

PG_URL = os.environ.get("DISCLOSURE_DESK_TEST_PG", "")

APP_COLUMNS = (
    "reg_no, unit_id, serial_year, serial, received_on, channel, applicant_type, applicant_name, "
    "id_number, contact_phone, address, email, content, requested_form, delivery, status, "
    "extended, extension_approver, fee_method, fee_amount, outcome_code, outcome_ground, note, "
    "created_at, version, fee_collected"
)


@pytest.fixture
def target_at_0006(tmp_path):
    if PG_URL:
        import psycopg2

        name = f"dd_m11_{uuid.uuid4().hex[:8]}"
        conn = psycopg2.connect(PG_URL)
        conn.autocommit = True
        conn.cursor().execute(f'CREATE DATABASE "{name}"')
        p = urllib.parse.urlparse(PG_URL)
        target = store_db.parse_target(urllib.parse.urlunparse(p._replace(path="/" + name)))
        raw = PostgresqlDatabase(**target.pg)
        false = "false"
    else:
        conn = name = None
        target = store_db.parse_target(str(tmp_path / "m11.sqlite3"))
        raw = SqliteDatabase(str(target.path))
        false = "0"
    raw.connect()
    Runner(raw, directory=str(store_db.MIGRATIONS_DIR)).up(target="0006_report_indexes")
    raw.execute_sql(
        "INSERT INTO unit (code, name, short_name, kind, index_prefix, index_pattern, address, "
        "phone, active) VALUES ('ROOT', '旧机关', '旧机关', '政府', '000014349', "
        f"'{{prefix}}/{{year}}-{{serial:05}}', '', '', {'true' if PG_URL else '1'})"
    )
    raw.execute_sql(
        f"INSERT INTO application ({APP_COLUMNS}) VALUES ('旧申〔2025〕1号', 1, 2025, 1, "
        "'2025-03-03', '当面', 'natural_person', '张三', '', '', '', '', '某文件', '', '', "
        f"'registered', {false}, '', '', 0, '', '', '', '2025-03-03 09:00:00', 1, 0)"
    )
    events = [
        ("consultation_start", "向第三方“青山建设有限公司”征求意见：涉及商业秘密", "third_party"),
        ("correction_requested", "请写明文件名称或文号；补正期限至 2025-03-20", ""),
        ("correction_requested", "一次性告知需要补正的事项", ""),
        ("consultation_start", "征求意见（未写名称）", "other_body"),
    ]
    for kind, detail, party in events:
        raw.execute_sql(
            'INSERT INTO application_event (application_id, kind, "on", detail, created_at, party) '
            f"VALUES (1, '{kind}', '2025-03-05', '{detail}', '2025-03-05 09:00:00', '{party}')"
        )
    raw.close()
    yield target
    store_db.close_database()
    if conn is not None:
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def test_upgrade_fills_counterpart_and_requested(target_at_0006):
    database = store_db.open_database(target_at_0006)
    rows = database.execute_sql(
        "SELECT kind, counterpart, requested FROM application_event ORDER BY id"
    ).fetchall()
    assert rows == [
        ("consultation_start", "青山建设有限公司", ""),
        ("correction_requested", "", "请写明文件名称或文号"),
        ("correction_requested", "", ""),  # the app's own filler text is not an item to correct
        ("consultation_start", "", ""),
    ]
