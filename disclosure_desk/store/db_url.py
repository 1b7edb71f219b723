"""PostgreSQL addresses: libpq keywords in the URL are kept, passwords never shown.

A password-free address works with libpq's own sources (~/.pgpass, PGPASSWORD, a service file),
so the password need not appear on the command line where `ps` shows it."""

from __future__ import annotations

import os
import re
import urllib.parse

from disclosure_desk.domain.errors import InputError

# libpq connection keywords accepted as URL parameters (PostgreSQL 17 documentation, §32.1.2).
LIBPQ_KEYWORDS = frozenset(
    """
host hostaddr port dbname user password passfile require_auth channel_binding connect_timeout
client_encoding options application_name fallback_application_name keepalives keepalives_idle
keepalives_interval keepalives_count tcp_user_timeout replication gssencmode sslmode requiressl
sslcompression sslcert sslkey sslpassword sslcertmode sslrootcert sslcrl sslcrldir sslsni
requirepeer ssl_min_protocol_version ssl_max_protocol_version krbsrvname gsslib gssdelegation
service target_session_attrs load_balance_hosts sslnegotiation
""".split()
)
_URL_HINT = "格式：postgresql://用户@主机:端口/库名?sslmode=require，或 postgresql:///库名?service=名称；密码放在 ~/.pgpass 或 PGPASSWORD"


def _redact(url: str) -> str:
    try:
        parsed = urllib.parse.urlparse(url)
        if parsed.password:
            netloc = parsed.netloc.replace(":" + parsed.password + "@", ":***@", 1)
            url = urllib.parse.urlunparse(parsed._replace(netloc=netloc))
    except ValueError:
        pass
    return re.sub(r"(password=)[^&]*", r"\1***", url)


def pg_params(value: str, parsed: urllib.parse.ParseResult) -> dict:
    """Connection parameters for peewee/psycopg2 from a postgresql:// address."""
    shown = _redact(value)
    params: dict[str, str] = {}
    for key, val in urllib.parse.parse_qsl(parsed.query, keep_blank_values=True):
        if key not in LIBPQ_KEYWORDS:
            raise InputError(
                "数据库地址中有无法识别的参数“{key}”：{shown}（{_URL_HINT}）",
                key=key,
                shown=shown,
                _URL_HINT=_URL_HINT,
            )
        params[key] = val
    database = urllib.parse.unquote(parsed.path.lstrip("/")) or params.pop("dbname", "")
    params.pop("dbname", None)
    if not database and "service" not in params:
        raise InputError(
            "数据库地址缺少数据库名：{shown}（{_URL_HINT}）", shown=shown, _URL_HINT=_URL_HINT
        )
    try:
        port = parsed.port
    except ValueError:
        raise InputError("数据库地址的端口不是数字：{shown}", shown=shown) from None
    pg: dict = {"database": database}
    if parsed.username:
        pg["user"] = urllib.parse.unquote(parsed.username)
    if parsed.password:
        pg["password"] = urllib.parse.unquote(parsed.password)
    if parsed.hostname:
        pg["host"] = parsed.hostname
    elif (
        "service" not in params
        and "host" not in params
        and "hostaddr" not in params
        and not os.environ.get("PGHOST")
    ):
        pg["host"] = "localhost"  # as before: TCP to this machine unless told otherwise
    if port:
        pg["port"] = port
    pg.update(params)  # sslmode, service, connect_timeout … go to libpq as given
    return pg
