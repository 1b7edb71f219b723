"""Settings tab for the disclosure duties (公开职责规则): the shipped defaults and the body's own.

Administrators change a rule's period, scope or wording, switch it off, add their own, or return
a built-in rule to its default; each save is versioned and audited by services/duties/monitoring.py.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain import duties as d
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, language, tr
from disclosure_desk.services.duties import monitoring as duties
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import make_table
from disclosure_desk.ui.settings.common import (
    broadcast,
    button_row,
    fit_columns,
    message_and_buttons,
    run,
    selected,
)


class RuleDialog(QDialog):
    """Edit one rule (kind fixed once created)."""

    def __init__(
        self, actor: Actor, rule: d.DutyRule | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.base = rule
        self.changes = None
        self.setWindowTitle(tr("公开职责规则"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.code = QLineEdit(rule.code if rule else "")
        self.code.setEnabled(rule is None)
        self.code.setPlaceholderText(tr("英文字母、数字和下划线，如 subsidy_monthly"))
        self.name = QLineEdit(rule.name if rule else "")
        self.kind = QComboBox()
        for code, label in d.KIND_LABELS.items():
            self.kind.addItem(tr(label), code)
        if rule:
            self.kind.setCurrentIndex(self.kind.findData(rule.kind))
        self.kind.setEnabled(rule is None)
        self.days = QSpinBox()
        self.days.setRange(0, 365)
        self.days.setValue(rule.days if rule else 20)
        self.day_kind = QComboBox()
        for code, label in d.DAY_KIND_LABELS.items():
            self.day_kind.addItem(tr(label), code)
        if rule:
            self.day_kind.setCurrentIndex(self.day_kind.findData(rule.day_kind))
        self.period = QComboBox()
        self.period.addItem(tr("（不适用）"), "")
        self.period.addItem(tr("每月"), "month")
        self.period.addItem(tr("每季度"), "quarter")
        if rule:
            self.period.setCurrentIndex(max(0, self.period.findData(rule.period)))
        self.genres = QLineEdit("、".join(rule.genres) if rule else "")
        self.genres.setPlaceholderText(tr("体裁，用顿号分隔；留空表示任何体裁"))
        self.words = QLineEdit("、".join(rule.title_words) if rule else "")
        self.words.setPlaceholderText(tr("标题关键词，用顿号分隔；留空表示任何标题"))
        self.units = QLineEdit("、".join(rule.unit_codes) if rule else "")
        self.units.setPlaceholderText(tr("单位代码，用顿号分隔；留空表示全部单位"))
        self.source = QLineEdit(rule.source if rule else "")
        self.active = QCheckBox(tr("启用"))
        self.active.setChecked(rule.active if rule else True)
        form.addRow(tr("代码"), self.code)
        form.addRow(tr("名称"), self.name)
        form.addRow(tr("类型"), self.kind)
        form.addRow(tr("期限"), self.days)
        form.addRow(tr("期限单位"), self.day_kind)
        form.addRow(tr("更新周期"), self.period)
        form.addRow(tr("适用体裁"), self.genres)
        form.addRow(tr("标题关键词"), self.words)
        form.addRow(tr("适用单位"), self.units)
        form.addRow(tr("依据"), self.source)
        form.addRow("", self.active)
        layout.addLayout(form)
        self.message = message_and_buttons(self, layout, self.save, tr("保存"), tr("取消"))

    def rule(self) -> d.DutyRule:
        made = duties.rule_from_form(
            self.code.text(),
            self.name.text(),
            self.kind.currentData(),
            self.source.text(),
            days=self.days.value(),
            day_kind=self.day_kind.currentData(),
            period=self.period.currentData(),
            genres=self.genres.text(),
            title_words=self.words.text(),
            unit_codes=self.units.text(),
            active=self.active.isChecked(),
        )
        if self.base is not None:  # keep what the form does not show (annual report due days)
            made = replace(
                self.base,
                **{
                    k: getattr(made, k)
                    for k in (
                        "name",
                        "source",
                        "days",
                        "day_kind",
                        "period",
                        "genres",
                        "title_words",
                        "unit_codes",
                        "active",
                    )
                },
            )
        return made

    def save(self) -> None:
        try:
            self.changes = duties.save_rule(self.actor, self.rule())
        except DeskError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.accept()


class DutiesTab(QWidget):
    """The rules in force; administrators edit them."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr(
                "监测本机关公开职责所用的规则。内置规则注明了依据，可以按本地规定调整期限、"
                "适用范围或停用；也可以增加本机关自己的职责。每次修改都记入审计日志。"
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.model = RowTableModel(
            [
                Column(tr("代码"), lambda r: r.rule.code),
                Column(
                    tr("名称"),
                    lambda r: tr(r.rule.name) + ("" if r.rule.active else tr("（已停用）")),
                ),
                Column(tr("规则"), lambda r: rule_words(r.rule)),
                Column(tr("依据"), lambda r: r.rule.source),
                Column(tr("版本"), lambda r: tr("默认") if not r.customised else f"v{r.version}"),
            ]
        )
        self.table = make_table(self.model, 2)
        fit_columns(self.table, 0, 1, 4)  # names and versions never clipped
        layout.addWidget(self.table, 1)
        row, buttons = button_row(
            (tr("修改…"), self.edit), (tr("新增…"), self.add), (tr("恢复默认"), self.reset)
        )
        can = actor.can("settings.edit")
        for b in buttons:
            b.setEnabled(can)
            if not can:
                b.setToolTip(tr("只有系统管理员可以修改公开职责规则。"))
        layout.addLayout(row)

    def refresh(self) -> None:
        self.model.set_rows(duties.rule_rows())

    def _open(self, rule: d.DutyRule | None) -> None:
        dlg = RuleDialog(self.actor, rule, self)
        if dlg.exec() and dlg.changes is not None:
            broadcast(self, dlg.changes)
            self.refresh()

    def edit(self) -> None:
        row = selected(self.table)
        if row is not None:
            self._open(row.rule)

    def add(self) -> None:
        self._open(None)

    def reset(self) -> None:
        row = selected(self.table)
        if row is None or not row.customised:
            return
        if not dialogs.current.confirm(
            self,
            tr("恢复默认"),
            tr("把“{name}”恢复为内置默认值吗？").format(name=tr(row.rule.name)),
        ):
            return
        changes = run(self, lambda: duties.reset_rule(self.actor, row.rule.code))
        if changes is not None:
            broadcast(self, changes)
            self.refresh()


def rule_words(rule: d.DutyRule) -> str:
    """The rule in one sentence in the interface language (domain ``describe()`` in Chinese)."""
    if language() != "en":
        return rule.describe()
    if rule.genres:
        what = tr("、").join(tr(g) for g in rule.genres)
    elif rule.title_words:
        what = tr(N_("标题含“{words}”")).format(words="/".join(rule.title_words))
    else:
        what = tr(N_("主动公开信息"))
    days, unit = rule.days, tr(d.DAY_KIND_LABELS[rule.day_kind])
    if rule.kind == d.ITEM_DEADLINE:
        text = N_("{what}：自形成或变更之日起 {days} {unit}内公开")
    elif rule.kind == d.PERIODIC:
        per = (tr("每月") if rule.period == "month" else tr("每季度")).lower()
        text = N_("{what}：{per}更新，期末后 {days} {unit}内公开")
        return tr(text).format(what=what, per=per, days=days, unit=unit)
    elif rule.kind == d.ANNUAL_REPORT:
        text = N_("上一年度政府信息公开工作年度报告：部门 {dept} 前、本级政府 {gov} 前公布")
        return tr(text).format(dept=rule.department_due, gov=rule.government_due)
    else:
        text = N_("{what}：公开后 {days} {unit}内发布关联的政策解读")
    return tr(text).format(what=what, days=days, unit=unit)
