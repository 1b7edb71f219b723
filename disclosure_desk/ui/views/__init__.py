"""The views of the main window, in navigation order (key, module, class)."""
from __future__ import annotations

import importlib

from disclosure_desk.i18n import N_

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
    "dashboard": N_("首页"),
    "items": N_("信息登记"),
    "reviews": N_("发布审查"),
    "applications": N_("依申请公开"),
    "reports": N_("报表"),
    "duties": N_("公开职责"),
    "settings": N_("设置"),
}


def view_class(key: str):
    for k, module, cls in VIEW_SPECS:
        if k == key:
            return getattr(importlib.import_module(module), cls)
    raise KeyError(key)
