"""The views of the main window, in navigation order (key, module, class)."""

from __future__ import annotations

from disclosure_desk.i18n import N_

VIEW_SPECS: tuple[tuple[str, str, str], ...] = (
    ("dashboard", "disclosure_desk.ui.dashboard.view", "DashboardView"),
    ("items", "disclosure_desk.ui.items.view", "ItemsView"),
    ("reviews", "disclosure_desk.ui.reviews.view", "ReviewsView"),
    ("applications", "disclosure_desk.ui.applications.view", "ApplicationsView"),
    ("reports", "disclosure_desk.ui.reporting.view", "ReportsView"),
    ("duties", "disclosure_desk.ui.duties.view", "DutiesView"),
    ("settings", "disclosure_desk.ui.settings.view", "SettingsView"),
)

# Navigation titles, so the main window can list every view without importing its module
# (views are built on first show; tests/ui/shell/test_main_window_lazy.py keeps these equal to the
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


# Each view module is imported on first use (start-up stays fast), but by a plain import statement
# that a freezer such as PyInstaller can see; tests/ui/shell/test_main_window_lazy.py checks that this
# table and VIEW_SPECS agree.
def _dashboard():
    from disclosure_desk.ui.dashboard.view import DashboardView

    return DashboardView


def _items():
    from disclosure_desk.ui.items.view import ItemsView

    return ItemsView


def _reviews():
    from disclosure_desk.ui.reviews.view import ReviewsView

    return ReviewsView


def _applications():
    from disclosure_desk.ui.applications.view import ApplicationsView

    return ApplicationsView


def _reports():
    from disclosure_desk.ui.reporting.view import ReportsView

    return ReportsView


def _duties():
    from disclosure_desk.ui.duties.view import DutiesView

    return DutiesView


def _settings():
    from disclosure_desk.ui.settings.view import SettingsView

    return SettingsView


_LOADERS = {
    "dashboard": _dashboard,
    "items": _items,
    "reviews": _reviews,
    "applications": _applications,
    "reports": _reports,
    "duties": _duties,
    "settings": _settings,
}


def view_class(key: str):
    return _LOADERS[key]()
