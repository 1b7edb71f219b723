"""Dashboard to-dos for the signed-in user, counted in working days.

Kinds, in display order: applications due within 5 working days or overdue; 补正 /
consultation / fee clocks running; reviews waiting for me; proactive items near or past the
Art. 26 date; items whose 有效性 needs review; calendar data missing for a coming year.
Each row names a record kind and id so the UI can open it. Lists are capped per kind (the
count is exact) so the home page stays quick on large registers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from disclosure_desk.domain import catalogs
from disclosure_desk.domain import review_workflow as wf
from disclosure_desk.domain.clocks import (
    clock_status,
    compute_application_clocks,
    correction_notice_due,
    correction_notice_reminder_dates,
    fee_payment_due,
    third_party_answer_due,
)
from disclosure_desk.domain.errors import InputError, UnknownCalendarYear
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.vocabulary import PROACTIVE
from disclosure_desk.domain.workcal import WorkCalendar
from disclosure_desk.i18n import N_, language, tr
from disclosure_desk.services.common.calendar import clock_words, missing_years, work_calendar
from disclosure_desk.services.common.scope import visible
from disclosure_desk.services.items import rules as items_rules
from disclosure_desk.services.reporting.clocks import ProactiveDue, pauses_by_application
from disclosure_desk.store.models import (
    Application,
    Case,
    Item,
    ItemContributor,
    ItemReview,
    ScanFinding,
    Unit,
    fn,
)
from disclosure_desk.store.report_sql import as_date, raw_rows

NEAR_DAYS = 5
REPEALED_URGENCY = -10_000  # a repealed item still marked 有效 sorts as if 10,000 days unreviewed
KINDS: tuple[tuple[str, str], ...] = (
    ("published_fix", N_("已发布信息需整改")),
    ("application_due", N_("申请答复期限")),
    ("clock_running", N_("补正、征求意见、缴费")),
    ("review_waiting", N_("待我审查")),
    ("proactive_due", N_("主动公开期限（第二十六条）")),
    ("validity_review", N_("有效性待复核")),
    ("calendar_missing", N_("节假日数据缺失")),
)
KIND_LABELS = dict(KINDS)
# Which main-window view opens a record kind.
VIEW_FOR_RECORD = {
    "application": "applications",
    "item": "items",
    "review": "reviews",
    "calendar": "settings",
}


@dataclass(frozen=True)
class Todo:
    kind: str
    record_kind: str  # application / item / review / calendar
    record_id: int
    ref: str  # 申请编号, 索引号, year…
    title: str
    unit_name: str
    due: dt.date | None
    label: str  # "剩余 3 个工作日", "已超期 2 个工作日"…
    urgency: int  # sort key: negative = overdue by that many days

    @property
    def view(self) -> str:
        return VIEW_FOR_RECORD[self.record_kind]


@dataclass(frozen=True)
class TodoList:
    rows: list[Todo]
    counts: dict[str, int] = field(default_factory=dict)

    def of(self, kind: str) -> list[Todo]:
        return [r for r in self.rows if r.kind == kind]


_REMAINING_CACHE: dict[tuple[int, dt.date, dt.date, str], tuple[str, int]] = {}


def _remaining(cal: WorkCalendar, today: dt.date, due: dt.date | None) -> tuple[str, int] | None:
    """(label, urgency) counted in working days; None when the calendar cannot tell."""
    if due is None:
        return None
    key = (id(cal), today, due, language())
    if key not in _REMAINING_CACHE:
        if len(_REMAINING_CACHE) > 20_000:
            _REMAINING_CACHE.clear()
        _REMAINING_CACHE[key] = _count_remaining(cal, today, due)
    return _REMAINING_CACHE[key]


def _count_remaining(cal: WorkCalendar, today: dt.date, due: dt.date) -> tuple[str, int]:
    try:
        if due == today:
            return tr("今日到期"), 0
        if due > today:
            n = cal.workdays_between(today, due)
            return tr("剩余 {n} 个工作日").format(n=n), n
        n = max(1, cal.workdays_between(due, today))
        return tr("已超期 {n} 个工作日").format(n=n), -n
    except UnknownCalendarYear as err:
        return tr("缺少 {year} 年节假日数据").format(year=err.year), 0


def todos(actor: Actor, today: dt.date | None = None, limit: int = 200) -> TodoList:
    """Everything due for ``actor``; at most ``limit`` rows per kind, most urgent first."""
    actor.require("record.view")
    today = today or dt.date.today()
    cal = work_calendar(provisional=True)
    units = dict(Unit.select(Unit.id, Unit.name).tuples())
    groups: dict[str, list[Todo]] = {k: [] for k, _ in KINDS}
    _published_fix(actor, units, groups)
    _applications(actor, cal, today, units, groups)
    _reviews(actor, today, units, groups)
    sql_counts: dict[str, int] = {}  # kinds counted in SQL (only their first ``limit`` rows read)
    _proactive(actor, cal, today, units, groups, sql_counts, limit)
    _validity(actor, today, units, groups, sql_counts, limit)
    for year in missing_years(_coming_years(today)):
        groups["calendar_missing"].append(
            Todo(
                "calendar_missing",
                "calendar",
                year,
                str(year),
                tr("缺少 {year} 年节假日和调休安排").format(year=year),
                "",
                dt.date(year, 1, 1),
                tr("请在“设置 → 节假日”导入"),
                -1 if year == today.year else 0,
            )
        )
    rows: list[Todo] = []
    counts: dict[str, int] = {}
    for kind, _label in KINDS:
        found = sorted(groups[kind], key=lambda t: (t.urgency, t.due or dt.date.max, t.record_id))
        counts[kind] = sql_counts.get(kind, len(found))
        rows.extend(found[:limit])
    return TodoList(rows, counts)


def _coming_years(today: dt.date) -> list[int]:
    # The State Council publishes next year's schedule in the autumn; warn from October.
    return [today.year, today.year + 1] if today.month >= 10 else [today.year]


def _applications(
    actor: Actor,
    cal: WorkCalendar,
    today: dt.date,
    units: dict[int, str],
    groups: dict[str, list[Todo]],
) -> None:
    if not actor.can("application.edit"):
        return
    q = Application.select(
        Application.id,
        Application.reg_no,
        Application.unit,
        Application.applicant_name,
        Application.received_on,
        Application.correction_requested_on,
        Application.correction_received_on,
        Application.extended,
    ).where(Application.replied_on.is_null() & visible(actor, Application.unit))
    rows = raw_rows(q, (4, 5, 6))
    pauses = pauses_by_application(r[0] for r in rows)
    notice_dates = set(correction_notice_reminder_dates(cal, today))
    for app_id, reg, uid, name, received, corr_req, corr_got, extended in rows:
        unit = units.get(uid, "")
        own = pauses.get(app_id, [])
        if corr_req is not None and corr_got is None:
            # Waiting for the applicant's corrected application; the reply clock has not started.
            groups["clock_running"].append(
                Todo(
                    "clock_running",
                    "application",
                    app_id,
                    reg,
                    tr("{name}：等待补正").format(name=name),
                    unit,
                    corr_req,
                    tr("{day} 已告知补正").format(day=corr_req.isoformat()),
                    1_000,
                )
            )
            continue
        if corr_req is None and corr_got is None and received in notice_dates:
            due = _safe(lambda r=received: correction_notice_due(cal, r))
            rem = _remaining(cal, today, due)
            if rem:
                groups["clock_running"].append(
                    Todo(
                        "clock_running",
                        "application",
                        app_id,
                        reg,
                        tr("{name}：补正告知期限").format(name=name),
                        unit,
                        due,
                        rem[0],
                        rem[1],
                    )
                )
        for p in own:
            if p.end is not None:
                continue
            if p.kind == "fee":
                due, what = _safe(lambda s=p.start: fee_payment_due(cal, s)), tr("等待缴费")
            else:
                due, what = _safe(lambda s=p.start: third_party_answer_due(cal, s)), tr(p.label)
            rem = _remaining(cal, today, due)
            groups["clock_running"].append(
                Todo(
                    "clock_running",
                    "application",
                    app_id,
                    reg,
                    tr("{name}：{what}").format(name=name, what=what),
                    unit,
                    due,
                    rem[0] if rem else tr("期限未知"),
                    rem[1] if rem else 0,
                )
            )
        try:
            clocks = compute_application_clocks(
                cal,
                received,
                corr_got if corr_got and corr_got >= received else None,
                own,
                bool(extended),
                today=today,
                explain=False,
            )
        except (UnknownCalendarYear, InputError):
            continue
        status = clock_status(cal, clocks, today)
        if (
            status.kind == "overdue"
            or status.kind == "due_today"
            or (status.kind == "remaining" and status.days <= NEAR_DAYS)
        ):
            urgency = -status.days if status.kind == "overdue" else status.days
            groups["application_due"].append(
                Todo(
                    "application_due",
                    "application",
                    app_id,
                    reg,
                    name,
                    unit,
                    clocks.effective_due,
                    clock_words(status.label),
                    urgency,
                )
            )


def _safe(fn):
    try:
        return fn()
    except UnknownCalendarYear:
        return None


def _reviews(
    actor: Actor, today: dt.date, units: dict[int, str], groups: dict[str, list[Todo]]
) -> None:
    if not actor.can("item.review"):
        return
    q = (
        ItemReview.select(
            ItemReview.id,
            Item.id,
            Item.index_no,
            Item.title,
            Item.unit,
            ItemReview.submitted_at,
            ItemReview.submitted_by,
        )
        .join(Item)
        .where((ItemReview.decision == "") & visible(actor, Item.unit))
    )
    mine = set()
    if actor.user_id is not None:  # items this reviewer created, edited or submitted
        mine = {
            i
            for (i,) in ItemContributor.select(ItemContributor.item)
            .where(ItemContributor.user == actor.user_id)
            .tuples()
        }
    for _rid, item_id, index_no, title, uid, submitted, by in q.tuples():
        if actor.user_id is not None and (by == actor.user_id or item_id in mine):
            continue  # the drafter never reviews their own item
        day = submitted.date() if isinstance(submitted, dt.datetime) else None
        waited = (today - day).days if day else 0
        label = (
            tr("{day} 提交，已等 {n} 天").format(day=day.isoformat(), n=waited)
            if day
            else tr("待审查")
        )
        # Oldest first; positive urgency so the list is not painted as overdue.
        groups["review_waiting"].append(
            Todo(
                "review_waiting",
                "review",
                item_id,
                index_no,
                title,
                units.get(uid, ""),
                None,
                label,
                100_000 - waited,
            )
        )


def _published_fix(actor: Actor, units: dict[int, str], groups: dict[str, list[Todo]]) -> None:
    """已发布信息需整改 (§4.1): published items whose standing review is a 历史导入 with an
    unresolved `block` finding, and published items with no review at all (put there around the
    gate, e.g. with raw SQL). They stay listed until withdrawn, or corrected and re-published
    through a review."""
    if not (actor.can("item.edit") or actor.can("item.publish")):
        return
    last = (
        ItemReview.select(ItemReview.item, fn.MAX(ItemReview.id).alias("rid"))
        .group_by(ItemReview.item)
        .alias("last")
    )
    published = (Item.status == wf.PUBLISHED) & visible(actor, Item.unit)
    blocks = (
        ScanFinding.select(ScanFinding.review, fn.COUNT(ScanFinding.id))
        .join(ItemReview, on=(ScanFinding.review == ItemReview.id))
        .where(
            (ItemReview.decision == wf.DECISION_HISTORICAL)
            & (ScanFinding.severity == "block")
            & (ScanFinding.resolved == False)  # noqa: E712
            & (ScanFinding.override_reason == "")
        )
        .group_by(ScanFinding.review)
    )
    open_blocks = dict(blocks.tuples())
    rows: list[tuple[int, str, str, int, str]] = []
    if open_blocks:
        q = (
            Item.select(Item.id, Item.index_no, Item.title, Item.unit, last.c.rid)
            .join(last, on=(last.c.item_id == Item.id))
            .where(published & last.c.rid.in_(list(open_blocks)))
        )
        for item_id, index_no, title, uid, rid in q.tuples():
            label = tr("历史导入：{n} 处禁止发布的内容，请撤回或更正").format(n=open_blocks[rid])
            rows.append((item_id, index_no, title, uid, label))
    # NOT EXISTS per item uses the item_review.item_id index (no scan of every review).
    standing = ItemReview.select(ItemReview.id).where(
        (ItemReview.item == Item.id) & ItemReview.decision.in_(sorted(wf.PUBLISHING_DECISIONS))
    )
    q = Item.select(Item.id, Item.index_no, Item.title, Item.unit).where(
        published & ~fn.EXISTS(standing)
    )
    for item_id, index_no, title, uid in q.tuples():
        rows.append((item_id, index_no, title, uid, tr("没有审查记录却标为已发布：请撤回后走审查")))
    for item_id, index_no, title, uid, label in rows:
        groups["published_fix"].append(
            Todo(
                "published_fix",
                "item",
                item_id,
                index_no,
                title,
                units.get(uid, ""),
                None,
                label,
                -20_000,
            )
        )


def _proactive(
    actor: Actor,
    cal: WorkCalendar,
    today: dt.date,
    units: dict[int, str],
    groups: dict[str, list[Todo]],
    counts: dict[str, int],
    limit: int,
) -> None:
    if not actor.can("item.edit"):
        return
    due_of = ProactiveDue(cal)
    horizon = today + dt.timedelta(days=9)  # 5 working days never span more than 9 days

    def listed(start: dt.date) -> tuple[dt.date, tuple[str, int]] | None:
        due = due_of(start)
        if due is None or due > horizon:
            return None
        rem = _remaining(cal, today, due)
        if rem is None or rem[1] > NEAR_DAYS:
            return None
        return due, rem

    # The due date (and so the remaining working days) never decreases as the clock start moves
    # later, so "listed" is exactly "start <= cutoff": count and page in SQL instead of reading
    # every unpublished proactive item.
    cutoff = _last_listed_start(horizon, lambda d: listed(d) is not None)
    if cutoff is None:
        return
    start = Case(None, [(Item.changed_on > Item.formed_on, Item.changed_on)], Item.formed_on)
    cond = (
        (Item.disclosure == PROACTIVE)
        & Item.status.not_in([wf.PUBLISHED, wf.WITHDRAWN])  # 发布日期 alone never publishes
        & Item.formed_on.is_null(False)
        & visible(actor, Item.unit)
    )
    # One grouped scan gives how many items start on each day: the exact count, and the start
    # day of the limit-th row (rows sort by due date then id, so every item whose start maps
    # to the same due date as the limit-th row is read too, keeping the id tie-break exact).
    per_day = sorted(
        (as_date(day), n)
        for day, n in Item.select(start, fn.COUNT(Item.id)).where(cond).group_by(start).tuples()
    )
    counts["proactive_due"] = sum(n for day, n in per_day if day <= cutoff)
    seen = 0
    for day, n in per_day:
        seen += n
        if seen >= limit and day <= cutoff:
            last_due = due_of(day)
            while day < cutoff and due_of(day + dt.timedelta(days=1)) == last_due:
                day += dt.timedelta(days=1)
            cutoff = day
            break
    q = Item.select(
        Item.id, Item.index_no, Item.title, Item.unit, Item.formed_on, Item.changed_on
    ).where(cond & (start <= cutoff))
    for item_id, index_no, title, uid, formed, changed in raw_rows(q, (4, 5)):
        found = listed(max(formed, changed) if changed else formed)
        if found is None:
            continue
        due, rem = found
        groups["proactive_due"].append(
            Todo(
                "proactive_due",
                "item",
                item_id,
                index_no,
                title,
                units.get(uid, ""),
                due,
                rem[0],
                rem[1],
            )
        )


def _last_listed_start(horizon: dt.date, listed) -> dt.date | None:
    """Latest clock start that is listed; None when none within ~3 years is (nothing listed)."""
    d = horizon
    for _ in range(1200):
        if listed(d):
            return d
        d -= dt.timedelta(days=1)
    return None


def _validity(
    actor: Actor,
    today: dt.date,
    units: dict[int, str],
    groups: dict[str, list[Todo]],
    counts: dict[str, int],
    limit: int,
) -> None:
    if not actor.can("item.edit"):
        return
    cutoff = items_rules.stale_cutoff(today)
    cond = (
        (Item.validity == catalogs.VALID)
        & (Item.status == wf.PUBLISHED)
        & (
            Item.repealed_on.is_null(False)
            | (Item.validity_reviewed_on.is_null() & (Item.formed_on < cutoff))
            | (Item.validity_reviewed_on < cutoff)
        )
        & visible(actor, Item.unit)
    )
    counts["validity_review"] = Item.select().where(cond).count()
    # Urgency is minus the days since the last review (or forming); a repealed item counts as
    # REPEALED_URGENCY days, so order by the equivalent date and read only the first ``limit``.
    repealed_as = today + dt.timedelta(days=REPEALED_URGENCY)
    last = fn.COALESCE(Item.validity_reviewed_on, Item.formed_on)
    q = (
        Item.select(
            Item.id,
            Item.index_no,
            Item.title,
            Item.unit,
            Item.validity,
            Item.repealed_on,
            Item.validity_reviewed_on,
            Item.formed_on,
        )
        .where(cond)
        .order_by(Case(None, [(Item.repealed_on.is_null(False), repealed_as)], last), Item.id)
        .limit(limit)
    )
    for item_id, index_no, title, uid, _v, repealed, reviewed, formed in raw_rows(q, (5, 6, 7)):
        if repealed is not None:
            label = tr("已于 {day} 废止，但仍标为有效").format(day=repealed.isoformat())
            urgency = REPEALED_URGENCY
        else:
            last_day = reviewed or formed
            label = (
                tr("上次复核 {day}").format(day=reviewed.isoformat())
                if reviewed
                else tr("从未复核")
            )
            urgency = -(today - last_day).days if last_day else 0
        groups["validity_review"].append(
            Todo(
                "validity_review",
                "item",
                item_id,
                index_no,
                title,
                units.get(uid, ""),
                None,
                label,
                urgency,
            )
        )


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)
