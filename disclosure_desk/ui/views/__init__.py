"""The views of the main window, in navigation order (key, module, class)."""
from __future__ import annotations

import importlib

VIEW_SPECS: tuple[tuple[str, str, str], ...] = (
    ("dashboard", "disclosure_desk.ui.views.dashboard", "DashboardView"),
    ("items", "disclosure_desk.ui.views.items", "ItemsView"),
    ("reviews", "disclosure_desk.ui.views.reviews", "ReviewsView"),
    ("applications", "disclosure_desk.ui.views.applications", "ApplicationsView"),
    ("reports", "disclosure_desk.ui.views.reports", "ReportsView"),
    ("duties", "disclosure_desk.ui.views.duties", "DutiesView"),
    ("settings", "disclosure_desk.ui.views.settings", "SettingsView"),
)

# Navigation titles, so the main window can list every view without importing its module
# (views are built on first show; tests/ui/test_main_window_lazy.py keeps these equal to the
# classes' ``title``).
VIEW_TITLES: dict[str, str] = {
    "dashboard": "首页",
    "items": "信息登记",
    "reviews": "发布审查",
    "applications": "依申请公开",
    "reports": "报表",
    "duties": "公开职责",
    "settings": "设置",
}


def view_class(key: str):
    for k, module, cls in VIEW_SPECS:
        if k == key:
            return getattr(importlib.import_module(module), cls)
    raise KeyError(key)
