"""Settings tab 文书: the contact details every letter prints (联系人, 联系电话, 通信地址) and the
body's own Word template for .docx letters and reports. Letters are refused until the three
contact fields are filled in."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.applications import letters
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.settings.common import broadcast, run


class LettersTab(QWidget):
    """Contact details and Word template for letters."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr(
                "答复书、告知书等文书的附注会印上本机关的联系人、联系电话和通信地址；"
                "三项都填写后才能出具文书。Word 模板是本机关带版头的 .docx 文件，"
                "导出 Word 格式的文书和年度报告时以它为底稿（可不填）。"
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, label in letters.CONTACT_SETTINGS.items():
            edit = QLineEdit()
            edit.setMaxLength(200)
            self.edits[key] = edit
            form.addRow(tr(label) + "：", edit)
        self.edits["letters.contact"].setPlaceholderText(tr("例如：区政府信息公开办公室 王明"))
        self.edits["letters.phone"].setPlaceholderText(tr("例如：010-12345678"))
        self.edits["letters.address"].setPlaceholderText(
            tr("例如：某市某区某路1号（邮政编码100000）")
        )
        template = QHBoxLayout()
        self.template = QLineEdit()
        self.template.setPlaceholderText(tr("不用模板时留空"))
        browse = QPushButton(tr("选择…"))
        browse.clicked.connect(self.choose_template)
        template.addWidget(self.template, 1)
        template.addWidget(browse)
        form.addRow(tr("Word 模板："), template)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.save_button = QPushButton(tr("保存"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        editable = actor.can("settings.edit")
        for edit in [*self.edits.values(), self.template]:
            edit.setReadOnly(not editable)
        browse.setEnabled(editable)
        self.save_button.setEnabled(editable)
        if not editable:
            self.save_button.setToolTip(tr("只有系统管理员可以修改文书设置。"))
        self.refresh()

    def refresh(self) -> None:
        values = letters.letter_settings()
        for key, edit in self.edits.items():
            edit.setText(values[key])
        self.template.setText(values[letters.WORD_TEMPLATE_KEY])
        self._show_missing()

    def _show_missing(self) -> None:
        missing = letters.missing_letter_settings()
        if missing:
            self.status.setProperty("role", "warning")
            self.status.setText(
                tr("尚未填写：")
                + tr("、").join(tr(m) for m in missing)
                + tr("。填写前不能出具文书。")
            )
        else:
            self.status.setProperty("role", "hint")
            self.status.setText(tr("文书设置已完整。"))

    def choose_template(self) -> None:
        path = dialogs.current.open_file(self, tr("选择 Word 模板"), tr("Word 文件 (*.docx)"))
        if path:
            self.template.setText(path)

    def save(self) -> None:
        values = {key: edit.text() for key, edit in self.edits.items()}
        values[letters.WORD_TEMPLATE_KEY] = self.template.text()
        changes = run(self, lambda: letters.set_letter_settings(self.actor, values))
        if changes is not None:
            broadcast(self, changes)
            self.refresh()
