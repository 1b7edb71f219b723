"""Settings tab 文书 and the case view's letter format: contact details filled in through the GUI,
letters refused (with the missing fields named) until they are, Word letters from the case view."""

from __future__ import annotations

import io

import docx
from app_helpers import acceptance_case

from disclosure_desk.services.admin import users
from disclosure_desk.services.applications import letters
from disclosure_desk.services.common import auth
from disclosure_desk.store.models import Unit
from disclosure_desk.ui.applications.case import CaseDialog
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.settings.letters import LettersTab


def test_letters_tab_saves_and_case_view_prints_word(db, qtbot, tmp_path):
    script = dialogs.use(dialogs.ScriptedDialogs())
    app_id = acceptance_case(db.admin)
    case = CaseDialog(db.admin, app_id)
    qtbot.addWidget(case)
    # Before the settings: the case view says what is missing and writes nothing.
    out = tmp_path / "ext.docx"
    script.file_answers.append(str(out))
    case.print_letter("extension")
    kind, title, text = script.calls[-1]
    assert kind == "error" and "联系人、联系电话、通信地址" in text
    assert not out.exists()

    tab = LettersTab(db.admin)
    qtbot.addWidget(tab)
    assert "尚未填写" in tab.status.text()
    tab.edits["letters.contact"].setText("区政务公开办 王明")
    tab.edits["letters.phone"].setText("0571-87654321")
    tab.edits["letters.address"].setText("青山区人民路1号")
    tab.save()
    assert letters.missing_letter_settings() == []
    assert letters.letter_settings()["letters.phone"] == "0571-87654321"
    assert "已完整" in tab.status.text()

    case.letter_format.setCurrentIndex(case.letter_format.findData("docx"))
    script.file_answers.append(str(out))
    case.print_letter("extension")
    assert script.calls[-1][0] == "info"
    body = "".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "延期答复告知书" in body and "0571-87654321" in body
    assert "《中华人民共和国政府信息公开条例》" in body


def test_letters_tab_is_read_only_for_officers(db, qtbot):
    root = Unit.get(Unit.code == "ROOT").id
    users.create_user(db.admin, "clerk", "信息员", root, "officer", "Clerk@2026x")
    tab = LettersTab(auth.sign_in("clerk", "Clerk@2026x"))
    qtbot.addWidget(tab)
    assert not tab.save_button.isEnabled()
    assert all(edit.isReadOnly() for edit in tab.edits.values())
