"""Settings tab for the editable lists and rules: 主题分类, 体裁, the validity-review period, and the
numbering rules of applications (登记号) and of the letters (文书编号).

Only administrators (``settings.edit``) may save; everyone else sees the values read-only. Rules
are checked as they are typed (the same domain check the service runs) so the mistake is shown in
plain words next to the field, and the service's refusal, if any, still comes up as a message.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.index_numbers import APPLICATION_TOKENS, format_number, validate_pattern
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.applications import (
    cases as applications,
)
from disclosure_desk.services.applications import (
    letters as applications_letters,
)
from disclosure_desk.services.applications.numbering import TOKEN_HELP, numbering_rules
from disclosure_desk.services.common import overview
from disclosure_desk.services.items import rules as items_rules
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.settings.common import broadcast, run


def lines_of(edit: QPlainTextEdit) -> tuple[str, ...]:
    """Non-empty trimmed lines, in order (the service removes duplicates)."""
    return tuple(s.strip() for s in edit.toPlainText().splitlines() if s.strip())


def pattern_problem(pattern: str, unit_short: str, today: dt.date) -> tuple[bool, str]:
    """(ok, text): an example number when the rule is valid, else the plain-Chinese reason."""
    try:
        validate_pattern(pattern, APPLICATION_TOKENS)
        example = format_number(
            pattern, unit_short=unit_short, year=today.year, month=today.month, serial=1
        )
    except InputError as exc:
        return False, str(exc)
    return True, tr("示例：{example}").format(example=example)


class ListsTab(QWidget):
    """Edit the classification lists, the review period and the application numbering rules."""

    def __init__(
        self, actor: Actor, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.today = today or dt.date.today()
        self.can_edit = actor.can("settings.edit")
        layout = QVBoxLayout(self)
        if not self.can_edit:
            note = QLabel(tr("只有系统管理员可以修改这些列表和规则；这里仅供查看。"))
            note.setProperty("role", "hint")
            layout.addWidget(note)
        layout.addWidget(self._build_lists(), 3)
        layout.addWidget(self._build_patterns())
        self.units = {u.id: u for u in overview.units(actor)}
        self.scope.addItem(tr("默认（各单位未单独设置时使用）"), None)
        for u in self.units.values():
            self.scope.addItem(u.name, u.id)
        self.scope.currentIndexChanged.connect(lambda _i: self._load_patterns())
        for w in (
            self.topics,
            self.genres,
            self.stale,
            self.reg,
            self.letter,
            self.save_lists_button,
            self.save_patterns_button,
        ):
            w.setEnabled(self.can_edit)
        self.topics.setReadOnly(not self.can_edit)
        self.genres.setReadOnly(not self.can_edit)

    # --- building ----------------------------------------------------------------------------

    def _build_lists(self) -> QWidget:
        box = QGroupBox(tr("分类列表和有效性复核"))
        grid = QGridLayout(box)
        grid.addWidget(QLabel(tr("主题分类（每行一项；子类写成“大类\\子类”）")), 0, 0)
        grid.addWidget(QLabel(tr("体裁（每行一项）")), 0, 1)
        self.topics = QPlainTextEdit()
        self.genres = QPlainTextEdit()
        grid.addWidget(self.topics, 1, 0)
        grid.addWidget(self.genres, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("有效性复核周期")))
        self.stale = QSpinBox()
        self.stale.setRange(1, 120)
        self.stale.setSuffix(tr(" 个月"))
        row.addWidget(self.stale)
        hint = QLabel(tr("超过这个期限未复核有效性的现行有效信息，列入“有效性待复核”。"))
        hint.setProperty("role", "hint")
        row.addWidget(hint, 1)
        self.lists_status = QLabel()
        row.addWidget(self.lists_status)
        self.save_lists_button = QPushButton(tr("保存列表和周期"))
        self.save_lists_button.clicked.connect(self.save_lists)
        row.addWidget(self.save_lists_button)
        grid.addLayout(row, 2, 0, 1, 2)
        return box

    def _build_patterns(self) -> QGroupBox:
        box = QGroupBox(tr("依申请公开编号规则"))
        grid = QGridLayout(box)
        grid.addWidget(QLabel(tr("适用于")), 0, 0)
        self.scope = QComboBox()
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        grid.addWidget(self.scope, 0, 1)
        self.scope_note = QLabel()
        self.scope_note.setProperty("role", "hint")
        grid.addWidget(self.scope_note, 0, 2)
        self.reg = QLineEdit()
        self.letter = QLineEdit()
        self.reg_check = QLabel()
        self.letter_check = QLabel()
        for r, (label, edit, check) in enumerate(
            (
                (tr("申请登记号"), self.reg, self.reg_check),
                (tr("答复文书编号"), self.letter, self.letter_check),
            ),
            start=1,
        ):
            grid.addWidget(QLabel(label), r, 0)
            grid.addWidget(edit, r, 1)
            check.setWordWrap(True)
            grid.addWidget(check, r, 2)
            edit.textChanged.connect(self._check_patterns)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        tokens = "　".join(f"{{{k}}} {tr(v)}" for k, v in TOKEN_HELP.items())
        help_label = QLabel(
            tr("可用占位符：{tokens}；流水号可补零，如 {example}。").format(
                tokens=tokens, example="{serial:04}"
            )
        )
        help_label.setProperty("role", "hint")
        help_label.setWordWrap(True)
        grid.addWidget(help_label, 3, 0, 1, 3)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_patterns_button = QPushButton(tr("保存编号规则"))
        self.save_patterns_button.clicked.connect(self.save_patterns)
        buttons.addWidget(self.save_patterns_button)
        grid.addLayout(buttons, 4, 0, 1, 3)
        return box

    # --- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.topics.setPlainText("\n".join(items_rules.topic_list()))
        self.genres.setPlainText("\n".join(items_rules.genre_list()))
        self.stale.setValue(items_rules.stale_months())
        self.lists_status.setText("")
        self._load_patterns()

    def _load_patterns(self) -> None:
        unit_id = self.scope.currentData()
        rules = numbering_rules(self.actor, unit_id)
        self.reg.setText(rules.reg_pattern)
        self.letter.setText(rules.letter_pattern)
        if unit_id is None:
            self.scope_note.setText("")
        elif rules.reg_own or rules.letter_own:
            self.scope_note.setText(tr("本单位有单独的规则。"))
        else:
            self.scope_note.setText(tr("本单位使用默认规则；修改并保存后改为单独的规则。"))
        self._check_patterns()

    def _unit_short(self) -> str:
        unit = self.units.get(self.scope.currentData())
        if unit is None:
            return tr("本单位")
        return unit.short_name or unit.name

    def _check_patterns(self) -> bool:
        ok_all = True
        for edit, check in ((self.reg, self.reg_check), (self.letter, self.letter_check)):
            ok, text = pattern_problem(edit.text().strip(), self._unit_short(), self.today)
            check.setText(text)
            check.setStyleSheet("" if ok else "color: #a61b1b;")
            ok_all = ok_all and ok
        self.save_patterns_button.setEnabled(self.can_edit and ok_all)
        return ok_all

    # --- saving ------------------------------------------------------------------------------

    def save_lists(self) -> None:
        topics, genres = lines_of(self.topics), lines_of(self.genres)
        changes = run(
            self,
            lambda: items_rules.set_lists(
                self.actor, topics=topics, genres=genres, stale_after_months=self.stale.value()
            ),
        )
        if changes is None:
            return
        broadcast(self, changes)
        self.refresh()
        self.lists_status.setText(
            tr("已保存：主题分类 {topics} 项，体裁 {genres} 项。").format(
                topics=len(topics), genres=len(genres)
            )
        )

    def save_patterns(self) -> None:
        unit_id = self.scope.currentData()
        reg, letter = self.reg.text().strip(), self.letter.text().strip()
        if not self._check_patterns():
            return
        current = numbering_rules(self.actor, unit_id)
        # Only a rule that differs is written, so a unit keeps following the default for the other.
        steps = []
        if reg != current.reg_pattern:
            steps.append(lambda: applications.set_reg_pattern(self.actor, reg, unit_id))
        if letter != current.letter_pattern:
            steps.append(
                lambda: applications_letters.set_letter_pattern(self.actor, letter, unit_id)
            )
        if not steps:
            dialogs.current.info(self, tr("编号规则"), tr("编号规则没有改动。"))
            return
        for step in steps:
            changes = run(self, step)
            if changes is None:
                self._load_patterns()
                return
            broadcast(self, changes)
        self._load_patterns()
        dialogs.current.info(
            self, tr("编号规则"), tr("编号规则已保存，此后登记的申请和出具的文书按新规则编号。")
        )
