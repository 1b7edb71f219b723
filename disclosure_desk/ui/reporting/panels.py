"""Pieces of the reports view: the export worker, the drill-down dialog, the annual-report
tables as QTableWidgets, and the statistics ledger tab."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain import annual as statutory
from disclosure_desk.domain.annual import (
    COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    ROWS,
    AnnualReport,
)
from disclosure_desk.domain.outcomes import ORG_PARENT_LABEL
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.reporting import stats as reports_stats
from disclosure_desk.services.reporting.annual import CellRecord
from disclosure_desk.ui.common.layout_fit import fit_dialog

CELL_ROLE = Qt.ItemDataRole.UserRole + 2


def cell_of(item: QTableWidgetItem | None) -> tuple[str, str] | None:
    """The (row, column) report codes stored on a table item, if it holds a figure."""
    raw = item.data(CELL_ROLE) if item is not None else None
    if not raw:
        return None
    row, col = str(raw).split("|", 1)
    return row, col


def _read_only(table: QTableWidget) -> None:
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)


def _number(value: object, cell: tuple[str, str] | None) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    # Always a string (never unset): PySide6 mishandles refcounts of None/objects in item data.
    item.setData(CELL_ROLE, f"{cell[0]}|{cell[1]}" if cell else "")
    if cell is not None:
        item.setToolTip(tr("双击列出这一格背后的记录"))
    return item


def _text(value: str) -> QTableWidgetItem:
    item = QTableWidgetItem(value)
    item.setData(CELL_ROLE, "")
    return item


PROACTIVE_ROWS: tuple[tuple[str, str], ...] = (
    ("rules", statutory.LABEL_RULES),
    ("normative_documents", statutory.LABEL_NORMATIVE),
)
DECISION_ROWS: tuple[tuple[str, str], ...] = (
    ("licensing", statutory.LABEL_LICENSING),
    ("penalty", statutory.LABEL_PENALTY),
    ("coercion", statutory.LABEL_COERCION),
)


def proactive_table() -> QTableWidget:
    t = QTableWidget(6, 4)
    t.setHorizontalHeaderLabels(
        [tr("信息内容"), tr("本年制发件数"), tr("本年废止件数"), tr("现行有效件数")]
    )
    _read_only(t)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in (1, 2, 3):
        t.setColumnWidth(c, 140)  # "Repealed this year" fits
    return t


def fill_proactive(t: QTableWidget, report: AnnualReport) -> None:
    p = report.proactive
    for r, (key, label) in enumerate(PROACTIVE_ROWS):
        g = getattr(p, key)
        t.setItem(r, 0, _text(label))
        for c, measure in enumerate(("issued", "repealed", "in_force"), 1):
            t.setItem(r, c, _number(getattr(g, measure), ("proactive", f"{key}.{measure}")))
    for r, (key, label) in enumerate(DECISION_ROWS, 2):
        t.setItem(r, 0, _text(f"{label}（{statutory.LABEL_DECISIONS}）"))
        t.setItem(r, 1, _number(getattr(p, key), ("proactive", key)))
        t.setSpan(r, 1, 1, 3)
    t.setItem(5, 0, _text(f"{statutory.LABEL_ADMIN_FEES}（{statutory.LABEL_FEES_WAN}）"))
    from disclosure_desk.reports.annual_pdf import format_wan

    t.setItem(5, 1, _number(format_wan(p.fees_wan), ("proactive", "fees_wan")))
    t.setSpan(5, 1, 1, 3)


def applications_table() -> QTableWidget:
    t = QTableWidget(len(ROWS), 1 + len(COLUMNS))
    # The long 勾稽关系 note is shown above the table (a header cell would clip it).
    labels = [tr("项目")]
    for _code, label, parent in COLUMNS:
        labels.append(f"{parent}\n{label}" if parent == ORG_PARENT_LABEL else label)
    t.setHorizontalHeaderLabels(labels)
    _read_only(t)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, 1 + len(COLUMNS)):
        t.setColumnWidth(c, 108)
    return t


def fill_applications(t: QTableWidget, report: AnnualReport) -> None:
    for r, row in enumerate(ROWS):
        label = _text("　" * row.level + row.label)
        label.setToolTip(row.label)
        t.setItem(r, 0, label)
        for c, (code, _label, _parent) in enumerate(COLUMNS, 1):
            if row.is_group:
                t.setItem(r, c, _number("", None))
            else:
                t.setItem(r, c, _number(report.applications[row.code][code], (row.code, code)))


def reviews_table() -> QTableWidget:
    t = QTableWidget(len(REVIEW_GROUPS), 1 + len(REVIEW_COLUMNS))
    t.setHorizontalHeaderLabels([tr("类别")] + [label for _c, label in REVIEW_COLUMNS])
    _read_only(t)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return t


def fill_reviews(t: QTableWidget, report: AnnualReport) -> None:
    for r, (group, label) in enumerate(REVIEW_GROUPS):
        shown = label if group == "review" else f"{statutory.REVIEW_PARENT_LITIGATION} · {label}"
        t.setItem(r, 0, _text(shown))
        for c, (code, _l) in enumerate(REVIEW_COLUMNS, 1):
            t.setItem(r, c, _number(report.reviews_litigation[group][code], (group, code)))


def fit_height(t: QTableWidget) -> None:
    """Show every row without an inner scroll bar (the page scrolls instead)."""
    height = t.horizontalHeader().height() + 4
    for r in range(t.rowCount()):
        height += t.rowHeight(r)
    t.setMinimumHeight(height)
    t.setMaximumHeight(height)


class DrillDownDialog(QDialog):
    """The records behind one report cell; double-click opens a record in its view."""

    HEADERS = (
        N_("类型"),
        N_("编号"),
        N_("单位"),
        N_("名称/申请人"),
        N_("收到/提起/成文"),
        N_("答复/审结/废止"),
        N_("结果/说明"),
    )
    KIND_LABELS = {
        "application": N_("申请"),
        "appeal": N_("复议诉讼"),
        "item": N_("信息"),
        "stat_entry": N_("台账"),
    }

    def __init__(
        self,
        title: str,
        records: list[CellRecord],
        parent: QWidget | None = None,
        open_record: Callable[[CellRecord], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_dialog(self, 900, 480)
        self.records = records
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("{title}：共 {n} 条记录").format(title=title, n=len(records))))
        self.table = QTableWidget(len(records), len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([tr(h) for h in self.HEADERS])
        _read_only(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, rec in enumerate(records):
            values = (
                tr(self.KIND_LABELS.get(rec.kind, rec.kind)),
                rec.ref,
                rec.unit_name,
                rec.title,
                rec.first_date.isoformat() if rec.first_date else "",
                rec.second_date.isoformat() if rec.second_date else "",
                rec.detail,
            )
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for c in (0, 1, 4, 5):  # English headers are long: never clipped
            self.table.resizeColumnToContents(c)
        if open_record is not None:
            self.table.cellDoubleClicked.connect(lambda r, _c: open_record(self.records[r]))
        layout.addWidget(self.table, 1)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)


class StatsPanel(QWidget):
    """统计台账: enter 行政许可/处罚/强制 counts and 行政事业性收费 per unit and month/quarter."""

    saved = Signal(object)  # Changes

    def __init__(self, view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.unit = QComboBox()
        self.period = QComboBox()
        for p in reports_stats.PERIODS:
            self.period.addItem(reports_stats.period_label(p), p)
        self.licensing, self.penalty, self.coercion = QSpinBox(), QSpinBox(), QSpinBox()
        for box in (self.licensing, self.penalty, self.coercion):
            box.setRange(0, 10_000_000)
        self.fees = QDoubleSpinBox()
        self.fees.setRange(0, 1e12)
        self.fees.setDecimals(2)
        self.fees.setSuffix(tr(" 元"))
        form.addRow(tr("单位"), self.unit)
        form.addRow(tr("统计期间"), self.period)
        form.addRow(tr("行政许可 处理决定数"), self.licensing)
        form.addRow(tr("行政处罚 处理决定数"), self.penalty)
        form.addRow(tr("行政强制 处理决定数"), self.coercion)
        form.addRow(tr("行政事业性收费"), self.fees)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(tr("保存台账"))
        self.delete_button = QPushButton(tr("删除所选"))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                tr("单位"),
                tr("期间"),
                tr("行政许可"),
                tr("行政处罚"),
                tr("行政强制"),
                tr("收费（元）"),
                tr("编号"),
            ]
        )
        _read_only(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.cellClicked.connect(self._pick)
        layout.addWidget(self.table, 1)
        can_edit = view.actor.can("stats.edit")
        self.save_button.setEnabled(can_edit)
        self.delete_button.setEnabled(can_edit)
        self.rows: list[reports_stats.StatRow] = []

    def set_units(self, units) -> None:
        self.unit.clear()
        for u in units:
            self.unit.addItem(u.name, u.code)

    def load(self, year: int, unit_code: str | None) -> None:
        self.rows = reports_stats.list_entries(self.view.actor, year, unit_code)
        self.table.setRowCount(len(self.rows))
        for r, s in enumerate(self.rows):
            values = (
                s.unit_name,
                reports_stats.period_label(s.period),
                s.licensing,
                s.penalty,
                s.coercion,
                f"{s.fees_yuan:,.2f}",
                s.id,
            )
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(v)))

    def _pick(self, row: int, _col: int) -> None:
        s = self.rows[row]
        self.unit.setCurrentIndex(max(0, self.unit.findData(s.unit_code)))
        self.period.setCurrentIndex(max(0, self.period.findData(s.period)))
        self.licensing.setValue(s.licensing)
        self.penalty.setValue(s.penalty)
        self.coercion.setValue(s.coercion)
        self.fees.setValue(float(s.fees_yuan))

    def values(self) -> dict[str, object]:
        return {
            "licensing": self.licensing.value(),
            "penalty": self.penalty.value(),
            "coercion": self.coercion.value(),
            "fees_yuan": Decimal(f"{self.fees.value():.2f}"),
        }
