"""Case view of one application: particulars, due dates with their explanation, the timeline of
events, one button per step the workflow allows now, letters to print, and appeals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain import app_workflow
from disclosure_desk.domain.displayed import displayed_vocabularies
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr, tr_from, tr_value
from disclosure_desk.reports.letters import LETTER_KINDS
from disclosure_desk.services.admin import audit
from disclosure_desk.services.applications import cases, letters, query
from disclosure_desk.services.common.calendar import step_words
from disclosure_desk.services.common.context import Changes
from disclosure_desk.ui.applications.appeals import AppealsBox
from disclosure_desk.ui.applications.events import EventDialog
from disclosure_desk.ui.common import dialogs, events
from disclosure_desk.ui.common.layout_fit import fit_dialog, flow_row, scroll_wrap


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "—"


def _docket_words(detail: str) -> str:
    """A docket line as stored (Chinese, the case file) in the interface language: the services'
    templates through tr_from, and a reply's "3.1 予以公开" with the outcome's English name."""
    code, _, label = detail.partition(" ")
    if label and label == dict(displayed_vocabularies()["outcome"]).get(code):
        return f"{code} {tr_value('outcome', code)}"
    method, colon, explanation = detail.partition("：")
    if colon and method in cases.FEE_METHODS.values():  # FEE_NOTICE with the fee's arithmetic
        return tr(cases.FEE_NOTICE).format(
            method=tr(method), explanation=cases.fee_words(explanation)
        )
    return tr_from(detail, *cases.DOCKET_TEMPLATES)


def is_closed(detail: query.CaseDetail) -> bool:
    return detail.status not in app_workflow.OPEN_STATUSES


def banner_text(detail: query.CaseDetail) -> tuple[str, str]:
    """The case view's first line (status, where the clock stands, the date that binds) and its
    state for the colour: ok / due_today / overdue / paused / closed."""
    status = f"【{tr(detail.status_label)}】"
    if is_closed(detail):
        if detail.replied_on is None:
            return status, "closed"
        day = (
            tr("，第 {n} 个工作日答复").format(n=detail.answered_day) if detail.answered_day else ""
        )
        return f"{status}　{tr('{date} 已答复').format(date=_d(detail.replied_on))}{day}", "closed"
    c = detail.clocks
    due = c.effective_due if c is not None else None
    due_part = f"　{tr('答复期限')} {_d(due)}" if due is not None else ""
    kind = {"remaining": "ok", "due_today": "due_today", "overdue": "overdue"}.get(
        detail.clock_kind, "paused"
    )
    return f"{status}　{detail.clock_label}{due_part}", kind


def due_text(detail: query.CaseDetail) -> str:
    """The due-date block of the case view (also what tests compare with the CLI and letters)."""
    c = detail.clocks
    lines = [
        tr("收到申请：{day}（{channel}）").format(
            day=_d(detail.received_on), channel=tr_value("channel", detail.channel)
        )
    ]
    if c is None:
        lines.append(tr("期限：{label}").format(label=detail.clock_label))
        return "\n".join(lines)
    if detail.correction_received_on:
        lines.append(tr("答复期限起算：{day}（收到补正后重新计算）").format(day=_d(c.clock_start)))
    lines.append(tr("补正告知期限：{day}").format(day=_d(detail.correction_notice_due)))
    lines.append(tr("答复期限：{day}").format(day=_d(c.due)))
    ext = (
        tr("（已延期，批准人：{name}）").format(name=tr(detail.extension_approver))
        if detail.extended
        else tr("（如经批准延期）")
    )
    if detail.extended or not is_closed(detail):
        # A closed case never extended: the extension date is of no use any more.
        lines.append(tr("延期后答复期限：{day}").format(day=_d(c.extended_due)) + ext)
    if c.excluded_working_days:
        lines.append(tr("暂停不计入的工作日：{n} 天").format(n=len(c.excluded_working_days)))
    if detail.third_party_due:
        lines.append(tr("第三方答复期限：{day}").format(day=_d(detail.third_party_due)))
    if detail.fee_due:
        lines.append(tr("缴费期限：{day}").format(day=_d(detail.fee_due)))
    if detail.status in app_workflow.OPEN_STATUSES:
        lines.append(tr("当前：{label}").format(label=detail.clock_label))
    return "\n".join(lines)


class CaseDialog(QDialog):
    """The case file; ``changes`` accumulates what the steps changed, for the main window."""

    def __init__(
        self, actor: Actor, app_id: int, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.actor, self.app_id, self.today = actor, app_id, today
        self.changes = Changes()
        fit_dialog(self, 980, 780)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        layout = QVBoxLayout(content)
        outer.addWidget(scroll_wrap(content))  # a short screen scrolls inside the dialog
        self.header = QLabel()
        self.header.setProperty("role", "title")
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.banner = QLabel()
        self.banner.setProperty("role", "banner")
        self.banner.setWordWrap(True)
        layout.addWidget(self.banner)
        self.particulars = QLabel()
        self.particulars.setWordWrap(True)
        layout.addWidget(self.particulars)
        self.proposals = QLabel()
        self.proposals.setWordWrap(True)
        self.proposals.setProperty("role", "warning")
        layout.addWidget(self.proposals)

        middle = QHBoxLayout()
        due_box = QGroupBox(tr("期限"))
        due_layout = QVBoxLayout(due_box)
        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        due_layout.addWidget(self.due_label)
        due_layout.addWidget(QLabel(tr("计算说明（跳过的日期及原因）：")))
        self.explain = QListWidget()
        due_layout.addWidget(self.explain, 1)
        middle.addWidget(due_box, 2)
        time_box = QGroupBox(tr("办理过程"))
        time_layout = QVBoxLayout(time_box)
        self.timeline = QTableWidget(0, 4)
        self.timeline.setHorizontalHeaderLabels([tr("日期"), tr("环节"), tr("说明"), tr("经办人")])
        self.timeline.verticalHeader().setVisible(False)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(2, header.ResizeMode.Stretch)
        self.timeline.setColumnWidth(0, 96)
        self.timeline.setColumnWidth(1, 100)
        self.timeline.setColumnWidth(3, 90)
        time_layout.addWidget(self.timeline)
        middle.addWidget(time_box, 3)
        layout.addLayout(middle, 1)

        self.event_buttons: dict[str, QPushButton] = {}
        steps = [QLabel(tr("办理："))]
        for e in app_workflow.EVENT_KINDS:
            if e.code == "receipt":
                continue
            b = QPushButton(tr(e.action))
            b.clicked.connect(lambda _=False, k=e.code: self.open_event(k))
            self.event_buttons[e.code] = b
            steps.append(b)
        layout.addWidget(flow_row(steps))

        bottom = QGridLayout()
        bottom.addWidget(QLabel(tr("打印文书：")), 0, 0)
        self.letter_buttons: dict[str, QPushButton] = {}
        self.letter_format = QComboBox()
        self.letter_format.addItem(tr("PDF"), "pdf")
        self.letter_format.addItem(tr("Word"), "docx")
        self.letter_format.setToolTip(tr("PDF 用于打印盖章；Word 可在 Word 或 WPS 中修改后再打印"))
        for kind, label in LETTER_KINDS.items():
            b = QPushButton(tr(label))
            b.clicked.connect(lambda _=False, k=kind: self.print_letter(k))
            self.letter_buttons[kind] = b
        bottom.addWidget(flow_row([self.letter_format, *self.letter_buttons.values()]), 0, 1)
        bottom.setColumnStretch(1, 1)
        self.letters_label = QLabel()
        self.letters_label.setWordWrap(True)
        bottom.addWidget(self.letters_label, 1, 1)
        layout.addLayout(bottom)
        self.appeals = AppealsBox(actor, app_id, today or dt.date.today())
        self.appeals.changed.connect(self.after_change)
        # Appeals fold away while there are none (most cases); one click shows the form.
        self.appeals_toggle = QToolButton()
        self.appeals_toggle.setCheckable(True)
        self.appeals_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.appeals_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.appeals_toggle.setAutoRaise(True)
        self.appeals_toggle.toggled.connect(self._show_appeals)
        layout.addWidget(self.appeals_toggle)
        layout.addWidget(self.appeals)
        self.reload()

    def reload(self) -> None:
        d = query.case_detail(self.actor, self.app_id, self.today)
        self.detail = d
        self.setWindowTitle(tr("申请 {no}").format(no=d.reg_no))
        self.header.setText(f"{d.reg_no}　{d.applicant_name}")
        text, state = banner_text(d)
        self.banner.setText(text)
        self.banner.setProperty("state", state)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        outcome = (
            f"{d.outcome_code} {tr_value('outcome', d.outcome_code)}"
            + tr("（答复日期 {day}）").format(day=_d(d.replied_on))
            if d.outcome_code
            else tr("未答复")
        )
        fee = ""
        if d.fee_method:
            fee = tr("　收费：{amount} 元（实收 {collected} 元）").format(
                amount=f"{d.fee_amount:,.0f}", collected=f"{d.fee_collected:,.0f}"
            )
        self.particulars.setText(
            tr(
                "单位：{unit}　申请人类型：{atype}　证件号码：{id_no}　联系电话：{phone}\n"
                "所需信息：{content}\n"
                "办理结果：{outcome}　本月第 {nth} 件（共 {total} 件）"
            ).format(
                unit=d.unit_name,
                atype=tr_value("applicant_type", d.applicant_type),
                id_no=d.id_number or "—",
                phone=d.contact_phone or "—",
                content=d.content or "—",
                outcome=outcome,
                nth=d.month_nth,
                total=d.month_total,
            )
            + fee
        )
        # A closed case's dates are settled: no missing-holidays warning for it.
        calendar_warning = d.calendar_warning if not is_closed(d) else ""
        warn = list(d.proposals) + ([calendar_warning] if calendar_warning else [])
        self.proposals.setText("\n".join(warn))
        self.proposals.setVisible(bool(warn))
        self.due_label.setText(due_text(d))
        self.explain.clear()
        for step in d.clocks.explanation if d.clocks else []:
            self.explain.addItem(f"{step.day.isoformat()}　{step_words(step.reason)}")
        self.timeline.setRowCount(len(d.events))
        for r, e in enumerate(d.events):
            detail = _docket_words(e.detail) + (
                tr("（至 {day}）").format(day=e.end_on.isoformat()) if e.end_on else ""
            )
            for c, value in enumerate(
                (e.on.isoformat(), tr_value("event", e.label), detail, e.actor_name)
            ):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.timeline.setItem(r, c, item)
        can_edit = self.actor.can("application.edit")
        for kind, b in self.event_buttons.items():
            b.setEnabled(can_edit and kind in d.allowed_events)
        app = query._get(d.id)
        available = letters.available_letters(app)
        for kind, b in self.letter_buttons.items():
            b.setVisible(kind in available)
        self.letters_label.setText(
            tr("已出具：")
            + (
                "；".join(
                    f"{tr(LETTER_KINDS[lt.kind])} {lt.number}（{_d(lt.issued_on)}）"
                    for lt in d.letters
                )
                or tr("无")
            )
        )
        self.appeals.load(d)
        count = len(d.appeals)
        self.appeals_toggle.setText(
            tr("行政复议和行政诉讼（{n} 件）").format(n=count)
            if count
            else tr("行政复议和行政诉讼（无）")
        )
        if count and not self.appeals_toggle.isChecked():
            self.appeals_toggle.setChecked(True)
        self._show_appeals(self.appeals_toggle.isChecked())

    def _show_appeals(self, shown: bool) -> None:
        self.appeals.setVisible(shown)
        self.appeals_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def open_event(self, kind: str) -> None:
        day = self.today or dt.date.today()
        dlg = EventDialog(self.actor, self.app_id, kind, self.detail.status, day, self)
        if dlg.exec():
            self.after_change(dlg.changes)

    def after_change(self, changes: Changes) -> None:
        self.changes = self.changes | changes
        if self.parent() is not None:
            events.announce(self.parent(), changes)
        self.reload()

    def print_letter(self, kind: str) -> None:
        fmt = self.letter_format.currentData() or "pdf"
        default = f"{self.detail.reg_no}-{LETTER_KINDS[kind]}.{fmt}".replace("/", "-")
        missing = letters.missing_letter_settings()
        if missing:
            dialogs.current.error(
                self,
                tr("请先填写文书设置"),
                tr("文书会印上本机关的联系方式。请先在“设置 → 文书”中填写：")
                + tr("、").join(tr(m) for m in missing),
            )
            return
        filters = tr("Word 文件 (*.docx)") if fmt == "docx" else tr("PDF 文件 (*.pdf)")
        path = dialogs.current.save_file(self, tr("保存文书"), filters, default)
        if not path:
            return
        try:
            data, number, changes = letters.print_letter(self.actor, self.app_id, kind, fmt=fmt)
            Path(path).write_bytes(data)
            audit.record_export(self.actor, "letter", 1, path, reg_no=self.detail.reg_no, kind=kind)
        except (DeskError, OSError) as exc:  # the officer's file: shown in plain words
            dialogs.show_error(self, exc)
            return
        if changes:
            self.after_change(changes)
        dialogs.current.saved(
            self,
            tr("已生成文书"),
            tr("{letter}（{number}）已保存到 {path}").format(
                letter=tr(LETTER_KINDS[kind]), number=number, path=path
            ),
            path,
        )
