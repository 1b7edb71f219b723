"""Settings view: units (with 索引号 prefixes) and, for administrators, users."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget

from disclosure_desk.domain.permissions import ROLE_LABELS
from disclosure_desk.services import overview
from disclosure_desk.ui.table_model import Column, RowTableModel
from disclosure_desk.ui.views.base import View, make_table


class SettingsView(View):
    key = "settings"
    title = "设置"
    hint = "单位、用户、节假日和系统设置。用户和节假日只有系统管理员可以修改。"
    watches = frozenset({"unit", "user", "holiday", "setting"})

    def build(self) -> None:
        self.tabs = QTabWidget()
        self.units_model = RowTableModel([
            Column("代码", lambda r: r.code), Column("名称", lambda r: r.name),
            Column("类型", lambda r: r.kind), Column("索引号前段码", lambda r: r.index_prefix),
        ])
        self.tabs.addTab(make_table(self.units_model, stretch_column=1), "单位")
        self.users_model = RowTableModel([
            Column("登录名", lambda r: r.login), Column("姓名", lambda r: r.name),
            Column("单位", lambda r: r.unit_name),
            Column("角色", lambda r: "、".join(ROLE_LABELS.get(x, x) for x in r.roles.split(","))),
            Column("状态", lambda r: "已锁定" if r.locked else ("启用" if r.active else "停用")),
        ])
        if self.actor.can("user.manage"):
            self.tabs.addTab(make_table(self.users_model, stretch_column=2), "用户")
        else:
            self.tabs.addTab(QLabel("只有系统管理员可以查看和管理用户。"), "用户")
        self.body.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self.units_model.set_rows(overview.units(self.actor))
        if self.actor.can("user.manage"):
            self.users_model.set_rows(overview.users(self.actor))
