"""Item form, attachments tab: 打开附件 writes the stored bytes to a temporary file and hands it to
the desktop; 另存附件 writes them where the officer chose."""

from __future__ import annotations

import datetime as dt

from disclosure_desk.services.items import extras as items_extras
from disclosure_desk.services.items import register as items
from disclosure_desk.services.items.rules import ItemInput
from disclosure_desk.store.models import Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.items.form import ItemForm
from disclosure_desk.ui.items.tabs import AttachmentsTab

DATA = "第一条 附件正文。\r\n第二条 按原样保存。".encode("gb18030")  # stored bytes, not re-encoded


def _form_with_attachment(db, qtbot, actor=None) -> ItemForm:
    root = Unit.get(Unit.code == "ROOT").id
    item_id, _ = items.create_item(
        db.admin, ItemInput(title="甲", unit_id=root, formed_on=dt.date(2024, 1, 1))
    )
    items_extras.add_attachment(db.admin, item_id, "实施方案.txt", DATA)
    form = ItemForm(actor or db.admin, item_id)
    qtbot.addWidget(form)
    return form


def test_save_selected_attachment(db, qtbot, tmp_path):
    script = dialogs.use(dialogs.ScriptedDialogs())
    form = _form_with_attachment(db, qtbot)  # keep the form alive
    tab = form.attachments
    assert tab.list.count() == 1
    assert not tab.save_button.isEnabled() and not tab.open_button.isEnabled()
    tab.list.setCurrentRow(0)
    assert tab.save_button.isEnabled() and tab.open_button.isEnabled()

    script.file_answers.append(None)  # cancelled: nothing written, no message
    tab.save_selected()
    assert script.calls[-1][0] == "save_file"

    target = tmp_path / "另存的方案.txt"
    script.file_answers.append(str(target))
    tab.save_selected()
    assert target.read_bytes() == DATA
    assert script.calls[-1][0] == "info" and str(target) in script.calls[-1][2]

    script.file_answers.append(str(tmp_path / "no-such-dir" / "x.txt"))
    tab.save_selected()
    assert script.calls[-1][0] == "error" and "无法保存" in script.calls[-1][2]


def test_open_selected_attachment(db, qtbot, monkeypatch):
    script = dialogs.use(dialogs.ScriptedDialogs())
    opened = []
    monkeypatch.setattr(AttachmentsTab, "opener", staticmethod(lambda p: opened.append(p) or True))
    form = _form_with_attachment(db, qtbot)  # keep the form alive
    tab = form.attachments
    tab.list.setCurrentRow(0)
    path = tab.open_selected()
    assert opened == [path] and path.name == "实施方案.txt" and path.read_bytes() == DATA
    second = tab.open_selected()
    assert second != path  # each opening gets its own folder
    assert script.calls == []

    monkeypatch.setattr(AttachmentsTab, "opener", staticmethod(lambda p: False))
    tab.open_selected()
    assert script.calls[-1][0] == "warning" and "另存附件" in script.calls[-1][2]


def test_reader_may_save_but_not_remove(db, qtbot, tmp_path):
    script = dialogs.use(dialogs.ScriptedDialogs())
    reviewer = db.user("rev", "reviewer")
    form = _form_with_attachment(db, qtbot, reviewer)
    tab = form.attachments
    tab.list.setCurrentRow(0)
    assert tab.save_button.isEnabled() and not tab.remove_button.isEnabled()
    script.file_answers.append(str(tmp_path / "a.txt"))
    tab.save_selected()
    assert (tmp_path / "a.txt").read_bytes() == DATA
