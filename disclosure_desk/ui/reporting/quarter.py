"""The supervisor's quarter on screen: the 一季一调度 figures as a table and a chart, for the last
complete quarter by default, with its own period selector, and 打印 one click away.

A quarter still running is marked 截至 MM-DD and its 增减/变化率 show "—": a part quarter is not
compared with a whole one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.quarterly import (
    METRICS,
    OUTCOME_GROUPS,
    QuarterlySummary,
    change,
    last_complete_quarter,
    previous_quarter,
)
from disclosure_desk.i18n import N_, tr, tr_from

QUARTERS_OFFERED = 8
CHART_METRICS = (
    ("items_published", N_("发布信息")),
    ("apps_received", N_("收到申请")),
    ("apps_replied", N_("办结申请")),
)
CHART_COLORS = ("#2f6db5", "#d9822b", "#3a8f4b")


def quarter_choices(today: dt.date) -> list[tuple[int, int, bool]]:
    """(year, quarter, complete) from the running quarter back, newest first."""
    current = (today.year, (today.month - 1) // 3 + 1)
    out = [(*current, False)]
    y, q = current
    for _ in range(QUARTERS_OFFERED - 1):
        y, q = previous_quarter(y, q)
        out.append((y, q, True))
    return out


class TrendChart(QWidget):
    """Bars of three figures over the last four quarters (QtCharts is not in Essentials)."""

    def __init__(self) -> None:
        super().__init__()
        self.summary: QuarterlySummary | None = None
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_summary(self, summary: QuarterlySummary | None) -> None:
        self.summary = summary
        self.update()

    def paintEvent(self, _event) -> None:
        s = self.summary
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        text_pen = QPen(self.palette().text().color())
        if s is None:
            painter.setPen(text_pen)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("正在统计…"))
            return
        quarters = s.trend
        top, bottom, left = 28.0, 40.0, 36.0
        plot = QRectF(left, top, self.width() - left - 10, self.height() - top - bottom)
        peak = max([1] + [q.total(m) for q in quarters for m, _l in CHART_METRICS])
        group_w = plot.width() / max(1, len(quarters))
        bar_w = group_w * 0.7 / len(CHART_METRICS)
        painter.setPen(QPen(QColor("#c8d0da")))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        for gi, q in enumerate(quarters):
            x0 = plot.left() + gi * group_w + group_w * 0.15
            for mi, (metric, _label) in enumerate(CHART_METRICS):
                value = q.total(metric)
                h = plot.height() * value / peak
                bar = QRectF(x0 + mi * bar_w, plot.bottom() - h, bar_w - 2, h)
                color = QColor(CHART_COLORS[mi])
                if not q.complete:
                    color.setAlpha(110)  # a running quarter: lighter, it is not final
                painter.fillRect(bar, color)
                painter.setPen(text_pen)
                painter.drawText(
                    QRectF(bar.left() - 6, bar.top() - 16, bar_w + 10, 14),
                    Qt.AlignmentFlag.AlignCenter,
                    str(value),
                )
            painter.setPen(text_pen)
            label = f"{q.start.year} Q{(q.start.month - 1) // 3 + 1}"
            if not q.complete:
                label += tr("（截至 {d}）").format(d=f"{q.as_of:%m-%d}")
            painter.drawText(
                QRectF(plot.left() + gi * group_w, plot.bottom() + 4, group_w, 18),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )
        x = left
        for mi, (_metric, label) in enumerate(CHART_METRICS):
            painter.fillRect(QRectF(x, 8, 12, 12), QColor(CHART_COLORS[mi]))
            painter.setPen(text_pen)
            text = tr(label)
            width = painter.fontMetrics().horizontalAdvance(text) + 4  # English is wider
            painter.drawText(QRectF(x + 16, 4, width, 20), Qt.AlignmentFlag.AlignVCenter, text)
            x += 16 + width + 14


class QuarterPanel(QWidget):
    """Tab 季度汇总 of the reports view; the view supplies ``load(year, quarter)`` results."""

    def __init__(self, today: dt.date | None = None) -> None:
        super().__init__()
        self.today = today or dt.date.today()
        self.summary: QuarterlySummary | None = None
        box = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period = QComboBox()
        for y, q, complete in quarter_choices(self.today):
            text = tr("{y}年第{q}季度").format(y=y, q=q)
            if not complete:
                text += tr("（进行中，截至 {d}）").format(d=f"{self.today:%m-%d}")
            self.period.addItem(text, y * 10 + q)
        y, q = last_complete_quarter(self.today)
        self.period.setCurrentIndex(self.period.findData(y * 10 + q))
        self.print_button = QPushButton(tr("打印…"))
        self.preview_button = QPushButton(tr("打印预览…"))
        self.pdf_button = QPushButton(tr("导出 PDF…"))
        bar.addWidget(QLabel(tr("季度")))
        bar.addWidget(self.period)
        bar.addStretch(1)
        for b in (self.print_button, self.preview_button, self.pdf_button):
            bar.addWidget(b)
        box.addLayout(bar)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("role", "hint")
        box.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 5)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        split.addWidget(self.table)
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 0, 0, 0)
        self.chart = TrendChart()
        rbox.addWidget(self.chart, 1)
        self.ranking = QTableWidget(0, 4)
        self.ranking.setHorizontalHeaderLabels(
            [tr("名次"), tr("单位"), tr("超期事项"), tr("发布信息")]
        )
        self.ranking.verticalHeader().setVisible(False)
        self.ranking.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.ranking.horizontalHeader().setStretchLastSection(True)
        rbox.addWidget(self.ranking, 1)
        split.addWidget(right)
        split.setSizes([480, 520])
        box.addWidget(split, 1)

    def selected(self) -> tuple[int, int]:
        code = int(self.period.currentData())
        return code // 10, code % 10

    def show_summary(self, s: QuarterlySummary) -> None:
        self.summary = s
        cur, prev = s.current, s.previous
        comparable = cur.complete
        self.table.setHorizontalHeaderLabels(
            [
                tr("事项"),
                tr_from(cur.shown_label, N_("{label}（截至 {day}）"), N_("{y}年第{q}季度")),
                tr_from(prev.label, N_("{y}年第{q}季度")),
                tr("增减"),
                tr("变化率"),
            ]
        )
        rows = [(tr(label), cur.total(m), prev.total(m)) for m, label in METRICS]
        rows += [
            (
                tr("答复：{label}").format(label=tr(label)),
                cur.outcome_total(g),
                prev.outcome_total(g),
            )
            for g, label in OUTCOME_GROUPS
        ]
        self.table.setRowCount(len(rows))
        for r, (label, now, before) in enumerate(rows):
            values = (label, str(now), str(before), *change(now, before, comparable))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.note.setText(
            tr("统计期间 {start} 至 {end}。").format(start=cur.start, end=cur.end)
            + (
                ""
                if comparable
                else tr("本季度尚未结束：数字截至 {d}，不与上季度作增减比较。").format(
                    d=f"{cur.as_of:%m-%d}"
                )
            )
        )
        self.ranking.setRowCount(len(s.ranking))
        for r, row in enumerate(s.ranking):
            for c, value in enumerate((row.rank, row.unit_name, row.overdue, row.published)):
                self.ranking.setItem(r, c, QTableWidgetItem(str(value)))
        self.chart.set_summary(s)
