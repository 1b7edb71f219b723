"""Shared fixtures: a migrated database per test (SQLite file, or PostgreSQL when
DISCLOSURE_DESK_TEST_PG is set), sample actors, and one offscreen QApplication."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The error log of the tests never lands in the user's data directory.
os.environ["DISCLOSURE_DESK_LOG_DIR"] = os.path.join(
    tempfile.gettempdir(), f"disclosure-desk-test-logs-{os.getpid()}"
)
# No config file of this machine (~/.config/disclosure-desk, /etc/disclosure-desk) leaks into tests.
os.environ.setdefault(
    "DISCLOSURE_DESK_CONFIG", os.path.join(os.path.dirname(__file__), "no-such-config.toml")
)

# Audit anchors of PostgreSQL test databases (and anything else written to the user's data
# folder) go to a scratch folder, never into the real home directory.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="dd-test-data-")

from disclosure_desk.domain import passwords
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.services.common import auth, setup

# In-process tests hash at a lower scrypt cost (the production cost, 2^17, takes ~0.3 s and
# 128 MiB per hash); the CLI tests run in subprocesses at the real cost.
passwords.COST = (2**14, 8, 1)

PG_URL = os.environ.get("DISCLOSURE_DESK_TEST_PG", "")
ADMIN_PASSWORD = "Admin@2026"


@dataclass
class Db:
    target: setup.Target
    admin: Actor
    path: Path | None = None

    def user(
        self,
        login: str,
        roles: str = "officer",
        unit_code: str = "ROOT",
        password: str = "Secret@123",
    ) -> Actor:
        """Create a user (directly, as fixture data) and return its signed-in Actor."""
        from disclosure_desk.domain.passwords import hash_password
        from disclosure_desk.store.models import Unit, User

        unit = Unit.get(Unit.code == unit_code)
        User.create(
            login=login, name=login, unit=unit, roles=roles, password_hash=hash_password(password)
        )
        return auth.sign_in(login, password)

    def unit(
        self, code: str, name: str, prefix: str = "000014349", parent_code: str = "ROOT"
    ) -> int:
        from disclosure_desk.store.models import Unit

        parent = Unit.get(Unit.code == parent_code)
        return Unit.create(
            code=code,
            name=name,
            short_name=name[:4],
            kind="部门",
            parent=parent,
            index_prefix=prefix,
        ).id


def _pg_admin_conn():
    import psycopg2

    conn = psycopg2.connect(PG_URL)
    conn.autocommit = True
    return conn


def _pg_url_for(dbname: str) -> str:
    import urllib.parse

    p = urllib.parse.urlparse(PG_URL)
    return urllib.parse.urlunparse(p._replace(path="/" + dbname))


@pytest.fixture(scope="session")
def db_template(tmp_path_factory):
    """A database initialised once; each test gets a copy."""
    if PG_URL:
        name = f"dd_tmpl_{uuid.uuid4().hex[:8]}"
        conn = _pg_admin_conn()
        conn.cursor().execute(f'CREATE DATABASE "{name}"')
        target = setup.parse_target(_pg_url_for(name))
        setup.init_database(target, "青山区人民政府", "000014349", "admin", ADMIN_PASSWORD)
        setup.close()
        yield ("pg", name)
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.close()
        return
    path = tmp_path_factory.mktemp("tmpl") / "template.sqlite3"
    target = setup.parse_target(str(path))
    os.environ["DISCLOSURE_DESK_JOURNAL"] = "DELETE"  # a single file is easy to copy
    setup.init_database(target, "青山区人民政府", "000014349", "admin", ADMIN_PASSWORD)
    setup.close()
    os.environ.pop("DISCLOSURE_DESK_JOURNAL", None)
    yield ("sqlite", path)


@pytest.fixture
def db(db_template, tmp_path) -> Db:
    kind, source = db_template
    if kind == "pg":
        name = f"dd_t_{uuid.uuid4().hex[:10]}"
        conn = _pg_admin_conn()
        conn.cursor().execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        target = setup.parse_target(_pg_url_for(name))
        setup.open_target(target)
        fixture = Db(target, auth.sign_in("admin", ADMIN_PASSWORD))
        yield fixture
        setup.close()
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()
        return
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(source, path)
    target = setup.parse_target(str(path))
    setup.open_target(target)
    yield Db(target, auth.sign_in("admin", ADMIN_PASSWORD), path)
    setup.close()


@pytest.fixture
def english():
    """The interface in English for one test, Chinese again afterwards."""
    from disclosure_desk import i18n

    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("zh_CN")
