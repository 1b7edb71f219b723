"""PostgreSQL secrets: the password never needs the command line (libpq's .pgpass and service
files work), never shows in messages, and URL parameters such as sslmode are honoured."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path

import pytest

from disclosure_desk.domain.errors import DeskError, InputError
from disclosure_desk.store import db as store_db

PG_URL = os.environ.get("DISCLOSURE_DESK_TEST_PG", "")
needs_pg = pytest.mark.skipif(not PG_URL, reason="needs DISCLOSURE_DESK_TEST_PG")


def test_url_parameters_are_kept_not_dropped():
    t = store_db.parse_target(
        "postgresql://desk@db.example:6543/ledger?sslmode=verify-full&connect_timeout=5"
        "&application_name=disclosure-desk&sslrootcert=/etc/ssl/ca.pem"
    )
    assert t.pg == {
        "database": "ledger",
        "user": "desk",
        "host": "db.example",
        "port": 6543,
        "sslmode": "verify-full",
        "connect_timeout": "5",
        "application_name": "disclosure-desk",
        "sslrootcert": "/etc/ssl/ca.pem",
    }
    database = store_db.make_database(t)
    assert database.database == "ledger"
    assert database.connect_params["sslmode"] == "verify-full"


def test_service_only_address():
    t = store_db.parse_target("postgresql:///?service=desk")
    assert t.pg["service"] == "desk" and "host" not in t.pg  # the service file decides
    assert store_db.make_database(t).database == "postgresql:///?service=desk"
    t = store_db.parse_target("postgresql:///ledger?service=desk")
    assert t.pg["database"] == "ledger" and t.pg["service"] == "desk"


def test_password_never_in_messages():
    secret = "S3cret-pw-9931"
    with pytest.raises(InputError) as info:
        store_db.parse_target(f"postgresql://desk:{secret}@db.example/ledger?sslmod=require")
    assert secret not in info.value.message and "sslmod" in info.value.message
    with pytest.raises(InputError) as info:
        store_db.parse_target(f"postgresql://desk:{secret}@db.example:port/ledger")
    assert secret not in info.value.message
    with pytest.raises(InputError) as info:
        store_db.parse_target(f"mysql://desk:{secret}@db.example/ledger")
    assert secret not in info.value.message
    t = store_db.parse_target(f"postgresql://desk:{secret}@db.example/ledger")
    assert secret not in t.display
    assert t.scrub(f"failed for {secret} at {t.url}") == "failed for *** at ***"


def test_connection_setting_file(tmp_path, monkeypatch):
    """The workstation's one connection setting is config.toml: a password-free PostgreSQL
    address there replaces --db, with its libpq parameters."""
    monkeypatch.delenv("DISCLOSURE_DESK_DB", raising=False)
    monkeypatch.delenv("DISCLOSURE_DESK_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "disclosure-desk").mkdir()
    (tmp_path / "disclosure-desk" / "config.toml").write_text(
        '[database]\nurl = "postgresql://desk@db.example/ledger?sslmode=require"\n',
        encoding="utf-8",
    )
    t = store_db.parse_target(None)
    assert t.kind == "postgresql" and t.pg["sslmode"] == "require"


def _pg_parts():
    p = urllib.parse.urlparse(PG_URL)
    return p.hostname or "127.0.0.1", p.port or 5432, p.username, urllib.parse.unquote(p.password)


@pytest.fixture
def pg_db():
    import psycopg2

    name = f"dd_sec_{uuid.uuid4().hex[:8]}"
    conn = psycopg2.connect(PG_URL)
    conn.autocommit = True
    conn.cursor().execute(f'CREATE DATABASE "{name}"')
    yield name
    conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def _cli(args, env_extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCLOSURE_DESK_", "PG"))}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "disclosure_desk.app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@needs_pg
def test_pgpass_and_service_file_keep_the_password_off_the_command_line(pg_db, tmp_path):
    host, port, user, password = _pg_parts()
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{host}:{port}:*:{user}:{password}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[desk]\nhost={host}\nport={port}\nuser={user}\ndbname={pg_db}\n", encoding="utf-8"
    )
    env = {
        "PGPASSFILE": str(pgpass),
        "PGSERVICEFILE": str(services),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "DISCLOSURE_DESK_PASSWORD": "Qingshan2026x",
    }
    url = f"postgresql://{user}@{host}:{port}/{pg_db}"  # no password
    done = _cli(
        ["--db", url, "init", "--agency", "某机关", "--code", "000014349", "--admin", "admin"], env
    )
    assert done.returncode == 0, done.stderr
    done = _cli(["--db", "postgresql:///?service=desk", "--user", "admin", "audit", "verify"], env)
    assert done.returncode == 0, done.stderr
    assert f":{password}@" not in done.stdout + done.stderr
    # The anchor of a PostgreSQL database lives in this workstation's data folder.
    anchors = list((tmp_path / "data" / "disclosure-desk" / "anchors").glob("*.anchor"))
    assert "锚点" in done.stdout and any("service-desk" in a.name for a in anchors)


@needs_pg
def test_sslmode_is_honoured(pg_db, tmp_path):
    host, port, user, password = _pg_parts()
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{host}:{port}:*:{user}:{password}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    # The test server has no TLS: sslmode=require must fail (it was silently dropped before).
    t = store_db.parse_target(f"postgresql://{user}@{host}:{port}/{pg_db}?sslmode=require")
    os.environ["PGPASSFILE"] = str(pgpass)
    try:
        with pytest.raises(DeskError) as info:
            store_db.open_database(t)
        assert "SSL" in info.value.message
        t = store_db.parse_target(f"postgresql://{user}@{host}:{port}/{pg_db}?sslmode=disable")
        store_db.open_database(t, auto_migrate=False)
        store_db.close_database()
    finally:
        os.environ.pop("PGPASSFILE", None)


@needs_pg
def test_wrong_password_error_does_not_repeat_it(pg_db):
    host, port, user, _ = _pg_parts()
    secret = "Wr0ng-secret-4471"
    done = _cli(
        [
            "--db",
            f"postgresql://{user}:{secret}@{host}:{port}/{pg_db}",
            "--user",
            "admin",
            "audit",
            "verify",
        ],
        {"DISCLOSURE_DESK_PASSWORD": "x"},
    )
    assert done.returncode == 1
    assert secret not in done.stderr and "Traceback" not in done.stderr
    assert "无法连接数据库服务器" in done.stderr


def test_process_list_shows_no_password_when_pgpass_is_used(tmp_path):
    """What `ps` shows is argv: with .pgpass/service/PGPASSWORD the address has no password."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(5)", "--db", "postgresql:///?service=desk"],
        env={**os.environ, "PGPASSWORD": "Never-in-argv-77"},
    )
    try:
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes() if Path("/proc").is_dir() else b""
        assert b"Never-in-argv-77" not in cmdline
    finally:
        proc.kill()
        proc.wait()
