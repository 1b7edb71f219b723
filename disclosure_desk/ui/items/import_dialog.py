"""Import dialog: a dry-run report of every bad row, then the import in a worker with progress and cancel.

Used for both registers: ``runner`` is the service call (items by default, applications too).

The worker thread only calls services (peewee gives each thread its own connection); widgets are
touched only in slots on the main thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.ui.common import workers
from disclosure_desk.ui.common.layout_fit import fit_dialog

# (actor, path, dry_run, progress) -> a report with ok, imported, checked, errors, changes
Runner = Callable[[Actor, str, bool, Callable[[int, int, str], bool]], object]


def import_items(
    actor: Actor, path: str, dry_run: bool, progress, update: bool = False, historical: bool = False
) -> object:
    return items_io.import_items(
        actor, path, dry_run=dry_run, progress=progress, update=update, historical=historical
    )


class ImportDialog(QDialog):
    changed = Signal(object)

    def __init__(
        self,
        actor: Actor,
        path: str,
        parent: QWidget | None = None,
        *,
        runner: Runner = import_items,
        title: str = N_("导入信息"),
        noun: str = N_("条信息"),
    ) -> None:
        super().__init__(parent)
        self.actor, self.path, self.runner, self.noun = actor, path, runner, noun
        self._dry_run = True
        self.setWindowTitle(tr(title))
        fit_dialog(self, 760, 480)
        layout = QVBoxLayout(self)
        self.status = QLabel(tr("正在检查 {path} …").format(path=path))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.bar = QProgressBar()
        layout.addWidget(self.bar)
        # Item imports only: update existing 索引号, or record the register's history (admins).
        self.update_box = QCheckBox(tr("更新导入：索引号已存在的行更新该信息，其余新建"))
        self.historical_box = QCheckBox(
            tr("历史导入：登记册启用前已发布的信息，直接记为已发布（仅系统管理员）")
        )
        options = runner is import_items
        self.update_box.setVisible(options)
        self.historical_box.setVisible(options and "admin" in actor.roles)
        self.update_box.toggled.connect(lambda on: self._option_changed(self.historical_box, on))
        self.historical_box.toggled.connect(lambda on: self._option_changed(self.update_box, on))
        layout.addWidget(self.update_box)
        layout.addWidget(self.historical_box)
        self.errors = QTableWidget(0, 3)
        self.errors.setHorizontalHeaderLabels((tr("行号"), tr("列"), tr("问题")))
        self.errors.horizontalHeader().setStretchLastSection(True)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.errors, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton(tr("导入"))
        self.import_button.setEnabled(False)
        self.cancel_button = QPushButton(tr("取消"))
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.import_button.clicked.connect(lambda: self._start(dry_run=False))
        self.cancel_button.clicked.connect(self._cancel)
        self.task: workers.Task | None = None
        self.result_report: object | None = None
        self._start(dry_run=True)

    def _option_changed(self, other: QCheckBox, on: bool) -> None:
        """The two modes exclude each other; any change checks the file again."""
        if on and other.isChecked():
            other.setChecked(False)
            return  # the other box's toggle starts the check
        if self.task is not None:
            # The boxes are disabled while a check runs, so this is only the finished check
            # winding down.
            self.task.wait()
        self.errors.setRowCount(0)
        self.result_report = None
        self._start(dry_run=True)

    def _runner(self) -> Runner:
        if self.runner is not import_items:
            return self.runner
        update, historical = self.update_box.isChecked(), self.historical_box.isChecked()

        def run(actor: Actor, path: str, dry_run: bool, progress) -> object:
            return import_items(actor, path, dry_run, progress, update, historical)

        return run

    def _start(self, dry_run: bool) -> None:
        self.import_button.setEnabled(False)
        self.update_box.setEnabled(False)
        self.historical_box.setEnabled(False)
        self.status.setText(tr("正在检查文件…") if dry_run else tr("正在导入…"))
        self._dry_run = dry_run
        self.bar.setRange(0, 0)
        actor, path, runner = self.actor, self.path, self._runner()
        self.task = workers.start(
            self, lambda report: runner(actor, path, dry_run, report), self._done, self._progress
        )

    def running(self) -> bool:
        return self.task is not None and self.task.running()

    def _progress(self, done: int, total: int, _label: str = "") -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)

    def _cancel(self) -> None:
        if self.task is not None and self.task.running():
            self.task.cancel()
            self.status.setText(tr("正在取消…"))
            return
        self.reject()

    def _done(self, result: object) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        if self._dry_run:  # the mode may change until the import is written
            self.update_box.setEnabled(True)
            self.historical_box.setEnabled(True)
        if isinstance(result, Exception):
            self.status.setText(tr("未导入：{reason}").format(reason=result))
            self.cancel_button.setText(tr("关闭"))
            return
        report = result
        self.result_report = report
        if self._dry_run:
            if report.ok:
                self.status.setText(
                    tr("检查通过：{n} 行均可导入。点击“导入”写入台账。").format(n=report.checked)
                )
                self.import_button.setEnabled(True)
            else:
                self.status.setText(
                    tr("发现 {n} 处问题，文件不会导入任何记录。请修改后重新导入。").format(
                        n=len(report.errors)
                    )
                )
                self._show_errors(report)
            return
        text = tr("已导入 {n} {noun}。").format(n=report.imported, noun=tr(self.noun))
        if getattr(report, "updated", 0):
            text += tr("其中更新已有信息 {n} 条。").format(n=report.updated)
        if getattr(report, "flagged", 0):
            text += tr(
                "有 {n} 条历史信息扫描发现禁止发布的内容，已列入首页待办“已发布信息需整改”。"
            ).format(n=report.flagged)
        self.status.setText(text)
        self.cancel_button.setText(tr("关闭"))
        self.changed.emit(report.changes)

    def _show_errors(self, report) -> None:
        self.errors.setRowCount(len(report.errors))
        for r, e in enumerate(report.errors):
            for c, value in enumerate((str(e.row), tr(e.column), e.message)):
                self.errors.setItem(r, c, QTableWidgetItem(value))
        self.errors.resizeColumnToContents(0)
        self.errors.resizeColumnToContents(1)
        self.cancel_button.setText(tr("关闭"))
