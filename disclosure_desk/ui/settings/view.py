"""Settings view: units, users, security, audit log, backups and (when present) holidays.

Each tab is its own module (ui/settings_*.py); tabs an actor may not use are replaced by a
sentence saying who may, because the services refuse them anyway (the UI only mirrors the matrix).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.i18n import N_, tr
from disclosure_desk.ui.common.view_base import View
from disclosure_desk.ui.settings.audit import AuditTab
from disclosure_desk.ui.settings.duties import DutiesTab
from disclosure_desk.ui.settings.holidays import HolidaysTab
from disclosure_desk.ui.settings.keywords import KeywordsTab
from disclosure_desk.ui.settings.letters import LettersTab
from disclosure_desk.ui.settings.lists import ListsTab
from disclosure_desk.ui.settings.security import BackupTab, SecurityTab
from disclosure_desk.ui.settings.units import UnitsTab
from disclosure_desk.ui.settings.users import UsersTab


def _placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "hint")
    return label


class SettingsView(View):
    key = "settings"
    title = N_("设置")
    hint = N_(
        "单位、用户、安全、审计日志、备份、节假日和文书（联系方式、Word 模板）。用户、安全设置和节假日只有系统管理员可以修改。"
    )
    watches = frozenset(
        {"unit", "user", "holiday", "setting", "audit_entry", "scan_keyword", "duty_rule"}
    )

    def build(self) -> None:
        self.tabs = QTabWidget()
        self.pages: dict[str, QWidget] = {}
        self._add("units", UnitsTab(self.actor), tr("单位"))
        if self.actor.can("user.manage"):
            self._add("users", UsersTab(self.actor), tr("用户"))
        else:
            self.tabs.addTab(_placeholder(tr("只有系统管理员可以查看和管理用户。")), tr("用户"))
        self._add("security", SecurityTab(self.actor), tr("安全"))
        if self.actor.can("audit.view"):
            self._add("audit", AuditTab(self.actor), tr("审计日志"))
        else:
            self.tabs.addTab(
                _placeholder(tr("只有主管领导和系统管理员可以查看审计日志。")), tr("审计日志")
            )
        if self.actor.can("backup.run"):
            self._add("backup", BackupTab(self.actor), tr("备份"))
        self._add("holidays", HolidaysTab(self.actor), tr("节假日"))
        self._add("keywords", KeywordsTab(self.actor), tr("敏感词"))
        self._add("lists", ListsTab(self.actor), tr("分类与编号"))
        self._add("letters", LettersTab(self.actor), tr("文书"))
        self._add("duties", DutiesTab(self.actor), tr("公开职责"))
        self.tabs.currentChanged.connect(lambda _i: self._refresh_current())
        self.body.addWidget(self.tabs, 1)

    def _add(self, key: str, page: QWidget, title: str) -> None:
        self.pages[key] = page
        self.tabs.addTab(page, title)

    def show_filtered(self, *, tab: str = "") -> None:
        """Open one tab (a dashboard card or group points here)."""
        page = self.pages.get(tab)
        if page is not None:
            self.tabs.setCurrentWidget(page)

    def _refresh_current(self) -> None:
        page = self.tabs.currentWidget()
        refresh = getattr(page, "refresh", None)
        if refresh is not None:
            try:
                refresh()
            except DeskError as exc:
                from disclosure_desk.ui.common import dialogs

                dialogs.show_error(self, exc)

    def refresh(self) -> None:
        # Reload every tab that exists (cheap queries); keeps hidden tabs current after changes.
        for page in self.pages.values():
            page.refresh()
