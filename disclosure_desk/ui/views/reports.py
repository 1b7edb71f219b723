"""Reports view: the statistics ledger totals behind the annual report."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox

from disclosure_desk.services import overview
from disclosure_desk.ui.views.base import View


class ReportsView(View):
    key = "reports"
    title = "报表"
    hint = "年度报告、季度汇总与统计台账。"
    watches = frozenset({"stat_entry", "application", "item"})

    def build(self) -> None:
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(dt.date.today().year - 1)
        self.year.valueChanged.connect(self.refresh)
        form.addRow("报告年度", self.year)
        self.labels = {}
        for key, label in (("licensing", "行政许可 本年处理决定数量"), ("penalty", "行政处罚 本年处理决定数量"),
                           ("coercion", "行政强制 本年处理决定数量"), ("fees_yuan", "行政事业性收费（元）")):
            self.labels[key] = QLabel("0")
            form.addRow(label, self.labels[key])
        self.body.addLayout(form)
        self.body.addStretch(1)

    def refresh(self) -> None:
        totals = overview.stats_totals(self.actor, self.year.value())
        for key, label in self.labels.items():
            value = totals[key]
            label.setText(f"{value:,.2f}" if key == "fees_yuan" else f"{int(value):,}")
