"""Item register services: 索引号, classification rules, optimistic locking, repeal, extras, filters."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure_desk.domain.errors import ConflictError, InputError, PermissionDenied
from disclosure_desk.services.items import extras as items_extras
from disclosure_desk.services.items import register as items
from disclosure_desk.services.items.rules import ItemInput
from disclosure_desk.store.models import Item, Unit


def _root() -> int:
    return Unit.get(Unit.code == "ROOT").id


def _new(actor, **kw) -> int:
    data = ItemInput(**{"title": "关于做好老旧小区改造工作的通知", "unit_id": _root(), **kw})
    item_id, changes = items.create_item(actor, data, today=dt.date(2025, 6, 2))
    assert "item" in changes.tables
    return item_id


def test_index_numbers_follow_the_unit_pattern_and_year(db):
    a = _new(db.admin)
    b = _new(db.admin)
    c = _new(db.admin, published_on=dt.date(2024, 12, 30), formed_on=dt.date(2024, 12, 1))
    nos = [Item.get_by_id(i).index_no for i in (a, b, c)]
    assert nos == ["000014349/2025-00001", "000014349/2025-00002", "000014349/2024-00001"]


def test_custom_pattern_and_legacy_numbers(db):
    uid = db.unit("EDU", "区教育局", prefix="11330100MB0000000X")
    Unit.update(index_pattern="{prefix}-{year}{month}-{serial:04}").where(Unit.id == uid).execute()
    first = _new(db.admin, unit_id=uid)
    assert Item.get_by_id(first).index_no == "11330100MB0000000X-202506-0001"
    legacy = _new(db.admin, unit_id=uid, index_no="11330100MB0000000X-202506-0040")
    assert Item.get_by_id(legacy).index_no == "11330100MB0000000X-202506-0040"
    after = _new(db.admin, unit_id=uid)  # continues after the legacy serial, never colliding
    assert Item.get_by_id(after).index_no == "11330100MB0000000X-202506-0041"
    odd = _new(db.admin, unit_id=uid, index_no="旧编号-001")
    assert Item.get_by_id(odd).index_no == "旧编号-001"
    with pytest.raises(InputError, match="已被使用"):
        _new(db.admin, unit_id=uid, index_no="旧编号-001")


def test_index_number_never_changes_on_edit_or_publication(db):
    item_id = _new(db.admin)
    detail = items.get_item(db.admin, item_id)
    from dataclasses import replace

    data = replace(detail.data, published_on=dt.date(2026, 1, 5), title="新标题")
    items.update_item(db.admin, item_id, data, detail.version)
    item = Item.get_by_id(item_id)
    assert (
        item.index_no == detail.index_no and item.title == "新标题" and item.status == "draft"
    )  # 发布日期 alone never publishes (§4.1)


def test_withholding_needs_a_reason_and_maps_the_legal_ground(db):
    with pytest.raises(InputError, match="不公开理由"):
        _new(db.admin, disclosure="withheld")
    item_id = _new(
        db.admin, disclosure="withheld", withhold_reason="涉及个人隐私，公开会损害第三方合法权益"
    )
    assert Item.get_by_id(item_id).withhold_ground == "third_party"
    item_id = _new(db.admin, disclosure="on_request", withhold_ground="process_info")
    assert Item.get_by_id(item_id).withhold_ground == "process_info"
    # 主动公开 items never keep a stale reason.
    item_id = _new(db.admin, withhold_reason="无关")
    assert Item.get_by_id(item_id).withhold_reason == ""


def test_validation_lists_every_problem(db):
    with pytest.raises(InputError) as exc:
        _new(
            db.admin,
            title=" ",
            topic="不存在的分类",
            genre="诗歌",
            validity="废止",
            channels=("飞鸽传书",),
        )
    text = str(exc.value)
    for word in ("标题", "主题分类", "体裁", "废止日期", "公开方式"):
        assert word in text


def test_someone_else_saved_first(db):
    item_id = _new(db.admin)
    detail = items.get_item(db.admin, item_id)
    items.update_item(db.admin, item_id, detail.data, detail.version)
    with pytest.raises(ConflictError, match="已被他人修改"):
        items.update_item(db.admin, item_id, detail.data, detail.version)


def test_repeal_records_date_and_document_and_history(db):
    item_id = _new(db.admin, formed_on=dt.date(2025, 1, 2))
    v = items.get_item(db.admin, item_id).version
    with pytest.raises(InputError):
        items.repeal_item(db.admin, item_id, dt.date(2025, 3, 1), " ", v)
    items.repeal_item(db.admin, item_id, dt.date(2025, 3, 1), "青政发〔2025〕3号", v)
    item = Item.get_by_id(item_id)
    assert (item.validity, item.repealed_on, item.repealed_by) == (
        "废止",
        dt.date(2025, 3, 1),
        "青政发〔2025〕3号",
    )
    actions = [h.action for h in items.history(db.admin, item_id)]
    assert actions == ["item.create", "item.repeal"]


def test_officer_of_another_unit_cannot_edit(db):
    db.unit("EDU", "区教育局")
    officer = db.user("o1", "officer", "EDU")
    with pytest.raises(PermissionDenied):
        _new(officer)  # the root unit is not the officer's


def test_attachments_feed_search_and_coordination(db):
    item_id = _new(db.admin)
    att_id, _ = items_extras.add_attachment(
        db.admin, item_id, "附件.txt", "附件中的独特词语甲乙丙".encode("gb18030")
    )
    assert items.search_items(db.admin, "甲乙丙")[0] == 1
    assert items.search_items(db.admin, "乙丙")[0] == 1
    with pytest.raises(InputError):
        items_extras.add_attachment(db.admin, item_id, "x.exe", b"MZ")
    items_extras.remove_attachment(db.admin, att_id)
    assert items.search_items(db.admin, "甲乙丙")[0] == 0
    cid, _ = items_extras.add_coordination(db.admin, item_id, "区财政局", dt.date(2025, 6, 3))
    with pytest.raises(InputError):
        items_extras.update_coordination(
            db.admin, cid, "区财政局", dt.date(2025, 6, 3), "同意", None
        )
    items_extras.update_coordination(
        db.admin, cid, "区财政局", dt.date(2025, 6, 3), "同意", dt.date(2025, 6, 5)
    )
    detail = items.get_item(db.admin, item_id)
    assert [(c.body_name, c.answer) for c in detail.coordinations] == [("区财政局", "同意")]
    actions = [h.action for h in items.history(db.admin, item_id)]
    assert "item.attachment_add" in actions and "item.coordination_edit" in actions


def test_overdue_and_filters_in_sql(db):
    today = dt.date(2025, 6, 30)
    late = _new(db.admin, formed_on=dt.date(2025, 4, 1), genre="通知", topic="城乡建设、环境保护")
    fresh = _new(db.admin, formed_on=dt.date(2025, 6, 27))
    done = _new(db.admin, formed_on=dt.date(2025, 4, 1), published_on=dt.date(2025, 4, 3))
    # 发布日期 alone never publishes: still overdue until it is 已发布 (fixture: set directly).
    assert items.get_item(db.admin, done, today=today).overdue
    Item.update(status="published").where(Item.id == done).execute()
    withheld = _new(
        db.admin, formed_on=dt.date(2025, 4, 1), disclosure="withheld", withhold_reason="国家秘密"
    )
    f = items.ItemFilter(overdue=True)
    assert [r.id for r in items.list_items(db.admin, f, today=today)] == [late]
    assert items.count_items(db.admin, f, today=today) == 1
    rows = {r.id: r for r in items.list_items(db.admin, today=today)}
    assert rows[late].overdue and not rows[fresh].overdue and not rows[done].overdue
    assert rows[withheld].due_on is None
    # 20 working days: 清明 (4 April) is off, Sunday 27 April is a 调休 working day.
    assert rows[late].due_on == dt.date(2025, 4, 29)
    assert [
        r.id for r in items.list_items(db.admin, items.ItemFilter(topic="城乡建设、环境保护"))
    ] == [late]
    assert [r.id for r in items.list_items(db.admin, items.ItemFilter(genre="通知"))] == [late]
    assert {r.id for r in items.list_items(db.admin, items.ItemFilter(year=2025))} == {
        late,
        fresh,
        done,
        withheld,
    }
    assert [r.id for r in items.list_items(db.admin, sort="formed_on", descending=False)][
        -1
    ] == fresh


def test_stale_validity_flag(db):
    old = _new(db.admin, formed_on=dt.date(2020, 1, 1))
    _new(db.admin, formed_on=dt.date(2025, 1, 1))
    f = items.ItemFilter(stale=True)
    assert [r.id for r in items.list_items(db.admin, f, today=dt.date(2025, 6, 1))] == [old]
    v = items.get_item(db.admin, old).version
    items.mark_validity_reviewed(db.admin, old, dt.date(2025, 5, 1), v)
    assert items.list_items(db.admin, f, today=dt.date(2025, 6, 1)) == []


def test_first_page_is_the_page_and_count_the_view_would_ask_for_separately(db):
    """The register view refreshes with one call (first_page: the search done once); it must
    give what list_items and count_items give, for the index path, the SQL path, sorted, small
    pages and an officer confined to a unit."""
    db.unit("EDU", "区教育局")
    edu = Unit.get(Unit.code == "EDU").id
    officer = db.user("o1", "officer", "EDU")
    for i in range(7):
        _new(db.admin, title=f"老旧小区改造方案{i}", unit_id=edu if i % 2 else _root())
    _new(db.admin, title="其他事项")
    filters = [
        items.ItemFilter(),
        items.ItemFilter(text="改造"),
        items.ItemFilter(text="改造方案3"),
        items.ItemFilter(text="没有这个词"),
        items.ItemFilter(text="改造", status="草稿"),
        items.ItemFilter(text="改造", unit_id=edu),
        items.ItemFilter(unit_id=edu),
    ]
    for actor in (db.admin, officer):
        for f in filters:
            for limit, sort, desc in ((200, "id", True), (3, "id", True), (2, "title", False)):
                rows, total = items.first_page(actor, f, limit, sort, desc)
                page = items.list_items(actor, f, 0, limit, sort, desc)
                assert [r.id for r in rows] == [r.id for r in page], (actor.login, f, limit)
                assert total == items.count_items(actor, f), (actor.login, f, limit)
    assert items.first_page(officer, items.ItemFilter(text="改造"))[1] == 3
