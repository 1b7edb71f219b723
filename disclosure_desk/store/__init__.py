"""Persistence: the one layer that imports peewee (models, opening databases, migrations, search).

peewee probes for the PostgreSQL driver when it is imported, and psycopg2 loads libpq and OpenSSL
(≈ 20 ms, a tenth of the GUI's start-up) even for a SQLite database. The probe is answered
"not installed" here, for peewee's import only; ``store.db.PostgresqlDatabase`` imports the driver
when a PostgreSQL database is made. So make PostgreSQL databases with ``store.db`` (its
``make_database`` or its ``PostgresqlDatabase``), not with peewee's own class.
"""

import sys as _sys

if "peewee" not in _sys.modules and "psycopg2" not in _sys.modules:
    _sys.modules["psycopg2"] = None  # type: ignore[assignment]  # "import psycopg2" → ImportError
    try:
        import peewee  # noqa: F401
    finally:
        del _sys.modules["psycopg2"]
