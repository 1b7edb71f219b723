"""The applications list's search box: the same cases with and without PostgreSQL's n-gram index
(migration 0016), for short, long, mixed-case, wildcard-like and Chinese queries."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest
from app_helpers import new_app, valid_uscc

from disclosure_desk.services.applications import query as q
from disclosure_desk.store import search
from disclosure_desk.store.db import MIGRATIONS_DIR

CASES = [
    ("赵六", "学区划分方案的依据"),
    ("钱七 Alpha", "关于 ABC_def 100% 的说明"),
    ("孙八", "老旧小区改造实施方案"),
    ("Beta公司", "小区改造资金；旧小区改造方案"),  # 4-character pieces apart, not the phrase
    ("李四", "abc\\def 与 a_c"),
]
QUERIES = (
    "学区", "学区划分方案", "alpha", "ALPHA", "abc_d", "ABC_DEF", "100%", "%", "_", "a_c",
    "老旧小区改造", "旧小区改造方案", "小区改造方案", "改", "\\", "c\\d", "beta公", "2025",
    "Z", "不存在的词",
)  # fmt: skip


@pytest.fixture
def cases(db):
    ids = [new_app(db.admin, dt.date(2025, 9, 1 + i), name=n, content=c) for i, (n, c) in
           enumerate(CASES)]  # fmt: skip
    ids.append(new_app(db.admin, dt.date(2025, 9, 20), name="某公司", ident=valid_uscc(),
                       applicant_type="commercial"))  # fmt: skip
    return ids


def _found(actor, text):
    f = q.ApplicationFilter(search=text)
    return [r.id for r in q.list_applications(actor, f)], q.count_applications(actor, f)


def test_search_box_gives_the_same_cases_with_and_without_the_index(db, cases, monkeypatch):
    with_index = {t: _found(db.admin, t) for t in QUERIES}
    monkeypatch.setattr(search, "application_candidates", lambda text: None)
    for t in QUERIES:
        assert with_index[t] == _found(db.admin, t), t
    # and against a reference written here, for the queries whose case-folding is plain ASCII
    assert with_index["学区划分方案"][1] == 1 and with_index["ALPHA"][1] == 1
    assert with_index["老旧小区改造"][1] == 1  # the pieces of the phrase apart do not count
    assert with_index["小区改造方案"][1] == 1 and with_index["旧小区改造方案"][1] == 1
    assert with_index["_"][1] == 2 and with_index["100%"][1] == 1 and with_index["%"][1] == 1
    assert with_index["c\\d"][1] == 1 and with_index["不存在的词"] == ([], 0)


def test_the_query_repeats_the_indexed_expression():
    spec = importlib.util.spec_from_file_location(
        "m0016", MIGRATIONS_DIR / "0016_application_search.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    assert module.SEARCH_TEXT == search.APPLICATION_SEARCH_TEXT


def test_postgresql_uses_the_index_for_an_account_that_sees_every_unit(db, cases):
    from disclosure_desk.store.db import is_sqlite

    if is_sqlite():
        assert search.application_candidates("学区") is None
        return
    raw = search.database_proxy.obj
    raw.execute_sql("SET enable_seqscan = off")
    try:
        cond = search.application_candidates("学区")
        sql, params = raw.get_sql_context().sql(cond).query()
        plan = raw.execute_sql(f"EXPLAIN SELECT id FROM application WHERE {sql}", params).fetchall()
    finally:
        raw.execute_sql("RESET enable_seqscan")
    assert "application_ngrams" in "\n".join(r[0] for r in plan)
