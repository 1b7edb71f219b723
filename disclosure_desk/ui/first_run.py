"""First start on a workstation: work on this PC alone (create the local database) or with the
district server (saved in the user's config file, password left to libpq's .pgpass)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.i18n import tr
from disclosure_desk.services import setup, workstation

SSL_MODES = ("verify-full", "verify-ca", "require", "prefer", "disable")


class FirstRunDialog(QDialog):
    """Accepted once a database is ready: created locally, or named in the config file."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{tr('首次使用')} — {tr('政务公开台账')}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        hint = QLabel(tr("这台电脑还没有设置数据库。请选择：本机单独使用，或连接区县统一的数据库服务器。"))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._local_tab(), tr("本机单独使用"))
        self.tabs.addTab(self._server_tab(), tr("连接区县服务器"))
        layout.addWidget(self.tabs)
        self.message = QLabel()
        self.message.setProperty("role", "warning")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _local_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        note = QLabel(tr("在本机新建数据库文件：") + str(workstation.default_database_file()))
        note.setWordWrap(True)
        form.addRow(note)
        self.agency = QLineEdit()
        self.code = QLineEdit()
        self.code.setPlaceholderText(tr("9 位组织机构代码或 18 位统一社会信用代码"))
        self.admin = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("机关名称"), self.agency)
        form.addRow(tr("索引号前段码"), self.code)
        form.addRow(tr("管理员登录名"), self.admin)
        form.addRow(tr("管理员密码"), self.password)
        form.addRow(tr("再次输入密码"), self.password2)
        existing = QPushButton(tr("改用已有的数据库文件…"))
        existing.clicked.connect(self.choose_existing)
        form.addRow(existing)
        return page

    def _server_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.host = QLineEdit()
        self.host.setPlaceholderText("db.quxian.gov.cn")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.db_user = QLineEdit()
        self.sslmode = QComboBox()
        for mode in SSL_MODES:
            self.sslmode.addItem(mode, mode)
        form.addRow(tr("服务器地址"), self.host)
        form.addRow(tr("端口"), self.port)
        form.addRow(tr("数据库名"), self.database)
        form.addRow(tr("数据库用户名"), self.db_user)
        form.addRow(tr("加密方式"), self.sslmode)
        note = QLabel(tr("数据库密码不在这里填写：请由管理员写入本机的 .pgpass 文件"
                         "（Windows：%APPDATA%\\postgresql\\pgpass.conf），详见部署说明。"))
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _fail(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def choose_existing(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("选择数据库文件"), "", "SQLite (*.sqlite3 *.db);;* (*)")
        if not path:
            return
        try:
            setup.open_target(setup.parse_target(path))
            setup.close()
            workstation.save_connection(path)
        except DeskError as exc:
            self._fail(str(exc))
            return
        self.accept()

    def apply(self) -> None:
        try:
            if self.tabs.currentIndex() == 0:
                self._create_local()
            else:
                self._connect_server()
        except DeskError as exc:
            setup.close()
            self._fail(str(exc))
            return
        self.accept()

    def _create_local(self) -> None:
        if self.password.text() != self.password2.text():
            raise DeskError(tr("两次输入的密码不一致。"))
        target = setup.parse_target(str(workstation.default_database_file()))
        setup.init_database(target, self.agency.text(), self.code.text(), self.admin.text(),
                            self.password.text())
        setup.close()

    def _connect_server(self) -> None:
        url = workstation.server_url(self.host.text(), self.port.value(), self.database.text(),
                                     self.db_user.text(), self.sslmode.currentData())
        # reachable, password found, schema there? (never creates tables: that is `init`'s job)
        setup.open_target(setup.parse_target(url), auto_migrate=False)
        try:
            ready = setup.is_initialised()
        except Exception:  # no tables at all
            ready = False
        if not ready:
            raise DeskError(tr("服务器上的数据库还没有初始化：请管理员先按部署说明运行 disclosure-desk init。"))
        setup.close()
        workstation.save_connection(url)
