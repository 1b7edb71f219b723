"""Bulk import and export of the item register (.xlsx / .csv, template of PRODUCT.md §3.1).

Import is all-or-nothing: every row is checked first and every problem is reported as
(row, column, message); only a file without problems is written, in one transaction, and a
cancel from the progress callback rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_desk.domain import catalogs, outcomes
from disclosure_desk.domain.dates import parse_optional_date
from disclosure_desk.domain.errors import InputError, LockedYearError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.files import spreadsheet
from disclosure_desk.services import backups
from disclosure_desk.services.audit_service import record_export
from disclosure_desk.services.context import Changes, change
from disclosure_desk.services.items import ItemFilter, insert_item
from disclosure_desk.services.items_rules import ItemInput, check, genre_list, topic_list
from disclosure_desk.services.reports_lock_guard import guard_item, locked_years
from disclosure_desk.store.models import Item, Unit

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
Progress = Callable[[int, int, str], bool]


@dataclass(frozen=True)
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

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "imported": self.imported,
            "checked": self.checked,
            "dry_run": self.dry_run,
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
    actor: Actor, sheet: spreadsheet.Sheet
) -> tuple[list[tuple[int, ItemInput]], list[RowError]]:
    """Every row as an ItemInput, plus every problem found (row numbers as in the spreadsheet)."""
    errors: list[RowError] = []
    missing = sheet.missing(ITEM_HEADERS)
    if missing:
        return [], [
            RowError(1, m, f"缺少列“{m}”；请使用导入模板（第一行为表头）。") for m in missing
        ]
    topics, genres = topic_list(), genre_list()
    units = _UnitMatcher(actor)
    seen: dict[str, int] = {}
    parsed: list[tuple[int, ItemInput]] = []
    for row in sheet.rows:
        v = row.values
        problems: list[tuple[str, str]] = []
        dates: dict[str, dt.date | None] = {}
        for col in DATE_COLUMNS:
            try:
                dates[col] = parse_optional_date(v.get(col))
            except InputError as exc:
                problems.append((col, exc.message))
                dates[col] = None
        disclosure = _text(v, "公开属性") or "主动公开"
        reason = _text(v, "不公开理由")
        channels = tuple(
            c
            for c in _text(v, "公开方式").replace("，", ",").replace("、", ",").split(",")
            if c.strip()
        )
        publisher = _text(v, "发布机构")
        unit_id = units.unit_for(publisher, _text(v, "所属单位"))
        if unit_id is None or not actor.can_access_unit(unit_id):
            problems.append(("发布机构", "当前用户不能为该单位登记信息。"))
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
            secrecy=_text(v, "密级") or "非密",
            validity=_text(v, "有效性") or "有效",
            repealed_on=dates["废止日期"],
            repealed_by=_text(v, "废止依据"),
            keywords=_text(v, "关键词"),
            summary=_text(v, "内容概述"),
            body=_text(v, "正文"),
            channels=channels,
            index_no=_text(v, "索引号"),
        )
        clean, more = check(data, topics, genres)
        problems.extend(more)
        if clean.index_no:
            if clean.index_no in seen:
                problems.append(
                    ("索引号", f"索引号“{clean.index_no}”与第 {seen[clean.index_no]} 行重复。")
                )
            else:
                seen[clean.index_no] = row.number
        for col, msg in problems:
            errors.append(RowError(row.number, col, msg))
        parsed.append((row.number, clean))
    # Legacy numbers already in the register (one query per 500 numbers).
    numbers = list(seen)
    for i in range(0, len(numbers), 500):
        for (taken,) in (
            Item.select(Item.index_no).where(Item.index_no.in_(numbers[i : i + 500])).tuples()
        ):
            errors.append(
                RowError(seen[taken], "索引号", f"索引号“{taken}”已被登记册中的其他信息使用。")
            )
    errors.extend(_locked_rows(parsed))
    errors.sort(
        key=lambda e: (e.row, ITEM_HEADERS.index(e.column) if e.column in ITEM_HEADERS else 99)
    )
    return parsed, errors


def _locked_rows(parsed: list[tuple[int, ItemInput]]) -> list[RowError]:
    """A row error for every 规章 / 行政规范性文件 that would change a locked year's figures."""
    if not locked_years():
        return []
    out: list[RowError] = []
    for number, data in parsed:
        try:
            guard_item(None, {**data.__dict__, "status": "草稿"})  # new items are never 已撤回
        except LockedYearError as exc:
            formed = data.formed_on
            column = "成文日期" if formed and str(formed.year) in exc.message else "废止日期"
            out.append(RowError(number, column, exc.message))
    return out


def close_thread_connection() -> None:
    """Close the calling thread's database connection (peewee keeps one per thread); for workers."""
    from disclosure_desk.services.context import db

    db().close()


class Cancelled(InputError):
    """The officer cancelled an import; nothing was written."""


def import_items(
    actor: Actor,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Check the whole file; write every row in one transaction only if no row has a problem."""
    actor.require("item.import")
    report = progress or (lambda done, total, label: True)
    sheet = spreadsheet.read_table(path)
    parsed, errors = parse_sheet(actor, sheet)
    if errors or dry_run:
        return ImportReport(not errors, 0, len(parsed), tuple(errors), dry_run)
    if not parsed:
        raise InputError("文件中没有数据行。")
    today = today or dt.date.today()
    batch = f"import-{dt.datetime.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
    units = {u.id: u for u in Unit.select()}
    total = len(parsed)
    backups.before_import()  # a copy to go back to if the officer imported the wrong file
    with change(actor, "item.import") as tx:
        locked = _locked_rows(parsed)  # again inside the transaction: a lock may have just come
        if locked:
            raise LockedYearError(f"第 {locked[0].row} 行：{locked[0].message}（未导入任何记录）")
        for done, (number, data) in enumerate(parsed, start=1):
            try:
                insert_item(
                    tx, actor, data, today, units[data.unit_id], action="item.import", batch=batch
                )
            except InputError as exc:  # e.g. a number taken by a concurrent registration
                raise InputError(f"第 {number} 行：{exc.message}（未导入任何记录）") from None
            except LockedYearError as exc:  # the year was locked after the check
                raise LockedYearError(f"第 {number} 行：{exc.message}（未导入任何记录）") from None
            if (done % 100 == 0 or done == total) and not report(done, total, "导入信息"):
                raise Cancelled("已取消导入，未导入任何记录。")
        tx.touch("item")
    return ImportReport(True, total, total, (), False, tx.changes)


def _export_values(item: Item, unit_names: dict[int, str]) -> list[object]:
    reason = item.withhold_reason
    if item.disclosure != "主动公开" and not reason and item.withhold_ground:
        reason = outcomes.ground_by_code(item.withhold_ground).label
    return [
        item.index_no,
        item.title,
        item.doc_no,
        item.publisher,
        item.formed_on,
        item.published_on,
        item.disclosure,
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
    from disclosure_desk.services.items import _where

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
        from disclosure_desk.services.items import count_items

        rows = _reporting(rows, count_items(actor, filters), progress)
    target = Path(path)
    existed = target.exists()
    try:
        n = spreadsheet.write_table(
            target, ITEM_HEADERS + EXTRA_HEADERS, rows, sheet_title="信息登记"
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
    if not progress(0, total, "导出信息"):
        raise Cancelled("已取消导出。")
    for row in rows:
        yield row
        done += 1
        if done % 1000 == 0 and not progress(done, max(total, done), "导出信息"):
            raise Cancelled("已取消导出。")
    progress(done, max(total, done), "导出信息")


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
