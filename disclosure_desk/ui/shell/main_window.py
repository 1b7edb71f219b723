"""Main window: navigation, the views, menus and status bar. It only composes panels."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

from disclosure_desk import i18n
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import ROLE_LABELS, Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import setup
from disclosure_desk.services.common.context import Changes
from disclosure_desk.ui.common import dialogs, workers
from disclosure_desk.ui.shell.views import VIEW_SPECS, VIEW_TITLES, view_class

VIEW_KEYS = tuple(k for k, _m, _c in VIEW_SPECS)


class _Views(dict):
    """key → view; a view (and its module) is built on first access, so start-up builds only
    the dashboard. Iterating gives the views built so far."""

    def __init__(self, build) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> QWidget:
        if key not in VIEW_KEYS:
            raise KeyError(key)
        view = self._build(key)
        self[key] = view
        return view


class _WarningLabel(QLabel):
    """The status bar's warning on one line, elided to WIDTH; the whole text in the tooltip."""

    WIDTH = 520
    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setWordWrap(False)
        self.setMaximumWidth(self.WIDTH)
        self._hand = False

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    # PySide's ``Qt`` namespace is imported where it is used, after the first paint (building it
    # costs start-up time; see ui/dashboard/view.py).
    def _elide(self) -> None:
        from PySide6.QtCore import Qt

        room = self.WIDTH - 2 * self.margin() - 12
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room))

    def enterEvent(self, event) -> None:
        if not self._hand:
            from PySide6.QtCore import Qt

            self._hand = True
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        super().enterEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if self._full and event.type() == event.Type.FontChange:
            self._elide()

    def mousePressEvent(self, event) -> None:
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class MainWindow(QMainWindow):
    """Holds one instance of each view; re-emits every service's Changes on ``changed``."""

    changed = Signal(object)
    # Another user signed in through 切换用户: the app opens a window for them (ui/shell/app.py).
    switch_requested = Signal(object)

    def __init__(self, actor: Actor, db_label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(
            f"{tr('政务公开台账')} — {db_label}" if db_label else tr("政务公开台账")
        )
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(170)
        # Longer (English) titles must not add a sideways scroll bar to the navigation. Set as a
        # property (1 = Qt.ScrollBarAlwaysOff) so start-up does not build PySide's ``Qt``
        # namespace (see _build_menus).
        self.nav.setProperty("horizontalScrollBarPolicy", 1)
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.views: dict[str, QWidget] = _Views(self._build_view)
        self._loaded: set[str] = set()
        for key in VIEW_KEYS:
            self.stack.addWidget(QWidget())  # placeholder until the view is first shown
            self.nav.addItem(tr(VIEW_TITLES[key]))
        self.nav.currentRowChanged.connect(self._switch)
        self.changed.connect(self._broadcast)
        self._build_menus()
        roles = tr("、").join(tr(ROLE_LABELS.get(r, r)) for r in sorted(actor.roles))
        self.statusBar().addWidget(
            QLabel(
                tr("当前用户：{name}（{roles}）").format(
                    name=actor.name or actor.login, roles=roles
                )
            )
        )
        if db_label:
            self.statusBar().addPermanentWidget(QLabel(tr("数据库：{path}").format(path=db_label)))
        # One line (the whole sentence in the tooltip); a click opens 设置 → 节假日, where the
        # missing year is imported.
        self.warning = _WarningLabel()
        self.warning.setProperty("role", "warning")
        self.warning.clicked.connect(lambda: self.open_list("settings", {"tab": "holidays"}))
        self.warning.hide()
        self.statusBar().addPermanentWidget(self.warning)
        self._restore_state()
        # The holiday-data warning is worked out on a worker thread once the window is shown
        # (it reads the open cases and the holiday table): the first paint does not wait for it.
        self._warning_task: workers.Task | None = None
        self._warning_again = False
        self._warning_pending = True
        self._warning_posted = False
        self.show_view("dashboard")
        from disclosure_desk.ui.shell.session_lock import SessionLock

        self.session_lock = SessionLock(self)  # locks the window after inactivity (设置 → 安全)

    def _build_menus(self) -> None:
        # Shortcuts are given as lists (setShortcuts): setShortcut's overloads take Qt.Key, and
        # resolving them builds PySide's whole ``Qt`` namespace (≈ 100 enum classes, ≈ 12 ms of
        # start-up); tests/ui/shell/test_startup_imports.py keeps start-up free of it.
        file_menu = self.menuBar().addMenu(tr("文件"))
        self.print_action = QAction(tr("打印…"), self)
        self.print_action.setShortcuts([QKeySequence("Ctrl+P")])
        self.print_action.triggered.connect(self.print_current)
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        password = QAction(tr("修改我的密码…"), self)
        password.triggered.connect(self.change_password)
        file_menu.addAction(password)
        switch = QAction(tr("切换用户…"), self)
        switch.triggered.connect(self.switch_user)
        file_menu.addAction(switch)
        file_menu.addSeparator()
        quit_action = QAction(tr("退出"), self)
        # Ctrl+Q on every platform (Windows has no standard Quit key).
        quit_action.setShortcuts(
            [QKeySequence("Ctrl+Q"), QKeySequence(QKeySequence.StandardKey.Quit)]
        )
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(tr("视图"))
        for i, (key, _m, _c) in enumerate(VIEW_SPECS):
            action = QAction(tr(VIEW_TITLES[key]), self)
            action.setShortcuts([QKeySequence(f"Ctrl+{i + 1}")])
            action.triggered.connect(lambda _=False, k=key: self.show_view(k))
            view_menu.addAction(action)
        find = QAction(tr("查找"), self)
        find.setShortcuts([QKeySequence("Ctrl+F")])
        find.triggered.connect(self.focus_search)
        view_menu.addAction(find)
        new = QAction(tr("新建"), self)
        new.setShortcuts([QKeySequence("Ctrl+N")])
        new.triggered.connect(self.new_record)
        view_menu.addAction(new)
        refresh = QAction(tr("刷新"), self)
        refresh.setShortcuts(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(lambda: self.current_view().refresh())
        view_menu.addAction(refresh)
        help_menu = self.menuBar().addMenu(tr("帮助"))
        about = QAction(tr("关于"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_about(self) -> None:
        from disclosure_desk.ui.shell.qt_setup import app_version

        dialogs.current.info(
            self,
            tr("关于"),
            tr("政务公开台账 — 依据《中华人民共和国政府信息公开条例》（2019年修订）")
            + "\n"
            + tr("版本 {version}").format(version=app_version()),
        )

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the current view (the register's, the applications')."""
        box = getattr(self.current_view(), "search", None)
        if box is not None and hasattr(box, "setFocus"):
            box.setFocus()
            box.selectAll()

    def new_record(self) -> None:
        """Ctrl+N: a new item in 信息登记, a new application in 依申请公开 (else the register)."""
        view = self.current_view()
        if getattr(view, "key", "") not in ("items", "applications"):
            self.show_view("items")
            view = self.current_view()
        action = getattr(view, "new_item", None) or getattr(view, "register_new", None)
        button = getattr(view, "new_button", None) or getattr(view, "register_button", None)
        if action is not None and (button is None or button.isEnabled()):
            action()
        else:
            dialogs.current.info(self, tr("新建"), tr("当前用户不能新建记录。"))

    def change_password(self) -> None:
        from disclosure_desk.ui.shell.password_dialog import PasswordDialog

        PasswordDialog(self.actor, parent=self).exec()

    def switch_user(self) -> None:
        from disclosure_desk.services.common import overview
        from disclosure_desk.ui.shell.login import LoginDialog

        login = LoginDialog(overview.agency_name(), "", self)
        if login.exec() == LoginDialog.DialogCode.Accepted and login.actor is not None:
            self.switch_requested.emit(login.actor)

    def print_current(self) -> None:
        """Ctrl+P: the current view prints what it shows (reports, the review form…)."""
        view = self.current_view()
        action = getattr(view, "print_current", None)
        if action is None:
            dialogs.current.info(
                self, tr("打印"), tr("请在“报表”中打印报告，或在案卷、审查中打印文书和呈批单。")
            )
            return
        action()

    def current_view(self):
        return self.stack.currentWidget()

    def _build_view(self, key: str) -> QWidget:
        view = view_class(key)(self.actor)
        index = VIEW_KEYS.index(key)
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, view)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        return view

    def show_view(self, key: str) -> None:
        self.nav.setCurrentRow(VIEW_KEYS.index(key))
        self._switch(VIEW_KEYS.index(key))

    def open_list(self, key: str, filters: dict) -> None:
        """Switch to a view and show the list behind a card, a to-do group or a warning."""
        self.show_view(key)
        apply = getattr(self.views[key], "show_filtered", None)
        if apply is not None and filters:
            apply(**filters)

    def _switch(self, row: int) -> None:
        if row < 0:
            return
        key = VIEW_SPECS[row][0]
        view = self.views[key]  # builds it on first show
        self.stack.setCurrentIndex(row)
        if key not in self._loaded:
            self._loaded.add(key)
            try:
                view.refresh()
            except DeskError as exc:
                dialogs.show_error(self, exc)

    def _broadcast(self, changes: Changes) -> None:
        if "holiday" in changes.tables:
            self.refresh_calendar_warning()
        for key, view in list(self.views.items()):
            if key in self._loaded:
                view.on_changes(changes)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.session_lock.watch(self.windowHandle())  # input to this window is activity

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._warning_pending and not self._warning_posted:
            # The first paint is on screen: now the background work.
            self._warning_posted = True
            QTimer.singleShot(0, self, self._start_pending_warning)

    def _start_pending_warning(self) -> None:
        if self._warning_pending:
            self.refresh_calendar_warning()

    def refresh_calendar_warning(self) -> None:
        """Work out the status bar's holiday-data warning on a worker thread; a refresh asked
        for meanwhile runs again when it ends. ``wait_warning()`` blocks until it is shown."""
        self._warning_pending = False
        if self._warning_task is not None:
            self._warning_again = True
            return
        if not setup.is_open():
            return  # the database was closed meanwhile (switching databases, closing)
        self._warning_task = workers.start(self, _deadline_warning, self._warning_done)

    def _warning_done(self, result: object) -> None:
        self._warning_task = None
        if self._warning_again and setup.is_open():
            self._warning_again = False
            self.refresh_calendar_warning()
            return
        self._warning_again = False
        if isinstance(result, workers.Crashed):
            return  # a bug: the exception hook has logged and shown it
        self.show_warning(str(result))

    def wait_warning(self) -> None:
        """Compute the warning now if it waits for the first show, and block until it is shown
        (tests, the screenshot)."""
        if self._warning_pending:
            self.refresh_calendar_warning()
        while self._warning_task is not None:
            self._warning_task.wait()

    def show_warning(self, text: str) -> None:
        self.warning.set_full_text(text)
        self.warning.setVisible(bool(text))

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event) -> None:
        self._warning_pending = self._warning_again = False
        if self._warning_task is not None:
            self._warning_task.drop()
            self._warning_task = None
        for view in list(self.views.values()):
            stop = getattr(view, "stop_loading", None)
            if stop is not None:
                stop()  # a background load must not outlive the window (or its database)
        self.session_lock.detach()
        QSettings().setValue("main/geometry", self.saveGeometry())
        QSettings().setValue("main/lang", i18n.language())
        super().closeEvent(event)


def _deadline_warning(_report) -> str:
    """The warning's text, or the reason it cannot be worked out (runs on the worker thread)."""
    from disclosure_desk.services.common import calendar

    try:
        return calendar.deadline_warning()
    except DeskError as exc:
        return str(exc)


__all__ = ["MainWindow"]
