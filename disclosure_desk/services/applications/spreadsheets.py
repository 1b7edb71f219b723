"""Application register in bulk: import of legacy Excel/CSV ledgers (all-or-nothing, row errors in
Chinese), export with the same headers, and the empty template (PRODUCT.md §3.1)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from disclosure_desk.domain.channels import CHANNELS, channel_by_label
from disclosure_desk.domain.dates import parse_optional_date
from disclosure_desk.domain.errors import DeskError, InputError, LockedYearError
from disclosure_desk.domain.fees import checked_fee
from disclosure_desk.domain.letter_wording import REGULATION
from disclosure_desk.domain.outcomes import (
    APPLICANT_TYPES,
    OUTCOMES,
    applicant_type_from_text,
    outcome_from_text,
)
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.personal_data import mask_text, mask_value
from disclosure_desk.files import spreadsheet, table_stream
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.admin import backups
from disclosure_desk.services.admin.audit import record_export
from disclosure_desk.services.applications import cases as core
from disclosure_desk.services.applications.bulk import BulkRow, insert_rows
from disclosure_desk.services.common.context import change
from disclosure_desk.services.common.scope import visible
from disclosure_desk.services.reporting.year_lock_guard import guard_application, locked_years
from disclosure_desk.store.models import Application, Unit

HEADERS: tuple[str, ...] = (
    "申请编号",
    "收到日期",
    "申请方式",
    "申请人类型",
    "申请人",
    "证件号码",
    "联系电话",
    "申请内容",
    "补正告知日期",
    "补正收到日期",
    "办理结果",
    "答复日期",
    "是否延期",
    "收费金额",
    "备注",
)
REQUIRED: tuple[str, ...] = ("收到日期", "申请方式", "申请人类型", "申请人")
YES = {"是", "y", "yes", "true", "1", "延期", "已延期"}
NO = {"", "否", "n", "no", "false", "0", "未延期"}
SHEET_TITLE = "申请登记"
EXPORT_YES_NO = {True: "是", False: "否"}  # the 是否延期 cells of an export
IMPORT_APPROVER = N_("（导入）")  # the approver of an imported extension, in its docket line


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    ok: bool
    imported: int = 0
    checked: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: Any = None

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "imported": self.imported,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message} for e in self.errors
            ],
        }


@dataclass(frozen=True)
class _Parsed:
    row: int
    reg_no: str
    data: core.NewApplication
    correction_requested_on: dt.date | None
    correction_received_on: dt.date | None
    outcome_code: str
    outcome_ground: str
    replied_on: dt.date | None
    extended: bool
    fee: Decimal


def _text(values, name: str) -> str:
    value = values.get(name)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_row(number: int, values, unit_id: int, errors: list[RowError]) -> _Parsed | None:
    before = len(errors)

    def err(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    def get(column: str, parse):
        try:
            return parse(values.get(column))
        except DeskError as exc:
            err(column, exc.message)
            return None

    for column in REQUIRED:
        if not _text(values, column):
            err(column, tr("“{column}”不能为空。").format(column=column))
    if len(errors) > before:
        return None
    received = get("收到日期", parse_optional_date)
    channel = get("申请方式", lambda v: channel_by_label(str(v)).label)
    atype = get("申请人类型", lambda v: applicant_type_from_text(str(v)))
    ident = ""
    if atype:
        ident = get("证件号码", lambda v: core.check_identity(atype, _text(values, "证件号码")))
    requested = get("补正告知日期", parse_optional_date)
    corrected = get("补正收到日期", parse_optional_date)
    outcome = None
    if _text(values, "办理结果"):
        outcome = get("办理结果", lambda v: outcome_from_text(str(v)))
    replied = get("答复日期", parse_optional_date)
    ext_text = _text(values, "是否延期").lower()
    if ext_text not in YES | NO:
        err(
            "是否延期",
            tr("“是否延期”应填“是”或“否”，不能是“{ext_text}”。").format(ext_text=ext_text),
        )
    fee = Decimal(0)
    fee_text = _text(values, "收费金额")
    if fee_text:
        try:
            fee = checked_fee(fee_text)  # finite, not negative, not absurd (1e300, inf, nan)
        except InputError as exc:
            err("收费金额", exc.message)
    if len(errors) > before:
        return None
    if requested and requested < received:
        err("补正告知日期", tr("补正告知日期早于收到日期。"))
    if corrected and not requested:
        err("补正收到日期", tr("填写了补正收到日期，但没有补正告知日期。"))
    if corrected and requested and corrected < requested:
        err("补正收到日期", tr("补正收到日期早于补正告知日期。"))
    if outcome and not replied:
        err("答复日期", tr("已填写办理结果，请同时填写答复日期。"))
    if replied and not outcome:
        err("办理结果", tr("已填写答复日期，请同时填写办理结果（年度报告表三中的一项）。"))
    if replied and replied < (corrected or received):
        err("答复日期", tr("答复日期早于收到申请（或收到补正）的日期。"))
    if len(errors) > before:
        return None
    return _Parsed(
        number,
        _text(values, "申请编号"),
        core.NewApplication(
            unit_id=unit_id,
            received_on=received,
            channel=channel,
            applicant_type=atype,
            applicant_name=_text(values, "申请人"),
            id_number=ident,
            contact_phone=_text(values, "联系电话"),
            content=_text(values, "申请内容"),
            note=_text(values, "备注"),
        ),
        requested,
        corrected,
        outcome.code if outcome else "",
        f"{REGULATION}{outcome.legal_ground}" if outcome else "",
        replied,
        ext_text in YES,
        fee,
    )


def import_applications(
    actor: Actor, path: Path | str, *, dry_run: bool = False, unit_id: int | None = None
) -> ImportReport:
    """Check every row; import all of them in one transaction only when none has an error."""
    actor.require("application.import")
    unit_id = unit_id or actor.unit_id or _root_unit()
    # Row by row (files/table_stream.py): a dry run keeps only the errors and the numbers seen
    # (for duplicates), so a 1,000,000-row ledger is checked in bounded memory; a real import
    # keeps the checked rows, which it writes in one transaction.
    with table_stream.open_table(path) as (headers, rows):
        missing = [h for h in REQUIRED if h not in headers]
        if missing:
            errs = [
                RowError(1, m, tr("缺少表头“{m}”，请使用申请登记导入模板。").format(m=m))
                for m in missing
            ]
            return ImportReport(False, 0, 0, errs)
        errors, parsed, checked, seen = _check_rows(
            rows, unit_id, keep=not dry_run, can_extend=actor.can("application.extend_approve")
        )
    numbers = list(seen)
    for i in range(0, len(numbers), 500):
        for (taken,) in (
            Application.select(Application.reg_no)
            .where(Application.reg_no.in_(numbers[i : i + 500]))
            .tuples()
        ):
            errors.append(
                RowError(
                    seen[taken], "申请编号", tr("申请编号“{taken}”已存在。").format(taken=taken)
                )
            )
    errors.sort(key=lambda e: e.row)
    if errors:
        return ImportReport(False, 0, checked, errors)
    if dry_run:
        return ImportReport(True, 0, checked)
    batch = uuid.uuid4().hex[:12]
    backups.before_import()  # a copy to go back to if the officer imported the wrong file
    with change(actor, "application.import", unit_id) as tx:
        locked = _locked_rows(parsed)  # again inside the transaction: a lock may have just come
        if locked:
            raise LockedYearError(
                tr("第 {row} 行：{message}（未导入任何记录）").format(
                    row=locked[0].row, message=locked[0].message
                )
            )
        # Bulk: serials in one block per (unit, year), rows and events by insert_many.
        approver = (actor.user_id, actor.name or actor.login)
        insert_rows(actor, [_bulk_row(p, approver) for p in parsed], batch)
        tx.audit("application.import", "application", batch, None, {"rows": len(parsed)})
        tx.touch("application_event")
    return ImportReport(True, len(parsed), len(parsed), [], tx.changes)


def _check_rows(
    rows, unit_id: int, *, keep: bool, can_extend: bool
) -> tuple[list[RowError], list[_Parsed], int, dict[str, int]]:
    """(errors, the checked rows when ``keep``, how many rows passed, 申请编号 → row number)."""
    errors: list[RowError] = []
    parsed: list[_Parsed] = []
    seen: dict[str, int] = {}
    checked = 0
    per_row = not keep and bool(locked_years())  # kept rows are checked together, below
    for row in rows:
        if not any(str(v).strip() for v in row.values.values() if v is not None):
            continue  # blank line
        p = _parse_row(row.number, row.values, unit_id, errors)
        if p is None:
            continue
        if p.reg_no:
            if p.reg_no in seen:
                errors.append(
                    RowError(
                        p.row,
                        "申请编号",
                        tr("申请编号与第 {value} 行重复。").format(value=seen[p.reg_no]),
                    )
                )
                continue
            seen[p.reg_no] = p.row
        if p.extended and not can_extend:
            # 延期 needs the leader (§4.1 roles): an import must not record one in anybody's name.
            errors.append(
                RowError(
                    p.row,
                    "是否延期",
                    tr(
                        "延期须经主管领导批准：含延期的申请请由主管领导账号导入，或先按未延期导入、再由主管领导在案卷中批准延期。"
                    ),
                )
            )
        if per_row:
            errors.extend(_locked_rows([p]))
        checked += 1
        if keep:
            parsed.append(p)
    if keep:
        errors.extend(_locked_rows(parsed))
    return errors, parsed, checked, seen


def _locked_rows(parsed: list[_Parsed]) -> list[RowError]:
    """A row error for every row that would change the figures of a locked report year."""
    if not locked_years():
        return []
    out: list[RowError] = []
    for p in parsed:
        fact = {
            "unit_id": p.data.unit_id,
            "received_on": p.data.received_on,
            "replied_on": p.replied_on,
            "outcome_code": p.outcome_code,
            "applicant_type": p.data.applicant_type,
            "fee_paid_on": p.replied_on if p.fee else None,
            "fee_collected": p.fee,
        }
        try:
            guard_application(None, fact)
        except LockedYearError as exc:
            column = "收到日期" if str(p.data.received_on.year) in exc.message else "答复日期"
            out.append(RowError(p.row, column, exc.message))
    return out


def unit_by_code(code: str) -> int | None:
    unit = Unit.get_or_none(Unit.code == code.strip())
    return unit.id if unit is not None else None


def _root_unit() -> int:
    root = Unit.select().where(Unit.parent.is_null()).order_by(Unit.id).first()
    if root is None:
        raise InputError(tr("数据库尚未初始化。"))
    return root.id


def _bulk_row(p: _Parsed, approver: tuple[int | None, str] = (None, IMPORT_APPROVER)) -> BulkRow:
    """A checked row as the application it registers, with the register's later steps;
    ``approver`` (user id, name) is the leader account importing an extended case."""
    d = p.data
    fields: dict[str, Any] = {
        "contact_phone": d.contact_phone.strip(),
        "address": d.address.strip(),
        "email": d.email.strip(),
        "content": d.content.strip(),
        "requested_form": d.requested_form,
        "delivery": d.delivery,
        "note": d.note,
    }
    status = "registered"
    events: list[dict[str, Any]] = []
    if p.correction_requested_on:
        fields["correction_requested_on"] = p.correction_requested_on
        status = "correction"
        events.append(dict(kind="correction_requested", on=p.correction_requested_on))
    if p.correction_received_on:
        fields["correction_received_on"] = p.correction_received_on
        status = "registered"
        events.append(dict(kind="correction_received", on=p.correction_received_on))
    if p.extended:
        fields.update(
            extended=True, extension_approver=approver[1], extension_approved_by=approver[0]
        )
        events.append(dict(kind="extension", on=p.replied_on or d.received_on))
    if p.fee:
        fields.update(fee_amount=p.fee, fee_collected=p.fee, fee_paid_on=p.replied_on)
    if p.outcome_code:
        fields.update(
            outcome_code=p.outcome_code, outcome_ground=p.outcome_ground, replied_on=p.replied_on
        )
        status = "replied"
        events.append(dict(kind="reply", on=p.replied_on, detail=p.outcome_code))
    fields["status"] = status
    return BulkRow(
        unit_id=d.unit_id,
        received_on=d.received_on,
        channel=d.channel,
        applicant_type=d.applicant_type,
        applicant_name=d.applicant_name.strip(),
        id_number=d.id_number,
        reg_no=p.reg_no,
        fields=fields,
        events=tuple(events),
    )


def export_applications(
    actor: Actor, path: Path | str, unit_id: int | None = None, *, unmasked: bool = False
) -> int:
    """Write every visible case with the import headers first; returns the row count.

    证件号码 and 联系电话 are masked unless ``unmasked`` (permission export.unmasked) — only an
    unmasked file imports again unchanged. Every export is audited: what, how many, masked or not."""
    actor.require("record.view")
    if unmasked:
        actor.require("export.unmasked")
    shown = (lambda v: v or "") if unmasked else mask_value
    free = (lambda v: v or "") if unmasked else mask_text  # numbers typed into free text too
    q = Application.select().order_by(Application.received_on, Application.id)
    q = q.where(visible(actor, Application.unit))
    if unit_id:
        q = q.where(Application.unit == unit_id)
    labels = dict(APPLICANT_TYPES)
    outcome_labels = {o.code: o.label for o in OUTCOMES}

    def rows():
        for a in q.iterator():
            yield (
                a.reg_no,
                a.received_on,
                a.channel,
                labels.get(a.applicant_type, a.applicant_type),
                a.applicant_name,
                shown(a.id_number),
                shown(a.contact_phone),
                free(a.content),
                a.correction_requested_on,
                a.correction_received_on,
                outcome_labels.get(a.outcome_code, ""),
                a.replied_on,
                EXPORT_YES_NO[a.extended],
                f"{Decimal(a.fee_collected or a.fee_amount or 0):.2f}"
                if (a.fee_collected or a.fee_amount)
                else "",
                free(a.note),
            )

    n = spreadsheet.write_table(path, HEADERS, rows(), sheet_title=SHEET_TITLE)
    record_export(actor, "applications", n, path, unmasked=unmasked)
    return n


def write_template(path: Path | str) -> None:
    """The empty import template with a sheet of allowed values."""
    allowed = {
        "申请方式": [c.label for c in CHANNELS],
        "申请人类型": [label for _, label in APPLICANT_TYPES],
        "办理结果": [o.label for o in OUTCOMES],
        "是否延期": ["是", "否"],
    }
    notes = {
        "收到日期": "按条例第三十一条认定的收到申请日期，如 2025-03-05",
        "办理结果": "办理中留空；已答复填年度报告表三中的名称或代码（如 3.1）",
        "证件号码": "自然人填身份证号码，法人或其他组织填统一社会信用代码",
    }
    spreadsheet.write_template(path, HEADERS, allowed, notes)
