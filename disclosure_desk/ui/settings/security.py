"""Settings tabs: security policy (timeout, lockout) and backups (list, back up now, restore)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.admin import backups
from disclosure_desk.services.common import session_policy
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import make_table
from disclosure_desk.ui.settings.common import broadcast, button_row, fit_columns, run, selected


class SecurityTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.boxes: dict[str, QSpinBox] = {}
        for name, label in session_policy.LABELS.items():
            box = QSpinBox()
            box.setRange(*session_policy.LIMITS[name])
            box.setEnabled(actor.can("settings.edit"))
            box.setMaximumWidth(120)
            self.boxes[name] = box
            form.addRow(tr(label), box)
        layout.addLayout(form)
        note = QLabel(tr("无操作自动锁定设为 0 表示不锁定。锁定后须重新输入密码才能继续使用。"))
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.save_button = QPushButton(tr("保存安全设置"))
        self.save_button.setEnabled(actor.can("settings.edit"))
        self.save_button.clicked.connect(self.save)
        row, _ = button_row()
        row.insertWidget(0, self.save_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def refresh(self) -> None:
        policy = session_policy.load()
        for name, box in self.boxes.items():
            box.setValue(getattr(policy, name))

    def save(self) -> None:
        values = {name: box.value() for name, box in self.boxes.items()}
        done = run(self, lambda: session_policy.save(self.actor, **values))
        if done is not None:
            policy, changes = done
            window = self.window()
            lock = getattr(window, "session_lock", None)
            if lock is not None:
                lock.set_timeout_minutes(policy.timeout_minutes)
            dialogs.current.info(self, tr("安全设置"), tr("已保存。"))
            broadcast(self, changes)


class BackupTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        self.note = QLabel(
            tr(
                "每天首次登录、退出程序、升级和导入之前会自动备份（SQLite 在线备份），"
                "每类保留最近若干份；恢复前会先校验备份文件的完整性。"
            )
        )
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = RowTableModel(
            [
                Column(tr("时间"), lambda r: r.created.strftime("%Y-%m-%d %H:%M:%S")),
                Column(tr("类型"), lambda r: backups.kind_label(r.kind)),
                Column(tr("大小"), lambda r: f"{r.size / 1024 / 1024:.1f} MB", align_right=True),
                Column(tr("文件"), lambda r: r.path.name),
            ]
        )
        self.table = make_table(self.model, stretch_column=3)
        fit_columns(self.table, 0, 1, 2)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(tr("还没有备份。点“立即备份”做第一份；以后每天首次登录时会自动备份。"))
        self.empty.setProperty("role", "warning")
        self.empty.hide()
        layout.addWidget(self.empty)
        row, (self.backup_button, self.restore_selected_button, self.restore_file_button) = (
            button_row(
                (tr("立即备份"), self.backup_now),
                (tr("恢复所选备份…"), self.restore_selected),
                (tr("从文件恢复…"), self.restore_file),
            )
        )
        layout.addLayout(row)
        self.backup_button.setEnabled(actor.can("backup.run"))
        for b in (self.restore_selected_button, self.restore_file_button):
            b.setEnabled(actor.can("backup.restore"))

    def refresh(self) -> None:
        if not self.actor.can("backup.run"):
            return
        if not backups.file_backups_available():
            self.note.setText(
                tr(
                    "当前使用 PostgreSQL 数据库：请由服务器管理员用 pg_dump / pg_restore 定期备份和恢复。"
                )
            )
            for b in (self.backup_button, self.restore_selected_button, self.restore_file_button):
                b.setEnabled(False)
            return
        rows = backups.listing(self.actor)
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)

    def backup_now(self) -> None:
        out = run(self, lambda: backups.backup_now(self.actor))
        if out is not None:
            dialogs.current.info(self, tr("备份"), tr("已备份到 {path}").format(path=out))
            self.refresh()

    def restore_selected(self) -> None:
        chosen = selected(self.table)
        if chosen is None:
            dialogs.current.info(self, tr("恢复备份"), tr("请先在表格中选中一个备份。"))
            return
        self._restore(chosen.path)

    def restore_file(self) -> None:
        path = dialogs.current.open_file(
            self, tr("选择备份文件"), tr("SQLite 数据库 (*.sqlite3 *.db);;所有文件 (*)")
        )
        if path:
            self._restore(Path(path))

    def _restore(self, source: Path) -> None:
        text = tr(
            "将用备份 {name} 替换当前数据库，备份之后的所有修改都会丢失"
            "（当前数据库会先另存一份“恢复前备份”）。确定恢复吗？"
        ).format(name=source.name)
        if not dialogs.current.confirm(self, tr("确认恢复备份"), text):
            return
        done = run(self, lambda: backups.restore_from(self.actor, source))
        if done is None:
            return
        kept, changes = done
        dialogs.current.info(
            self, tr("恢复备份"), tr("已恢复。原数据库已另存为 {name}。").format(name=kept.name)
        )
        self.refresh()
        broadcast(self, changes)
