"""Pre-publication review view: the queue of items waiting for 保密审查."""
from __future__ import annotations

from disclosure_desk.services import overview
from disclosure_desk.ui.table_model import Column, RowTableModel
from disclosure_desk.ui.views.base import View, make_table


class ReviewsView(View):
    key = "reviews"
    title = "发布审查"
    hint = "“上网信息不涉密，涉密信息不上网”：以下信息等待第二人保密审查后方可发布。"
    watches = frozenset({"item", "item_review"})

    def build(self) -> None:
        self.model = RowTableModel([
            Column("索引号", lambda r: r.index_no),
            Column("标题", lambda r: r.title),
            Column("单位", lambda r: r.unit_name),
            Column("提交时间", lambda r: r.submitted_at),
        ])
        self.table = make_table(self.model, stretch_column=1)
        self.body.addWidget(self.table, 1)

    def refresh(self) -> None:
        self.model.set_rows(overview.review_queue(self.actor))
        self.table.resizeColumnToContents(0)
