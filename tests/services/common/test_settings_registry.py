"""One settings registry: one validity-review period for the register filter and the dashboard,
values checked against their declared range, every change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from reports_data import item

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.settings import SPECS
from disclosure_desk.services.common import session_policy
from disclosure_desk.services.common import settings as settings_registry
from disclosure_desk.services.dashboard import todos as reports_todo
from disclosure_desk.services.items import register as items_service
from disclosure_desk.services.items import rules as items_rules
from disclosure_desk.services.items.register import ItemFilter
from disclosure_desk.store.models import AuditEntry, Setting

TODAY = dt.date(2026, 11, 20)


def _register_stale(actor) -> set[int]:
    return {r.id for r in items_service.list_items(actor, ItemFilter(stale=True), today=TODAY)}


def _dashboard_stale(actor) -> set[int]:
    return {t.record_id for t in reports_todo.todos(actor, today=TODAY).of("validity_review")}


def test_register_filter_and_dashboard_use_the_same_period(db):
    a = db.unit("A", "区教育局")
    published = dt.date(2024, 1, 10)
    # formed 8 months before TODAY, 18 months before, 30 months before; all published, never reviewed
    eight = item(a, "通知", dt.date(2026, 3, 20), published_on=published)
    eighteen = item(a, "通知", dt.date(2025, 5, 20), published_on=published)
    thirty = item(a, "通知", dt.date(2024, 5, 20), published_on=published)
    boss = db.user("boss", "supervisor")

    # Default: 24 months (nothing stored). Only the 30-month-old item is due, in both places.
    assert Setting.select().where(Setting.key.contains("validity")).count() == 0
    assert _register_stale(boss) == {thirty}
    assert _dashboard_stale(boss) == {thirty}

    # The administrator shortens the period to 6 months in 设置 → 列表与规则.
    items_rules.set_lists(db.admin, stale_after_months=6)
    assert _register_stale(boss) == {eight, eighteen, thirty}
    assert _dashboard_stale(boss) == {eight, eighteen, thirty}

    items_rules.set_lists(db.admin, stale_after_months=12)
    assert _register_stale(boss) == _dashboard_stale(boss) == {eighteen, thirty}


def test_every_change_is_audited_with_before_and_after(db):
    before = AuditEntry.select().count()
    items_rules.set_lists(db.admin, stale_after_months=18)
    items_rules.set_lists(db.admin, stale_after_months=18)  # unchanged: no second entry
    items_rules.set_lists(db.admin, genres=("通知", "公告"))
    entries = list(AuditEntry.select().where(AuditEntry.id > before).order_by(AuditEntry.id))
    assert [(e.action, e.record_id) for e in entries] == [
        ("settings.edit", "item.validity_review_months"),
        ("settings.edit", "item.genres"),
    ]
    assert entries[0].before == "" and entries[0].after == "18"
    assert items_rules.genre_list() == ("通知", "公告")


@pytest.mark.parametrize("bad", [0, 121, "12", True, -5])
def test_out_of_range_values_are_refused_and_nothing_is_stored(db, bad):
    with pytest.raises(InputError, match="有效性复核周期"):
        settings_registry.save(db.admin, {"item.validity_review_months": bad})
    assert Setting.get_or_none(Setting.key == "item.validity_review_months") is None
    assert items_rules.stale_months() == 24


def test_unreadable_stored_values_fall_back_to_the_declared_default(db):
    Setting.create(key="item.validity_review_months", value="soon")
    Setting.create(key="security.max_failures", value="999")  # outside 3–20
    Setting.create(key="item.topics", value="not json")
    assert items_rules.stale_months() == 24
    assert session_policy.load().max_failures == 5
    topics = items_rules.topic_list()
    assert sum("\\" not in t for t in topics) == 22  # the State Council's 22 top-level classes
    assert topics[0] == "国务院组织机构"


def test_per_unit_value_wins_over_the_agency_wide_one(db):
    a = db.unit("A", "区教育局")
    b = db.unit("B", "区卫生健康委")
    key = "application.reg_pattern"
    settings_registry.save(db.admin, {key: "青申〔{year}〕{serial}号"})
    settings_registry.save(db.admin, {key: "教申〔{year}〕{serial:03}号"}, unit_id=a)
    assert settings_registry.get(key, a) == "教申〔{year}〕{serial:03}号"
    assert settings_registry.get(key, b) == "青申〔{year}〕{serial}号"
    with pytest.raises(InputError):
        settings_registry.save(db.admin, {key: "{nonsense}"})


def test_every_setting_key_is_declared_once_and_read_only_through_the_registry():
    keys = [s.key for s in SPECS]
    assert len(keys) == len(set(keys))
    import pathlib

    import disclosure_desk

    root = pathlib.Path(disclosure_desk.__file__).parent
    users = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "Setting." in p.read_text(encoding="utf-8") and "migrations" not in p.parts
    )
    # Only the registry touches the table (the model itself is declared in store/models.py).
    assert users == ["services/common/settings.py"]
