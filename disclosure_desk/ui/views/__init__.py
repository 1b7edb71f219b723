"""The views of the main window, in navigation order (key, module, class)."""
from __future__ import annotations

import importlib

VIEW_SPECS: tuple[tuple[str, str, str], ...] = (
    ("dashboard", "disclosure_desk.ui.views.dashboard", "DashboardView"),
    ("items", "disclosure_desk.ui.views.items", "ItemsView"),
    ("reviews", "disclosure_desk.ui.views.reviews", "ReviewsView"),
    ("applications", "disclosure_desk.ui.views.applications", "ApplicationsView"),
    ("reports", "disclosure_desk.ui.views.reports", "ReportsView"),
    ("settings", "disclosure_desk.ui.views.settings", "SettingsView"),
)


def view_class(key: str):
    for k, module, cls in VIEW_SPECS:
        if k == key:
            return getattr(importlib.import_module(module), cls)
    raise KeyError(key)
