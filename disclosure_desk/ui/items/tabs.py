"""Tabs of the item form that act immediately: attachments, coordination (发布协调), history."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain import vocabulary
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr, tr_value
from disclosure_desk.services.items import extras as items_extras
from disclosure_desk.services.items import register as items
from disclosure_desk.services.items.rules import COORDINATION_ANSWERS
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.items.fields import DateEdit, set_combo, value_combo

ACTION_LABELS = {
    "item.create": N_("登记"),
    "item.import": N_("批量导入"),
    "item.edit": N_("修改"),
    "item.repeal": N_("废止"),
    "item.validity_reviewed": N_("复核有效性"),
    "item.attachment_add": N_("添加附件"),
    "item.attachment_remove": N_("删除附件"),
    "item.coordination_add": N_("添加发布协调"),
    "item.coordination_edit": N_("更新发布协调"),
    "item.coordination_remove": N_("删除发布协调"),
}


def open_with_system(path: Path) -> bool:
    """Hand a file to the desktop's default application (Word, a PDF reader…)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AttachmentsTab(QWidget):
    changed = Signal(object)
    # Replaced in tests so nothing is launched.
    opener = staticmethod(open_with_system)

    def __init__(self, actor: Actor, item_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor, self.item_id = actor, item_id
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("添加附件…"))
        self.remove_button = QPushButton(tr("删除所选附件"))
        self.open_button = QPushButton(tr("打开附件"))
        self.save_button = QPushButton(tr("另存附件…"))
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.list.itemDoubleClicked.connect(lambda _e: self.open_selected())
        self.list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        editable = actor.can("item.edit")
        self.add_button.setEnabled(editable)
        self.editable = editable
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        self.remove_button.setEnabled(self.editable and chosen)
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)

    def load(self, detail: items.ItemDetail) -> None:
        self.list.clear()
        for a in detail.attachments:
            entry = QListWidgetItem(
                a.filename
                + tr("（{size} KB，提取文字 {chars} 字）").format(
                    size=f"{a.size / 1024:.1f}", chars=a.text_chars
                )
            )
            entry.setData(256, a.id)
            self.list.addItem(entry)
        self._update_buttons()

    def _selected_data(self) -> tuple[str, bytes] | None:
        entry = self.list.currentItem()
        if entry is None:
            return None
        try:
            return items_extras.attachment_data(self.actor, entry.data(256))
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return None

    def save_selected(self) -> None:
        found = self._selected_data()
        if found is None:
            return
        name, data = found
        suffix = Path(name).suffix.lower()
        filters = (
            tr("{kind} 文件 (*{suffix});;所有文件 (*)").format(
                kind=suffix[1:].upper(), suffix=suffix
            )
            if suffix
            else tr("所有文件 (*)")
        )
        path = dialogs.current.save_file(self, tr("另存附件"), filters, name)
        if not path:
            return
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            dialogs.current.error(
                self,
                tr("另存附件"),
                tr("无法保存到 {path}：{problem}").format(path=path, problem=exc.strerror or exc),
            )
            return
        dialogs.current.saved(
            self,
            tr("另存附件"),
            tr("附件“{name}”已保存到 {path}。").format(name=name, path=path),
            path,
        )

    def open_selected(self) -> Path | None:
        """Write the attachment to a private temporary folder and open it there."""
        found = self._selected_data()
        if found is None:
            return None
        name, data = found
        # A fresh folder per opening: two attachments with one name never overwrite each other.
        folder = Path(tempfile.mkdtemp(prefix="disclosure-desk-"))
        path = folder / (Path(name).name or tr("附件"))
        try:
            path.write_bytes(data)
        except OSError as exc:
            dialogs.current.error(
                self,
                tr("打开附件"),
                tr("无法写出临时文件：{problem}").format(problem=exc.strerror or exc),
            )
            return None
        if not self.opener(path):
            dialogs.current.warning(
                self,
                tr("打开附件"),
                tr("没有可以打开“{name}”的程序；请用“另存附件”保存后再打开。").format(name=name),
            )
        return path

    def add(self) -> None:
        path = dialogs.current.open_file(
            self,
            tr("添加附件"),
            tr(
                "文档、表格和图片 (*.docx *.doc *.wps *.pdf *.txt *.xlsx *.xls *.et *.csv *.png *.jpg *.jpeg *.tif *.tiff)"
            ),
        )
        if not path:
            return
        try:
            _id, changes = items_extras.add_attachment(
                self.actor, self.item_id, Path(path).name, Path(path).read_bytes()
            )
        except (DeskError, OSError) as exc:  # the officer's file: shown in plain words
            dialogs.show_error(self, exc)
            return
        self.changed.emit(changes)

    def remove(self) -> None:
        entry = self.list.currentItem()
        if entry is None:
            return
        if not dialogs.current.confirm(
            self, tr("删除附件"), tr("确定删除附件“{name}”？").format(name=entry.text())
        ):
            return
        try:
            changes = items_extras.remove_attachment(self.actor, entry.data(256))
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self.changed.emit(changes)


class CoordinationTab(QWidget):
    """Which bodies must confirm before publication (条例第十一条), with their answers."""

    changed = Signal(object)
    HEADERS = (N_("协调机关"), N_("发函日期"), N_("答复"), N_("答复日期"), N_("备注"))

    def __init__(self, actor: Actor, item_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor, self.item_id = actor, item_id
        self.rows: list[items.CoordinationInfo] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([tr(h) for h in self.HEADERS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._pick)
        layout.addWidget(self.table, 1)
        form = QHBoxLayout()
        self.body = QLineEdit()
        self.body.setPlaceholderText(tr("协调机关名称"))
        self.requested = DateEdit(tr("发函日期"))
        self.answer = value_combo(
            COORDINATION_ANSWERS,
            vocabulary.ANSWER_PENDING,
            display=lambda v: tr_value("coordination", v),
        )
        self.answered = DateEdit(tr("答复日期"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("备注"))
        for w in (self.body, self.requested, self.answer, self.answered, self.note):
            form.addWidget(w)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("添加"))
        self.update_button = QPushButton(tr("更新所选"))
        self.remove_button = QPushButton(tr("删除所选"))
        for b in (self.add_button, self.update_button, self.remove_button):
            buttons.addWidget(b)
            b.setEnabled(actor.can("item.edit"))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.update_button.clicked.connect(self.update)
        self.remove_button.clicked.connect(self.remove)

    def load(self, detail: items.ItemDetail) -> None:
        self.rows = list(detail.coordinations)
        self.table.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            for col, value in enumerate(
                (
                    c.body_name,
                    c.requested_on,
                    tr_value("coordination", c.answer),
                    c.answered_on,
                    c.note,
                )
            ):
                self.table.setItem(r, col, QTableWidgetItem("" if value is None else str(value)))

    def _selected(self) -> items.CoordinationInfo | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _pick(self) -> None:
        c = self._selected()
        if c:
            self.body.setText(c.body_name)
            self.requested.set_date(c.requested_on)
            set_combo(self.answer, c.answer)
            self.answered.set_date(c.answered_on)
            self.note.setText(c.note)

    def _run(self, fn) -> None:
        try:
            result = fn()
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self.changed.emit(result[1] if isinstance(result, tuple) else result)

    def add(self) -> None:
        self._run(
            lambda: items_extras.add_coordination(
                self.actor,
                self.item_id,
                self.body.text(),
                self.requested.date(),
                self.answer.currentData(),
                self.answered.date(),
                self.note.text(),
            )
        )

    def update(self) -> None:
        c = self._selected()
        if c:
            self._run(
                lambda: items_extras.update_coordination(
                    self.actor,
                    c.id,
                    self.body.text(),
                    self.requested.date(),
                    self.answer.currentData(),
                    self.answered.date(),
                    self.note.text(),
                )
            )

    def remove(self) -> None:
        c = self._selected()
        if c and dialogs.current.confirm(
            self, tr("删除协调记录"), tr("确定删除“{name}”的协调记录？").format(name=c.body_name)
        ):
            self._run(lambda: items_extras.remove_coordination(self.actor, c.id))


def _summary(text: str) -> str:
    if not text:
        return ""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, dict):
        keep = (
            "title",
            "validity",
            "repealed_on",
            "repealed_by",
            "disclosure",
            "status",
            "filename",
            "body_name",
            "answer",
            "validity_reviewed_on",
            "published_on",
        )
        return "，".join(f"{k}={v}" for k, v in value.items() if k in keep and v not in (None, ""))
    return str(value)


class HistoryTab(QWidget):
    def __init__(self, actor: Actor, item_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor, self.item_id = actor, item_id
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        layout.addWidget(self.list)

    def load(self, _detail: items.ItemDetail) -> None:
        self.list.clear()
        for h in items.history(self.actor, self.item_id):
            label = tr(ACTION_LABELS.get(h.action, h.action))
            detail = _summary(h.after) or _summary(h.before)
            self.list.addItem(
                f"{h.ts.replace('T', ' ')}  {h.user}  {label}" + (f"：{detail}" if detail else "")
            )
