"""Applications view: template, import (dry-run then import) and export from the GUI."""

from __future__ import annotations

from disclosure_desk.services.applications import spreadsheets as applications_io
from disclosure_desk.store.models import Application
from disclosure_desk.ui.applications.view import ApplicationsView
from disclosure_desk.ui.common import dialogs


def test_template_import_and_export_round_trip(db, qtbot, tmp_path):
    scripted = dialogs.use(dialogs.ScriptedDialogs())
    try:
        view = ApplicationsView(db.admin)
        qtbot.addWidget(view)
        view.refresh()
        # Export nothing, write a template, then build an import file with one case.
        template = tmp_path / "template.csv"
        scripted.file_answers.append(str(template))
        view.save_template()
        header = template.read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.startswith("申请编号,收到日期,申请方式")
        data = tmp_path / "ledger.csv"
        data.write_text(
            header + "\n,2025-03-05,当面,自然人,张三,,13800000000,某项目审批文件,,,,,,,\n",
            encoding="utf-8-sig",
        )
        scripted.file_answers.append(str(data))
        view.import_file()
        dlg = view._import
        qtbot.waitUntil(lambda: dlg.import_button.isEnabled(), timeout=10000)
        assert Application.select().count() == 0  # the dry run wrote nothing
        dlg.import_button.click()
        qtbot.waitUntil(lambda: "已导入" in dlg.status.text(), timeout=10000)
        assert Application.select().count() == 1
        qtbot.waitUntil(lambda: "共 1 件" in view.count.text(), timeout=5000)
        out = tmp_path / "export.csv"
        scripted.file_answers.append(str(out))
        view.export_file()
        rows = out.read_text(encoding="utf-8-sig").splitlines()
        assert len(rows) == 2 and "张三" in rows[1]
        assert applications_io.import_applications(
            db.admin, out, dry_run=True
        ).errors  # same number exists
    finally:
        dialogs.use(dialogs.Dialogs())


def test_bad_file_lists_rows_and_imports_nothing(db, qtbot, tmp_path):
    scripted = dialogs.use(dialogs.ScriptedDialogs())
    try:
        view = ApplicationsView(db.admin)
        qtbot.addWidget(view)
        template = tmp_path / "t.csv"
        applications_io.write_template(template)
        header = template.read_text(encoding="utf-8-sig").splitlines()[0]
        bad = tmp_path / "bad.csv"
        bad.write_text(
            header + "\n,2025-13-45,当面,自然人,张三,,,内容,,,,,,,\n", encoding="utf-8-sig"
        )
        scripted.file_answers.append(str(bad))
        view.import_file()
        dlg = view._import
        qtbot.waitUntil(lambda: dlg.errors.rowCount() > 0, timeout=10000)
        assert dlg.errors.item(0, 0).text() == "2"
        assert not dlg.import_button.isEnabled()
        assert Application.select().count() == 0
    finally:
        dialogs.use(dialogs.Dialogs())
