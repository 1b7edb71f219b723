"""Settings tab: the audit log with filters (who, what, when), CSV/Excel export and chain check."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from disclosure_desk.domain.dates import parse_optional_date
from disclosure_desk.domain.errors import DeskError, InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.admin import (
    audit as audit_service,
)
from disclosure_desk.services.admin import (
    audit_export,
)
from disclosure_desk.services.admin import (
    words as audit_words,
)
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import make_table
from disclosure_desk.ui.settings.common import fit_columns

PAGE = 500


class AuditTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.who = QLineEdit()
        self.who.setPlaceholderText(tr("用户（登录名）"))
        self.what = QLineEdit()
        self.what.setPlaceholderText(tr("操作，如 user、item.create"))
        self.since = QLineEdit()
        self.since.setPlaceholderText(tr("起 2026-01-01"))
        self.until = QLineEdit()
        self.until.setPlaceholderText(tr("止 2026-12-31"))
        for w in (self.who, self.what, self.since, self.until):
            w.returnPressed.connect(self.refresh)
            filters.addWidget(w)
        for text, slot in (
            (N_("查询"), self.refresh),
            (N_("导出…"), self.export),
            (N_("校验哈希链"), self.verify),
            (N_("导出锚点…"), self.export_anchor),
        ):
            b = QPushButton(tr(text))
            b.clicked.connect(slot)
            filters.addWidget(b)
        layout.addLayout(filters)
        self.model = RowTableModel(
            [
                Column(tr("时间"), lambda r: r.when),
                Column(tr("用户"), lambda r: r.who),
                Column(tr("操作"), lambda r: r.what),
                Column(tr("记录"), lambda r: r.record),
                Column(tr("变更"), lambda r: r.changes),
            ]
        )
        self.table = make_table(self.model, stretch_column=4)
        fit_columns(self.table, 0, 1, 2, 3)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setProperty("role", "hint")
        layout.addWidget(self.status)

    def filters(self) -> dict[str, str]:
        out = {"user": self.who.text().strip(), "action": self.what.text().strip()}
        for key, box in (("since", self.since), ("until", self.until)):
            day = parse_optional_date(box.text())
            out[key] = day.isoformat() if day else ""
        return out

    def refresh(self) -> None:
        try:
            rows = audit_service.entries(self.actor, limit=PAGE, **self.filters())
        except InputError as exc:
            dialogs.show_error(self, exc)
            return
        self.model.set_rows(audit_words.describe(rows))
        more = tr("（仅显示最近 500 条，请缩小条件或导出）") if len(rows) == PAGE else ""
        self.status.setText(tr("共显示 {n} 条").format(n=len(rows)) + more)

    def export(self) -> None:
        path = dialogs.current.save_file(
            self,
            tr("导出审计日志"),
            tr("CSV 文件 (*.csv);;Excel 文件 (*.xlsx)"),
            tr("审计日志.csv"),
        )
        if not path:
            return
        try:
            count = audit_export.export(self.actor, path, **self.filters())
        except (DeskError, OSError) as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.current.saved(
            self, tr("导出审计日志"), tr("已导出 {n} 条到 {path}").format(n=count, path=path), path
        )

    def export_anchor(self) -> None:
        """Save the chain's tip for the supervisor to keep away from the database (§4.1)."""
        path = dialogs.current.save_file(
            self, tr("导出审计锚点"), tr("锚点文件 (*.anchor)"), tr("审计锚点.anchor")
        )
        if not path:
            return
        try:
            anchor = audit_service.export_anchor(self.actor, path)
        except (DeskError, OSError) as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.current.info(
            self,
            tr("导出审计锚点"),
            tr(
                "已导出锚点（第 {n} 条）到 {path}。请另行保存（如 U 盘、主管的电脑），"
                "以后可用 disclosure-desk audit verify --anchor 文件 对照。"
            ).format(n=anchor.last_id, path=path),
        )

    def verify(self) -> None:
        try:
            result = audit_service.verify(self.actor)
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        if result.ok:
            dialogs.current.info(self, tr("审计日志校验"), result.message)
        else:
            dialogs.current.error(self, tr("审计日志校验未通过"), result.message)
