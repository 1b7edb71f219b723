"""0016 — PostgreSQL: an n-gram index for the applications list's search box (issue 18).

The list's search (registration number, applicant, content, ID number — case-insensitive, as
peewee's ``contains``: ``ILIKE '%…%'``) read every application: 0.3–0.6 s for an account that sees
a whole city's 500,000 cases. This index holds every distinct 1- to 4-character substring
(``dd_ngrams``, migration 0014) of the four fields in lower case, joined by newlines.

``ILIKE`` on a UTF-8 database compares ``lower(text)`` with ``lower(pattern)``, so a case holds
the query exactly when ``lower(query)`` (up to 4 characters) is one of these keys, and a longer
query's 4-character pieces are all keys (a superset). The service keeps its ``ILIKE`` conditions
beside the index condition, so the answer is the same as without the index in every case; the
index only lets PostgreSQL skip the cases that cannot match. The query's keys are made in SQL by
``dd_query_keys(lower(q))`` (the query itself up to 4 characters, else its 4-character pieces), so
lower case is PostgreSQL's on both sides. ``store.search.APPLICATION_SEARCH_TEXT`` repeats the
indexed expression (it must be identical for the planner to use the index; a test compares them).

SQLite is unchanged (50,000 cases are read in 30–80 ms).
"""

from __future__ import annotations

from peewee import PostgresqlDatabase

SEARCH_TEXT = (
    "lower(coalesce(reg_no, '') || E'\\n' || coalesce(applicant_name, '') || E'\\n' || "
    "coalesce(content, '') || E'\\n' || coalesce(id_number, ''))"
)


QUERY_KEYS = r"""
CREATE OR REPLACE FUNCTION dd_query_keys(q text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN char_length(q) <= 4 THEN ARRAY[q]
        ELSE ARRAY(SELECT DISTINCT substr(q, i, 4)
                   FROM generate_series(1, char_length(q) - 3) AS i ORDER BY 1) END
$$;
"""


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(QUERY_KEYS)
        db.execute_sql("SET LOCAL maintenance_work_mem = '256MB'")
        db.execute_sql(
            "CREATE INDEX IF NOT EXISTS application_ngrams ON application "
            f'USING gin ((dd_ngrams({SEARCH_TEXT})) COLLATE "C")'
        )
        db.execute_sql("ANALYZE application")
