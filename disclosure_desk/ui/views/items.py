"""Information register view (信息登记): the list of items, loaded page by page."""
from __future__ import annotations

from disclosure_desk.services import overview
from disclosure_desk.ui.table_model import Column, RowTableModel
from disclosure_desk.ui.views.base import View, make_table


class ItemsView(View):
    key = "items"
    title = "信息登记"
    hint = "登记的政府信息及其索引号、公开属性和状态。"
    watches = frozenset({"item"})

    def build(self) -> None:
        self.model = RowTableModel([
            Column("索引号", lambda r: r.index_no),
            Column("标题", lambda r: r.title),
            Column("单位", lambda r: r.unit_name),
            Column("公开属性", lambda r: r.disclosure),
            Column("发布日期", lambda r: r.published_on),
            Column("状态", lambda r: r.status),
            Column("有效性", lambda r: r.validity),
        ])
        self.table = make_table(self.model, stretch_column=1)
        self.body.addWidget(self.table, 1)

    def refresh(self) -> None:
        self.model.set_source(lambda off, lim: overview.item_page(self.actor, off, lim))
        self.table.resizeColumnToContents(0)
