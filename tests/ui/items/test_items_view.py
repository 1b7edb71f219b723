"""Items view: SQL-side filters and search, lazy pages, the item form and the import dialog."""

from __future__ import annotations

import csv
import datetime as dt

from disclosure_desk.services.items import register as items
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.services.items.rules import ItemInput
from disclosure_desk.store.models import Item, Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.items.form import ItemForm
from disclosure_desk.ui.items.import_dialog import ImportDialog
from disclosure_desk.ui.items.view import ItemsView


def _seed(db, n: int = 450) -> None:
    root = Unit.get(Unit.code == "ROOT").id
    edu = db.unit("EDU", "区教育局")
    for i in range(n):
        items.create_item(
            db.admin,
            ItemInput(
                title=f"{'义务教育招生' if i % 3 == 0 else '城市道路养护'}通知{i}",
                unit_id=edu if i % 2 else root,
                genre="通知" if i % 5 == 0 else "公告",
                formed_on=dt.date(2025, 1, 2),
                published_on=dt.date(2025, 2, 3) if i % 4 else None,
            ),
        )
    # Fixture data: the dated ones stand as published (a form's 发布日期 alone makes a draft).
    Item.update(status="published").where(Item.published_on.is_null(False)).execute()


def test_lazy_list_filters_search_and_sort(db, qtbot):
    dialogs.use(dialogs.ScriptedDialogs())
    _seed(db)
    view = ItemsView(db.admin)
    qtbot.addWidget(view)
    view.refresh()
    assert view.model.rowCount() == 200 and view.model.canFetchMore()
    assert "450" in view.count_label.text()
    view.model.fetchMore()
    assert view.model.rowCount() == 400
    view.unit_box.setCurrentIndex(view.unit_box.findText("区教育局"))
    assert "225" in view.count_label.text()
    assert {r.unit_name for r in view.model.rows} == {"区教育局"}
    view.genre_box.setCurrentIndex(view.genre_box.findData("通知"))
    assert all(r.genre == "通知" for r in view.model.rows) and view.model.rows
    view.unit_box.setCurrentIndex(0)
    view.genre_box.setCurrentIndex(0)
    view.search.setText("义务教育")
    view.refresh()  # what the debounce timer does
    assert "150" in view.count_label.text()
    assert all("义务教育" in r.title for r in view.model.rows)
    view.search.setText("")
    view.overdue_box.setChecked(True)
    assert all(r.overdue and r.published_on is None for r in view.model.rows) and view.model.rows
    view.overdue_box.setChecked(False)
    view.model.sort(1, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
    titles = [r.title for r in view.model.rows]
    assert titles == sorted(titles)


def test_form_creates_edits_and_reports_conflicts(db, qtbot):
    scripted = dialogs.use(dialogs.ScriptedDialogs())
    form = ItemForm(db.admin, None)
    qtbot.addWidget(form)
    form.title.setText("关于印发养老服务实施方案的通知")
    form.disclosure.setCurrentIndex(form.disclosure.findData("withheld"))
    assert not form.save()  # a withheld item needs a legal ground
    assert scripted.calls[-1][0] == "error" and "法定理由" in scripted.calls[-1][2]
    form.ground.setCurrentIndex(form.ground.findData("process_info"))
    form.reason.setText("属于过程性信息")
    assert form.save()
    item = Item.get(Item.title == "关于印发养老服务实施方案的通知")
    assert item.withhold_ground == "process_info" and item.index_no.startswith("000014349/")

    first = ItemForm(db.admin, item.id)
    second = ItemForm(db.admin, item.id)
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    assert first.header.text().startswith(f"索引号：{item.index_no}")
    first.keywords.setText("养老")
    assert first.save()
    second.keywords.setText("别的")
    assert not second.save()
    assert scripted.calls[-1][:2] == ("warning", "已被他人修改")
    assert Item.get_by_id(item.id).keywords == "养老"


def test_repeal_and_attachment_from_form(db, qtbot, tmp_path):
    scripted = dialogs.use(dialogs.ScriptedDialogs())
    root = Unit.get(Unit.code == "ROOT").id
    item_id, _ = items.create_item(
        db.admin, ItemInput(title="甲", unit_id=root, formed_on=dt.date(2024, 1, 1))
    )
    form = ItemForm(db.admin, item_id)
    qtbot.addWidget(form)
    txt = tmp_path / "附件.txt"
    txt.write_text("附件里的独特内容", encoding="utf-8")
    scripted.file_answers.append(str(txt))
    form.attachments.add()
    assert form.attachments.list.count() == 1
    scripted.text_answers.extend(["2025-03-01", "青政发〔2025〕1号"])
    form.repeal()
    assert Item.get_by_id(item_id).validity == "废止"
    assert form.validity.currentData() == "废止"
    assert form.history.list.count() == 3  # create, attachment, repeal


def test_import_dialog_dry_run_then_import(db, qtbot, tmp_path):
    dialogs.use(dialogs.ScriptedDialogs())
    path = tmp_path / "in.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(items_io.ITEM_HEADERS)
        w.writerow(["", "导入的信息", "", "", "2025-01-02", "", "proactive"] + [""] * 8)
        w.writerow(["", "", "", "", "bad", "", "proactive"] + [""] * 8)
    dlg = ImportDialog(db.admin, str(path))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.result_report is not None, timeout=10000)
    assert not dlg.result_report.ok and dlg.errors.rowCount() == 2
    assert not dlg.import_button.isEnabled()
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(items_io.ITEM_HEADERS)
        w.writerow(["", "导入的信息", "", "", "2025-01-02", "", "proactive"] + [""] * 8)
    dlg2 = ImportDialog(db.admin, str(path))
    qtbot.addWidget(dlg2)
    qtbot.waitUntil(lambda: dlg2.import_button.isEnabled(), timeout=10000)
    with qtbot.waitSignal(dlg2.changed, timeout=10000):
        dlg2.import_button.click()
    assert Item.select().where(Item.title == "导入的信息").count() == 1
    qtbot.waitUntil(lambda: not dlg2.running(), timeout=5000)


def test_import_dialog_offers_update_to_all_and_history_to_administrators(db, qtbot, tmp_path):
    dialogs.use(dialogs.ScriptedDialogs())
    item_id, _ = items.create_item(
        db.admin, ItemInput(title="原标题", unit_id=Unit.get(Unit.code == "ROOT").id)
    )
    number = Item.get_by_id(item_id).index_no
    path = tmp_path / "in.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(items_io.ITEM_HEADERS)
        w.writerow([number, "改过的标题", "", "", "2025-01-02", "", "主动公开"] + [""] * 8)
    officer = db.user("off1", "officer")
    dlg = ImportDialog(officer, str(path))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.result_report is not None, timeout=10000)
    assert not dlg.result_report.ok  # the number exists: refused without the update option
    assert dlg.update_box.isVisibleTo(dlg) and not dlg.historical_box.isVisibleTo(dlg)
    dlg.update_box.setChecked(True)  # checks the file again in update mode
    qtbot.waitUntil(lambda: dlg.import_button.isEnabled(), timeout=10000)
    with qtbot.waitSignal(dlg.changed, timeout=10000):
        dlg.import_button.click()
    assert Item.get_by_id(item_id).title == "改过的标题"
    qtbot.waitUntil(lambda: not dlg.running(), timeout=5000)
    admin_dlg = ImportDialog(db.admin, str(path))
    qtbot.addWidget(admin_dlg)
    assert admin_dlg.historical_box.isVisibleTo(admin_dlg)
    qtbot.waitUntil(lambda: admin_dlg.result_report is not None, timeout=10000)
    qtbot.waitUntil(lambda: not admin_dlg.running(), timeout=5000)
