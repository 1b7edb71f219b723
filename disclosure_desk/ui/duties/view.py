"""公开职责 view: monthly monitoring (一月一监测), 同步解读, Art. 44 proposals, hand-over, training.

Every tab reads through services/duties*.py, which apply the actor's units and permissions; the
buttons only mirror what the services allow.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain import duties as d
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.admin import audit
from disclosure_desk.services.common import overview
from disclosure_desk.services.duties import monitoring as duties
from disclosure_desk.services.duties import records as duties_records
from disclosure_desk.ui.common import dialogs, workers
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import View, make_table
from disclosure_desk.ui.settings.common import (
    broadcast,
    button_row,
    fit_columns,
    message_and_buttons,
    run,
    selected,
)

DECISIONS = {"": N_("待决定"), "adopt": N_("已纳入主动公开"), "reject": N_("不纳入")}


def last_complete_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def _rate(t: d.UnitTally) -> str:
    r = t.rate
    return "—" if r is None else f"{r * 100:.1f}%"


class MonitorTab(QWidget):
    """The month's duties per unit, and the late or missing ones behind the figures."""

    def __init__(self, actor, parent=None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.sheet: d.MonitorSheet | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        y, m = last_complete_month(dt.date.today())
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(y)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(m)
        bar.addWidget(QLabel(tr("年份")))
        bar.addWidget(self.year)
        bar.addWidget(QLabel(tr("月份")))
        bar.addWidget(self.month)
        row, (self.pdf_button, self.docx_button) = button_row(
            (tr("导出 PDF"), lambda: self.export("pdf")),
            (tr("导出 Word"), lambda: self.export("docx")),
        )
        bar.addLayout(row, 1)
        layout.addLayout(bar)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("role", "hint")
        layout.addWidget(self.note)
        self.units = RowTableModel(
            [
                Column(tr("单位"), lambda r: r.unit_name),
                Column(tr("应完成"), lambda r: r.tally.due, True),
                Column(tr("按时"), lambda r: r.tally.met, True),
                Column(tr("逾期完成"), lambda r: r.tally.late, True),
                Column(tr("未完成"), lambda r: r.tally.missing, True),
                Column(tr("未到期"), lambda r: r.tally.pending, True),
                Column(tr("按时完成率"), lambda r: _rate(r.tally), True),
            ]
        )
        self.problems = RowTableModel(
            [
                Column(tr("单位"), lambda r: r[0]),
                Column(tr("职责"), lambda r: self._rule_name(r[1].rule_code)),
                Column(tr("事项"), lambda r: r[1].subject),
                Column(tr("索引号/期间"), lambda r: r[1].ref),
                Column(tr("到期日"), lambda r: r[1].due.isoformat()),
                Column(tr("完成日"), lambda r: r[1].done_on.isoformat() if r[1].done_on else ""),
                Column(tr("情况"), lambda r: tr(r[2])),
            ]
        )
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(make_table(self.units, 0))
        problems = make_table(self.problems, 2)
        fit_columns(problems, 0, 1, 3, 4, 5, 6)
        split.addWidget(problems)
        layout.addWidget(split, 1)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.month.valueChanged.connect(lambda _v: self.refresh())

    def _rule_name(self, code: str) -> str:
        rule = self.sheet.rules.get(code) if self.sheet else None
        return tr(rule.name) if rule else code  # a built-in name shows translated

    def refresh(self) -> None:
        sheet = run(self, lambda: duties.monitor(self.actor, self.year.value(), self.month.value()))
        if sheet is None:
            return
        self.sheet = sheet
        t = sheet.totals()
        when = (
            ""
            if sheet.complete
            else tr("（本月尚未结束，截至 {day}，未到期的不计入完成率）").format(
                day=f"{sheet.as_of:%m-%d}"
            )
        )
        self.note.setText(
            tr(
                "{year}年{month}月内到期的公开职责共 {due} 项：按时 {met}，逾期完成 {late}，"
                "未完成 {missing}，未到期 {pending}{when}。下表列出逾期和未完成的职责。"
            ).format(
                year=sheet.year,
                month=sheet.month,
                due=t.due,
                met=t.met,
                late=t.late,
                missing=t.missing,
                pending=t.pending,
                when=when,
            )
        )
        self.units.set_rows(sheet.lines)
        self.problems.set_rows(sheet.state_rows())

    def export(self, kind: str) -> None:
        if self.sheet is None:
            return
        name = f"{self.sheet.title}.{kind}"
        filters = tr("PDF 文件 (*.pdf)") if kind == "pdf" else tr("Word 文件 (*.docx)")
        path = dialogs.current.save_file(self, tr("导出监测表"), filters, name)
        if not path:
            return
        render = duties.monitor_pdf if kind == "pdf" else duties.monitor_docx
        try:
            with open(path, "wb") as fh:
                fh.write(render(self.sheet))
            audit.record_export(self.actor, "duty_monitoring", 1, path)
        except OSError as exc:
            dialogs.current.error(
                self,
                tr("导出未完成"),
                tr("无法写入 {path}：{problem}").format(path=path, problem=exc.strerror or exc),
            )
            return
        dialogs.current.info(self, tr("导出完成"), tr("已保存到 {path}。").format(path=path))


class InterpretationTab(QWidget):
    """Policies of the last twelve months whose 解读 is missing or came late."""

    def __init__(self, actor, parent=None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr(
                "规章、行政规范性文件等政策文件应与解读材料同步发布。在信息登记中把解读的“关联信息”"
                "设为所解读的文件，即视为已解读。期限可在“设置 → 公开职责”中调整。"
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.model = RowTableModel(
            [
                Column(tr("索引号"), lambda r: r[0].ref),
                Column(tr("标题"), lambda r: r[0].subject),
                Column(tr("发布日期"), lambda r: r[0].start.isoformat() if r[0].start else ""),
                Column(tr("解读期限"), lambda r: r[0].due.isoformat()),
                Column(tr("解读发布"), lambda r: r[0].done_on.isoformat() if r[0].done_on else ""),
                Column(tr("情况"), lambda r: tr(d.STATE_LABELS[r[1]])),
            ]
        )
        table = make_table(self.model, 1)
        fit_columns(table, 0, 2, 3, 4, 5)  # dates and English headers never clipped
        layout.addWidget(table, 1)

    def refresh(self) -> None:
        rows = run(self, lambda: duties.interpretation_gaps(self.actor))
        if rows is not None:
            self.model.set_rows(rows)


class ProposalsTab(QWidget):
    """Art. 44: several applicants asked for the same disclosed information."""

    def __init__(self, actor, parent=None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr(
                "近 12 个月内，3 个以上申请人申请公开、且已予以公开的相同信息。依条例第四十四条，"
                "可以纳入主动公开；请作出决定并记录（不纳入的须写明理由）。"
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.model = RowTableModel(
            [
                Column(tr("单位"), lambda v: v.unit_name),
                Column(tr("最早申请"), lambda v: v.proposal.key),
                Column(tr("申请内容"), lambda v: v.proposal.content),
                Column(tr("申请人数"), lambda v: v.proposal.applicants, True),
                Column(tr("件数"), lambda v: len(v.proposal.cases), True),
                Column(
                    tr("决定"),
                    lambda v: tr(DECISIONS[v.decision]) + (f"：{v.reason}" if v.reason else ""),
                ),
            ]
        )
        self.table = make_table(self.model, 2)
        fit_columns(self.table, 0, 1, 3, 4, 5)
        layout.addWidget(self.table, 1)
        row, (self.adopt_b, self.reject_b) = button_row(
            (tr("纳入主动公开"), lambda: self.decide("adopt")),
            (tr("不纳入…"), lambda: self.decide("reject")),
        )
        can = actor.can("application.edit")
        for b in (self.adopt_b, self.reject_b):
            b.setEnabled(can)
            if not can:
                b.setToolTip(tr("只有信息员和主管领导可以作出决定。"))
        layout.addLayout(row)

    def refresh(self) -> None:
        rows = run(self, lambda: duties_records.proposals(self.actor))
        if rows is not None:
            self.model.set_rows(rows)

    def decide(self, decision: str) -> None:
        view = selected(self.table)
        if view is None:
            dialogs.current.info(self, tr("转为主动公开"), tr("请先在表中选择一条建议。"))
            return
        if decision == "adopt":
            index_no = dialogs.current.ask_text(
                self, tr("纳入主动公开"), tr("已主动公开的信息的索引号（尚未登记可留空）：")
            )
            if index_no is None:
                return
            reason = ""
        else:
            reason = dialogs.current.ask_text(self, tr("不纳入主动公开"), tr("不纳入的理由："))
            if reason is None:
                return
            index_no = ""
        changes = run(
            self,
            lambda: duties_records.decide_proposal(
                self.actor, view.proposal.unit_id, view.proposal.key, decision, reason, index_no
            ),
        )
        if changes is not None:
            broadcast(self, changes)
            self.refresh()


class HandoverTab(QWidget):
    """Build the year's package for the archive and the library, and record the hand-over."""

    def __init__(self, actor, parent=None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.package: duties_records.Package | None = None
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr(
                "条例第二十五条：主动公开的政府信息应同时提供给国家档案馆和公共图书馆。移交包含目录、"
                "每条信息的正文和附件，以及带 SHA-256 校验值的清单。"
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        bar = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(dt.date.today().year - 1)
        self.recipient = QComboBox()
        for recipient in duties_records.RECIPIENTS:  # shown translated; stored as written
            self.recipient.addItem(tr(recipient), recipient)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        bar.addWidget(QLabel(tr("年度")))
        bar.addWidget(self.year)
        row, (self.build_b, self.record_b) = button_row(
            (tr("生成移交包…"), self.build_package), (tr("登记移交"), self.record)
        )
        bar.addLayout(row)
        bar.addWidget(QLabel(tr("移交给")))
        bar.addWidget(self.recipient)
        bar.addWidget(QLabel(tr("日期")))
        bar.addWidget(self.on)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.model = RowTableModel(
            [
                Column(tr("年度"), lambda h: h.year),
                Column(tr("移交给"), lambda h: tr(h.recipient)),
                Column(tr("日期"), lambda h: h.handed_on.isoformat()),
                Column(tr("信息"), lambda h: h.items, True),
                Column(tr("文件"), lambda h: h.files, True),
                Column(tr("移交包 SHA-256"), lambda h: h.package_sha256),
                Column(tr("登记人"), lambda h: h.recorded_by),
            ]
        )
        layout.addWidget(make_table(self.model, 5), 1)

    def refresh(self) -> None:
        rows = run(self, lambda: duties_records.handovers(self.actor))
        if rows is not None:
            self.model.set_rows(rows)

    def build_package(self) -> None:
        year = self.year.value()
        path = dialogs.current.save_file(
            self,
            tr("保存移交包"),
            tr("ZIP 文件 (*.zip)"),
            tr("{year}年主动公开信息移交包.zip").format(year=year),
        )
        if not path:
            return
        from pathlib import Path

        progress = QProgressDialog(tr("正在生成移交包…"), tr("取消"), 0, 0, self)
        progress.setWindowTitle(tr("生成移交包"))
        progress.setMinimumDuration(300)

        def work(report) -> object:
            return duties_records.build_handover_package(
                self.actor, year, Path(path), progress=lambda n, total: report(n, total)
            )

        def step(done: int, total: int, _label: str) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        def done(result: object) -> None:
            progress.close()
            if isinstance(result, Exception):
                dialogs.show_error(self, result)
                return
            self.package = result  # type: ignore[assignment]
            self.status.setText(
                tr(
                    "已生成 {path}：{items} 条信息，{files} 个文件，SHA-256 {sha}。移交后请点“登记移交”。"
                ).format(
                    path=path,
                    items=result.items,
                    files=result.files,
                    sha=result.sha256,  # type: ignore[attr-defined]
                )
            )

        self.task = workers.start(self, work, done, step)
        progress.canceled.connect(self.task.cancel)

    def record(self) -> None:
        pkg = self.package if self.package and self.year.value() else None
        on = self.on.date().toPython()
        if pkg is None and not dialogs.current.confirm(
            self, tr("登记移交"), tr("本次没有生成移交包，仍要登记移交吗？")
        ):
            return
        changes = run(
            self,
            lambda: duties_records.record_handover(
                self.actor, self.year.value(), self.recipient.currentData(), on, pkg
            ),
        )
        if changes is not None:
            broadcast(self, changes)
            self.refresh()


class TrainingDialog(QDialog):
    """A training plan or session with its attendance."""

    def __init__(self, actor, parent=None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(tr("登记学习培训"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.unit = QComboBox()
        for u in overview.units(actor):
            self.unit.addItem(u.name, u.id)
        self.kind = QComboBox()
        self.kind.addItem(tr("培训"), "session")
        self.kind.addItem(tr("培训计划"), "plan")
        self.title = QLineEdit()
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setDecimals(1)
        self.names = QPlainTextEdit()
        self.names.setPlaceholderText(tr("参训人员，用顿号或逗号分隔；不列名单时填写人数"))
        self.names.setMaximumHeight(90)
        self.count = QSpinBox()
        self.count.setRange(0, 100000)
        form.addRow(tr("单位"), self.unit)
        form.addRow(tr("类型"), self.kind)
        form.addRow(tr("主题"), self.title)
        form.addRow(tr("日期"), self.on)
        form.addRow(tr("学时"), self.hours)
        form.addRow(tr("参训人员"), self.names)
        form.addRow(tr("人数（无名单时）"), self.count)
        layout.addLayout(form)
        self.message = message_and_buttons(self, layout, self.save, tr("保存"), tr("取消"))
        self.changes = None

    def save(self) -> None:
        names = self.names.toPlainText()
        try:
            self.changes = duties_records.add_training(
                self.actor,
                self.unit.currentData(),
                self.kind.currentData(),
                self.title.text(),
                self.on.date().toPython(),
                self.hours.value(),
                names,
                None if names.strip() else self.count.value(),
            )
        except Exception as exc:
            from disclosure_desk.domain.errors import DeskError

            if not isinstance(exc, DeskError):
                raise
            self.message.setText(str(exc))
            self.message.show()
            return
        self.accept()


class TrainingTab(QWidget):
    def __init__(self, actor, parent=None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(dt.date.today().year)
        bar.addWidget(QLabel(tr("年度")))
        bar.addWidget(self.year)
        row, (self.add_b, self.del_b) = button_row(
            (tr("登记…"), self.add), (tr("删除"), self.delete)
        )
        can = actor.can("item.edit")
        for b in (self.add_b, self.del_b):
            b.setEnabled(can)
            if not can:
                b.setToolTip(tr("只有信息员、主管领导和系统管理员可以登记培训。"))
        bar.addLayout(row, 1)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.model = RowTableModel(
            [
                Column(tr("日期"), lambda t: t.held_on.isoformat()),
                Column(tr("类型"), lambda t: tr("培训计划") if t.kind == "plan" else tr("培训")),
                Column(tr("主题"), lambda t: t.title),
                Column(tr("学时"), lambda t: f"{float(t.hours):g}", True),
                Column(tr("人数"), lambda t: t.attendees, True),
                Column(tr("参训人员"), lambda t: t.attendee_names),
            ]
        )
        self.table = make_table(self.model, 5)
        layout.addWidget(self.table, 1)
        self.year.valueChanged.connect(lambda _v: self.refresh())

    def refresh(self) -> None:
        year = self.year.value()
        rows = run(self, lambda: duties_records.trainings(self.actor, year))
        if rows is None:
            return
        self.model.set_rows(rows)
        self.summary.setText(
            tr("年度报告第五部分可用：") + duties_records.training_summary(self.actor, year)
        )

    def add(self) -> None:
        dlg = TrainingDialog(self.actor, self)
        if dlg.exec() and dlg.changes is not None:
            broadcast(self, dlg.changes)
            self.refresh()

    def delete(self) -> None:
        row = selected(self.table)
        if row is None:
            return
        if not dialogs.current.confirm(
            self, tr("删除培训记录"), tr("确定删除“{title}”吗？").format(title=row.title)
        ):
            return
        changes = run(self, lambda: duties_records.delete_training(self.actor, row.id))
        if changes is not None:
            broadcast(self, changes)
            self.refresh()


class DutiesView(View):
    key = "duties"
    title = N_("公开职责")
    hint = N_(
        "本机关自身的公开职责：每月到期事项的完成情况（一月一监测）、政策文件同步解读、"
        "依申请转主动公开、向档案馆和图书馆移交、学习培训。"
    )
    watches = frozenset(
        {
            "item",
            "application",
            "duty_rule",
            "disclosure_proposal",
            "handover",
            "training_session",
            "report_year",
            "holiday",
        }
    )

    def build(self) -> None:
        self.tabs = QTabWidget()
        self.monitor = MonitorTab(self.actor)
        self.interpretation = InterpretationTab(self.actor)
        self.proposals = ProposalsTab(self.actor)
        self.handover = HandoverTab(self.actor)
        self.training = TrainingTab(self.actor)
        for page, title in (
            (self.monitor, N_("月度监测")),
            (self.interpretation, N_("同步解读")),
            (self.proposals, N_("依申请转主动")),
            (self.handover, N_("移交档案馆、图书馆")),
            (self.training, N_("学习培训")),
        ):
            self.tabs.addTab(page, tr(title))
        self.tabs.currentChanged.connect(lambda _i: self._refresh_current())
        self.body.addWidget(self.tabs, 1)

    def _refresh_current(self) -> None:
        self.tabs.currentWidget().refresh()

    def refresh(self) -> None:
        self._refresh_current()
