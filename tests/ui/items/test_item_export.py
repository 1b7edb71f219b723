"""Items view export: runs in a worker thread behind a progress dialog, reports the count when
done, and a cancel leaves no half-written file."""

from __future__ import annotations

import csv

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.store.models import Item, Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.items.export_dialog import ExportDialog
from disclosure_desk.ui.items.view import ItemsView


def _seed(n: int) -> None:
    root = Unit.get(Unit.code == "ROOT").id
    rows = [
        {"index_no": f"000014349/2025-{i:05d}", "title": f"通知{i}", "unit": root}
        for i in range(1, n + 1)
    ]
    for start in range(0, n, 500):
        Item.insert_many(rows[start : start + 500]).execute()


def test_export_runs_in_worker_and_reports(db, qtbot, tmp_path):
    script = dialogs.use(dialogs.ScriptedDialogs())
    _seed(2300)
    view = ItemsView(db.admin)
    qtbot.addWidget(view)
    view.refresh()
    target = tmp_path / "登记册.csv"
    script.file_answers.append(str(target))
    view.export_file()
    dlg = view._export
    with qtbot.waitSignal(dlg.exported, timeout=30000) as blocker:
        pass
    assert blocker.args == [2300]
    assert not dlg.isVisible()
    assert script.calls[-1] == ("info", "导出完成", f"已导出 2,300 条信息到 {target}。")
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["索引号", "标题"] and len(rows) == 2301
    assert (dlg.bar.value(), dlg.bar.maximum()) == (2300, 2300)  # progress reached the dialog


def test_cancel_removes_partial_file(db, qtbot, tmp_path, monkeypatch):
    script = dialogs.use(dialogs.ScriptedDialogs())
    _seed(2300)
    target = tmp_path / "out.csv"
    real = items_io.export_items

    def slow_start(actor, path, filters, progress=None):
        def gate(done, total, label):
            # Cancel as soon as the first thousand rows are on disk.
            if done >= 1000:
                dlg.cancel()
            return progress(done, total, label)

        return real(actor, path, filters, progress=gate)

    monkeypatch.setattr(items_io, "export_items", slow_start)
    dlg = ExportDialog(db.admin, str(target), items_io.ItemFilter())
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.exported, timeout=30000) as blocker:
        pass
    assert isinstance(blocker.args[0], items_io.Cancelled)
    assert not target.exists()
    assert script.calls[-1] == ("info", "导出信息", "已取消导出。")


def test_export_error_is_shown(db, qtbot, tmp_path):
    script = dialogs.use(dialogs.ScriptedDialogs())
    _seed(3)
    dlg = ExportDialog(db.admin, str(tmp_path / "no-such-dir" / "x.csv"), items_io.ItemFilter())
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.exported, timeout=30000) as blocker:
        pass
    assert isinstance(blocker.args[0], DeskError)
    assert script.calls[-1][:2] == ("error", "导出未完成")
    assert script.calls[-1][2].startswith("无法读写文件") and "x.csv" in script.calls[-1][2]
