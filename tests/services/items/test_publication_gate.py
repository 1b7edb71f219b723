"""The publication gate (PRODUCT.md §4.1), tried as an attacker and as a careless colleague:
through the service functions, through the CLI, and with raw SQL on the database file."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import replace

import pytest

from disclosure_desk.cli import main
from disclosure_desk.domain.errors import ConflictError, PermissionDenied
from disclosure_desk.services.dashboard import todos as reports_todo
from disclosure_desk.services.items import (
    extras as items_extras,
)
from disclosure_desk.services.items import (
    register as items,
)
from disclosure_desk.services.items import (
    spreadsheets as items_io,
)
from disclosure_desk.services.items.rules import ItemInput
from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.store.models import (
    AuditEntry,
    Item,
    ItemContributor,
    ItemReview,
    Unit,
    database_proxy,
)

CLEAN = "根据有关规定，现将2025年度城乡低保标准调整情况公示如下：城市低保标准每人每月800元。"
PERSONAL = "申请人：张三，身份证号11010519491231002X，联系电话13812345678。"
HEADERS = list(items_io.ITEM_HEADERS)


def _root() -> int:
    return Unit.get(Unit.code == "ROOT").id


def _new(actor, **kw) -> int:
    data = ItemInput(
        title=kw.pop("title", "关于低保标准调整的公示"), unit_id=_root(), body=CLEAN, **kw
    )
    item_id, _ = items.create_item(actor, data)
    return item_id


@pytest.fixture
def people(db):
    return (
        db.user("officer1", "officer"),
        db.user("reviewer1", "reviewer"),
        db.user("boss", "supervisor"),
    )


def _approved(officer, reviewer) -> int:
    item_id = _new(officer)
    reviews.submit(officer, item_id)
    reviews.approve(reviewer, item_id, "同意公开")
    assert Item.get_by_id(item_id).status == "approved"
    return item_id


def _edit(actor, item_id, **changes):
    detail = items.get_item(actor, item_id)
    items.update_item(actor, item_id, replace(detail.data, **changes), detail.version)


def _actions(item_id: int) -> list[str]:
    return [
        e.action
        for e in AuditEntry.select().order_by(AuditEntry.id)
        if e.record_id == str(item_id) or f'"item": {item_id}' in (e.after or "")
    ]


def _csv(path, rows, headers=HEADERS):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, headers)
        w.writeheader()
        for r in rows:
            w.writerow({h: r.get(h, "") for h in headers})


def _cli(db, monkeypatch, *args: str) -> int:
    """Run the CLI signed in as the administrator, then reopen the database for the asserts."""
    from conftest import ADMIN_PASSWORD

    from disclosure_desk.store import db as store_db

    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", ADMIN_PASSWORD)
    code = main(["--db", db.target.url or str(db.path), "--user", "admin", *args])
    store_db.open_database(db.target)
    return code


# --- 发布日期 alone never publishes ------------------------------------------------------------


def test_form_with_publication_date_creates_a_draft(people):
    officer, _, _ = people
    item_id = _new(officer, published_on=dt.date(2025, 3, 5))
    assert Item.get_by_id(item_id).status == "draft"
    _edit(officer, item_id, published_on=dt.date(2025, 3, 6))
    assert Item.get_by_id(item_id).status == "draft"


def test_cli_import_with_publication_date_creates_drafts(db, tmp_path, capsys, monkeypatch):
    src = tmp_path / "in.csv"
    _csv(src, [{"标题": "已于去年发布的通知", "发布日期": "2025/3/5", "公开属性": "主动公开"}])
    assert _cli(db, monkeypatch, "items", "import", str(src), "--json") == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 1
    item = Item.get(Item.title == "已于去年发布的通知")
    assert (item.status, item.published_on) == ("draft", dt.date(2025, 3, 5))
    assert not ItemReview.select().where(ItemReview.item == item.id).exists()


# --- content changes after approval ------------------------------------------------------------


def test_editing_the_title_after_approval_withdraws_it(people):
    officer, reviewer, _ = people
    item_id = _approved(officer, reviewer)
    _edit(officer, item_id, title="关于低保标准调整的公示（修改后）")
    assert Item.get_by_id(item_id).status == "draft"
    review = ItemReview.get(ItemReview.item == item_id)
    assert review.decision == "void"
    assert {"review.void", "item.approval_withdrawn"} <= set(_actions(item_id))
    with pytest.raises(Exception, match="只有保密审查已通过的信息才能发布"):
        reviews.publish(officer, item_id, ["政府网站"])


def test_a_non_content_edit_keeps_the_approval(people):
    officer, reviewer, _ = people
    item_id = _approved(officer, reviewer)
    _edit(officer, item_id, keywords="低保,标准")
    assert Item.get_by_id(item_id).status == "approved"
    reviews.publish(officer, item_id, ["政府网站"])
    assert Item.get_by_id(item_id).status == "published"


def test_adding_or_removing_an_attachment_after_approval_withdraws_it(people):
    officer, reviewer, _ = people
    item_id = _approved(officer, reviewer)
    att_id, _ = items_extras.add_attachment(officer, item_id, "名单.txt", PERSONAL.encode())
    assert Item.get_by_id(item_id).status == "draft"
    assert ItemReview.get(ItemReview.item == item_id).decision == "void"
    # Resubmitted and approved with the attachment, then the attachment is removed.
    reviews.submit(officer, item_id)
    review = reviews.latest_review(item_id)
    for f in review.findings:
        if f.severity == "block":
            reviews.set_override(reviewer, item_id, f.source, f.kind, f.text, "已取得本人书面同意")
    reviews.approve(reviewer, item_id)
    items_extras.remove_attachment(officer, att_id)
    assert Item.get_by_id(item_id).status == "draft"


def test_content_changed_with_raw_sql_after_approval_cannot_be_published(people):
    officer, reviewer, _ = people
    item_id = _approved(officer, reviewer)
    # Someone with the database file swaps the body of an approved item.
    database_proxy.obj.execute_sql("UPDATE item SET body = 'x' || body WHERE id = " + str(item_id))
    with pytest.raises(ConflictError, match="重新提交审查"):
        reviews.publish(officer, item_id, ["政府网站"])
    assert Item.get_by_id(item_id).status == "approved"


def test_a_raw_sql_attachment_swap_is_caught_too(people):
    officer, reviewer, _ = people
    item_id = _new(officer)
    items_extras.add_attachment(officer, item_id, "附件.txt", b"clean text")
    reviews.submit(officer, item_id)
    reviews.approve(reviewer, item_id)
    database_proxy.obj.execute_sql(
        "UPDATE attachment SET data = %s WHERE item_id = %s"
        % ("X'00'" if db_is_sqlite() else "'\\x00'::bytea", item_id)
    )
    with pytest.raises(ConflictError, match="重新提交审查"):
        reviews.publish(officer, item_id, ["政府网站"])


def db_is_sqlite() -> bool:
    from peewee import SqliteDatabase

    return isinstance(database_proxy.obj, SqliteDatabase)


def test_published_content_cannot_be_changed_in_place(people):
    officer, reviewer, _ = people
    item_id = _approved(officer, reviewer)
    reviews.publish(officer, item_id, ["政府网站"])
    with pytest.raises(ConflictError, match="请先撤回发布"):
        _edit(officer, item_id, body=CLEAN + "补充内容。")
    with pytest.raises(ConflictError, match="请先撤回发布"):
        items_extras.add_attachment(officer, item_id, "补充.txt", b"more")
    assert Item.get_by_id(item_id).body == CLEAN
    _edit(officer, item_id, keywords="低保")  # metadata stays editable
    assert Item.get_by_id(item_id).status == "published"


# --- drafters -----------------------------------------------------------------------------------


def test_a_supervisor_who_edited_the_item_may_not_approve_it(people):
    officer, reviewer, boss = people
    item_id = _new(officer)
    _edit(boss, item_id, body=CLEAN + "（主管领导改了一句）")
    reviews.submit(officer, item_id)
    with pytest.raises(PermissionDenied, match="不能审查自己起草或提交"):
        reviews.approve(boss, item_id)
    who = {c.user_id for c in ItemContributor.select().where(ItemContributor.item == item_id)}
    assert who == {officer.user_id, boss.user_id}
    reviews.approve(reviewer, item_id)  # someone who never touched it may


def test_a_supervisor_who_masked_findings_may_not_approve(people):
    officer, _reviewer, boss = people
    item_id = _new(officer)
    _edit(officer, item_id, body=CLEAN + PERSONAL)
    reviews.submit(officer, item_id)
    reviews.mask_findings(boss, item_id)
    with pytest.raises(PermissionDenied):
        reviews.approve(boss, item_id)


def test_an_earlier_submitter_stays_a_drafter_after_a_colleague_resubmits(people, db):
    officer, reviewer, boss = people
    other = db.user("officer2", "officer,reviewer")
    item_id = _new(officer)
    reviews.submit(other, item_id)
    reviews.return_item(reviewer, item_id, "请补充依据")
    reviews.submit(officer, item_id)
    with pytest.raises(PermissionDenied):
        reviews.approve(other, item_id)


def test_contributor_rows_deleted_with_raw_sql_still_leave_creator_and_submitters(people):
    officer, _reviewer, _boss = people
    item_id = _new(officer)
    reviews.submit(officer, item_id)
    database_proxy.obj.execute_sql("DELETE FROM item_contributor")
    assert officer.user_id in reviews.drafter_ids(Item.get_by_id(item_id), None)


# --- around the gate with raw SQL ---------------------------------------------------------------


def test_status_set_to_published_with_raw_sql_shows_as_a_todo(people, db):
    officer, _, _ = people
    item_id = _new(officer)
    database_proxy.obj.execute_sql(
        "UPDATE item SET status = 'published' WHERE id = " + str(item_id)
    )
    rows = reports_todo.todos(db.admin).of("published_fix")
    assert [(r.record_id, r.label) for r in rows] == [
        (item_id, "没有审查记录却标为已发布：请撤回后走审查")
    ]


# --- items import --historical ------------------------------------------------------------------


def test_historical_import_is_for_administrators_only(people, tmp_path, db):
    officer, _, boss = people
    src = tmp_path / "h.csv"
    _csv(src, [{"标题": "2019年的通知", "发布日期": "2019-05-06", "公开属性": "主动公开"}])
    for actor in (officer, boss):
        with pytest.raises(PermissionDenied, match="系统管理员"):
            items_io.import_items(actor, src, historical=True)
    assert not Item.select().where(Item.title == "2019年的通知").exists()


def test_historical_import_records_published_items_scans_them_and_flags_blocks(
    db, tmp_path, capsys, monkeypatch
):
    src = tmp_path / "h.csv"
    _csv(
        src,
        [
            {"标题": "2019年的通知", "发布日期": "2019-05-06", "正文": CLEAN},
            {"标题": "2019年的名单", "发布日期": "2019-06-01", "正文": PERSONAL},
        ],
    )
    assert _cli(db, monkeypatch, "items", "import", str(src), "--historical", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["ok"], out["imported"], out["historical"], out["flagged"]) == (True, 2, True, 1)
    clean = Item.get(Item.title == "2019年的通知")
    listed = Item.get(Item.title == "2019年的名单")
    assert (clean.status, clean.published_on) == ("published", dt.date(2019, 5, 6))
    assert [r.decision for r in ItemReview.select().where(ItemReview.item == clean.id)] == [
        "historical"
    ]
    assert AuditEntry.select().where(AuditEntry.action == "item.import_historical").count() == 3
    todo = reports_todo.todos(db.admin).of("published_fix")
    assert [t.record_id for t in todo] == [listed.id]
    assert "禁止发布" in todo[0].label
    # Withdrawing resolves it; so would correcting and re-publishing through a review.
    reviews.withdraw(db.admin, listed.id, "含个人信息，撤回整改")
    assert reports_todo.todos(db.admin).of("published_fix") == []


def test_historical_rows_must_be_published_public_items(db, tmp_path):
    src = tmp_path / "h.csv"
    _csv(
        src,
        [
            {"标题": "没有发布日期"},
            {
                "标题": "不予公开的",
                "发布日期": "2019-01-01",
                "公开属性": "不予公开",
                "不公开理由": "涉及个人隐私",
            },
        ],
    )
    report = items_io.import_items(db.admin, src, historical=True)
    assert not report.ok and report.imported == 0
    assert [(e.row, e.column) for e in report.errors] == [(2, "发布日期"), (3, "公开属性")]


def test_historical_and_update_cannot_be_combined(db, tmp_path, monkeypatch):
    src = tmp_path / "h.csv"
    _csv(src, [{"标题": "x", "发布日期": "2019-01-01"}])
    assert _cli(db, monkeypatch, "items", "import", str(src), "--historical", "--update") == 2
    assert not Item.select().where(Item.title == "x").exists()


# --- items import --update ----------------------------------------------------------------------


def test_update_import_updates_existing_numbers_and_creates_the_rest(
    people, db, tmp_path, capsys, monkeypatch
):
    officer, reviewer, _ = people
    approved = _approved(officer, reviewer)
    number = Item.get_by_id(approved).index_no
    src = tmp_path / "u.csv"
    _csv(
        src,
        [
            {"索引号": number, "标题": "关于低保标准调整的公示（更正）", "正文": CLEAN},
            {"标题": "新的一条"},
        ],
    )
    assert _cli(db, monkeypatch, "items", "import", str(src), "--update", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["imported"], out["created"], out["updated"]) == (2, 1, 1)
    item = Item.get_by_id(approved)
    assert (item.title, item.status) == ("关于低保标准调整的公示（更正）", "draft")
    assert ItemReview.get(ItemReview.item == approved).decision == "void"
    assert "item.import_update" in _actions(approved)
    assert Item.select().where(Item.title == "新的一条").get().status == "draft"


def test_update_import_is_all_or_nothing_and_refuses_published_content(people, db, tmp_path):
    officer, reviewer, _ = people
    published = _approved(officer, reviewer)
    reviews.publish(officer, published, ["政府网站"])
    draft = _new(officer, title="草稿一条")
    src = tmp_path / "u.csv"
    _csv(
        src,
        [
            {"索引号": Item.get_by_id(draft).index_no, "标题": "草稿一条（改）"},
            {"索引号": Item.get_by_id(published).index_no, "标题": "偷改已发布的标题"},
        ],
    )
    report = items_io.import_items(db.admin, src, update=True)
    assert not report.ok and [(e.row, e.column) for e in report.errors] == [(3, "标题")]
    assert Item.get_by_id(draft).title == "草稿一条"
    assert Item.get_by_id(published).title == "关于低保标准调整的公示"


def test_without_update_an_existing_number_is_still_refused(people, db, tmp_path):
    officer, _, _ = people
    item_id = _new(officer)
    src = tmp_path / "u.csv"
    _csv(src, [{"索引号": Item.get_by_id(item_id).index_no, "标题": "重复"}])
    report = items_io.import_items(db.admin, src)
    assert not report.ok and report.errors[0].column == "索引号"


def test_update_import_cannot_reach_another_units_item(db, tmp_path):
    a = db.unit("UA", "区教育局")
    b = db.unit("UB", "区卫生健康委")
    off_a = db.user("off_a", "officer", "UA")
    assert a in off_a.unit_ids and b not in off_a.unit_ids
    item_b, _ = items.create_item(db.admin, ItemInput(title="B 的信息", unit_id=b))
    src = tmp_path / "u.csv"
    _csv(src, [{"索引号": Item.get_by_id(item_b).index_no, "标题": "改别人的"}])
    report = items_io.import_items(off_a, src, update=True)
    assert not report.ok
    assert Item.get_by_id(item_b).title == "B 的信息"


# --- demo data obeys the gate -------------------------------------------------------------------


def test_demo_items_stand_on_reviews_of_their_current_content(db, monkeypatch):
    from disclosure_desk.services.admin import demo
    from disclosure_desk.services.items import gate as items_gate

    monkeypatch.setattr(demo._ItemStream, "REVIEWED", 40)  # both the review and history paths
    demo.generate(db.admin, items=400, applications=20, units=3, seed=7)
    published = list(Item.select().where(Item.status.in_(["published", "withdrawn"])))
    assert len(published) > 100
    standing = {
        r.item_id: r.decision
        for r in ItemReview.select().where(ItemReview.decision.in_(["approved", "historical"]))
    }
    assert all(i.id in standing for i in published)
    assert {"approved", "historical"} <= set(standing.values())
    approved = list(Item.select().where(Item.status == "approved"))
    assert approved
    for item in approved:
        review = reviews.latest_review(item.id)
        assert review.decision == "approved"
        assert review.content_hash == items_gate.current_hash(item)
    assert reports_todo.todos(db.admin).of("published_fix") == []
    one = approved[0]
    reviews.publish(db.admin, one.id, ["政府网站"])  # the gate lets a consistent demo item pass
    assert Item.get_by_id(one.id).status == "published"
