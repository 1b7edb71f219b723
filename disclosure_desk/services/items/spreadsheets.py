"""Bulk import and export of the item register (.xlsx / .csv, template of PRODUCT.md §3.1).

Import is all-or-nothing: every row is checked first and every problem is reported as
(row, column, message); only a file without problems is written, in one transaction, and a
cancel from the progress callback rolls everything back.
"""

from __future__ import annotations

import csv
import datetime as dt
import operator
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from disclosure_desk.domain import catalogs, outcomes, vocabulary
from disclosure_desk.domain import review_workflow as wf
from disclosure_desk.domain.dates import parse_optional_date
from disclosure_desk.domain.errors import (
    Cancelled,
    ConflictError,
    InputError,
    LockedYearError,
    PermissionDenied,
)
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.files import spreadsheet, table_stream
from disclosure_desk.files.spreadsheet import MAX_ROWS
from disclosure_desk.i18n import N_, tr, tr_value
from disclosure_desk.services.admin import backups
from disclosure_desk.services.admin.audit import record_export
from disclosure_desk.services.common.context import Changes, Tx, change
from disclosure_desk.services.items import gate as items_gate
from disclosure_desk.services.items.register import (
    ItemFilter,
    _input_of,
    apply_update,
    content_differs,
    insert_item,
)
from disclosure_desk.services.items.rules import ItemInput, check, genre_list, topic_list
from disclosure_desk.services.reporting.year_lock import REPORT_GENRES
from disclosure_desk.services.reporting.year_lock_guard import guard_item, locked_years
from disclosure_desk.services.reviews import scan as review_scan
from disclosure_desk.store.models import Item, ItemReview, Unit

ITEM_HEADERS: tuple[str, ...] = (
    "索引号",
    "标题",
    "文号",
    "发布机构",
    "成文日期",
    "发布日期",
    "公开属性",
    "不公开理由",
    "主题分类",
    "体裁",
    "有效性",
    "废止日期",
    "关键词",
    "内容概述",
    "正文",
)
# Extra columns written after the template (allowed by §3.1) and read back when present.
EXTRA_HEADERS: tuple[str, ...] = ("密级", "公开方式", "废止依据", "所属单位")
DATE_COLUMNS = ("成文日期", "发布日期", "废止日期")
SHEET_TITLE = "信息登记"
# The review comment of an item imported as already published (stored; tr() where shown).
HISTORICAL_COMMENT = N_("历史导入：登记册启用前已发布。")
Progress = Callable[[int, int, str], bool]


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str

    def as_json(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class ImportReport:
    ok: bool
    imported: int
    checked: int
    errors: tuple[RowError, ...] = ()
    dry_run: bool = False
    changes: Changes = field(default_factory=Changes)
    updated: int = 0  # rows of ``--update`` that changed an existing item (counted in imported)
    historical: bool = False
    flagged: int = 0  # historical rows with a `block` finding (已发布信息需整改)

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "imported": self.imported,
            "created": self.imported - self.updated,
            "updated": self.updated,
            "checked": self.checked,
            "dry_run": self.dry_run,
            "historical": self.historical,
            "flagged": self.flagged,
            "errors": [e.as_json() for e in self.errors],
        }


def _text(values, key: str) -> str:
    v = values.get(key)
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v).strip()


class _UnitMatcher:
    """发布机构 → unit: by full name, short name or code; the actor's own unit otherwise."""

    def __init__(self, actor: Actor) -> None:
        self.by_name: dict[str, int] = {}
        units = list(Unit.select(Unit.id, Unit.name, Unit.short_name, Unit.code).order_by(Unit.id))
        for u in units:
            for key in (
                u.code,
                u.short_name,
                u.name,
            ):  # later keys win: full names are most specific
                if key:
                    self.by_name[key] = u.id
        # Rows naming no known unit belong to the importer's own unit (the body itself for the CLI).
        self.root: int | None = actor.unit_id or (units[0].id if units else None)

    def unit_for(self, publisher: str, unit_col: str) -> int | None:
        return self.by_name.get(unit_col) or self.by_name.get(publisher) or self.root


def parse_sheet(
    actor: Actor, sheet: spreadsheet.Sheet, *, update: bool = False, historical: bool = False
) -> tuple[list[tuple[int, ItemInput]], list[RowError]]:
    """Every row as an ItemInput, plus every problem found (row numbers as in the spreadsheet).

    ``update``: a row whose 索引号 is in the register updates that item (columns the file does
    not have keep the item's values); ``historical``: rows must describe published items."""
    missing = sheet.missing(ITEM_HEADERS)
    if missing:
        return [], _missing_errors(missing)
    rules = _Rules(actor, sheet.headers, update=update, historical=historical)
    errors: list[RowError] = []
    parsed: list[tuple[int, ItemInput]] = []
    for row in sheet.rows:
        parsed.append((row.number, rules.row(row.number, row.values, errors)))
    return parsed, rules.finish(parsed, errors)


def _missing_errors(missing: list[str]) -> list[RowError]:
    return [
        RowError(1, m, tr("缺少列“{m}”；请使用导入模板（第一行为表头）。").format(m=m))
        for m in missing
    ]


class _Rules:
    """The rules of one import, row by row: ``row`` checks one row (every problem goes to
    ``errors``), ``finish`` adds what needs the whole file (索引号 in the register, locked
    years) and sorts the errors as the officer reads them."""

    def __init__(
        self, actor: Actor, headers: tuple[str, ...], *, update: bool, historical: bool
    ) -> None:
        self.actor, self.headers = actor, headers
        self.update, self.historical = update, historical
        self.topics, self.genres = topic_list(), genre_list()
        self.units = _UnitMatcher(actor)
        self.seen: dict[str, int] = {}  # 索引号 → the first row that has it
        self.messages: dict[str, str] = {}
        self.matched = False  # whether the last row's 索引号 is in the register (--update)

    def row(self, number: int, v, errors: list[RowError]) -> ItemInput:
        actor, seen = self.actor, self.seen
        problems: list[tuple[str, str]] = []
        dates: dict[str, dt.date | None] = {}
        for col in DATE_COLUMNS:
            try:
                dates[col] = parse_optional_date(v.get(col))
            except InputError as exc:
                problems.append((col, exc.message))
                dates[col] = None
        disclosure = _text(v, "公开属性") or vocabulary.PROACTIVE
        reason = _text(v, "不公开理由")
        channels = tuple(
            c
            for c in _text(v, "公开方式").replace("，", ",").replace("、", ",").split(",")
            if c.strip()
        )
        publisher = _text(v, "发布机构")
        unit_id = self.units.unit_for(publisher, _text(v, "所属单位"))
        if unit_id is None or not actor.can_access_unit(unit_id):
            problems.append(("发布机构", tr("当前用户不能为该单位登记信息。")))
        if self.historical:
            problems.extend(_historical_problems(v, dates["发布日期"], disclosure))
        data = ItemInput(
            title=_text(v, "标题"),
            unit_id=unit_id or 0,
            doc_no=_text(v, "文号"),
            publisher=publisher,
            formed_on=dates["成文日期"],
            published_on=dates["发布日期"],
            disclosure=disclosure,
            withhold_ground="",
            withhold_reason=reason,
            topic=_text(v, "主题分类"),
            genre=_text(v, "体裁"),
            secrecy=_text(v, "密级") or catalogs.NOT_SECRET,
            validity=_text(v, "有效性") or catalogs.VALID,
            repealed_on=dates["废止日期"],
            repealed_by=_text(v, "废止依据"),
            keywords=_text(v, "关键词"),
            summary=_text(v, "内容概述"),
            body=_text(v, "正文"),
            channels=channels,
            index_no=_text(v, "索引号"),
        )
        self.matched = False
        if self.update and data.index_no:
            merged = _merge_existing(data, self.headers)
            self.matched = merged is not data  # the register has an item with this 索引号
            data = merged
        clean, more = check(data, self.topics, self.genres)
        problems.extend(more)
        if clean.index_no:
            if clean.index_no in seen:
                problems.append(
                    (
                        "索引号",
                        tr("索引号“{index_no}”与第 {value} 行重复。").format(
                            index_no=clean.index_no, value=seen[clean.index_no]
                        ),
                    )
                )
            else:
                seen[clean.index_no] = number
        messages = self.messages
        for col, msg in problems:
            if len(messages) < _MEMO_CAP:  # one copy of each wording (a million bad rows)
                msg = messages.setdefault(msg, msg)
            errors.append(RowError(number, col, msg))
        return clean

    def finish(
        self,
        parsed: list[tuple[int, ItemInput]],
        errors: list[RowError],
        *,
        locks_done: bool = False,
    ) -> list[RowError]:
        """``parsed``: every row (a real import), or in a dry run the rows that update an item
        (``--update`` rows whose 索引号 is in the register) — the others were lock-checked as
        they came (``locks_done``)."""
        seen, actor = self.seen, self.actor
        if not self.update:
            # Legacy numbers already in the register.
            for number in _numbers_taken(seen):
                errors.append(
                    RowError(
                        seen[number],
                        "索引号",
                        tr("索引号“{number}”已被登记册中的其他信息使用。").format(number=number),
                    )
                )
            if not locks_done:
                errors.extend(_locked_rows(parsed))
        else:
            existing = _existing_items(list(seen))
            by_row = dict(parsed)
            for number, item in existing.items():
                row = seen[number]
                if not actor.can_access_unit(item.unit_id):
                    errors.append(
                        RowError(
                            row,
                            "索引号",
                            tr("当前用户不能修改索引号“{number}”的信息。").format(number=number),
                        )
                    )
                elif item.status == wf.PUBLISHED and content_differs(item, by_row[row]):
                    errors.append(RowError(row, "标题", tr(items_gate.PUBLISHED_CONTENT_MESSAGE)))
            errors.extend(_locked_rows(parsed, existing=existing))
        errors.sort(
            key=lambda e: (e.row, ITEM_HEADERS.index(e.column) if e.column in ITEM_HEADERS else 99)
        )
        return errors


def _existing_items(numbers: list[str]) -> dict[str, Item]:
    """The items of the register with these 索引号 (one query per 500 numbers)."""
    existing: dict[str, Item] = {}
    for i in range(0, len(numbers), 500):
        for item in Item.select().where(Item.index_no.in_(numbers[i : i + 500])):
            existing[item.index_no] = item
    return existing


def _numbers_taken(seen: dict[str, int]) -> list[str]:
    """The 索引号 of ``seen`` the register already holds. A ledger much larger than the
    register reads the register's numbers once; otherwise 500 at a time (SQLite's variable
    limit), numbers only."""
    if not seen:
        return []
    if Item.select().count() <= 5 * len(seen):
        return [n for (n,) in Item.select(Item.index_no).tuples().iterator() if n in seen]
    out: list[str] = []
    wanted = list(seen)
    for i in range(0, len(wanted), 500):
        q = Item.select(Item.index_no).where(Item.index_no.in_(wanted[i : i + 500]))
        out.extend(n for (n,) in q.tuples())
    return out


# Distinct cell values remembered per kind of check during one dry run (dates, labels, …). A
# ledger repeats the same few thousand dates and a handful of labels, so almost every cell is a
# dictionary look-up; a hostile file of a million distinct values just stops being remembered.
_MEMO_CAP = 200_000
_BAD = object()  # a remembered cell that fails its check
_FAST_COLUMNS = (
    "索引号",
    "标题",
    "文号",
    "发布机构",
    "成文日期",
    "发布日期",
    "废止日期",
    "公开属性",
    "主题分类",
    "体裁",
    "有效性",
    "关键词",
    "密级",
    "公开方式",
    "所属单位",
    "不公开理由",
)


def _key_row(cells) -> list:
    """Keys for a row of typed cells (.xlsx): text as it is, None as "" (both an empty cell to
    every check), any other value with its type (so 1, 1.0 and True stay apart)."""
    return [c if c.__class__ is str else ("" if c is None else (c.__class__, c)) for c in cells]


class _Memo:
    """Memoised checks of single cells, for one dry run.

    Each table maps a raw cell (CSV text as read; .xlsx cells as ``_key_row`` keys) to what
    ``_Rules.row`` makes of it, found by calling the same functions once per distinct value.
    Only cells that pass — and that leave the row on the plain path of the rules (主动公开,
    not 国家秘密, …) — are in the tables; a look-up that raises KeyError sends the row to
    ``_Rules.row``, which writes the messages."""

    def __init__(self, rules: _Rules, clean: Callable[[object], object], locked: bool) -> None:
        self.rules, self.clean, self.locked = rules, clean, locked
        self.date: dict[object, dt.date | None] = {}
        self.disclosure: dict[object, bool] = {}
        self.topic: dict[object, bool] = {}
        self.genre: dict[object, bool] = {}
        self.validity: dict[object, str] = {}
        self.secrecy: dict[object, bool] = {}
        self.channels: dict[object, bool] = {}
        self.unit: dict[object, bool] = {}
        self.bad: set[tuple[int, object]] = set()

    def text(self, key: object) -> str:
        """The cell as ``_text`` gives it to the rules."""
        if key.__class__ is not str:
            key = key[1]  # type: ignore[index]
        return _text({"v": self.clean(key)}, "v")

    def fill(self, c: list, cols: dict[str, int]) -> None:
        """Remember the checks of this row's cells (while there is room)."""
        for table, key, fn in (
            (self.date, c[cols["成文日期"]], self._date),
            (self.date, c[cols["发布日期"]], self._date),
            (self.date, c[cols["废止日期"]], self._date),
            (self.disclosure, c[cols["公开属性"]], self._disclosure),
            (self.topic, c[cols["主题分类"]], self._topic),
            (self.genre, c[cols["体裁"]], self._genre),
            (self.validity, c[cols["有效性"]], self._validity),
            (self.secrecy, c[cols["密级"]], self._secrecy),
            (self.channels, c[cols["公开方式"]], self._channels),
            (self.unit, (c[cols["发布机构"]], c[cols["所属单位"]]), self._unit),
        ):
            if key in table or (id(table), key) in self.bad or len(table) >= _MEMO_CAP:
                continue
            result = fn(key)
            if result is _BAD:
                if len(self.bad) < _MEMO_CAP:
                    self.bad.add((id(table), key))
            else:
                table[key] = result

    def _date(self, key: object) -> Any:
        if key.__class__ is not str:
            key = key[1]  # type: ignore[index]
        try:
            return parse_optional_date(self.clean(key))
        except InputError:
            return _BAD

    def _disclosure(self, key: object) -> Any:
        # the code, as ``check`` reads it (code or label); a historical row must be 主动公开
        # (by code or label: what _historical_problems accepts)
        try:
            code = vocabulary.code_of("disclosure", self.text(key) or vocabulary.PROACTIVE)
        except InputError:
            return _BAD
        if self.rules.historical and code != vocabulary.PROACTIVE:
            return _BAD
        return code

    def _topic(self, key: object) -> Any:
        text = self.text(key)
        if not text:
            return True
        try:
            catalogs.normalize_topic(text, self.rules.topics)
        except InputError:
            return _BAD
        return True

    def _genre(self, key: object) -> Any:
        text = self.text(key)
        if text and text not in self.rules.genres:
            return _BAD
        if self.locked and text in REPORT_GENRES:
            return _BAD  # may touch a locked year: the rules look
        return True

    def _validity(self, key: object) -> Any:
        text = self.text(key) or catalogs.VALID
        return text if text in catalogs.VALIDITY else _BAD

    def _secrecy(self, key: object) -> Any:
        # True for a 国家秘密 (the item must then be 不予公开), False for the other levels
        text = self.text(key) or catalogs.NOT_SECRET
        if text not in catalogs.SECRECY_LEVELS:
            return _BAD
        if self.rules.historical and text != catalogs.NOT_SECRET:
            return _BAD
        return text in catalogs.STATE_SECRETS

    def _channels(self, key: object) -> Any:
        text = self.text(key).replace("，", ",").replace("、", ",")
        names = [c.strip() for c in text.split(",") if c.strip()]
        return True if all(c in catalogs.PUBLISH_CHANNELS for c in names) else _BAD

    def _unit(self, key: tuple[object, object]) -> Any:
        rules = self.rules
        unit_id = rules.units.unit_for(self.text(key[0]), self.text(key[1]))
        if unit_id is None or not rules.actor.can_access_unit(unit_id):
            return _BAD
        return True


def _check_rows(
    table: table_stream.Cells, rules: _Rules, *, keep: bool
) -> tuple[list[tuple[int, ItemInput]], list[RowError], int]:
    """(the rows kept, errors, how many rows were checked).

    ``keep`` (a real import): every row goes through ``_Rules.row`` and is kept. A dry run
    first checks a row from the memoised cell checks (``_Memo``): a valid row costs a few
    dictionary look-ups and length checks. A row with anything wrong, or anything this fast
    path does not settle for certain, goes through ``_Rules.row`` — the rules themselves, which
    write the messages; it keeps only ``--update`` rows whose 索引号 is in the register
    (``_Rules.finish`` needs them) and checks the others against locked years at once. The fast path only ever accepts
    a row the rules accept (tests/services/items/test_items_import_fast_path.py compares them)."""
    errors: list[RowError] = []
    parsed: list[tuple[int, ItemInput]] = []
    checked = 0
    named = [(i, h) for i, h in enumerate(table.headers) if h]
    clean = table.clean
    years = locked_years() if not keep else {}
    memo = _Memo(rules, clean, bool(years))
    where = {h: i for i, h in named}
    width = len(table.headers)
    cols = {h: where.get(h, width) for h in _FAST_COLUMNS}
    pad = any(h not in where for h in _FAST_COLUMNS)
    pick = operator.itemgetter(*(cols[h] for h in _FAST_COLUMNS))
    fast, typed, update, historical = not keep, not table.text, rules.update, rules.historical
    dates, discs, topics, genres = memo.date, memo.disclosure, memo.topic, memo.genre
    valids, secrecy, channels, units = memo.validity, memo.secrecy, memo.channels, memo.unit
    seen = rules.seen
    repealed_label = catalogs.REPEALED
    proactive, withheld = vocabulary.PROACTIVE, vocabulary.WITHHELD
    source, number = table.walk()
    number -= 1
    count = 0  # non-blank rows, against the row cap
    try:
        for raw in source:
            number += 1
            ok = False
            if fast and len(raw) == width:
                c = _key_row(raw) if typed else raw
                if pad:
                    c = [*c, ""]
                (
                    k_no,
                    title,
                    doc_no,
                    publisher,
                    k_formed,
                    k_published,
                    k_repealed,
                    k_disc,
                    k_topic,
                    k_genre,
                    k_valid,
                    keywords,
                    k_secrecy,
                    k_channels,
                    k_unit,
                    reason,
                ) = pick(c)
                for _attempt in (0, 1):
                    try:
                        formed = dates[k_formed]
                        published = dates[k_published]
                        repealed = dates[k_repealed]
                        validity = valids[k_valid]
                        disclosure = discs[k_disc]
                        secret = secrecy[k_secrecy]
                        ok = (
                            topics[k_topic]
                            and genres[k_genre]
                            and channels[k_channels]
                            and units[(publisher, k_unit)]
                        )
                        break
                    except KeyError:
                        if _attempt:
                            break
                        memo.fill(c, cols)  # then the same look-ups again
                # Text cells within their limits (our export's "'" guard only shortens them);
                # a non-empty title; 索引号 without a guard, new in the file (--update: the rules).
                ok = (
                    ok
                    and title.__class__ is str
                    and 0 < len(title) <= 500
                    and not title.isspace()
                    and doc_no.__class__ is str
                    and len(doc_no) <= 200
                    and publisher.__class__ is str
                    and len(publisher) <= 200
                    and keywords.__class__ is str
                    and len(keywords) <= 500
                    and k_no.__class__ is str
                    and len(k_no) <= 100
                    and (validity == repealed_label) is (repealed is not None)
                    and (published is not None or not historical)
                    # 依申请公开 / 不予公开 need a 不公开理由; a 国家秘密 must be 不予公开
                    and (
                        disclosure == proactive
                        or (reason.__class__ is str and reason != "" and not reason.isspace())
                    )
                    and (not secret or disclosure == withheld)
                )
                if ok and formed is not None:
                    ok = (published is None or published >= formed) and (
                        repealed is None or repealed >= formed
                    )
                if ok and k_no:
                    k_no = k_no.strip()
                    if k_no:
                        ok = k_no[0] != "'" and not update and k_no not in seen
                        if ok:
                            seen[k_no] = number
            if not ok and table.is_blank(raw):
                continue
            count += 1
            if count > MAX_ROWS:
                table.too_many()
            checked += 1
            if ok:
                continue
            values = {h: (clean(raw[i]) if i < len(raw) else None) for i, h in named}
            data = rules.row(number, values, errors)
            if keep or rules.matched:
                parsed.append((number, data))
            elif years:
                _lock_error(number, data, None, errors)
    except (csv.Error, UnicodeDecodeError) as exc:
        table.failed(exc)
    return parsed, errors, checked


def _merge_existing(data: ItemInput, headers: tuple[str, ...]) -> ItemInput:
    """For ``--update``: the existing item's values, overwritten by the columns the file has."""
    item = Item.get_or_none(Item.index_no == data.index_no.strip())
    if item is None:
        return data
    old = _input_of(item)
    present = set(headers)
    keep: dict[str, object] = {}
    for column, name in _OPTIONAL_COLUMNS:
        if column not in present:
            keep[name] = getattr(old, name)
    if "不公开理由" in present and data.withhold_reason == old.withhold_reason:
        keep["withhold_ground"] = old.withhold_ground
    return replace(
        data,
        validity_reviewed_on=old.validity_reviewed_on,
        changed_on=old.changed_on,
        related_id=old.related_id,
        **keep,
    )


_OPTIONAL_COLUMNS = (
    ("密级", "secrecy"),
    ("公开方式", "channels"),
    ("废止依据", "repealed_by"),
    ("所属单位", "unit_id"),
)


def _historical_problems(values, published_on: dt.date | None, disclosure: str) -> list:
    """A historical row records something already published: it needs its 发布日期, must be
    主动公开 and 非密."""
    out = []
    if published_on is None:
        out.append(("发布日期", tr("历史导入的信息必须填写发布日期（即当时的发布日期）。")))
    if disclosure not in (vocabulary.PROACTIVE, vocabulary.disclosure_label(vocabulary.PROACTIVE)):
        out.append(
            (
                "公开属性",
                tr("公开属性为“{value}”的信息不能作为已发布信息导入。").format(
                    value=tr_value("disclosure", disclosure)
                ),
            )
        )
    secrecy = _text(values, "密级") or catalogs.NOT_SECRET
    if secrecy != catalogs.NOT_SECRET:
        out.append(
            (
                "公开属性",
                tr("密级为“{value}”的信息不能作为已发布信息导入。").format(
                    value=tr_value("secrecy", secrecy)
                ),
            )
        )
    return out


def _locked_rows(
    parsed: list[tuple[int, ItemInput]], *, existing: dict[str, Item] | None = None
) -> list[RowError]:
    """A row error for every 规章 / 行政规范性文件 that would change a locked year's figures."""
    if not locked_years():
        return []
    existing = existing or {}
    out: list[RowError] = []
    for number, data in parsed:
        _lock_error(number, data, existing.get(data.index_no), out)
    return out


def _lock_error(number: int, data: ItemInput, old: Item | None, out: list[RowError]) -> None:
    try:
        if old is not None:
            guard_item(old, {**data.__dict__, "status": old.status})
        else:
            guard_item(None, {**data.__dict__, "status": wf.DRAFT})  # new items: never 已撤回
    except LockedYearError as exc:
        formed = data.formed_on
        column = "成文日期" if formed and str(formed.year) in exc.message else "废止日期"
        out.append(RowError(number, column, exc.message))


def import_items(
    actor: Actor,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    historical: bool = False,
    update: bool = False,
) -> ImportReport:
    """Check the whole file; write every row in one transaction only if no row has a problem.

    Every row becomes a 草稿 (PRODUCT.md §4.1), whatever its 发布日期. ``update``: rows whose
    索引号 is in the register update that item under the same rules (a published item's content
    is refused, an approved item's content change voids its approval). ``historical``
    (administrators only): rows are recorded as 已发布 with a review marked 历史导入, scanned,
    and a `block` finding puts the item on the 已发布信息需整改 to-do list."""
    actor.require("item.import")
    if historical and update:
        raise InputError(tr("历史导入（--historical）与更新导入（--update）不能同时使用。"))
    if historical and "admin" not in actor.roles:
        raise PermissionDenied(
            tr("当前用户 {login} 不是系统管理员，不能历史导入已发布信息。").format(
                login=actor.login
            )
        )
    try:  # a CSV is read as UTF-8 straight away; if it is not, it is read again (GB18030)
        return _import(actor, path, dry_run, progress, today, historical, update, guess_utf8=True)
    except table_stream.EncodingChanged:
        return _import(actor, path, dry_run, progress, today, historical, update, guess_utf8=False)


def _import(
    actor: Actor,
    path: str | Path,
    dry_run: bool,
    progress: Progress | None,
    today: dt.date | None,
    historical: bool,
    update: bool,
    *,
    guess_utf8: bool,
) -> ImportReport:
    report = progress or (lambda done, total, label: True)
    # Row by row (files/table_stream.py): a dry run keeps only the errors, the 索引号 seen and
    # the --update rows, so a 1,000,000-row ledger is checked in bounded memory; a real import
    # keeps every checked row, which it writes in one transaction.
    with table_stream.open_cells(path, guess_utf8=guess_utf8) as table:
        missing = [h for h in ITEM_HEADERS if h not in table.named]
        if missing:
            return ImportReport(
                False, 0, 0, tuple(_missing_errors(missing)), dry_run, historical=historical
            )
        rules = _Rules(actor, table.named, update=update, historical=historical)
        parsed, errors, checked = _check_rows(table, rules, keep=not dry_run)
    errors = rules.finish(parsed, errors, locks_done=dry_run)
    if errors or dry_run:
        return ImportReport(not errors, 0, checked, tuple(errors), dry_run, historical=historical)
    if not parsed:
        raise InputError(tr("文件中没有数据行。"))
    today = today or dt.date.today()
    batch = f"import-{dt.datetime.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
    units = {u.id: u for u in Unit.select()}
    total = len(parsed)
    backups.before_import()  # a copy to go back to if the officer imported the wrong file
    updated = flagged = 0
    with change(actor, "item.import") as tx:
        # Again inside the transaction: a year may have been locked since the check.
        locked = (
            _locked_rows(parsed, existing=_existing(parsed)) if update else _locked_rows(parsed)
        )
        if locked:
            raise LockedYearError(
                tr("第 {row} 行：{message}（未导入任何记录）").format(
                    row=locked[0].row, message=locked[0].message
                )
            )
        if historical:
            tx.audit(
                "item.import_historical",
                "",
                batch,
                None,
                {"file": Path(path).name, "rows": total},
            )
        for done, (number, data) in enumerate(parsed, start=1):
            try:
                old = (
                    Item.get_or_none(Item.index_no == data.index_no)
                    if update and data.index_no
                    else None
                )
                if old is not None:
                    actor.require("item.edit", old.unit_id)
                    actor.require("item.edit", data.unit_id)
                    apply_update(tx, actor, old, data, old.version, action="item.import_update")
                    updated += 1
                elif historical:
                    flagged += _insert_historical(tx, actor, data, today, units, batch)
                else:
                    insert_item(
                        tx,
                        actor,
                        data,
                        today,
                        units[data.unit_id],
                        action="item.import",
                        batch=batch,
                    )
            except (InputError, ConflictError) as exc:  # e.g. a number taken meanwhile
                raise InputError(
                    tr("第 {number} 行：{message}（未导入任何记录）").format(
                        number=number, message=exc.message
                    )
                ) from None
            except LockedYearError as exc:  # the year was locked after the check
                raise LockedYearError(
                    tr("第 {number} 行：{message}（未导入任何记录）").format(
                        number=number, message=exc.message
                    )
                ) from None
            if (done % 100 == 0 or done == total) and not report(done, total, tr("导入信息")):
                raise Cancelled(tr("已取消导入，未导入任何记录。"))
        tx.touch("item")
    return ImportReport(True, total, total, (), False, tx.changes, updated, historical, flagged)


def _existing(parsed: list[tuple[int, ItemInput]]) -> dict[str, Item]:
    numbers = [d.index_no for _, d in parsed if d.index_no]
    out: dict[str, Item] = {}
    for i in range(0, len(numbers), 500):
        for item in Item.select().where(Item.index_no.in_(numbers[i : i + 500])):
            out[item.index_no] = item
    return out


def _insert_historical(
    tx: Tx, actor: Actor, data: ItemInput, today: dt.date, units: dict[int, Unit], batch: str
) -> int:
    """One 已发布 item of the register's history: its review is marked 历史导入 and holds the
    scanner's findings; returns 1 when a finding blocks (the item then needs correcting)."""
    item = insert_item(
        tx,
        actor,
        data,
        today,
        units[data.unit_id],
        action="item.import_historical",
        batch=batch,
        status=wf.PUBLISHED,
    )
    now = dt.datetime.now().replace(microsecond=0)
    review = ItemReview.create(
        item=item.id,
        submitted_by=actor.user_id,
        submitted_at=now,
        reviewer=actor.user_id,
        decided_at=now,
        decision=wf.DECISION_HISTORICAL,
        comment=HISTORICAL_COMMENT,
        content_hash=items_gate.current_hash(item),
    )
    from disclosure_desk.services.reviews.decisions import sync_findings

    fresh = review_scan.scan_item(item)
    sync_findings(review, fresh)
    blocks = sum(1 for _, f in fresh if f.severity == "block")
    if blocks:
        tx.audit(
            "item.needs_correction",
            "item",
            item.id,
            None,
            {"review": review.id, "blocks": blocks},
        )
    return 1 if blocks else 0


def _export_values(item: Item, unit_names: dict[int, str]) -> list[object]:
    reason = item.withhold_reason
    if item.disclosure != vocabulary.PROACTIVE and not reason and item.withhold_ground:
        reason = outcomes.ground_by_code(item.withhold_ground).label
    return [
        item.index_no,
        item.title,
        item.doc_no,
        item.publisher,
        item.formed_on,
        item.published_on,
        vocabulary.disclosure_label(item.disclosure),  # the file shows labels (§3.1)
        reason,
        item.topic,
        item.genre,
        item.validity,
        item.repealed_on,
        item.keywords,
        item.summary,
        item.body,
        item.secrecy,
        item.channels.replace(",", "、"),
        item.repealed_by,
        unit_names.get(item.unit_id, ""),
    ]


def iter_export_rows(actor: Actor, filters: ItemFilter = ItemFilter()) -> Iterator[list[object]]:  # noqa: B008
    from disclosure_desk.services.items.register import _where

    actor.require("record.view")
    unit_names = {u.id: u.name for u in Unit.select(Unit.id, Unit.name)}
    where = _where(actor, filters, dt.date.today())
    last = 0
    while True:  # keyset pages keep memory flat on 200,000 items
        page = list(Item.select().where(where & (Item.id > last)).order_by(Item.id).limit(1000))
        if not page:
            return
        for item in page:
            yield _export_values(item, unit_names)
        last = page[-1].id


def export_items(
    actor: Actor,
    path: str | Path,
    filters: ItemFilter = ItemFilter(),  # noqa: B008
    progress: Progress | None = None,
) -> int:
    """Write the register (filtered) with the template headers first; returns the row count.

    ``progress(done, total, label)`` is called every 1,000 rows; returning False cancels, raising
    Cancelled, and a file this call created (or a .csv it had already truncated) is removed."""
    rows: Iterable[list[object]] = iter_export_rows(actor, filters)
    if progress is not None:
        from disclosure_desk.services.items.register import count_items

        rows = _reporting(rows, count_items(actor, filters), progress)
    target = Path(path)
    existed = target.exists()
    try:
        n = spreadsheet.write_table(
            target, ITEM_HEADERS + EXTRA_HEADERS, rows, sheet_title=SHEET_TITLE
        )
        record_export(actor, "items", n, target)
        return n
    except Cancelled:
        if not existed or target.suffix.lower() == ".csv":
            target.unlink(missing_ok=True)
        raise


def _reporting(
    rows: Iterable[list[object]], total: int, progress: Progress
) -> Iterator[list[object]]:
    done = 0
    if not progress(0, total, tr("导出信息")):
        raise Cancelled(tr("已取消导出。"))
    for row in rows:
        yield row
        done += 1
        if done % 1000 == 0 and not progress(done, max(total, done), tr("导出信息")):
            raise Cancelled(tr("已取消导出。"))
    progress(done, max(total, done), tr("导出信息"))


def write_template(path: str | Path) -> None:
    """An empty import template; the .xlsx version lists the allowed values on a second sheet."""
    allowed = {
        "公开属性": catalogs.DISCLOSURE_ATTRS,
        "不公开理由（可识别的法定理由）": tuple(
            f"{g.label}（条例{g.legal_ground}）" for g in outcomes.WITHHOLD_GROUNDS
        ),
        "主题分类": topic_list(),
        "体裁": genre_list(),
        "有效性": catalogs.VALIDITY,
        "密级": catalogs.SECRECY_LEVELS,
        "公开方式": catalogs.PUBLISH_CHANNELS,
        "日期格式": ("2025-03-05", "2025/3/5", "2025.3.5", "2025年3月5日", "20250305"),
    }
    notes = {
        "索引号": "留空则自动生成；填写的历史索引号原样保留，但不得重复。",
        "公开属性": "主动公开 / 依申请公开 / 不予公开",
        "不公开理由": "公开属性不是“主动公开”时必填，如“涉及个人隐私”。",
        "主题分类": "一级分类，或“一级\\二级”形式。",
    }
    spreadsheet.write_template(path, ITEM_HEADERS + EXTRA_HEADERS, allowed, notes)
