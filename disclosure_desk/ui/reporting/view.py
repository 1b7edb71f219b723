"""Reports view: the annual report tables (double-click a cell for the records behind it),
narratives 一/五/六, year lock, the statistics ledger, and the PDF/JSON/xlsx exports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.annual import (
    CHECK_NOTE,
    NARRATIVE_KEYS,
    SECTION_HEADINGS,
    AnnualReport,
)
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.i18n import N_, language, tr, tr_text
from disclosure_desk.services.admin import audit
from disclosure_desk.services.common import overview
from disclosure_desk.services.reporting import (
    annual as reports,
)
from disclosure_desk.services.reporting import (
    catalogue as reports_catalogue,
)
from disclosure_desk.services.reporting import (
    quarterly as reports_quarterly,
)
from disclosure_desk.services.reporting import (
    stats as reports_stats,
)
from disclosure_desk.services.reporting import (
    year_lock as reports_lock,
)
from disclosure_desk.ui.common import dialogs, events, printing, workers
from disclosure_desk.ui.common.view_base import View, allow, not_allowed
from disclosure_desk.ui.reporting import panels
from disclosure_desk.ui.reporting.quarter import QuarterPanel

VIEW_FOR_KIND = {"application": "applications", "appeal": "applications", "item": "items"}


class ReportsView(View):
    key = "reports"
    title = N_("报表")
    hint = N_(
        "年度报告（2021 年格式）、统计台账、季度汇总和公开目录。双击表格中的数字可列出其背后的记录。"
    )
    watches = frozenset(
        {"stat_entry", "application", "application_event", "appeal", "item", "report_year"}
    )

    def build(self) -> None:
        bar = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(dt.date.today().year - 1)
        self.unit = QComboBox()
        self.unit.setMinimumWidth(220)
        self.lock_label = QLabel()
        self.lock_button = QPushButton(tr("锁定年度"))
        self.unlock_button = QPushButton(tr("解锁年度"))
        self.year_label = QLabel(tr("报告年度"))
        bar.addWidget(self.year_label)
        bar.addWidget(self.year)
        bar.addWidget(QLabel(tr("单位")))
        bar.addWidget(self.unit)
        bar.addWidget(self.lock_label, 1)
        bar.addWidget(self.lock_button)
        bar.addWidget(self.unlock_button)
        self.body.addLayout(bar)
        # Shown to everyone; disabled with the reason for those who may not (see _lock_buttons).
        self.tabs = QTabWidget()
        self.body.addWidget(self.tabs, 1)
        self._build_annual_tab()
        self._build_narrative_tab()
        self.stats = panels.StatsPanel(self)
        self.tabs.addTab(self.stats, tr("统计台账"))
        self._build_export_tab()
        self.year.valueChanged.connect(self.refresh)
        self.unit.currentIndexChanged.connect(lambda _i: self.refresh())
        self.lock_button.clicked.connect(lambda: self._set_lock(True))
        self.unlock_button.clicked.connect(lambda: self._set_lock(False))
        self.stats.save_button.clicked.connect(self._save_stat)
        self.stats.delete_button.clicked.connect(self._delete_stat)
        self.report: AnnualReport | None = None
        self._units_loaded = False

    def insert_training(self) -> None:
        """Append the year's training summary (学习培训) to section 五; saved with the text."""
        from disclosure_desk.services.duties import records as duties_records

        sentence = duties_records.training_summary(self.actor, self.year.value(), self.unit_code())
        editor = self.editors["problems"]
        text = editor.toPlainText().rstrip()
        if sentence not in text:
            editor.setPlainText(f"{text}\n{sentence}" if text else sentence)

    # ------------------------------------------------------------------ layout
    def _build_annual_tab(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton(tr("导出 PDF…"))
        self.json_button = QPushButton(tr("导出 JSON…"))
        self.docx_button = QPushButton(tr("导出 Word…"))
        self.docx_button.setToolTip(
            tr("可在 Word 或 WPS 中继续修改的年度报告（表格为可编辑的 Word 表格）")
        )
        self.html_button = QPushButton(tr("导出网页…"))
        self.html_button.setToolTip(tr("单个网页文件，可直接发布到政府信息公开专栏"))
        self.print_button = QPushButton(tr("打印…"))
        self.preview_button = QPushButton(tr("打印预览…"))
        self.status = QLabel()
        self.status.setProperty("role", "hint")
        for b in (
            self.print_button,
            self.preview_button,
            self.pdf_button,
            self.docx_button,
            self.html_button,
            self.json_button,
        ):
            buttons.addWidget(b)
        buttons.addWidget(self.status, 1)
        box.addLayout(buttons)
        if language() == "en":  # the form is statutory: say why its tables stay Chinese
            statutory = QLabel(
                tr(
                    "年度报告是国家规定的中文格式：下面的表格按报告原文显示，与打印和导出的报告一致。"
                )
            )
            statutory.setWordWrap(True)
            statutory.setProperty("role", "hint")
            box.addWidget(statutory)
        headings = dict(SECTION_HEADINGS)
        self.proactive = panels.proactive_table()
        self.applications = panels.applications_table()
        self.reviews = panels.reviews_table()
        for key, table in (
            ("proactive", self.proactive),
            ("applications", self.applications),
            ("reviews", self.reviews),
        ):
            box.addWidget(QLabel(headings[key]))
            if key == "applications":
                note = QLabel(CHECK_NOTE)
                note.setProperty("role", "hint")
                note.setWordWrap(True)
                box.addWidget(note)
            box.addWidget(table)
            table.cellDoubleClicked.connect(lambda r, c, t=table: self.drill_down(t, r, c))
        self.fee_label = QLabel()
        box.addWidget(self.fee_label)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, tr("年度报告"))
        self.pdf_button.clicked.connect(self.export_pdf)
        self.json_button.clicked.connect(self.export_json)
        self.docx_button.clicked.connect(self.export_docx)
        self.html_button.clicked.connect(self.export_html)
        self.print_button.clicked.connect(lambda: self.print_annual(preview=False))
        self.preview_button.clicked.connect(lambda: self.print_annual(preview=True))

    def _build_narrative_tab(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        if language() == "en":  # the report's own text is Chinese (a statutory form)
            note = QLabel(tr("年度报告正文用中文填写：它按国家规定的格式印制和发布。"))
            note.setWordWrap(True)
            note.setProperty("role", "hint")
            box.addWidget(note)
        headings = dict(SECTION_HEADINGS)
        self.editors: dict[str, QPlainTextEdit] = {}
        for key in NARRATIVE_KEYS:
            box.addWidget(QLabel(headings[key]))
            editor = QPlainTextEdit()
            editor.setPlaceholderText(tr("在此填写本部分内容；每段一行。"))
            box.addWidget(editor, 1)
            self.editors[key] = editor
        self.save_text_button = QPushButton(tr("保存报告文字"))
        self.save_text_button.setEnabled(self.actor.can("report.edit"))
        self.save_text_button.clicked.connect(self.save_narratives)
        self.training_button = QPushButton(tr("插入学习培训情况"))
        self.training_button.setToolTip(
            tr("把“公开职责 → 学习培训”中本年度的培训汇总加到第五部分末尾")
        )
        self.training_button.setEnabled(self.actor.can("report.edit"))
        self.training_button.clicked.connect(self.insert_training)
        row = QHBoxLayout()
        row.addWidget(self.training_button)
        row.addStretch(1)
        row.addWidget(self.save_text_button)
        box.addLayout(row)
        self.tabs.addTab(page, tr("报告文字（一、五、六）"))

    def _build_export_tab(self) -> None:
        self.quarter_panel = QuarterPanel()
        self.tabs.addTab(self.quarter_panel, tr("季度汇总"))
        self.quarter_panel.period.currentIndexChanged.connect(lambda _i: self.load_quarter())
        self.quarter_panel.print_button.clicked.connect(lambda: self.print_quarterly(False))
        self.quarter_panel.preview_button.clicked.connect(lambda: self.print_quarterly(True))
        self.quarter_panel.pdf_button.clicked.connect(self.export_quarterly)
        page = QWidget()
        box = QVBoxLayout(page)
        row2 = QHBoxLayout()
        self.catalogue_pdf_button = QPushButton(tr("导出公开目录 PDF…"))
        self.catalogue_xlsx_button = QPushButton(tr("导出公开目录 Excel…"))
        self.catalogue_html_button = QPushButton(tr("导出公开目录网页…"))
        self.catalogue_print_button = QPushButton(tr("打印目录…"))
        self.catalogue_print_button.clicked.connect(lambda: self.print_catalogue(preview=True))
        row2.addWidget(QLabel(tr("政府信息公开目录（所选年度发布的信息）")))
        row2.addWidget(self.catalogue_print_button)
        row2.addWidget(self.catalogue_pdf_button)
        row2.addWidget(self.catalogue_xlsx_button)
        row2.addWidget(self.catalogue_html_button)
        row2.addStretch(1)
        box.addLayout(row2)
        box.addStretch(1)
        self.tabs.addTab(page, tr("公开目录"))
        self.catalogue_pdf_button.clicked.connect(lambda: self.export_catalogue("pdf"))
        self.catalogue_xlsx_button.clicked.connect(lambda: self.export_catalogue("xlsx"))
        self.catalogue_html_button.clicked.connect(lambda: self.export_catalogue("html"))
        # One period selector per tab: the quarter tab has its own, so the year one steps aside.
        self.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, index: int) -> None:
        on_quarter = self.tabs.widget(index) is self.quarter_panel
        self.year_label.setVisible(not on_quarter)
        self.year.setVisible(not on_quarter)
        if on_quarter and self.quarter_panel.summary is None:
            self.load_quarter()

    def load_quarter(self) -> None:
        """Compute the selected quarter off the GUI thread and show it."""
        (y, q), unit, actor = self.quarter_panel.selected(), self.unit_code(), self.actor
        today = self.quarter_panel.today
        self.quarter_panel.note.setText(tr("正在统计…"))

        def done(result: object) -> None:
            if isinstance(result, Exception):
                self.quarter_panel.note.setText(str(result))
                return
            if result.year == self.quarter_panel.selected()[0] and (
                result.quarter == self.quarter_panel.selected()[1]
            ):
                self.quarter_panel.show_summary(result)

        workers.start(
            self,
            lambda _report: reports_quarterly.quarterly_summary(actor, y, q, unit, today),
            done,
        )

    # ------------------------------------------------------------------ data
    def unit_code(self) -> str | None:
        return self.unit.currentData() or None

    def _load_units(self) -> None:
        units = overview.units(self.actor)
        self.unit.blockSignals(True)
        self.unit.clear()
        if self.actor.spans_units:
            self.unit.addItem(tr("本机关（全部单位）"), "")
        for u in units:
            self.unit.addItem(u.name, u.code)
        self.unit.blockSignals(False)
        self.stats.set_units(units)
        self._units_loaded = True

    def refresh(self) -> None:
        if not self._units_loaded:
            self._load_units()
        year, unit = self.year.value(), self.unit_code()
        report = reports.build_annual_report(self.actor, year, unit)
        self.report = report
        panels.fill_proactive(self.proactive, report)
        panels.fill_applications(self.applications, report)
        panels.fill_reviews(self.reviews, report)
        for t in (self.proactive, self.applications, self.reviews):
            panels.fit_height(t)
        fees = report.fees
        self.fee_label.setText(
            tr("六、信息处理费：本年度收取 {n} 笔，共 {yuan} 元。").format(
                n=fees.count, yuan=fees.amount_yuan
            )
        )
        problems = reports.check_invariants(report)
        self.status.setText(
            tr("数据一致（1 + 2 = 3.7 + 4）。")
            if not problems
            else tr("数据不一致：") + tr("；").join(tr_text(v.message) for v in problems[:3])
        )
        texts = reports.narratives(self.actor, year, unit)
        for key, editor in self.editors.items():
            editor.setPlainText(texts.get(key, ""))
        state = reports_lock.lock_state(year, unit)
        self.lock_label.setText(
            tr("已锁定（{who}，{day}）").format(
                who=state.locked_by, day=f"{state.locked_at:%Y-%m-%d}"
            )
            if state.locked and state.locked_at
            else (tr("已锁定") if state.locked else tr("未锁定"))
        )
        self._lock_buttons(state.locked)
        self.stats.load(year, unit)
        if (
            self.quarter_panel.summary is not None
            or self.tabs.currentWidget() is self.quarter_panel
        ):
            self.load_quarter()

    def _lock_buttons(self, locked: bool) -> None:
        allow(
            self.lock_button,
            not_allowed(self.actor, "report.lock") or (tr("本年度已锁定。") if locked else ""),
            tr("锁定后，影响本年度报告的记录不能再修改。"),
        )
        allow(
            self.unlock_button,
            not_allowed(self.actor, "report.unlock") or ("" if locked else tr("本年度尚未锁定。")),
        )

    # ------------------------------------------------------------------ actions
    def _emit(self, changes) -> None:
        if not events.announce(self, changes):
            self.refresh()

    def _guard(self, fn) -> object:
        try:
            return fn()
        except (DeskError, OSError) as exc:  # the officer's file: shown in plain words
            dialogs.show_error(self, exc)
            return None

    def drill_down(self, table: QTableWidget, row: int, col: int) -> panels.DrillDownDialog | None:
        cell = panels.cell_of(table.item(row, col))
        if not cell:
            return None
        records = self._guard(
            lambda: reports.records_behind_cell(
                self.actor, self.year.value(), self.unit_code(), cell[0], cell[1]
            )
        )
        if records is None:
            return None
        header = table.horizontalHeaderItem(col).text().replace("\n", " ")
        label = table.item(row, 0).text().strip() if table.item(row, 0) else ""
        dlg = panels.DrillDownDialog(f"{label} · {header}", records, self, self._open_record)
        dlg.show()
        self._drill = dlg
        return dlg

    def _open_record(self, rec) -> None:
        window = self.window()
        key = VIEW_FOR_KIND.get(rec.kind)
        if key is None or not hasattr(window, "show_view"):
            return
        window.show_view(key)
        view = window.views.get(key)
        if hasattr(view, "open_record"):
            view.open_record("application" if rec.kind == "appeal" else rec.kind, rec.id)
        elif rec.kind == "item" and hasattr(view, "open_item"):
            view.open_item(rec.id)

    def save_narratives(self) -> None:
        texts = {k: e.toPlainText() for k, e in self.editors.items()}
        changes = self._guard(
            lambda: reports.save_narratives(self.actor, self.year.value(), texts, self.unit_code())
        )
        if changes is not None:
            dialogs.current.info(self, tr("已保存"), tr("报告文字已保存。"))
            self._emit(changes)

    def _set_lock(self, locked: bool) -> None:
        year = self.year.value()
        title = (tr("锁定{year}年度") if locked else tr("解锁{year}年度")).format(year=year)
        text = (
            tr("锁定后，会改变{year}年度统计数字的修改将被拒绝。确定锁定吗？")
            if locked
            else tr("解锁后可以修改影响{year}年度报告的记录，操作将记入审计日志。确定解锁吗？")
        ).format(year=year)
        if not dialogs.current.confirm(self, title, text):
            return
        result = self._guard(
            lambda: reports_lock.set_locked(self.actor, year, locked, self.unit_code())
        )
        if result is not None:
            self._emit(result[1])

    def _save_stat(self) -> None:
        code = self.stats.unit.currentData()
        period = self.stats.period.currentData()
        result = self._guard(
            lambda: reports_stats.set_entry(
                self.actor, code, self.year.value(), period, **self.stats.values()
            )
        )
        if result is not None:
            self._emit(result[1])

    def _delete_stat(self) -> None:
        row = self.stats.table.currentRow()
        if row < 0:
            dialogs.current.info(self, tr("删除台账"), tr("请先在表格中选择一行。"))
            return
        entry = self.stats.rows[row]
        if not dialogs.current.confirm(
            self,
            tr("删除台账"),
            tr("删除 {unit} {period} 的台账？").format(unit=entry.unit_name, period=entry.period),
        ):
            return
        changes = self._guard(lambda: reports_stats.delete_entry(self.actor, entry.id))
        if changes is not None:
            self._emit(changes)

    # ------------------------------------------------------------------ exports
    def _export(
        self, title: str, filters: str, default: str, make, write=None, what: str = "report"
    ) -> None:
        path = dialogs.current.save_file(self, title, filters, default)
        actor = self.actor
        if not path:
            return
        self.status.setText(tr("正在生成 {name} …").format(name=Path(path).name))

        def job() -> str:
            data = make()
            try:
                if write is not None:
                    write(path, data)
                else:
                    Path(path).write_bytes(data)
            except OSError as exc:
                raise DeskError(
                    tr("无法写入文件 {path}：{problem}").format(
                        path=path, problem=exc.strerror or exc
                    )
                ) from exc
            if write is None:  # the catalogue workbook records its own export
                audit.record_export(actor, what, 1, path)
            return path

        def done(result: object) -> None:
            if isinstance(result, Exception):
                self.status.setText("")
                dialogs.show_error(self, result, tr("导出失败"))
            else:
                self.status.setText(tr("已导出 {path}").format(path=result))
                dialogs.current.saved(
                    self, tr("导出完成"), tr("已保存到 {path}").format(path=result), str(result)
                )

        workers.start(self, lambda _report: job(), done)

    # ------------------------------------------------------------------ printing
    def _print(self, title: str, make, preview: bool) -> None:
        """Make the PDF off the GUI thread, then the print dialog or the preview."""
        self.status.setText(tr("正在准备打印…"))

        def done(result: object) -> None:
            self.status.setText("")
            if isinstance(result, Exception):
                dialogs.current.error(self, tr("无法打印"), str(result))
                return
            try:
                if preview:
                    printing.preview_pdf(self, result, title)
                else:
                    printing.print_pdf(self, result, title)
            except DeskError as exc:
                dialogs.show_error(self, exc)

        workers.start(self, lambda _report: make(), done)

    def print_annual(self, preview: bool = True) -> None:
        year, unit, actor = self.year.value(), self.unit_code(), self.actor
        self._print(
            tr("{year}年度报告").format(year=year),
            lambda: reports.annual_pdf(actor, year, unit),
            preview,
        )

    def print_quarterly(self, preview: bool = True) -> None:
        year, quarter = self.quarter_panel.selected()
        unit, actor = self.unit_code(), self.actor
        self._print(
            tr("{year}年第{q}季度汇总").format(year=year, q=quarter),
            lambda: reports_quarterly.quarterly_pdf(actor, year, quarter, unit),
            preview,
        )

    def print_catalogue(self, preview: bool = True) -> None:
        year, unit, actor = self.year.value(), self.unit_code(), self.actor
        self._print(
            tr("{year}年公开目录").format(year=year),
            lambda: reports_catalogue.catalogue_pdf(actor, year, unit),
            preview,
        )

    def print_current(self) -> None:
        """Ctrl+P: print preview of the document of the tab on screen."""
        current = self.tabs.currentWidget()
        if current is self.quarter_panel:
            self.print_quarterly(preview=True)
        elif self.tabs.currentIndex() == self.tabs.count() - 1:
            self.print_catalogue(preview=True)
        else:
            self.print_annual(preview=True)

    def export_pdf(self) -> None:
        year, unit, actor = self.year.value(), self.unit_code(), self.actor
        self._export(
            tr("导出年度报告 PDF"),
            tr("PDF 文件 (*.pdf)"),
            tr("{year}年度报告.pdf").format(year=year),
            lambda: reports.annual_pdf(actor, year, unit),
            what="annual_report",
        )

    def export_docx(self) -> None:
        year, unit, actor = self.year.value(), self.unit_code(), self.actor
        self._export(
            tr("导出年度报告 Word"),
            tr("Word 文件 (*.docx)"),
            tr("{year}年度报告.docx").format(year=year),
            lambda: reports.annual_docx(actor, year, unit),
            what="annual_report",
        )

    def export_html(self) -> None:
        year, unit, actor = self.year.value(), self.unit_code(), self.actor
        self._export(
            tr("导出年度报告网页"),
            tr("网页文件 (*.html)"),
            tr("{year}年度报告.html").format(year=year),
            lambda: reports.annual_html(actor, year, unit),
            what="annual_report",
        )

    def export_json(self) -> None:
        year, unit, actor = self.year.value(), self.unit_code(), self.actor

        def make() -> bytes:
            data = reports.annual_json(actor, year, unit)
            return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

        self._export(
            tr("导出年度报告 JSON"),
            tr("JSON 文件 (*.json)"),
            tr("{year}年度报告.json").format(year=year),
            make,
            what="annual_report",
        )

    def export_quarterly(self) -> None:
        year, quarter = self.quarter_panel.selected()
        unit, actor = self.unit_code(), self.actor
        self._export(
            tr("导出季度汇总"),
            tr("PDF 文件 (*.pdf)"),
            tr("{year}年第{quarter}季度汇总.pdf").format(year=year, quarter=quarter),
            lambda: reports_quarterly.quarterly_pdf(actor, year, quarter, unit),
            what="quarterly_summary",
        )

    def export_catalogue(self, kind: str) -> None:
        year, unit, actor = self.year.value(), self.unit_code(), self.actor
        if kind == "pdf":
            self._export(
                tr("导出公开目录"),
                tr("PDF 文件 (*.pdf)"),
                tr("{year}年公开目录.pdf").format(year=year),
                lambda: reports_catalogue.catalogue_pdf(actor, year, unit),
                what="catalogue",
            )
        elif kind == "html":
            self._export(
                tr("导出公开目录网页"),
                tr("网页文件 (*.html)"),
                tr("{year}年公开目录.html").format(year=year),
                lambda: reports_catalogue.catalogue_html(actor, year, unit),
                what="catalogue",
            )
        else:
            self._export(
                tr("导出公开目录"),
                tr("Excel 文件 (*.xlsx)"),
                tr("{year}年公开目录.xlsx").format(year=year),
                lambda: None,
                lambda path, _d: reports_catalogue.catalogue_xlsx(actor, Path(path), year, unit),
            )
