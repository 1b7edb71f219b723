"""Information register view (信息登记): filters, search and a lazily loaded list of items.

Filtering, sorting and search all run in SQL (services.items); the table model only holds the
pages fetched so far, so 200,000 items open as fast as 200.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from disclosure_desk.domain import catalogs, vocabulary
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.i18n import N_, language, tr, tr_value
from disclosure_desk.services.common import overview
from disclosure_desk.services.items import register as items
from disclosure_desk.services.items.rules import genre_list
from disclosure_desk.ui.common import dialogs, events
from disclosure_desk.ui.common.layout_fit import flow_row
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import View, make_table
from disclosure_desk.ui.items.fields import topic_text

SORT_KEYS = (
    "index_no",
    "title",
    "unit",
    "disclosure",
    "topic",
    "genre",
    "published_on",
    "status",
    "validity",
)


def _published_text(row: items.ItemRow) -> str:
    """The 发布日期, or for an unpublished 主动公开 item its Art. 26 deadline."""
    if row.published_on:
        return row.published_on.isoformat()
    if row.due_on:
        return (tr("逾期 {day}") if row.overdue else tr("应 {day}")).format(
            day=f"{row.due_on:%Y-%m-%d}"
        )
    return ""


class ItemTableModel(RowTableModel):
    """Rows of ItemRow; header clicks re-query in SQL; overdue rows in red."""

    def __init__(self, columns, on_sort, parent=None) -> None:
        super().__init__(columns, parent)
        self.on_sort = on_sort

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS[column] if 0 <= column < len(SORT_KEYS) else None
        if key:
            self.on_sort(key, order == Qt.SortOrder.DescendingOrder)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and self.rows[index.row()].overdue
        ):
            return QBrush(QColor("#b3261e"))
        return super().data(index, role)


def _combo(first: str, values, display=str) -> QComboBox:
    box = QComboBox()
    box.addItem(first, "")
    for v in values:
        box.addItem(display(v), v)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _pairs_combo(first: str, table: str, pairs) -> QComboBox:
    """A filter over stored codes: shows each label (in the interface language), holds its code."""
    box = QComboBox()
    box.addItem(first, "")
    for code, _label in pairs:
        box.addItem(tr_value(table, code), code)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


class ItemsView(View):
    key = "items"
    title = N_("信息登记")
    hint = N_(
        "登记的政府信息及其索引号、公开属性和状态。双击一行打开详情；红色为超过第二十六条 20 个工作日仍未公开的信息。"
    )
    watches = frozenset({"item", "attachment", "coordination"})

    def build(self) -> None:
        self.sort_key, self.descending = "id", True
        self._ready = False  # setSortingEnabled() calls sort() before the view is complete
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("搜索标题、文号、关键词、概述、正文和附件内容"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(tr("新建信息"))
        self.import_button = QPushButton(tr("导入…"))
        self.export_button = QPushButton(tr("导出…"))
        self.template_button = QPushButton(tr("下载模板…"))
        self.search.setMinimumWidth(260)
        top = [self.search, self.new_button, self.import_button, self.export_button]
        self.body.addWidget(flow_row([*top, self.template_button], stretch_widget=self.search))

        self.unit_box = QComboBox()
        self.unit_box.addItem(tr("全部单位"), None)
        this_year = dt.date.today().year
        self.year_box = _combo(tr("全部年度"), range(this_year, this_year - 8, -1))
        self.topic_box = _combo(tr("全部主题"), [c for c, _ in catalogs.TOPIC_CLASSES], topic_text)
        self.genre_box = _combo(tr("全部体裁"), genre_list())
        self.disclosure_box = _pairs_combo(tr("全部公开属性"), "disclosure", vocabulary.DISCLOSURES)
        self.status_box = _pairs_combo(tr("全部状态"), "item_status", vocabulary.ITEM_STATUSES)
        self.validity_box = _combo(
            tr("全部有效性"), catalogs.VALIDITY, lambda v: tr_value("validity", v)
        )
        self.overdue_box = QCheckBox(tr("逾期未公开"))
        self.stale_box = QCheckBox(tr("有效性待复核"))
        self.count_label = QLabel()
        filters = (
            self.unit_box,
            self.year_box,
            self.topic_box,
            self.genre_box,
            self.disclosure_box,
            self.status_box,
            self.validity_box,
            self.overdue_box,
            self.stale_box,
            self.count_label,
        )
        for w in filters:
            if isinstance(w, QComboBox):
                w.setMaximumWidth(240)  # a long 主题 name must not widen the window
        self.body.addWidget(flow_row(filters))

        self.model = ItemTableModel(
            [
                Column(tr("索引号"), lambda r: r.index_no),
                Column(tr("标题"), lambda r: r.title),
                Column(tr("单位"), lambda r: r.unit_name),
                Column(tr("公开属性"), lambda r: tr_value("disclosure", r.disclosure_label)),
                Column(tr("主题分类"), lambda r: topic_text(r.topic)),
                Column(tr("体裁"), lambda r: r.genre),
                Column(tr("发布日期"), _published_text),
                Column(tr("状态"), lambda r: tr_value("item_status", r.status_label)),
                Column(tr("有效性"), lambda r: tr_value("validity", r.validity)),
            ],
            self._sort,
        )
        self.table = make_table(self.model, stretch_column=1)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(self._open_index)
        self.body.addWidget(self.table, 1)
        widths = (165, 0, 120, 78, 150, 76, 118, 58, 58)
        if language() == "en":  # English values are wider (Awaiting review, On request)
            widths = (165, 0, 110, 84, 140, 70, 104, 104, 72)
        for i, w in enumerate(widths):
            if w:
                self.table.setColumnWidth(i, w)

        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.refresh)
        for box in (
            self.unit_box,
            self.year_box,
            self.topic_box,
            self.genre_box,
            self.disclosure_box,
            self.status_box,
            self.validity_box,
        ):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        for check in (self.overdue_box, self.stale_box):
            check.toggled.connect(lambda _c: self.refresh())
        self.new_button.clicked.connect(self.new_item)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.template_button.clicked.connect(self.save_template)
        can_edit = self.actor.can("item.edit")
        self.new_button.setEnabled(can_edit)
        self.import_button.setEnabled(self.actor.can("item.import"))
        self._units_loaded = False
        self._ready = True

    # ------------------------------------------------------------------ data

    def _load_units(self) -> None:
        if self._units_loaded:
            return
        self._units_loaded = True
        self.unit_box.blockSignals(True)
        for u in overview.units(self.actor):
            self.unit_box.addItem(u.name, u.id)
        self.unit_box.blockSignals(False)

    def show_filtered(
        self, *, status: str = "", overdue: bool = False, stale: bool = False
    ) -> None:
        """Show the list behind a dashboard card or group: other filters cleared."""
        boxes = (
            self.unit_box,
            self.year_box,
            self.topic_box,
            self.genre_box,
            self.disclosure_box,
            self.status_box,
            self.validity_box,
            self.overdue_box,
            self.stale_box,
            self.search,
        )
        for w in boxes:
            w.blockSignals(True)
        for box in boxes[:7]:
            box.setCurrentIndex(0)
        if status:
            self.status_box.setCurrentIndex(max(0, self.status_box.findData(status)))
        self.overdue_box.setChecked(overdue)
        self.stale_box.setChecked(stale)
        self.search.clear()
        for w in boxes:
            w.blockSignals(False)
        self.refresh()

    def filters(self) -> items.ItemFilter:
        return items.ItemFilter(
            unit_id=self.unit_box.currentData(),
            year=self.year_box.currentData() or None,
            topic=self.topic_box.currentData() or "",
            genre=self.genre_box.currentData() or "",
            disclosure=self.disclosure_box.currentData() or "",
            status=self.status_box.currentData() or "",
            validity=self.validity_box.currentData() or "",
            overdue=self.overdue_box.isChecked(),
            stale=self.stale_box.isChecked(),
            text=self.search.text(),
        )

    def refresh(self) -> None:
        self._timer.stop()
        self._load_units()
        f = self.filters()
        sort, desc = self.sort_key, self.descending
        try:
            rows, total = items.first_page(self.actor, f, self.model.page_size, sort, desc)
            self.model.set_rows(
                rows, lambda off, lim: items.list_items(self.actor, f, off, lim, sort, desc)
            )
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self.count_label.setText(tr("共 {n} 条").format(n=f"{total:,}"))

    def _sort(self, key: str, descending: bool) -> None:
        if not self._ready:
            return
        self.sort_key, self.descending = key, descending
        self.refresh()

    # ------------------------------------------------------------------ actions

    def _emit(self, changes) -> None:
        events.announce(self, changes, self.refresh)

    def _open_index(self, index) -> None:
        self.open_item(self.model.row_at(index.row()).id)

    def open_item(self, item_id: int | None) -> None:
        from disclosure_desk.ui.items.form import ItemForm

        form = ItemForm(self.actor, item_id, self)
        form.changed.connect(self._emit)
        form.open()
        self._form = form  # keep a reference while it is open

    def new_item(self) -> None:
        self.open_item(None)

    def import_file(self) -> None:
        from disclosure_desk.ui.items.import_dialog import ImportDialog

        path = dialogs.current.open_file(
            self, tr("导入信息"), tr("表格文件 (*.xlsx *.xls *.et *.csv)")
        )
        if not path:
            return
        dlg = ImportDialog(self.actor, path, self)
        dlg.changed.connect(self._emit)
        dlg.open()
        self._import = dlg

    def export_file(self) -> None:
        from disclosure_desk.ui.items.export_dialog import ExportDialog

        path = dialogs.current.save_file(
            self, tr("导出信息"), tr("Excel 文件 (*.xlsx);;CSV 文件 (*.csv)"), tr("信息登记.xlsx")
        )
        if not path:
            return
        # A worker thread writes the file; the dialog shows progress and can cancel.
        self._export = ExportDialog(self.actor, path, self.filters(), self)
        self._export.open()

    def save_template(self) -> None:
        from disclosure_desk.services.items import spreadsheets as items_io

        path = dialogs.current.save_file(
            self,
            tr("保存导入模板"),
            tr("Excel 文件 (*.xlsx);;CSV 文件 (*.csv)"),
            tr("信息导入模板.xlsx"),
        )
        if not path:
            return
        try:
            items_io.write_template(path)
        except (DeskError, OSError) as exc:  # the officer's file: shown in plain words
            dialogs.show_error(self, exc)
            return
        dialogs.current.saved(
            self,
            tr("模板已保存"),
            tr("导入模板已保存到 {path}；第二个工作表列出了可选值。").format(path=path),
            path,
        )
