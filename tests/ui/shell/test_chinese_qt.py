"""Qt's own dialogs speak Chinese; file dialogs start in Documents and remember the last folder."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from disclosure_desk import i18n
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.shell.qt_setup import install_qt_translation


def test_standard_buttons_read_chinese(qapp, qtbot) -> None:
    assert install_qt_translation(qapp)
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert {"确定", "取消"} <= {t.split("(")[0] for t in texts}
    message = QMessageBox(
        QMessageBox.Icon.Question,
        "t",
        "q",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    qtbot.addWidget(message)
    labels = {b.text().replace("&", "").split("(")[0] for b in message.buttons()}
    assert labels == {"是", "否"}


def test_english_mode_keeps_qt_english(qapp, qtbot) -> None:
    i18n.set_language("en")
    try:
        assert not install_qt_translation(qapp)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.buttons()[0].text().replace("&", "") == "Cancel"
    finally:
        i18n.set_language("zh_CN")
        install_qt_translation(qapp)


def test_file_dialogs_start_in_documents_then_the_last_folder(tmp_path, monkeypatch) -> None:
    QSettings().remove(dialogs.LAST_DIR_KEY)
    from PySide6.QtCore import QStandardPaths

    documents = tmp_path / "文档"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _loc: str(documents))
    assert dialogs.start_folder() == str(documents)
    assert dialogs._in_start_folder("台账.xlsx") == str(documents / "台账.xlsx")
    chosen = tmp_path / "exports" / "x.pdf"
    chosen.parent.mkdir()
    dialogs.remember_folder(str(chosen))
    assert dialogs.start_folder() == str(chosen.parent)
    QSettings().remove(dialogs.LAST_DIR_KEY)
