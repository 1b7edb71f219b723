"""Settings tab for the sensitive-keyword list (敏感词) the pre-publication scanner uses.

Keywords apply to one unit or, when set by a supervisor or administrator, to every unit. The tab
lists what applies to the chosen unit, adds or re-grades a word and removes one; the service
(services/reviews/scan.py) checks the permission and the unit, the tab only mirrors it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.scanner import SEVERITY_LABELS
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import overview
from disclosure_desk.services.reviews import scan as review_scan
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import make_table
from disclosure_desk.ui.settings.common import broadcast, button_row, fit_columns, run, selected

# Strongest first: a new word is most often something that must never go online.
SEVERITY_ORDER = ("block", "warn", "info")


class KeywordsTab(QWidget):
    """List, add and remove 敏感词; editing needs the ``keyword.edit`` permission."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr(
                "发布审查时，正文和附件中出现的敏感词按级别标出：“禁止发布”须修改或由审查人放行，"
                "“需要复核”和“提示”供审查人参考。适用于全部单位的敏感词只有主管领导和系统管理员可以维护。"
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("查看单位")))
        self.view_unit = QComboBox()
        self.view_unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top.addWidget(self.view_unit)
        top.addStretch(1)
        self.count = QLabel()
        top.addWidget(self.count)
        layout.addLayout(top)

        self.model = RowTableModel(
            [
                Column(tr("敏感词"), lambda k: k.word),
                Column(tr("级别"), lambda k: tr(SEVERITY_LABELS.get(k.severity, k.severity))),
                Column(tr("适用单位"), lambda k: k.unit_name),
            ]
        )
        self.table = make_table(self.model, stretch_column=0)
        fit_columns(self.table, 1, 2)
        layout.addWidget(self.table, 1)

        edit = QHBoxLayout()
        self.word = QLineEdit()
        self.word.setPlaceholderText(tr("新的敏感词"))
        self.severity = QComboBox()
        for code in SEVERITY_ORDER:
            self.severity.addItem(tr(SEVERITY_LABELS[code]), code)
        self.scope = QComboBox()
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        edit.addWidget(QLabel(tr("敏感词")))
        edit.addWidget(self.word, 1)
        edit.addWidget(QLabel(tr("级别")))
        edit.addWidget(self.severity)
        edit.addWidget(QLabel(tr("适用于")))
        edit.addWidget(self.scope)
        layout.addLayout(edit)
        buttons, (self.add_button, self.remove_button) = button_row(
            (tr("添加或修改级别"), self.add), (tr("删除所选"), self.remove)
        )
        layout.addLayout(buttons)

        self.can_edit = actor.can("keyword.edit")
        for w in (self.word, self.severity, self.scope, self.add_button, self.remove_button):
            w.setEnabled(self.can_edit)
        if not self.can_edit:
            note = QLabel(tr("只有审查人、主管领导和系统管理员可以维护敏感词。"))
            note.setProperty("role", "hint")
            layout.addWidget(note)
        self._fill_units()
        self.view_unit.currentIndexChanged.connect(lambda _i: self.refresh())
        self.word.returnPressed.connect(self.add)

    def _fill_units(self) -> None:
        units = overview.units(self.actor)
        self.view_unit.addItem(tr("全部"), None)
        if self.actor.spans_units:
            self.scope.addItem(tr("全部单位"), None)
        for u in units:
            self.view_unit.addItem(u.name, u.id)
            self.scope.addItem(u.name, u.id)
        if not self.actor.spans_units and self.actor.unit_id is not None:
            # A unit officer's own unit is the natural target.
            i = self.scope.findData(self.actor.unit_id)
            self.scope.setCurrentIndex(max(i, 0))

    def refresh(self) -> None:
        rows = review_scan.list_keywords(self.actor, self.view_unit.currentData())
        self.model.set_rows(rows)
        self.count.setText(
            tr("共 {n} 个").format(n=len(rows))
            if rows
            else tr("还没有敏感词；身份证号、手机号等个人信息和密级标志总会自动检查。")
        )

    def add(self) -> None:
        word = self.word.text()
        result = run(
            self,
            lambda: review_scan.add_keyword(
                self.actor, self.scope.currentData(), word, self.severity.currentData()
            ),
        )
        if result is None:
            return
        self.word.clear()
        broadcast(self, result[1])
        self.refresh()

    def remove(self) -> None:
        row = selected(self.table)
        if row is None:
            dialogs.current.warning(self, tr("删除敏感词"), tr("请先在列表中选择要删除的敏感词。"))
            return
        if not dialogs.current.confirm(
            self,
            tr("删除敏感词"),
            tr("确定删除敏感词“{word}”（{unit}）？").format(word=row.word, unit=row.unit_name),
        ):
            return
        changes = run(self, lambda: review_scan.remove_keyword(self.actor, row.id))
        if changes is None:
            return
        broadcast(self, changes)
        self.refresh()
