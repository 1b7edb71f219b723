"""First run in the window: with no database yet, a new office sets itself up here instead of in
a terminal — where the data lives (a local file, or the district's PostgreSQL server), the
body's full and short names (the short one goes into case numbers and letters), the 索引号
prefix, the administrator's account, and a check of the holiday data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.errors import DeskError, InputError
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import setup
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.common.layout_fit import fit_dialog, scroll_wrap


def needs_first_run(target: setup.Target) -> bool:
    """A local database file that does not exist yet (or is empty): offer the setup dialog."""
    return target.kind == "sqlite" and (
        target.path is None or not target.path.exists() or target.path.stat().st_size == 0
    )


def holiday_check(today: dt.date | None = None) -> str:
    """One sentence on the holiday data of this year and the next (for the open database)."""
    from disclosure_desk.services.common import calendar

    today = today or dt.date.today()
    years = [today.year, today.year + 1]
    missing = calendar.missing_years(years)
    if not missing:
        return tr("节假日数据：{years} 年均已具备，期限按国务院放假安排计算。").format(
            years="、".join(str(y) for y in years)
        )
    return tr(
        "节假日数据：缺少 {years} 年的放假安排，相关期限暂按周一至周五估算。"
        "国务院发布通知后，请在“设置 → 节假日”导入。"
    ).format(years="、".join(str(y) for y in missing))


class FirstRunDialog(QDialog):
    """Creates the database; ``target`` and ``admin_login`` tell the caller what was made."""

    def __init__(self, default: setup.Target, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("首次使用：创建台账数据库"))
        self.target: setup.Target | None = None
        self.admin_login = ""
        self.holiday_text = ""
        outer = QVBoxLayout(self)
        content = QWidget()
        box = QVBoxLayout(content)
        intro = QLabel(
            tr(
                "还没有台账数据库。请填写以下内容创建：数据可以保存在本机文件中，"
                "也可以保存在区县统一的 PostgreSQL 服务器上（多人同时使用时）。"
            )
        )
        intro.setWordWrap(True)
        box.addWidget(intro)

        form = QFormLayout()
        self.local = QRadioButton(tr("本机文件"))
        self.server = QRadioButton(tr("PostgreSQL 服务器"))
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        where = QHBoxLayout()
        where.addWidget(self.local)
        where.addWidget(self.server)
        where.addStretch(1)
        form.addRow(tr("数据保存在"), where)
        self.path = QLineEdit(str(default.path) if default.path else "")
        browse = QPushButton(tr("浏览…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.path_row = QWidget()
        self.path_row.setLayout(path_row)
        form.addRow(tr("数据库文件"), self.path_row)
        self.url = QLineEdit(default.url if default.kind == "postgresql" else "")
        self.url.setPlaceholderText(tr("postgresql://用户:密码@服务器:5432/库名"))
        form.addRow(tr("服务器地址"), self.url)
        self.agency = QLineEdit()
        self.agency.setPlaceholderText(tr("如：青山区人民政府"))
        form.addRow(tr("机关全称"), self.agency)
        self.short_name = QLineEdit()
        self.short_name.setPlaceholderText(tr("如：青山区政府"))
        self.short_name.setMaxLength(setup.SHORT_NAME_MAX)
        form.addRow(tr("简称（用于申请编号和文书）"), self.short_name)
        self.example = QLabel()
        self.example.setProperty("role", "hint")
        form.addRow("", self.example)
        self.code = QLineEdit()
        self.code.setPlaceholderText(tr("9 位组织机构代码或 18 位统一社会信用代码"))
        form.addRow(tr("索引号前段码"), self.code)
        self.admin = QLineEdit("admin")
        form.addRow(tr("管理员登录名"), self.admin)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("至少 8 位，含字母、数字或符号中的两类"))
        form.addRow(tr("管理员密码"), self.password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("再次输入密码"), self.password2)
        box.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "warning")
        self.message.hide()
        box.addWidget(self.message)
        box.addStretch(1)
        outer.addWidget(scroll_wrap(content), 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.create_button = QPushButton(tr("创建数据库"))
        self.create_button.setDefault(True)
        cancel = QPushButton(tr("取消"))
        buttons.addWidget(self.create_button)
        buttons.addWidget(cancel)
        outer.addLayout(buttons)
        self.create_button.clicked.connect(self.create)
        cancel.clicked.connect(self.reject)
        self.local.toggled.connect(self._kind_changed)
        self.agency.textChanged.connect(self._update_example)
        self.short_name.textChanged.connect(self._update_example)
        (self.server if default.kind == "postgresql" else self.local).setChecked(True)
        self._kind_changed()
        self._update_example()
        fit_dialog(self, 620, 620)

    def _kind_changed(self) -> None:
        local = self.local.isChecked()
        self.path_row.setEnabled(local)
        self.url.setEnabled(not local)

    def _update_example(self) -> None:
        short = self.short_name.text().strip() or self.agency.text().strip() or "…"
        no = tr("{short}申〔{year}〕1号").format(short=short, year=dt.date.today().year)
        self.example.setText(tr("申请编号示例：{no}").format(no=no))

    def _browse(self) -> None:
        path = dialogs.current.save_file(
            self, tr("数据库文件"), tr("SQLite 数据库 (*.sqlite3)"), "disclosure-desk.sqlite3"
        )
        if path:
            self.path.setText(path)

    def _fail(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def chosen_target(self) -> setup.Target:
        if self.local.isChecked():
            path = self.path.text().strip()
            if not path:
                raise InputError(tr("请选择数据库文件的位置。"))
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            return setup.parse_target(str(Path(path).expanduser()))
        url = self.url.text().strip()
        if not url.startswith(("postgresql://", "postgres://")):
            raise InputError(tr("服务器地址应以 postgresql:// 开头。"))
        return setup.parse_target(url)

    def create(self) -> None:
        if self.password.text() != self.password2.text():
            self._fail(tr("两次输入的密码不一致。"))
            return
        try:
            target = self.chosen_target()
            setup.init_database(
                target,
                self.agency.text(),
                self.code.text(),
                self.admin.text(),
                self.password.text(),
                self.short_name.text(),
            )
            self.holiday_text = holiday_check()
        except (DeskError, OSError) as exc:
            setup.close()
            self._fail(str(exc))
            return
        self.target = target
        self.admin_login = self.admin.text().strip()
        dialogs.current.info(
            self,
            tr("数据库已创建"),
            tr("已创建 {where}。请用管理员账号登录。").format(where=target.display)
            + "\n\n"
            + self.holiday_text,
        )
        self.accept()
