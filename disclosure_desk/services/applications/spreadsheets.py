"""Application register in bulk: import of legacy Excel/CSV ledgers (all-or-nothing, row errors in
Chinese), export with the same headers, and the empty template (PRODUCT.md §3.1)."""

from __future__ import annotations

import csv
import datetime as dt
import operator
import uuid
from collections.abc import Iterator
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
from disclosure_desk.files.spreadsheet import MAX_ROWS
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.admin import backups
from disclosure_desk.services.admin.audit import record_export
from disclosure_desk.services.applications import cases as core
from disclosure_desk.services.applications.bulk import BulkRow, insert_rows
from disclosure_desk.services.common.context import change
from disclosure_desk.services.common.scope import visible
from disclosure_desk.services.reporting.year_lock_guard import (
    application_part,
    guard_application,
    locked_years,
)
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
    try:  # a CSV is read as UTF-8 straight away; if it is not, it is read again (GB18030)
        return _import(actor, path, dry_run, unit_id, guess_utf8=True)
    except table_stream.EncodingChanged:
        return _import(actor, path, dry_run, unit_id, guess_utf8=False)


def _import(
    actor: Actor, path: Path | str, dry_run: bool, unit_id: int, *, guess_utf8: bool
) -> ImportReport:
    # Row by row (files/table_stream.py): a dry run keeps only the errors and the numbers seen
    # (for duplicates), so a 1,000,000-row ledger is checked in bounded memory; a real import
    # keeps the checked rows, which it writes in one transaction.
    with table_stream.open_cells(path, guess_utf8=guess_utf8) as table:
        missing = [h for h in REQUIRED if h not in table.named]
        if missing:
            errs = [
                RowError(1, m, tr("缺少表头“{m}”，请使用申请登记导入模板。").format(m=m))
                for m in missing
            ]
            return ImportReport(False, 0, 0, errs)
        errors, parsed, checked, seen = _check_rows(
            table, unit_id, keep=not dry_run, can_extend=actor.can("application.extend_approve")
        )
    for taken in _numbers_taken(seen):
        errors.append(
            RowError(
                seen.first(taken), "申请编号", tr("申请编号“{taken}”已存在。").format(taken=taken)
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


def _numbers_taken(seen: _Seen) -> list[str]:
    """The 申请编号 of ``seen`` that the database already holds (any unit). A ledger much larger
    than the register reads the register's numbers once; otherwise they are looked up 500 at a
    time (one ``IN`` of a million numbers would exceed SQLite's variable limit)."""
    if not seen:
        return []
    if Application.select().count() <= 5 * len(seen):
        numbers = Application.select(Application.reg_no).tuples().iterator()
        return [n for (n,) in numbers if n in seen]
    out: list[str] = []
    wanted = list(seen)
    for i in range(0, len(wanted), 500):
        q = Application.select(Application.reg_no).where(
            Application.reg_no.in_(wanted[i : i + 500])
        )
        out.extend(n for (n,) in q.tuples())
    return out


# Distinct cell values remembered per kind of check during one import (dates, channels, …). A
# ledger repeats the same few thousand dates and labels, so almost every cell is a dictionary
# look-up; a hostile file of a million distinct values just stops being remembered.
_MEMO_CAP = 200_000
_ID_CHECK = "10X98765432"  # GB 11643 check characters by weighted sum mod 11
_BAD = object()  # a remembered cell that fails its check
_MONTH_DAYS = frozenset(  # MMDD of every day of a common year
    f"{d:%m%d}" for d in (dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(365))
)


class _Cells:
    """Memoised checks of single cells, for one import.

    Each table maps a raw cell — CSV text as read; for other files the cell as a key, see
    ``key_row`` — to what ``_parse_row`` makes of it, by calling the same functions once per
    distinct value. Only cells that pass are in the tables (``bad`` holds the others), so a
    look-up that raises KeyError means "not known yet, or wrong": the row then goes through
    ``fill`` and, if still not found, through ``_parse_row``, which writes the messages."""

    def __init__(self, table: table_stream.Cells) -> None:
        self.clean = table.clean
        self.date: dict[object, dt.date | None] = {}  # None: an empty cell
        self.channel: dict[object, str] = {}
        self.atype: dict[object, str] = {}
        self.outcome: dict[object, Any] = {}  # None: an empty cell
        self.ext: dict[object, bool] = {}
        self.fee: dict[object, Decimal] = {}
        self.org_id: dict[object, str | None] = {}
        self.bad: set[tuple[int, object]] = set()
        self.today = dt.date.today()

    @staticmethod
    def key_row(cells) -> list:
        """Keys for a row of typed cells: text as it is, None as "" (both are an empty cell to
        every check), any other value with its type (so 1, 1.0 and True stay apart)."""
        return [c if c.__class__ is str else ("" if c is None else (c.__class__, c)) for c in cells]

    def value(self, key: object) -> object:
        """The cleaned cell (as ``_parse_row`` sees it) behind a key."""
        if key.__class__ is not str:
            key = key[1]  # type: ignore[index]
        return self.clean(key)

    def text(self, key: object) -> str:
        """The cell as ``_text`` gives it (trimmed text)."""
        return _text({"v": self.value(key)}, "v")

    def fill(self, cells, cols: _Cols) -> None:
        """Remember the checks of this row's cells (while there is room)."""
        for table, index, check in (
            (self.date, cols.received, self._date),
            (self.date, cols.requested, self._date),
            (self.date, cols.corrected, self._date),
            (self.date, cols.replied, self._date),
            (self.channel, cols.channel, self._channel),
            (self.atype, cols.atype, self._atype),
            (self.outcome, cols.outcome, self._outcome),
            (self.ext, cols.ext, self._ext),
            (self.fee, cols.fee, self._fee),
        ):
            key = cells[index]
            if key in table or (id(table), key) in self.bad or len(table) >= _MEMO_CAP:
                continue
            result = check(self.value(key))
            if result is _BAD:
                if len(self.bad) < _MEMO_CAP:
                    self.bad.add((id(table), key))
            else:
                table[key] = result

    @staticmethod
    def _date(v: object) -> Any:
        try:
            return parse_optional_date(v)
        except DeskError:
            return _BAD

    @staticmethod
    def _channel(v: object) -> Any:
        if not _text({"v": v}, "v"):
            return _BAD
        try:
            return channel_by_label(str(v)).label
        except DeskError:
            return _BAD

    @staticmethod
    def _atype(v: object) -> Any:
        if not _text({"v": v}, "v"):
            return _BAD
        try:
            return applicant_type_from_text(str(v))
        except DeskError:
            return _BAD

    @staticmethod
    def _outcome(v: object) -> Any:
        if not _text({"v": v}, "v"):
            return None
        try:
            return outcome_from_text(str(v))
        except DeskError:
            return _BAD

    @staticmethod
    def _ext(v: object) -> Any:
        ext_text = _text({"v": v}, "v").lower()
        if ext_text not in YES | NO:
            return _BAD
        return ext_text in YES

    @staticmethod
    def _fee(v: object) -> Any:
        fee_text = _text({"v": v}, "v")
        if not fee_text:
            return Decimal(0)
        try:
            return checked_fee(fee_text)
        except InputError:
            return _BAD

    def identity(self, atype: str, key: object) -> str | None:
        """The checked ID number (as ``core.check_identity`` returns it), or None if invalid."""
        if atype != "natural_person":
            ident = self.org_id.get(key, _BAD)
            if ident is _BAD:
                ident = self._identity(atype, key)
                if len(self.org_id) < _MEMO_CAP:
                    self.org_id[key] = ident
            return ident  # type: ignore[return-value]
        return self._identity(atype, key)

    def _identity(self, atype: str, key: object) -> str | None:
        try:
            return core.check_identity(atype, _text({"v": self.value(key)}, "v"))
        except DeskError:
            return None


@dataclass(frozen=True)
class _Cols:
    """Column positions of the import's headers; a column missing from the file points at an
    empty cell added to the end of each row (``width``)."""

    width: int
    pad: bool
    received: int
    channel: int
    atype: int
    requested: int
    corrected: int
    outcome: int
    replied: int
    ext: int
    fee: int
    name: int
    reg_no: int
    id_number: int
    phone: int
    content: int
    note: int

    @classmethod
    def of(cls, headers: tuple[str, ...]) -> _Cols:
        where = {h: i for i, h in enumerate(headers) if h}
        width = len(headers)
        names = (
            "收到日期",
            "申请方式",
            "申请人类型",
            "补正告知日期",
            "补正收到日期",
            "办理结果",
            "答复日期",
            "是否延期",
            "收费金额",
            "申请人",
            "申请编号",
            "证件号码",
            "联系电话",
            "申请内容",
            "备注",
        )
        pad = any(n not in where for n in names)
        return cls(width, pad, *(where.get(n, width) for n in names))


def _check_rows(
    table: table_stream.Cells, unit_id: int, *, keep: bool, can_extend: bool
) -> tuple[list[RowError], list[_Parsed], int, _Seen]:
    """(errors, the checked rows when ``keep``, how many rows passed, the 申请编号 seen).

    A row is first checked from the memoised cell checks (``_Cells``): a valid row costs a few
    dictionary look-ups. A row with anything wrong, or anything this fast path does not settle
    for certain, goes through ``_parse_row`` — the rules themselves, which write the messages.
    The fast path only ever accepts a row ``_parse_row`` accepts, with the same values
    (tests/services/applications/test_import_fast_path.py compares the two)."""
    errors: list[RowError] = []
    parsed: list[_Parsed] = []
    checked = 0
    locks = _LockCheck.now()
    per_row = not keep and locks is not None  # kept rows are checked together, below
    lock_low, lock_high = (locks.years[0], locks.years[-1]) if locks else (0, 0)
    memo = _Cells(table)
    cols = _Cols.of(table.headers)
    named = [(i, h) for i, h in enumerate(table.headers) if h]
    clean = table.clean
    width, pad, typed = cols.width, cols.pad, not table.text
    pick = operator.itemgetter(
        cols.received,
        cols.channel,
        cols.atype,
        cols.requested,
        cols.corrected,
        cols.outcome,
        cols.replied,
        cols.ext,
        cols.fee,
        cols.name,
        cols.reg_no,
        cols.id_number,
    )
    dates, channels, atypes, outcomes = memo.date, memo.channel, memo.atype, memo.outcome
    exts, fees, today = memo.ext, memo.fee, memo.today.strftime("%Y%m%d")
    extension_error = None
    regs: list[str] = []  # 申请编号 of the rows that passed, and their row numbers
    numbers: list[int] = []
    keep_reg, keep_number = regs.append, numbers.append
    # The rows are walked here rather than through table.rows: one generator step less a row.
    source, number = table.walk()
    number -= 1
    count = 0  # non-blank rows, against the row cap
    try:
        for raw in source:
            number += 1
            p: _Parsed | None = None
            ok = False
            if len(raw) == width:
                cells = memo.key_row(raw) if typed else raw
                if pad:
                    cells = [*cells, ""]
                k_rec, k_chan, k_type, k_req, k_cor, k_out, k_rep, k_ext, k_fee, name, reg, key = (
                    pick(cells)
                )
                try:
                    received = dates[k_rec]
                    channel = channels[k_chan]
                    atype = atypes[k_type]
                    requested = dates[k_req]
                    corrected = dates[k_cor]
                    outcome = outcomes[k_out]
                    replied = dates[k_rep]
                    extended = exts[k_ext]
                    fee = fees[k_fee]
                    ok = True
                except KeyError:
                    memo.fill(cells, cols)
                    try:  # the same look-ups again, now remembered if they pass
                        received = dates[k_rec]
                        channel = channels[k_chan]
                        atype = atypes[k_type]
                        requested = dates[k_req]
                        corrected = dates[k_cor]
                        outcome = outcomes[k_out]
                        replied = dates[k_rep]
                        extended = exts[k_ext]
                        fee = fees[k_fee]
                        ok = True
                    except KeyError:
                        pass
                # 收到日期 and 申请人 filled; 申请编号 is text without a formula guard ("'=…")
                ok = (
                    ok
                    and received is not None
                    and name.__class__ is str
                    and name
                    and not name.isspace()
                    and reg.__class__ is str
                    and (not reg or (reg := reg.strip())[:1] != "'")
                )
                if ok:  # the order of the dates, as _parse_row checks it
                    if requested is not None:
                        ok = requested >= received and (corrected is None or corrected >= requested)
                    elif corrected is not None:
                        ok = False
                    if outcome is None:
                        ok = ok and replied is None
                    else:
                        ok = ok and replied is not None and replied >= (corrected or received)
                if ok:
                    if key == "":
                        ident = ""
                    elif (
                        atype == "natural_person"
                        and key.__class__ is str
                        and len(key) == 18
                        and (body := key[:17]).isdigit()
                        and body.isascii()
                        and body[0] != "0"
                        # born from 1900 to today, on a day that exists (29 Feb: the slow way)
                        and "19000101" <= (born := key[6:14]) <= today
                        and born[4:] in _MONTH_DAYS
                        # GB 11643 weights are 2^(17-i) mod 11, and 13 ≡ 2 (mod 11): the weighted
                        # sum is 2 × (the 17 digits read in base 13), mod 11
                        and _ID_CHECK[2 * int(body, 13) % 11] == key[17]
                    ):
                        ident = key
                    else:
                        ident = memo.identity(atype, key)
                    ok = ident is not None
                if ok and keep:
                    p = _Parsed(
                        number,
                        reg,
                        core.NewApplication(
                            unit_id=unit_id,
                            received_on=received,
                            channel=channel,
                            applicant_type=atype,
                            applicant_name=memo.text(name),
                            id_number=ident,
                            contact_phone=memo.text(cells[cols.phone]),
                            content=memo.text(cells[cols.content]),
                            note=memo.text(cells[cols.note]),
                        ),
                        requested,
                        corrected,
                        outcome.code if outcome else "",
                        f"{REGULATION}{outcome.legal_ground}" if outcome else "",
                        replied,
                        extended,
                        fee,
                    )
            if ok:
                count += 1  # a row with its 申请人 filled is not blank
            else:
                if table.is_blank(raw):
                    continue
                count += 1
            if count > MAX_ROWS:
                table.too_many()
            if not ok:
                values = {h: (clean(raw[i]) if i < len(raw) else None) for i, h in named}
                if not any(str(v).strip() for v in values.values() if v is not None):
                    continue  # blank line
                p = _parse_row(number, values, unit_id, errors)
                if p is None:
                    continue
                reg, extended = p.reg_no, p.extended
            if reg:  # repeats are found after the loop (_Seen.repeats)
                keep_reg(reg)
                keep_number(number)
            if extended and not can_extend:
                # 延期 needs the leader (§4.1 roles): an import must not record one in anybody's name.
                if extension_error is None:
                    extension_error = tr(
                        "延期须经主管领导批准：含延期的申请请由主管领导账号导入，或先按未延期导入、再由主管领导在案卷中批准延期。"
                    )
                errors.append(RowError(number, "是否延期", extension_error))
            if per_row and (
                # a case counts in the years from its receipt to its reply: only a row that can
                # reach a locked year is looked at (_LockCheck.row)
                (received.year if p is None else p.data.received_on.year) <= lock_high
                and (
                    (replied if p is None else p.replied_on) is None
                    or (replied if p is None else p.replied_on).year >= lock_low  # type: ignore[union-attr]
                )
            ):
                if p is not None:
                    errors.extend(locks.errors([p]))  # type: ignore[union-attr]
                else:  # a row of the fast path (no _Parsed made in a dry run)
                    errors.extend(
                        locks.row(  # type: ignore[union-attr]
                            number,
                            unit_id,
                            received,
                            replied,
                            outcome.code if outcome else "",
                            atype,
                            fee,
                        )
                    )
            checked += 1
            if keep:
                parsed.append(p)  # type: ignore[arg-type]
    except (csv.Error, UnicodeDecodeError) as exc:
        table.failed(exc)
    seen = _Seen(regs, numbers)
    repeats = seen.repeats()
    if repeats:
        # A repeated number is the row's only error, and the row is not counted as checked
        # (as if it had stopped there): drop what was noted for it after that point.
        errors = [e for e in errors if e.row not in repeats]
        errors.extend(
            RowError(n, "申请编号", tr("申请编号与第 {value} 行重复。").format(value=first))
            for n, first in repeats.items()
        )
        checked -= len(repeats)
        parsed = [p for p in parsed if p.row not in repeats]
    if keep:
        errors.extend(_locked_rows(parsed))
    return errors, parsed, checked, seen


class _Seen:
    """The 申请编号 of the rows that passed their checks, each with the first row that has it.

    A set answers "is this number in the file" (the database check); the row numbers are
    looked up only when needed — a repeat in the file, a number already in the database — as a
    dict of a million numbers costs about twice the set."""

    def __init__(self, regs: list[str], numbers: list[int]) -> None:
        self._regs, self._numbers = regs, numbers
        self._set = set(regs)
        self._first: dict[str, int] | None = None

    def __contains__(self, reg: object) -> bool:
        return reg in self._set

    def __iter__(self) -> Iterator[str]:
        return iter(self._set)

    def __len__(self) -> int:
        return len(self._set)

    def first(self, reg: str) -> int:
        """The first row with ``reg``."""
        return self.as_dict()[reg]

    def as_dict(self) -> dict[str, int]:
        if self._first is None:  # reversed, so that the first row with a number wins
            self._first = dict(zip(reversed(self._regs), reversed(self._numbers), strict=True))
        return self._first

    def repeats(self) -> dict[int, int]:
        """Row → the earlier row with the same number, for every later row with it."""
        if len(self._set) == len(self._regs):
            return {}
        first = self.as_dict()
        return {
            n: first[reg]
            for reg, n in zip(self._regs, self._numbers, strict=True)
            if first[reg] != n
        }


class _LockCheck:
    """The year-lock check of imported rows against one reading of the locked years.

    ``guard_application`` asks the database for the locked years (and the unit tree) on every
    call. Here the locked years are read once; a row that contributes to none of them (the pure
    ``application_part``, the guard's own test) passes without a query, and the guard's answer
    for the other rows is remembered by what decides it: the unit and the locked years the row
    contributes to."""

    def __init__(self, years: list[int]) -> None:
        self.years = years
        self.answers: dict[tuple[int, tuple[int, ...]], str | None] = {}

    @classmethod
    def now(cls) -> _LockCheck | None:
        locks = locked_years()
        return cls(sorted(locks)) if locks else None

    def errors(self, parsed: list[_Parsed]) -> list[RowError]:
        out: list[RowError] = []
        for p in parsed:
            d = p.data
            out.extend(
                self.row(
                    p.row,
                    d.unit_id,
                    d.received_on,
                    p.replied_on,
                    p.outcome_code,
                    d.applicant_type,
                    p.fee,
                )
            )
        return out

    def row(
        self,
        number: int,
        unit_id: int,
        received: dt.date,
        replied: dt.date | None,
        outcome_code: str,
        applicant_type: str,
        fee: Decimal,
    ) -> list[RowError]:
        # Which locked years the row counts in. A case counts in table 三 of the years from its
        # receipt to its reply (domain.annual._case_rows), a fee in the year it was paid (here
        # the reply date); only those years are asked of application_part, which decides.
        low, high = received.year, (replied.year if replied is not None else None)
        years = [
            y
            for y in self.years
            if (low <= y and (high is None or high >= y)) or (fee and high == y)
        ]
        if not years:
            return []
        fact = {
            "unit_id": unit_id,
            "received_on": received,
            "replied_on": replied,
            "outcome_code": outcome_code,
            "applicant_type": applicant_type,
            "fee_paid_on": replied if fee else None,
            "fee_collected": fee,
        }
        hit = tuple(y for y in years if application_part(fact, y) is not None)
        if not hit:
            return []  # changes no locked year's figures: the guard would pass
        key = (unit_id, hit)
        if key not in self.answers:
            try:
                guard_application(None, fact)
                self.answers[key] = None
            except LockedYearError as exc:
                self.answers[key] = exc.message
        message = self.answers[key]
        if message is None:
            return []
        column = "收到日期" if str(received.year) in message else "答复日期"
        return [RowError(number, column, message)]


def _locked_rows(parsed: list[_Parsed]) -> list[RowError]:
    """A row error for every row that would change the figures of a locked report year."""
    check = _LockCheck.now()
    return check.errors(parsed) if check is not None else []


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
