"""Dashboard to-dos: each kind found, counted in working days, scoped to the actor's units."""

from __future__ import annotations

import datetime as dt

import pytest
from reports_data import app, item

from disclosure_desk.services.dashboard import todos as reports_todo
from disclosure_desk.store.models import ApplicationEvent, Item, ItemReview, Setting, User

TODAY = dt.date(2026, 11, 20)  # a Friday; 2027 has no holiday data in chinesecalendar 1.11


@pytest.fixture
def todo_data(db):
    a = db.unit("A", "区教育局")
    b = db.unit("B", "区卫生健康委")
    ids = {
        # Received 2026-10-26: 20th working day after is 2026-11-23 → 1 working day left.
        "near": app(a, "natural_person", dt.date(2026, 10, 26)),
        # Received 2026-10-09: due 2026-11-06 → overdue.
        "late": app(a, "commercial", dt.date(2026, 10, 9)),
        # Received long ago with plenty of time after an extension: not listed.
        "far": app(a, "research", dt.date(2026, 11, 18)),
        "corr": app(
            a, "natural_person", dt.date(2026, 11, 2), correction_requested_on=dt.date(2026, 11, 5)
        ),
        "consult": app(a, "natural_person", dt.date(2026, 11, 3)),
        "other_unit": app(b, "natural_person", dt.date(2026, 10, 9)),
    }
    ApplicationEvent.create(
        application=ids["consult"], kind="pause", party="third_party", on=dt.date(2026, 11, 10)
    )
    ids["proactive_near"] = item(a, "通知", dt.date(2026, 10, 26), status="draft")
    ids["proactive_late"] = item(a, "通知", dt.date(2026, 9, 1), status="pending")
    ids["proactive_done"] = item(a, "通知", dt.date(2026, 9, 1), published_on=dt.date(2026, 9, 5))
    ids["repealed_valid"] = item(a, "通知", dt.date(2020, 1, 1), published_on=dt.date(2020, 1, 5))
    Item.update(validity="有效", repealed_on=dt.date(2025, 6, 1), validity_reviewed_on=TODAY).where(
        Item.id == ids["repealed_valid"]
    ).execute()
    ids["stale"] = item(
        a,
        "通知",
        dt.date(2023, 1, 1),
        published_on=dt.date(2023, 1, 5),
        validity_reviewed_on=dt.date(2024, 1, 1),
    )
    ids["fresh"] = item(
        a,
        "通知",
        dt.date(2023, 1, 1),
        published_on=dt.date(2023, 1, 5),
        validity_reviewed_on=dt.date(2026, 6, 1),
    )
    drafter = User.get(User.login == "admin")
    ids["review_item"] = item(a, "通知", dt.date(2026, 11, 1), status="pending")
    ItemReview.create(
        item=ids["review_item"], submitted_by=drafter, submitted_at=dt.datetime(2026, 11, 19, 9)
    )
    return {"ids": ids, "a": a, "b": b}


def _by_kind(todos, kind):
    return {t.record_id: t for t in todos.of(kind)}


def test_every_kind_is_found(db, todo_data) -> None:
    ids = todo_data["ids"]
    supervisor = db.user("boss", "supervisor")
    got = reports_todo.todos(supervisor, today=TODAY)
    due = _by_kind(got, "application_due")
    assert due[ids["near"]].label == "剩余 1 个工作日"
    assert due[ids["late"]].label.startswith("已超期") and due[ids["late"]].urgency < 0
    assert ids["far"] not in due and ids["corr"] not in due
    running = _by_kind(got, "clock_running")
    assert "等待补正" in running[ids["corr"]].title
    assert "第三方征求意见" in running[ids["consult"]].title
    assert running[ids["consult"]].due == dt.date(2026, 12, 1)  # 15th working day after 11-10
    reviews = _by_kind(got, "review_waiting")
    assert set(reviews) == {ids["review_item"]} and reviews[ids["review_item"]].view == "reviews"
    pro = _by_kind(got, "proactive_due")
    # The item waiting for review (formed 11-01, due 11-27) is near its Art. 26 date too.
    assert set(pro) == {ids["proactive_near"], ids["proactive_late"], ids["review_item"]}
    assert pro[ids["proactive_near"]].label == "剩余 1 个工作日"  # due 2026-11-23
    validity = _by_kind(got, "validity_review")
    assert set(validity) == {ids["repealed_valid"], ids["stale"]}
    assert "废止" in validity[ids["repealed_valid"]].label
    cal = got.of("calendar_missing")
    assert [t.record_id for t in cal] == [2027] and cal[0].view == "settings"
    assert got.counts["application_due"] == 3  # includes the other unit's overdue case


def test_scoped_to_own_units_and_roles(db, todo_data) -> None:
    ids = todo_data["ids"]
    officer = db.user("clerk", "officer", "A")
    got = reports_todo.todos(officer, today=TODAY)
    assert ids["other_unit"] not in _by_kind(got, "application_due")
    assert got.of("review_waiting") == []  # officers do not review
    reviewer = db.user("rev", "reviewer", "B")
    got = reports_todo.todos(reviewer, today=TODAY)
    assert got.of("review_waiting") == [] and got.of("application_due") == []


def test_validity_period_setting_and_limit(db, todo_data) -> None:
    ids = todo_data["ids"]
    boss = db.user("boss", "supervisor")
    Setting.create(key="item.validity_review_months", value="3")
    got = reports_todo.todos(boss, today=TODAY)
    assert ids["fresh"] in _by_kind(got, "validity_review")
    limited = reports_todo.todos(boss, today=TODAY, limit=1)
    assert len(limited.of("application_due")) == 1 and limited.counts["application_due"] == 3


def test_clock_group_and_waiting_filter_show_the_same_cases(db) -> None:
    """The dashboard's 补正/征询/缴费 group and the applications list's 等待补正/征询/缴费 filter
    list the same cases. Dates counted by hand on the 2026 calendar (no holiday in November):
    today Mon 2026-11-16; the 补正 notice is due on the 7th working day after receipt —
    received Fri 11-06 → due Tue 11-17 (1 day left), Mon 11-09 → Wed 11-18 (2 left, both
    reminded); Tue 11-03 → Thu 11-12 (past: not reminded); Tue 11-10 → Thu 11-19 (3 left: not yet)."""
    from disclosure_desk.services.applications import query
    from disclosure_desk.store.models import Application

    u = db.unit("W", "区民政局")
    today = dt.date(2026, 11, 16)
    d = dt.date
    expected = {
        app(u, "natural_person", d(2026, 11, 6)),
        app(u, "natural_person", d(2026, 11, 9)),
        app(
            u,
            "natural_person",
            d(2026, 11, 2),
            status="correction",
            correction_requested_on=d(2026, 11, 4),
        ),
        app(u, "legal_person", d(2026, 10, 20), status="consulting"),
        app(u, "natural_person", d(2026, 10, 21), status="awaiting_fee"),
    }
    not_waiting = {
        app(u, "natural_person", d(2026, 11, 3)),
        app(u, "natural_person", d(2026, 11, 10)),
        app(u, "natural_person", d(2026, 11, 16)),
        app(
            u,
            "natural_person",
            d(2026, 11, 6),
            status="replied",
            replied=d(2026, 11, 12),
            code="3.1",
        ),
        # 补正 received: the reply clock runs again, nothing is awaited.
        app(
            u,
            "natural_person",
            d(2026, 11, 2),
            correction_requested_on=d(2026, 11, 4),
            correction_received_on=d(2026, 11, 9),
        ),
    }
    assert Application.select().count() == len(expected) + len(not_waiting)
    boss = db.user("boss", "supervisor")
    f = query.ApplicationFilter(status=query.WAITING)
    listed = {r.id for r in query.list_applications(boss, f, 0, 100, today)}
    assert listed == expected
    assert query.count_applications(boss, f, today) == len(expected)
    # The dashboard group names the same cases (pauses come from events, so the consulting
    # and fee cases, which have none here, are the filter's alone).
    group = {t.record_id for t in reports_todo.todos(boss, today).of("clock_running")}
    assert group == expected - {
        r for r in expected if Application.get_by_id(r).status in ("consulting", "awaiting_fee")
    }
