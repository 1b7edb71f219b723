"""Home view: headline figures and the open applications with their clocks."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout

from disclosure_desk.services import overview
from disclosure_desk.ui.table_model import Column, RowTableModel
from disclosure_desk.ui.views.base import View, make_table


class DashboardView(View):
    key = "dashboard"
    title = "首页"
    hint = "今天需要处理的事项。双击一行打开对应记录。"

    def build(self) -> None:
        self.agency = QLabel()
        self.agency.setProperty("role", "hint")
        self.body.addWidget(self.agency)
        grid = QGridLayout()
        self.cards: dict[str, QLabel] = {}
        for i, (key, label) in enumerate((
            ("items", "登记信息总数"), ("items_published", "已发布"), ("reviews_waiting", "待审查"),
            ("applications_open", "办理中的申请"), ("applications_year", "今年收到申请"), ("units", "单位"),
        )):
            card = QFrame()
            card.setProperty("role", "card")
            box = QVBoxLayout(card)
            number = QLabel("0")
            number.setProperty("role", "card-number")
            box.addWidget(number)
            box.addWidget(QLabel(label))
            grid.addWidget(card, i // 3, i % 3)
            self.cards[key] = number
        self.body.addLayout(grid)
        self.body.addWidget(QLabel("办理中的依申请公开"))
        self.model = RowTableModel([
            Column("申请编号", lambda r: r.reg_no),
            Column("单位", lambda r: r.unit_name),
            Column("收到日期", lambda r: r.received_on),
            Column("申请人", lambda r: r.applicant_name),
            Column("方式", lambda r: r.channel),
        ])
        self.table = make_table(self.model, stretch_column=3)
        self.body.addWidget(self.table, 1)

    def refresh(self) -> None:
        s = overview.summary(self.actor)
        self.agency.setText(f"{s.agency} · 当前用户：{self.actor.name or self.actor.login}")
        for key, label in self.cards.items():
            label.setText(f"{getattr(s, key):,}")
        self.model.set_source(lambda off, lim: overview.application_page(self.actor, off, lim, open_only=True))
