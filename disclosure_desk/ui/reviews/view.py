"""Pre-publication review view (发布审查): the queue, the text with findings highlighted, masking
for the officer, approve / return / override for the reviewer, publish and the 呈批单 PDF.

Buttons only mirror the rules; the services refuse anything the rules forbid.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain import review_workflow as wf
from disclosure_desk.domain.catalogs import PUBLISH_CHANNELS
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.i18n import N_, tr, tr_from, tr_value
from disclosure_desk.services.common import overview
from disclosure_desk.services.common.context import Changes
from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.services.reviews import query as reviews_query
from disclosure_desk.services.reviews.scan import MANUAL_CHECK_KINDS
from disclosure_desk.ui.common import dialogs, events
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import View, allow, make_table, not_allowed

SEVERITY_COLOURS = {"block": "#f7c1c1", "warn": "#fde3a0", "info": "#cfe2fa"}
QUEUE_STATUSES = (
    (wf.PENDING, N_("待审查")),
    (wf.APPROVED, N_("已通过（待发布）")),
    (wf.RETURNED, N_("已退回")),
    (wf.PUBLISHED, N_("已发布")),
    (wf.WITHDRAWN, N_("已撤回")),
)
CHANNELS_SHOWN = PUBLISH_CHANNELS[:4]


def _finding_place(f) -> str:
    if f.source == "body":
        return tr("正文")
    if not f.location:
        return f.source
    # Locations are stored as the extractor wrote them (第3页, 页眉, 工作表!C3): shown translated.
    return f"{f.source} · {tr_from(f.location, N_('第{n}页'))}"


def _finding_text(f) -> str:
    if f.kind == "no_text_layer":
        return tr("无文字层，须人工核对")
    if f.kind == "unreadable":
        return tr("无法读取，须另存为 .docx/.xlsx")
    return f.text


class ReviewsView(View):
    key = "reviews"
    title = N_("发布审查")
    hint = N_(
        "“上网信息不涉密，涉密信息不上网”：信息须经自动审查和起草人以外的审查人审查后方可发布。"
    )
    watches = frozenset({"item", "item_review", "scan_finding", "coordination", "scan_keyword"})

    def build(self) -> None:
        self.detail: reviews_query.ReviewDetail | None = None
        self.shown: list[reviews_query.FindingRow] = []
        bar = QHBoxLayout()
        self.status_filter = QComboBox()
        for value, label in QUEUE_STATUSES:
            self.status_filter.addItem(tr(label), value)
        self.unit_filter = QComboBox()
        bar.addWidget(QLabel(tr("状态")))
        bar.addWidget(self.status_filter)
        bar.addWidget(QLabel(tr("单位")))
        bar.addWidget(self.unit_filter, 1)
        self.body.addLayout(bar)

        # 索引号 is in the detail header; the queue keeps what a reviewer scans a list for.
        self.queue_model = RowTableModel(
            [
                Column(tr("标题"), lambda r: r.title),
                Column(tr("单位"), lambda r: r.unit_name),
                Column(tr("提交日期"), lambda r: r.submitted_at.date() if r.submitted_at else ""),
                Column(tr("禁止发布"), lambda r: r.blocks or "", align_right=True),
            ]
        )
        self.queue = make_table(self.queue_model, stretch_column=0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.queue)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 780])
        self.body.addWidget(splitter, 1)

        self.status_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.unit_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.queue.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._load(cur.row())
        )

    def _build_detail(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(6, 0, 0, 0)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.header)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("查看")))
        self.source = QComboBox()
        row.addWidget(self.source, 1)
        box.addLayout(row)
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        box.addWidget(self.text, 3)
        self.findings_model = RowTableModel(
            [
                Column(tr("位置"), _finding_place),
                Column(tr("类别"), lambda f: tr(f.kind_label)),
                Column(tr("级别"), lambda f: tr(f.severity_label)),
                Column(tr("原文"), _finding_text),
                Column(tr("脱敏形式"), lambda f: f.masked),
                Column(tr("放行理由"), lambda f: f.override_reason),
            ]
        )
        self.findings = make_table(self.findings_model, stretch_column=5)
        box.addWidget(self.findings, 2)

        officer = QHBoxLayout()
        self.mask_one = QPushButton(tr("替换为脱敏形式"))
        self.mask_all = QPushButton(tr("全部替换为脱敏形式"))
        self.print_form = QPushButton(tr("打印呈批单…"))
        officer.addWidget(self.mask_one)
        officer.addWidget(self.mask_all)
        officer.addStretch(1)
        officer.addWidget(self.print_form)
        box.addLayout(officer)

        reviewer = QHBoxLayout()
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(tr("审查意见（退回时必填）"))
        self.override = QPushButton(tr("填写放行理由…"))
        self.approve = QPushButton(tr("通过"))
        self.reject = QPushButton(tr("退回"))
        reviewer.addWidget(self.comment, 1)
        reviewer.addWidget(self.override)
        reviewer.addWidget(self.approve)
        reviewer.addWidget(self.reject)
        box.addLayout(reviewer)

        publish = QHBoxLayout()
        # The channels in two rows of two: the pane stays narrow enough for the queue beside it
        # (the English labels are long).
        channels = QGridLayout()
        self.channel_boxes: list[QCheckBox] = []
        for i, name in enumerate(CHANNELS_SHOWN):
            cb = QCheckBox(tr(name))
            cb.setProperty("channel", name)  # the stored value stays Chinese
            cb.setChecked(name == CHANNELS_SHOWN[0])
            self.channel_boxes.append(cb)
            channels.addWidget(cb, i // 2, i % 2)
        publish.addLayout(channels)
        publish.addStretch(1)
        self.publish = QPushButton(tr("发布"))
        self.withdraw = QPushButton(tr("撤回…"))
        self.withdraw.setToolTip(tr("撤下已发布的信息，或决定不发布已通过审查的信息；须写明原因。"))
        publish.addWidget(self.publish)
        publish.addWidget(self.withdraw)
        box.addLayout(publish)
        self.blockers = QLabel()
        self.blockers.setWordWrap(True)
        self.blockers.setProperty("role", "warning")
        self.blockers.setStyleSheet("color: #a61b1b;")
        box.addWidget(self.blockers)

        self.source.currentIndexChanged.connect(lambda _: self._show_source())
        self.findings.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self._finding_selected(cur.row())
        )
        self.mask_one.clicked.connect(self.mask_selected)
        self.mask_all.clicked.connect(self.mask_everything)
        self.override.clicked.connect(self.override_selected)
        self.approve.clicked.connect(self.approve_item)
        self.reject.clicked.connect(self.return_item)
        self.publish.clicked.connect(self.publish_item)
        self.withdraw.clicked.connect(self.withdraw_item)
        self.print_form.clicked.connect(self.print_review_form)
        return panel

    # --- loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.unit_filter.count() == 0:
            self.unit_filter.blockSignals(True)
            self.unit_filter.addItem(tr("全部单位"), None)
            for u in overview.units(self.actor):
                self.unit_filter.addItem(u.name, u.id)
            self.unit_filter.blockSignals(False)
        keep = self.detail.item_id if self.detail else None
        rows = reviews_query.queue(
            self.actor, self.status_filter.currentData(), self.unit_filter.currentData()
        )
        self.queue_model.set_rows(rows)
        for col in (1, 2, 3):
            self.queue.resizeColumnToContents(col)
        # The title gets the room: a long unit name is elided rather than squeezing the title.
        header = self.queue.horizontalHeader()
        cap = 6 * self.fontMetrics().height() + 12  # six Chinese characters (about square)
        header.resizeSection(1, min(header.sectionSize(1), cap))
        ids = [r.item_id for r in rows]
        index = ids.index(keep) if keep in ids else (0 if ids else -1)
        if index >= 0:
            self.queue.selectRow(index)
            self._load(index)
        else:
            self._load(-1)

    def _load(self, row: int) -> None:
        if row < 0 or row >= len(self.queue_model.rows):
            self.detail = None
        else:
            self.detail = reviews_query.detail(self.actor, self.queue_model.row_at(row).item_id)
        d = self.detail
        current = self.source.currentData()
        self.source.blockSignals(True)
        self.source.clear()
        if d is not None:
            for src, _text in d.texts:
                n = sum(1 for f in d.findings if f.source == src)
                label = tr("正文") if src == "body" else f"{tr('附件')}{tr('：')}{src}"
                self.source.addItem(f"{label}（{n}）", src)
            pos = self.source.findData(current)
            self.source.setCurrentIndex(pos if pos >= 0 else 0)
        self.source.blockSignals(False)
        self.header.setText(self._header_text(d))
        self._show_source()

    def _header_text(self, d: reviews_query.ReviewDetail | None) -> str:
        if d is None:
            return tr("队列中没有信息。")
        lines = [
            d.title,
            f"{d.index_no}　{d.unit_name}　{tr('状态')}{tr('：')}{tr(wf.status_label(d.status))}　{tr('密级')}{tr('：')}{tr_value('secrecy', d.secrecy)}"
            f"　{tr('起草人')}{tr('：')}{d.drafter or '—'}",
        ]
        if d.review and d.review.decision:
            lines.append(
                f"{tr('审查')}{tr('：')}{tr_value('decision', d.review.decision_label)}　{d.review.reviewer}　{tr(d.review.comment)}"
            )
        return "\n".join(lines)

    def _show_source(self) -> None:
        d = self.detail
        src = self.source.currentData() or "body"
        text = dict(d.texts).get(src, "") if d else ""
        self.text.setPlainText(text)
        self.shown = [f for f in d.findings if f.source == src] if d else []
        manual = any(f.kind in MANUAL_CHECK_KINDS for f in self.shown)
        self.text.setPlaceholderText(
            tr("此附件没有可读的文字（图片或扫描件）：请打开原件逐页核对，再记录人工核对结果。")
            if manual
            else ""
        )
        selections = []
        for f in self.shown:
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(SEVERITY_COLOURS.get(f.severity, "#eeeeee")))
            if f.severity == "block":
                fmt.setFontUnderline(True)
                fmt.setUnderlineColor(QColor("#c00000"))
            fmt.setToolTip(f"{tr(f.kind_label)}（{tr(f.severity_label)}）→ {f.masked}")
            sel.format = fmt
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(f.start)
            cursor.setPosition(f.end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            selections.append(sel)
        self.text.setExtraSelections(selections)
        self.findings_model.set_rows(self.shown)
        for col in range(5):
            self.findings.resizeColumnToContents(col)
        if self.shown:
            self.findings.selectRow(0)
        self._update_buttons()

    def _finding_selected(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            f = self.shown[row]
            cursor = self.text.textCursor()
            cursor.setPosition(f.start)
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()
        self._update_buttons()

    def _selected_finding(self) -> reviews_query.FindingRow | None:
        row = self.findings.currentIndex().row()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _why_not_review(self, d) -> str:
        """Why this actor may not approve or return this item now ("" when they may)."""
        a = self.actor
        if d is None:
            return tr("请先在左侧选择一条信息。")
        why = not_allowed(a, "item.review")
        if why:
            return why
        if d.status != wf.PENDING:
            return tr("只有待审的信息可以审查（当前状态：{status}）。").format(status=d.status)
        if a.user_id is None or a.user_id in d.drafter_ids:
            return tr("起草人不能审查自己起草或提交的信息，须由其他审查人审查。")
        return ""

    def _update_buttons(self) -> None:
        d = self.detail
        a = self.actor
        on_body = (self.source.currentData() or "body") == "body"
        can_mask = bool(d and a.can("item.edit") and d.status in wf.EDITABLE_STATUSES and on_body)
        selected = self._selected_finding()
        self.mask_one.setEnabled(can_mask and selected is not None)
        self.mask_all.setEnabled(can_mask and bool(self.shown))
        review_why = self._why_not_review(d)
        can_review = not review_why
        open_blocks = [
            f for f in (d.findings if d else ()) if f.severity == "block" and not f.override_reason
        ]
        approve_why = review_why or (
            tr(
                "还有 {n} 处“禁止发布”的发现未处理：请退回修改，或逐条填写放行理由后再通过。"
            ).format(n=len(open_blocks))
            if open_blocks
            else ""
        )
        allow(self.approve, approve_why)
        allow(self.reject, review_why)
        self.comment.setEnabled(can_review)
        override_why = review_why or (
            tr("请先在下表中选择一条“禁止发布”级别的发现。")
            if selected is None or selected.severity != "block"
            else ""
        )
        manual = selected is not None and selected.kind in MANUAL_CHECK_KINDS
        self.override.setText(tr("记录人工核对…") if manual else tr("填写放行理由…"))
        allow(self.override, override_why)
        self.print_form.setEnabled(d is not None)
        ok = bool(d and not d.blockers)
        publish_why = not_allowed(a, "item.publish")
        if not publish_why and d is not None and d.blockers:
            publish_why = tr("暂不能发布：") + "".join(f"\n· {b}" for b in d.blockers)
        if d is None:
            publish_why = publish_why or tr("请先在左侧选择一条信息。")
        allow(self.publish, publish_why)
        # Mirrors the workflow table: only 已发布 / 已通过 items can be withdrawn.
        withdraw_why = not_allowed(a, "item.publish") or (
            tr("只有已通过审查或已发布的信息可以撤回。")
            if not (d and "withdraw" in d.allowed_actions)
            else ""
        )
        allow(self.withdraw, withdraw_why)
        for cb in self.channel_boxes:
            cb.setEnabled(ok)
        if d is None:
            self.blockers.setText("")
        elif d.status == wf.PUBLISHED:
            # Publishing blockers mean nothing for an item already online; say what can be done.
            self.blockers.setText(
                tr("已于 {date} 发布").format(date=d.published_on or "—")
                + f"（{d.channels.replace(',', '、')}）。"
                + tr("如需撤下，请点击“撤回…”并写明原因。")
            )
        elif d.status == wf.WITHDRAWN:
            self.blockers.setText(tr("已撤回。修改后可由起草人重新提交审查。"))
        elif d.blockers:
            self.blockers.setText(tr("暂不能发布：") + "".join(f"\n· {b}" for b in d.blockers))
        else:
            self.blockers.setText(tr("发布前检查均已满足，可以发布。"))

    # --- actions ---------------------------------------------------------------------------------

    def _run(self, fn, *args) -> object | None:
        try:
            result = fn(*args)
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return None
        changes = result[1] if isinstance(result, tuple) else result
        self._announce(changes)
        return result

    def _announce(self, changes: Changes) -> None:
        # the window refreshes every watching view, this one too
        if not events.announce(self, changes):
            self.refresh()

    def mask_selected(self) -> None:
        f = self._selected_finding()
        if self.detail is None or f is None:
            return
        self._run(reviews.mask_findings, self.actor, self.detail.item_id, [(f.start, f.end)])

    def mask_everything(self) -> None:
        if self.detail is None:
            return
        result = self._run(reviews.mask_findings, self.actor, self.detail.item_id, None)
        if result is not None:
            log = result[0].log
            lines = [f"{e.original} → {e.masked}{tr('：')}{e.reason}" for e in log]
            dialogs.current.info(
                self, tr("已脱敏"), tr("已替换 %d 处：") % len(log) + "\n" + "\n".join(lines)
            )

    def override_selected(self) -> None:
        f = self._selected_finding()
        if self.detail is None or f is None:
            return
        if f.kind in MANUAL_CHECK_KINDS:
            # Nothing could be read there: the reviewer looks at it and writes what was found.
            title = tr("人工核对")
            prompt = (
                f"{f.source}{tr('：')}{tr('请写明人工核对的结果（如：已逐页核对，无个人信息）：')}"
            )
        else:
            title = tr("放行理由")
            prompt = f"{tr(f.kind_label)}“{f.text}”{tr('可以公开的理由')}："
        reason = dialogs.current.ask_text(self, title, prompt, f.override_reason)
        if reason is None:
            return
        self._run(
            reviews.set_override, self.actor, self.detail.item_id, f.source, f.kind, f.text, reason
        )

    def approve_item(self) -> None:
        if self.detail is not None:
            if (
                self._run(reviews.approve, self.actor, self.detail.item_id, self.comment.text())
                is not None
            ):
                self.comment.clear()

    def return_item(self) -> None:
        if self.detail is not None:
            if (
                self._run(reviews.return_item, self.actor, self.detail.item_id, self.comment.text())
                is not None
            ):
                self.comment.clear()

    def publish_item(self) -> None:
        if self.detail is None:
            return
        channels = [cb.property("channel") for cb in self.channel_boxes if cb.isChecked()]
        if not dialogs.current.confirm(
            self, tr("发布"), f"{tr('确认发布')}“{self.detail.title}”？"
        ):
            return
        self._run(reviews.publish, self.actor, self.detail.item_id, channels)

    def withdraw_item(self) -> None:
        if self.detail is None:
            return
        reason = dialogs.current.ask_text(
            self, tr("撤回"), tr("撤回“{title}”的原因（必填）：").format(title=self.detail.title)
        )
        if reason is None:
            return
        self._run(reviews.withdraw, self.actor, self.detail.item_id, reason)

    def print_current(self, preview: bool = True) -> None:
        """Ctrl+P: print preview of the selected item's 呈批单 (no file needed)."""
        if self.detail is None:
            dialogs.current.info(self, tr("打印"), tr("请先在左侧选择一条信息。"))
            return
        from disclosure_desk.ui.common import printing

        try:
            data = reviews_query.review_form_pdf(self.actor, self.detail.item_id)
            title = tr("呈批单") + " " + self.detail.index_no
            if preview:
                printing.preview_pdf(self, data, title)
            else:
                printing.print_pdf(self, data, title)
        except DeskError as exc:
            dialogs.show_error(self, exc)

    def print_review_form(self) -> None:
        if self.detail is None:
            return
        default = tr("保密审查呈批单_{index_no}.pdf").format(
            index_no=self.detail.index_no.replace("/", "_")
        )
        path = dialogs.current.save_file(self, tr("保存呈批单"), "PDF (*.pdf)", default)
        if not path:
            return
        try:
            data = reviews_query.review_form_pdf(self.actor, self.detail.item_id)
            with open(path, "wb") as fh:
                fh.write(data)
        except (DeskError, OSError) as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.current.saved(self, tr("呈批单"), f"{tr('已保存到')} {path}", path)
