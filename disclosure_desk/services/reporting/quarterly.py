"""Quarterly summary ("一季一调度"): per unit, what was registered, published, reviewed and
answered in a quarter, what ran late, compared with the previous quarter, and a ranking.

Figures are per unit (its own records, not its children's) so the rows add up to the total.
Overdue counts are taken as at the quarter's last day (or today while the quarter runs).
Ranking: fewer overdue matters (proactive + applications) first, then more items published.
"""

from __future__ import annotations

import datetime as dt

from disclosure_desk.domain.clocks import compute_application_clocks
from disclosure_desk.domain.errors import InputError, UnknownCalendarYear
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.quarterly import (
    QuarterFigures,
    QuarterlySummary,
    UnitFigures,
    previous_quarter,
    quarter_bounds,
    rank_units,
)
from disclosure_desk.domain.vocabulary import PROACTIVE, PUBLISHED, WITHDRAWN
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.common.calendar import work_calendar
from disclosure_desk.services.common.scope import Scope, resolve_scope
from disclosure_desk.services.reporting.annual import open_during
from disclosure_desk.services.reporting.clocks import ProactiveDue, pauses_by_application
from disclosure_desk.store.models import Application, Item, ItemReview, Unit, fn
from disclosure_desk.store.report_sql import count_by_unit_windows, raw_rows


def _count_by_unit(query, unit_field) -> dict[int, int]:
    return dict(query.select(unit_field, fn.COUNT("*")).group_by(unit_field).tuples())


def _put(figs: list[dict[int, UnitFigures]], metric: str, counts: dict[int, list[int]]) -> None:
    for uid, values in counts.items():
        for fig, n in zip(figs, values, strict=True):
            if uid in fig:
                setattr(fig[uid], metric, n)


def _collect(
    scope: Scope,
    units: list[tuple[int, str, str]],
    quarters: list[tuple[int, int]],
    full: int,
    today: dt.date,
) -> list[QuarterFigures]:
    """Figures of several quarters (oldest first); the last ``full`` get every metric, the
    earlier ones (trend only) just published / received / replied. Each table is scanned once
    for all quarters."""
    bounds = [quarter_bounds(y, q) for y, q in quarters]
    figs = [{uid: UnitFigures(uid, code, name) for uid, code, name in units} for _ in quarters]
    in_items, in_apps = scope.where(Item.unit), scope.where(Application.unit)
    _put(
        figs,
        "items_published",
        count_by_unit_windows(
            Item, Item.unit, Item.published_on, bounds, (Item.status == PUBLISHED) & in_items
        ),
    )
    _put(
        figs,
        "apps_received",
        count_by_unit_windows(
            Application, Application.unit, Application.received_on, bounds, in_apps
        ),
    )
    _put(
        figs,
        "apps_replied",
        count_by_unit_windows(
            Application, Application.unit, Application.replied_on, bounds, in_apps
        ),
    )
    detailed = list(range(len(quarters) - full, len(quarters)))
    stamps = [
        (
            dt.datetime.combine(bounds[i][0], dt.time.min),
            dt.datetime.combine(bounds[i][1], dt.time.max),
        )
        for i in detailed
    ]
    _put(
        [figs[i] for i in detailed],
        "items_registered",
        count_by_unit_windows(Item, Item.unit, Item.created_at, stamps, in_items),
    )
    as_of = [min(bounds[i][1], today) for i in detailed]
    _proactive_overdue(scope, [figs[i] for i in detailed], as_of)
    for k, i in enumerate(detailed):
        _reviews(scope, figs[i], *stamps[k])
        _applications(scope, figs[i], bounds[i][0], bounds[i][1], as_of[k])
    return [
        QuarterFigures(
            N_("{y}年第{q}季度").format(y=y, q=q),
            bounds[i][0],
            bounds[i][1],
            min(bounds[i][1], today),
            list(figs[i].values()),
        )
        for i, (y, q) in enumerate(quarters)
    ]


def _proactive_overdue(
    scope: Scope, figs: list[dict[int, UnitFigures]], as_of: list[dt.date]
) -> None:
    """Proactive items formed by each as-of date and not published by then (Art. 26)."""
    if not figs:
        return
    due = ProactiveDue(work_calendar(provisional=True))
    latest, earliest = max(as_of), min(as_of)
    candidates = Item.select(Item.unit, Item.formed_on, Item.changed_on, Item.published_on).where(
        (Item.disclosure == PROACTIVE)
        & (Item.status != WITHDRAWN)
        & Item.formed_on.is_null(False)
        & (Item.formed_on <= latest)
        & (Item.published_on.is_null() | (Item.published_on > earliest))
        & scope.where(Item.unit)
    )
    for uid, formed, changed, published in raw_rows(candidates, (1, 2, 3)):
        d = due(formed, changed)
        if d is None:
            continue
        for fig, day in zip(figs, as_of, strict=True):
            if formed <= day and (published is None or published > day) and d < day:
                if uid in fig:
                    fig[uid].proactive_overdue += 1


def _reviews(scope: Scope, figs: dict[int, UnitFigures], t0: dt.datetime, t1: dt.datetime) -> None:
    in_scope = scope.where(Item.unit)
    pending = (ItemReview.submitted_at <= t1) & (
        (ItemReview.decision == "") | (ItemReview.decided_at > t1)
    )
    returned = (
        (ItemReview.decision == "returned")
        & (ItemReview.decided_at >= t0)
        & (ItemReview.decided_at <= t1)
    )
    for metric, cond in (("reviews_pending", pending), ("reviews_returned", returned)):
        counts = _count_by_unit(ItemReview.select().join(Item).where(in_scope & cond), Item.unit)
        for uid, n in counts.items():
            if uid in figs:
                setattr(figs[uid], metric, n)


def _applications(
    scope: Scope, figs: dict[int, UnitFigures], start: dt.date, end: dt.date, as_of: dt.date
) -> None:
    rows = raw_rows(
        Application.select(
            Application.id,
            Application.unit,
            Application.received_on,
            Application.correction_received_on,
            Application.extended,
            Application.replied_on,
            Application.outcome_code,
        ).where(open_during(start, end) & scope.where(Application.unit)),
        (2, 3, 5),
    )
    pauses = pauses_by_application(r[0] for r in rows)
    cal = work_calendar(provisional=True)
    # Cases without pauses that share receipt/correction dates share their due date.
    limits: dict[tuple, dt.date | None] = {}
    for app_id, uid, received, corrected, extended, replied, code in rows:
        f = figs.get(uid)
        if f is None:
            continue
        done = replied is not None and replied <= end
        if done:
            group = (code or "")[:3]
            if group in f.outcomes:
                f.outcomes[group] += 1
        own = pauses.get(app_id, ())
        key = (received, corrected, bool(extended))
        if own or key not in limits:
            limit = _limit(cal, received, corrected, own, bool(extended), as_of)
            if not own:
                limits[key] = limit
        else:
            limit = limits[key]
        if limit is None:
            continue
        if (done and replied > limit) or (not done and limit < as_of):
            f.apps_overdue += 1


def _limit(cal, received, corrected, pauses, extended, as_of) -> dt.date | None:
    try:
        clocks = compute_application_clocks(
            cal,
            received,
            corrected if corrected and corrected >= received else None,
            pauses,
            extended,
            today=as_of,
            explain=False,
        )
    except (UnknownCalendarYear, InputError):
        return None
    return clocks.effective_due


def quarterly_summary(
    actor: Actor,
    year: int,
    quarter: int,
    unit_code: str | None = None,
    today: dt.date | None = None,
) -> QuarterlySummary:
    actor.require("report.view")
    today = today or dt.date.today()
    if not 1990 <= year <= 2200:  # before any date arithmetic (year 0 is no date at all)
        raise InputError(tr("报告年度 {year} 不在有效范围内（1990–2200）。").format(year=year))
    quarter_bounds(year, quarter)
    scope = resolve_scope(actor, unit_code)
    units = [
        (uid, code, name)
        for uid, code, name in Unit.select(Unit.id, Unit.code, Unit.name)
        .where(scope.where(Unit.id))
        .order_by(Unit.id)
        .tuples()
    ]
    quarters = [(year, quarter)]
    for _ in range(3):
        quarters.insert(0, previous_quarter(*quarters[0]))
    trend = _collect(scope, units, quarters, 2, today)
    previous, current = trend[-2], trend[-1]
    return QuarterlySummary(
        year,
        quarter,
        scope.unit_code,
        scope.unit_name,
        scope.agency_name,
        current,
        previous,
        rank_units(current),
        today,
        trend,
    )


def quarterly_pdf(actor: Actor, year: int, quarter: int, unit_code: str | None = None) -> bytes:
    """The "一季一调度" sheet as PDF bytes."""
    from disclosure_desk.reports.quarterly_pdf import render_quarterly

    return render_quarterly(quarterly_summary(actor, year, quarter, unit_code))
