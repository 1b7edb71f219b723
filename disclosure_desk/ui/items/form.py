"""The form for one item: every catalogue field, classification, attachments, coordination, history.

Saving sends the version the form was opened with; if someone saved in between the service
refuses with "已被他人修改" and the officer reloads. Attachments and coordination rows are
saved immediately (they have their own audit entries), so those tabs appear once the item exists.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain import catalogs, outcomes, vocabulary
from disclosure_desk.domain.errors import ConflictError, DeskError, InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr, tr_article, tr_value
from disclosure_desk.services.common import overview
from disclosure_desk.services.items import register as items
from disclosure_desk.services.items.rules import ItemInput, genre_list, topic_list
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.common.layout_fit import fit_dialog
from disclosure_desk.ui.items.fields import (
    ChannelBoxes,
    DateEdit,
    set_combo,
    topic_text,
    value_combo,
)
from disclosure_desk.ui.items.tabs import AttachmentsTab, CoordinationTab, HistoryTab


class ItemForm(QDialog):
    """Create or edit one item; emits ``changed`` with each service's Changes."""

    changed = Signal(object)

    def __init__(self, actor: Actor, item_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor, self.item_id = actor, item_id
        self.detail: items.ItemDetail | None = None
        self.setWindowTitle(tr("新建信息") if item_id is None else tr("信息详情"))
        fit_dialog(self, 880, 640)
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self._build_basic()
        self._build_classification()
        self.attachments = self.coordination = self.history = None
        if item_id is not None:
            self.attachments = AttachmentsTab(actor, item_id)
            self.coordination = CoordinationTab(actor, item_id)
            self.history = HistoryTab(actor, item_id)
            self.tabs.addTab(self.attachments, tr("附件"))
            self.tabs.addTab(self.coordination, tr("发布协调"))
            self.tabs.addTab(self.history, tr("历史记录"))
            for tab in (self.attachments, self.coordination):
                tab.changed.connect(self._after_side_change)
        buttons = QHBoxLayout()
        self.repeal_button = QPushButton(tr("废止…"))
        self.reviewed_button = QPushButton(tr("有效性已复核"))
        self.save_button = QPushButton(tr("保存"))
        self.save_button.setDefault(True)
        close = QPushButton(tr("关闭"))
        buttons.addWidget(self.repeal_button)
        buttons.addWidget(self.reviewed_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.repeal_button.clicked.connect(self.repeal)
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        close.clicked.connect(self.reject)
        editable = actor.can("item.edit")
        self.save_button.setEnabled(editable)
        self.repeal_button.setEnabled(editable and item_id is not None)
        self.reviewed_button.setEnabled(editable and item_id is not None)
        self.disclosure.currentIndexChanged.connect(self._sync_withhold)
        self.load()

    # ------------------------------------------------------------------ layout

    def _build_basic(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.title = QLineEdit()
        self.doc_no = QLineEdit()
        self.unit = QComboBox()
        for u in overview.units(self.actor):
            self.unit.addItem(u.name, u.id)
        self.publisher = QLineEdit()
        self.formed_on = DateEdit(tr("成文日期"))
        self.published_on = DateEdit(tr("发布日期"))
        self.published_on.setToolTip(
            tr("填写发布日期不会发布信息：信息须经审查通过后在“发布审查”中发布")
        )
        self.changed_on = DateEdit(tr("变更日期"))
        self.topic = value_combo(topic_list(), blank=tr("（未分类）"), display=topic_text)
        self.genre = value_combo(genre_list(), blank=tr("（未选择）"))
        self.keywords = QLineEdit()
        self.summary = QPlainTextEdit()
        self.summary.setMaximumHeight(70)
        self.body = QPlainTextEdit()
        dates = QHBoxLayout()
        for label, w in (
            (N_("成文日期"), self.formed_on),
            (N_("发布日期"), self.published_on),
            (N_("变更日期"), self.changed_on),
        ):
            dates.addWidget(QLabel(tr(label)))
            dates.addWidget(w)
        dates.addStretch(1)
        form.addRow(tr("标题"), self.title)
        form.addRow(tr("文号"), self.doc_no)
        form.addRow(tr("所属单位"), self.unit)
        form.addRow(tr("发布机构"), self.publisher)
        form.addRow(dates)
        form.addRow(tr("主题分类"), self.topic)
        form.addRow(tr("体裁"), self.genre)
        form.addRow(tr("关键词"), self.keywords)
        form.addRow(tr("内容概述"), self.summary)
        form.addRow(tr("正文"), self.body)
        self.tabs.addTab(page, tr("基本信息"))

    def _build_classification(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.disclosure = QComboBox()
        for code, _label in vocabulary.DISCLOSURES:  # shows the label, holds the stored code
            self.disclosure.addItem(tr_value("disclosure", code), code)
        set_combo(self.disclosure, vocabulary.PROACTIVE)
        self.ground = QComboBox()
        self.ground.addItem(tr("（请选择法定理由）"), "")
        for g in outcomes.WITHHOLD_GROUNDS:
            self.ground.addItem(
                tr_value("withhold_ground", g.code)
                + tr("（条例{ground}）").format(ground=tr_article(g.legal_ground)),
                g.code,
            )
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("不公开理由的具体说明"))
        self.secrecy = value_combo(
            catalogs.SECRECY_LEVELS, catalogs.NOT_SECRET, display=lambda v: tr_value("secrecy", v)
        )
        self.channels = ChannelBoxes(catalogs.PUBLISH_CHANNELS)
        self.validity = value_combo(
            catalogs.VALIDITY, catalogs.VALID, display=lambda v: tr_value("validity", v)
        )
        self.repealed_on = DateEdit(tr("废止日期"))
        self.repealed_by = QLineEdit()
        self.reviewed_on = DateEdit(tr("有效性复核日期"))
        self.related = QLineEdit()
        self.related.setPlaceholderText(tr("本信息解读的政策文件的索引号（仅解读类信息填写）"))
        self.interpretations = QLabel("—")
        self.interpretations.setWordWrap(True)
        self.due = QLabel("—")
        form.addRow(tr("公开属性"), self.disclosure)
        form.addRow(tr("不公开的法定理由"), self.ground)
        form.addRow(tr("理由说明"), self.reason)
        form.addRow(tr("密级"), self.secrecy)
        form.addRow(tr("公开方式/渠道"), self.channels)
        form.addRow(tr("有效性"), self.validity)
        form.addRow(tr("废止日期"), self.repealed_on)
        form.addRow(tr("废止依据"), self.repealed_by)
        form.addRow(tr("有效性复核日期"), self.reviewed_on)
        form.addRow(tr("关联政策文件"), self.related)
        form.addRow(tr("相关政策解读"), self.interpretations)
        form.addRow(tr("公开期限（第二十六条）"), self.due)
        self.tabs.addTab(page, tr("公开属性与有效性"))

    def _sync_withhold(self) -> None:
        withheld = self.disclosure.currentData() != vocabulary.PROACTIVE
        self.ground.setEnabled(withheld)
        self.reason.setEnabled(withheld)

    # ------------------------------------------------------------------ data

    def load(self) -> None:
        if self.item_id is None:
            self.header.setText(tr("索引号：保存后按本单位规则自动生成"))
            if self.actor.unit_id is not None:
                set_combo(self.unit, self.actor.unit_id)
            self.formed_on.set_date(dt.date.today())
            self._sync_withhold()
            return
        d = items.get_item(self.actor, self.item_id)
        self.detail = d
        data = d.data
        self.header.setText(
            tr("索引号：{index_no}　　状态：{status}　　单位：{unit}　　最后修改：{when}").format(
                index_no=d.index_no,
                status=tr(d.status_label),
                unit=d.unit_name,
                when=f"{d.updated_at:%Y-%m-%d %H:%M}",
            )
        )
        self.title.setText(data.title)
        self.doc_no.setText(data.doc_no)
        set_combo(self.unit, data.unit_id)
        self.unit.setEnabled(False)  # the 索引号 prefix came from this unit
        self.publisher.setText(data.publisher)
        self.formed_on.set_date(data.formed_on)
        self.published_on.set_date(data.published_on)
        self.changed_on.set_date(data.changed_on)
        set_combo(self.topic, data.topic)
        set_combo(self.genre, data.genre)
        self.keywords.setText(data.keywords)
        self.summary.setPlainText(data.summary)
        self.body.setPlainText(data.body)
        set_combo(self.disclosure, data.disclosure)
        set_combo(self.ground, data.withhold_ground)
        self.reason.setText(data.withhold_reason)
        set_combo(self.secrecy, data.secrecy)
        self.channels.set_values(data.channels)
        set_combo(self.validity, data.validity)
        self.repealed_on.set_date(data.repealed_on)
        self.repealed_by.setText(data.repealed_by)
        self.reviewed_on.set_date(data.validity_reviewed_on)
        self.related.setText(d.related.index_no if d.related else "")
        self.interpretations.setText(
            "；".join(f"{i.index_no} {i.title}" for i in d.interpretations) or tr("无")
        )
        if d.due_on and data.published_on and d.status == vocabulary.PUBLISHED:
            late = tr("，晚于期限") if data.published_on > d.due_on else ""
            self.due.setText(
                tr("期限 {due}，已于 {day} 发布").format(
                    due=f"{d.due_on:%Y-%m-%d}", day=f"{data.published_on:%Y-%m-%d}"
                )
                + late
            )
        elif d.due_on:
            state = tr("（已逾期）") if d.overdue else ""
            pending = (
                tr("；填写发布日期不等于发布，须经审查通过后在“发布审查”中发布")
                if data.published_on and d.status != vocabulary.PUBLISHED
                else ""
            )
            self.due.setText(
                tr("应于 {due} 前公开").format(due=f"{d.due_on:%Y-%m-%d}") + state + pending
            )
        else:
            self.due.setText(tr("不适用"))
        self._sync_withhold()
        for tab in (self.attachments, self.coordination, self.history):
            if tab is not None:
                tab.load(d)

    def collect(self) -> ItemInput:
        related_id = None
        if self.related.text().strip():
            related_id = items.find_by_index_no(self.related.text())
            if related_id is None:
                raise InputError(
                    tr("找不到索引号为“{index_no}”的关联政策文件。").format(
                        index_no=self.related.text().strip()
                    )
                )
        withheld = self.disclosure.currentData() != vocabulary.PROACTIVE
        if withheld and not self.ground.currentData():
            raise InputError(
                tr("公开属性不是“主动公开”时，请选择不公开的法定理由（条例第十四至十六条）。")
            )
        return ItemInput(
            title=self.title.text(),
            unit_id=self.unit.currentData(),
            doc_no=self.doc_no.text(),
            publisher=self.publisher.text(),
            formed_on=self.formed_on.date(),
            published_on=self.published_on.date(),
            changed_on=self.changed_on.date(),
            disclosure=self.disclosure.currentData(),
            withhold_ground=self.ground.currentData() if withheld else "",
            withhold_reason=self.reason.text() if withheld else "",
            topic=self.topic.currentData() or "",
            genre=self.genre.currentData() or "",
            secrecy=self.secrecy.currentData(),
            validity=self.validity.currentData(),
            repealed_on=self.repealed_on.date(),
            repealed_by=self.repealed_by.text(),
            validity_reviewed_on=self.reviewed_on.date(),
            keywords=self.keywords.text(),
            summary=self.summary.toPlainText(),
            body=self.body.toPlainText(),
            channels=self.channels.values(),
            related_id=related_id,
        )

    def save(self) -> bool:
        try:
            data = self.collect()
            if self.item_id is None:
                self.item_id, changes = items.create_item(self.actor, data)
            else:
                changes = items.update_item(self.actor, self.item_id, data, self.detail.version)
        except ConflictError as exc:
            dialogs.current.warning(self, tr("已被他人修改"), str(exc))
            return False
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return False
        self.changed.emit(changes)
        self.accept()
        return True

    def repeal(self) -> None:
        if self.detail is None:
            return
        day = dialogs.current.ask_text(
            self, tr("废止"), tr("废止日期（如 2025-03-05）："), dt.date.today().isoformat()
        )
        if day is None:
            return
        by = dialogs.current.ask_text(self, tr("废止"), tr("废止依据（废止文件的名称或文号）："))
        if by is None:
            return
        try:
            from disclosure_desk.domain.dates import parse_date

            changes = items.repeal_item(
                self.actor, self.item_id, parse_date(day), by, self.detail.version
            )
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self._after_side_change(changes)

    def mark_reviewed(self) -> None:
        if self.detail is None:
            return
        try:
            changes = items.mark_validity_reviewed(
                self.actor, self.item_id, dt.date.today(), self.detail.version
            )
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self._after_side_change(changes)

    def _after_side_change(self, changes) -> None:
        self.changed.emit(changes)
        self.load()
