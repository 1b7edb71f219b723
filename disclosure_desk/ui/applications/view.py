"""Application log view (依申请公开): every case with its live clock, filters and search."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from disclosure_desk.domain import app_workflow
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.outcomes import APPLICANT_TYPES, GROUPS, OUTCOMES, outcome_by_code
from disclosure_desk.i18n import N_, language, tr, tr_article, tr_value
from disclosure_desk.services.applications import query
from disclosure_desk.services.common import overview
from disclosure_desk.ui.common import dialogs, events
from disclosure_desk.ui.common.layout_fit import flow_row
from disclosure_desk.ui.common.table_model import ROW_ROLE, Column, RowTableModel
from disclosure_desk.ui.common.view_base import View, make_table


def outcome_text(code: str | None) -> str:
    """ "3.5.2 重复申请": the code of table 三 with its name."""
    if not code:
        return ""
    try:
        return f"{code} {tr_value('outcome', outcome_by_code(code).code)}"
    except DeskError:
        return code


def outcome_tip(code: str | None) -> str:
    if not code:
        return ""
    try:
        o = outcome_by_code(code)
    except DeskError:
        return code
    ground = tr("依据：《条例》{ground}").format(ground=tr_article(o.legal_ground))
    return f"{o.code} {tr_value('outcome', o.code)}\n{tr(o.explanation)}\n{ground}"


class ApplicationsView(View):
    key = "applications"
    title = N_("依申请公开")
    hint = N_("政府信息公开申请的登记、办理与答复；期限按工作日计算（双击打开案卷）。")
    watches = frozenset({"application", "application_event", "letter", "appeal", "holiday"})

    def build(self) -> None:
        self.today: dt.date | None = None  # tests fix "today"; None = the real date
        self.unit = QComboBox()
        self.status = QComboBox()
        self.status.addItem(tr("全部状态"), "")
        self.status.addItem(tr("办理中（全部未答复）"), "open")
        self.status.addItem(tr("等待补正/征询/缴费"), query.WAITING)
        for code in app_workflow.STATUS_LABELS:
            self.status.addItem(tr_value("application_status", code), code)
        self.due = QComboBox()
        self.due.addItem(tr("不限期限"), None)
        for n in (0, 3, 5, 10):
            self.due.addItem(
                tr("今日到期及超期") if n == 0 else tr("{n} 个工作日内到期").format(n=n), n
            )
        self.outcome = QComboBox()
        self.outcome.addItem(tr("全部结果"), "")
        for g in GROUPS[:-1]:
            self.outcome.addItem(tr_value("outcome", g.code), g.code)
        for o in OUTCOMES:
            self.outcome.addItem(
                f"{o.code} {tr_value('outcome', o.code)[: 30 if language() == 'en' else 16]}",
                o.code,
            )
        self.atype = QComboBox()
        self.atype.addItem(tr("全部申请人"), "")
        for code, _label in APPLICANT_TYPES:
            self.atype.addItem(tr_value("applicant_type", code), code)
        self.year = QComboBox()
        self.year.addItem(tr("全部年度"), None)
        this_year = dt.date.today().year
        for y in range(this_year, this_year - 6, -1):
            self.year.addItem(tr("{y} 年").format(y=y), y)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("搜索编号、申请人、内容、证件号码"))
        self.search.setClearButtonEnabled(True)
        for w in (self.unit, self.status, self.due, self.outcome, self.atype, self.year):
            w.setMaximumWidth(200)
            w.currentIndexChanged.connect(self.refresh)
        # The search box keeps a readable width: the row wraps rather than squeezing it to "…".
        self.search.setMinimumWidth(240)
        self.search.returnPressed.connect(self.refresh)
        self.register_button = QPushButton(tr("登记申请"))
        self.register_button.clicked.connect(self.register_new)
        self.open_button = QPushButton(tr("打开案卷"))
        self.open_button.clicked.connect(self.open_selected)
        bar = (self.unit, self.status, self.due, self.outcome, self.atype, self.year, self.search)
        self.body.addWidget(
            flow_row([*bar, self.register_button, self.open_button], stretch_widget=self.search)
        )
        files = QHBoxLayout()
        self.import_button = QPushButton(tr("导入台账…"))
        self.import_button.setToolTip(
            tr("从 Excel/CSV 台账批量导入；先检查全部行，有错误则不导入任何记录")
        )
        self.import_button.clicked.connect(self.import_file)
        self.import_button.setEnabled(self.actor.can("application.import"))
        self.export_button = QPushButton(tr("导出台账…"))
        self.export_button.clicked.connect(self.export_file)
        self.template_button = QPushButton(tr("下载模板…"))
        self.template_button.clicked.connect(self.save_template)
        # Shown only to those allowed to export 证件号码/联系电话 in clear (PRODUCT.md §4.1).
        self.unmasked_box = QCheckBox(tr("导出完整证件号码和联系电话"))
        self.unmasked_box.setToolTip(tr("默认遮盖个人信息；勾选后导出完整内容，并记入审计日志"))
        self.unmasked_box.setVisible(self.actor.can("export.unmasked"))
        files.addStretch(1)
        files.addWidget(self.unmasked_box)
        for b in (self.import_button, self.export_button, self.template_button):
            files.addWidget(b)
        self.model = RowTableModel(
            [
                Column(tr("申请编号"), lambda r: r.reg_no),
                Column(tr("单位"), lambda r: r.unit_name),
                Column(tr("收到日期"), lambda r: r.received_on),
                Column(tr("申请人"), lambda r: r.applicant_name),
                Column(
                    tr("申请人类型"), lambda r: tr_value("applicant_type", r.applicant_type_label)
                ),
                Column(tr("方式"), lambda r: tr_value("channel", r.channel)),
                Column(tr("状态"), lambda r: tr_value("application_status", r.status_label)),
                Column(tr("期限"), lambda r: r.clock_label),
                Column(tr("到期日"), lambda r: r.due),
                Column(
                    tr("办理结果"),
                    lambda r: outcome_text(r.outcome_code),
                    tip=lambda r: outcome_tip(r.outcome_code),
                ),
                Column(tr("答复日期"), lambda r: r.replied_on),
                Column(tr("申请内容"), lambda r: r.content),
            ]
        )
        self.table = make_table(self.model, stretch_column=11)
        for col, width in (
            (0, 170),
            (1, 130),
            (2, 92),
            (3, 110),
            (4, 104 if language() == "en" else 90),  # English types are longer
            (5, 100 if language() == "en" else 70),
            (6, 80),
            (7, 150),
            (8, 92),
            (9, 150),
            (10, 92),
        ):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.body.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setProperty("role", "hint")
        files.insertWidget(0, self.count)
        self.body.addLayout(files)
        self.register_button.setEnabled(self.actor.can("application.edit"))
        self._units_loaded = False

    def _load_units(self) -> None:
        if self._units_loaded:
            return
        self._units_loaded = True
        self.unit.blockSignals(True)
        self.unit.addItem(tr("全部单位"), None)
        for u in overview.units(self.actor):
            self.unit.addItem(u.name, u.id)
        self.unit.blockSignals(False)

    def show_filtered(
        self, *, status: str = "", due: int | None = None, year: int | None = None
    ) -> None:
        """Show the list behind a dashboard card or group: other filters cleared."""
        self._load_units()
        boxes = (self.unit, self.status, self.due, self.outcome, self.atype, self.year)
        for box in boxes:
            box.blockSignals(True)
            box.setCurrentIndex(0)
        self.status.setCurrentIndex(max(0, self.status.findData(status)) if status else 0)
        if due is not None:
            self.due.setCurrentIndex(max(0, self.due.findData(due)))
        if year is not None:
            self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self.search.clear()
        for box in boxes:
            box.blockSignals(False)
        self.refresh()

    def current_filter(self) -> query.ApplicationFilter:
        return query.ApplicationFilter(
            unit_id=self.unit.currentData(),
            status=self.status.currentData() or "",
            due_within=self.due.currentData(),
            outcome=self.outcome.currentData() or "",
            applicant_type=self.atype.currentData() or "",
            year=self.year.currentData(),
            search=self.search.text(),
        )

    def refresh(self) -> None:
        self._load_units()
        f = self.current_filter()
        today = self.today

        def fetch(offset: int, limit: int):
            return query.list_applications(self.actor, f, offset, limit, today)

        self.model.set_source(fetch)
        total = query.count_applications(self.actor, f, today)
        self.count.setText(tr("共 {n} 件").format(n=total))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.data(rows[0], ROW_ROLE).id

    def open_selected(self) -> None:
        app_id = self.selected_id()
        if app_id is None:
            dialogs.current.info(self, tr("打开案卷"), tr("请先在列表中选择一件申请。"))
            return
        self.open_case(app_id)

    def open_case(self, app_id: int):
        from disclosure_desk.ui.applications.case import CaseDialog

        dlg = CaseDialog(self.actor, app_id, self, self.today)
        dlg.exec()
        self._emit(dlg.changes)
        return dlg

    def register_new(self) -> None:
        from disclosure_desk.ui.applications.register import RegisterDialog

        dlg = RegisterDialog(self.actor, self, self.today)
        if dlg.exec() and dlg.app_id is not None:
            self._emit(dlg.changes)
            self.open_case(dlg.app_id)

    def _emit(self, changes) -> None:
        events.announce(self, changes, self.refresh)

    # --- bulk files -------------------------------------------------------------------------

    def import_file(self) -> None:
        from disclosure_desk.services.applications import spreadsheets as applications_io
        from disclosure_desk.ui.items.import_dialog import ImportDialog

        path = dialogs.current.open_file(
            self, tr("导入申请台账"), tr("表格文件 (*.xlsx *.xls *.et *.csv)")
        )
        if not path:
            return

        def runner(actor, p, dry_run, _progress):
            return applications_io.import_applications(actor, p, dry_run=dry_run)

        dlg = ImportDialog(
            self.actor, path, self, runner=runner, title=N_("导入申请台账"), noun=N_("件申请")
        )
        dlg.changed.connect(self._emit_changes)
        dlg.open()
        self._import = dlg

    def _emit_changes(self, changes) -> None:
        events.announce(self, changes, self.refresh)

    def export_file(self) -> None:
        from disclosure_desk.services.applications import spreadsheets as applications_io

        path = dialogs.current.save_file(
            self,
            tr("导出申请台账"),
            tr("Excel 文件 (*.xlsx);;CSV 文件 (*.csv)"),
            tr("依申请公开台账.xlsx"),
        )
        if not path:
            return
        try:
            unmasked = self.actor.can("export.unmasked") and self.unmasked_box.isChecked()
            n = applications_io.export_applications(
                self.actor, path, self.unit.currentData(), unmasked=unmasked
            )
        except (DeskError, OSError) as exc:  # the officer's file: shown in plain words
            dialogs.show_error(self, exc)
            return
        dialogs.current.saved(
            self, tr("导出完成"), tr("已导出 {n} 件申请到 {path}。").format(n=n, path=path), path
        )

    def save_template(self) -> None:
        from disclosure_desk.services.applications import spreadsheets as applications_io

        path = dialogs.current.save_file(
            self,
            tr("保存导入模板"),
            tr("Excel 文件 (*.xlsx);;CSV 文件 (*.csv)"),
            tr("申请导入模板.xlsx"),
        )
        if not path:
            return
        try:
            applications_io.write_template(path)
        except (DeskError, OSError) as exc:  # the officer's file: shown in plain words
            dialogs.show_error(self, exc)
            return
        dialogs.current.saved(
            self, tr("模板已保存"), tr("已保存到 {path}。").format(path=path), path
        )
