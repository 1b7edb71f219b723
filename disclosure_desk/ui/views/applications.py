"""Application log view (依申请公开): every case, newest first."""
from __future__ import annotations

from disclosure_desk.domain.outcomes import COLUMN_LABELS
from disclosure_desk.services import overview
from disclosure_desk.ui.table_model import Column, RowTableModel
from disclosure_desk.ui.views.base import View, make_table


class ApplicationsView(View):
    key = "applications"
    title = "依申请公开"
    hint = "政府信息公开申请的登记、办理与答复。"
    watches = frozenset({"application", "application_event"})

    def build(self) -> None:
        self.model = RowTableModel([
            Column("申请编号", lambda r: r.reg_no),
            Column("单位", lambda r: r.unit_name),
            Column("收到日期", lambda r: r.received_on),
            Column("申请人", lambda r: r.applicant_name),
            Column("申请人类型", lambda r: COLUMN_LABELS.get(r.applicant_type, r.applicant_type)),
            Column("方式", lambda r: r.channel),
            Column("办理结果", lambda r: r.outcome_code or "办理中"),
            Column("答复日期", lambda r: r.replied_on),
        ])
        self.table = make_table(self.model, stretch_column=3)
        self.body.addWidget(self.table, 1)

    def refresh(self) -> None:
        self.model.set_source(lambda off, lim: overview.application_page(self.actor, off, lim))
