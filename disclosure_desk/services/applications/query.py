"""Read-only views of application cases: filtered lists with live clocks, one case in full,
repeat/bulk detection and the per-applicant monthly count behind the 按件 fee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from disclosure_desk.domain import app_workflow
from disclosure_desk.domain.clocks import (
    ApplicationClocks,
    ClockStatus,
    Pause,
    clock_status,
    compute_application_clocks,
    correction_notice_due,
    correction_notice_reminder_dates,
    fee_payment_due,
    third_party_answer_due,
)
from disclosure_desk.domain.errors import DeskError, NotFound, UnknownCalendarYear
from disclosure_desk.domain.outcomes import COLUMN_LABELS, outcome_by_code
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.workcal import WorkCalendar
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import settings as settings_registry
from disclosure_desk.services.common.calendar import clock_words, work_calendar
from disclosure_desk.services.common.scope import visible
from disclosure_desk.store import search
from disclosure_desk.store.models import (
    JOIN,
    Appeal,
    Application,
    ApplicationEvent,
    Letter,
    Unit,
    User,
    fn,
)

PAUSE_EVENT_KINDS = ("consultation_start", "fee_notice")
REPEAT_WINDOW_KEY = "application.repeat_window_days"
SIMILARITY = 0.6


# The applications list's filter value for the dashboard's 补正/征询/缴费 group.
WAITING = "waiting"


def calendar() -> WorkCalendar:
    """The app calendar (Holiday table applied); Mon–Fri assumed for unknown years, flagged."""
    return work_calendar(provisional=True)


def _pause_of(ev: ApplicationEvent) -> Pause:
    kind = "fee" if ev.kind == "fee_notice" else (ev.party or "third_party")
    return Pause(ev.on, ev.end_on, kind)


def pauses_by_case(app_ids: Iterable[int]) -> dict[int, list[Pause]]:
    ids = list(app_ids)
    out: dict[int, list[Pause]] = {i: [] for i in ids}
    if not ids:
        return out
    q = (
        ApplicationEvent.select()
        .where(ApplicationEvent.application.in_(ids) & ApplicationEvent.kind.in_(PAUSE_EVENT_KINDS))
        .order_by(ApplicationEvent.on, ApplicationEvent.id)
    )
    for ev in q:
        out[ev.application_id].append(_pause_of(ev))
    return out


def case_clocks(
    app: Application,
    pauses: list[Pause] | None = None,
    cal: WorkCalendar | None = None,
    today: dt.date | None = None,
    *,
    explain: bool = True,
) -> ApplicationClocks:
    """compute_application_clocks with this case's receipt, 补正, pauses and extension."""
    if pauses is None:
        pauses = pauses_by_case([app.id])[app.id]
    return compute_application_clocks(
        cal or calendar(),
        app.received_on,
        app.correction_received_on,
        pauses,
        bool(app.extended),
        today,
        explain=explain,
    )


def live_status(
    app: Application, pauses: list[Pause], cal: WorkCalendar, today: dt.date
) -> tuple[ApplicationClocks | None, ClockStatus]:
    """Clock and label of an open case; closed cases show their status label instead."""
    if app.status not in app_workflow.OPEN_STATUSES:
        return None, ClockStatus("closed", 0, "—")
    if app.status == "correction":
        return None, ClockStatus("paused", 0, tr("待补正（期限未起算）"))
    try:
        clocks = case_clocks(app, pauses, cal, today, explain=False)
    except (UnknownCalendarYear, DeskError) as err:
        return None, ClockStatus("unknown", 0, str(err))
    status = clock_status(cal, clocks, today)
    status = ClockStatus(status.kind, status.days, clock_words(status.label))
    due = clocks.effective_due
    provisional = due is not None and cal.is_provisional_span(clocks.clock_start, due)
    if provisional and status.kind != "unknown":
        # Mon–Fri was assumed for a year without holiday data: say so next to the number.
        status = ClockStatus(status.kind, status.days, status.label + tr("（估算）"))
    return clocks, status


@dataclass(frozen=True)
class ApplicationRow:
    """One line of the application list, with the live clock label."""

    id: int
    reg_no: str
    unit_name: str
    received_on: dt.date
    applicant_name: str
    applicant_type: str
    applicant_type_label: str
    channel: str
    status: str
    status_label: str
    outcome_code: str
    replied_on: dt.date | None
    extended: bool
    due: dt.date | None
    clock_kind: str
    clock_days: int
    clock_label: str
    content: str


@dataclass(frozen=True)
class ApplicationFilter:
    unit_id: int | None = None
    status: str = ""  # a status code, "open", WAITING, or "" for all
    due_within: int | None = None  # open cases due within N working days (overdue included)
    outcome: str = ""  # a code or a group prefix such as "3.3"
    applicant_type: str = ""
    year: int | None = None
    search: str = ""


def _filtered(actor: Actor, f: ApplicationFilter, today: dt.date | None = None):
    q = Application.select(Application, Unit.name.alias("unit_name")).join(Unit)
    q = q.where(visible(actor, Application.unit))
    if f.unit_id:
        q = q.where(Application.unit == f.unit_id)
    if f.status == WAITING:
        # The dashboard's 补正/征询/缴费 group: cases waiting on the applicant or a third party,
        # and new cases whose 补正 notice deadline is near (the same dates the dashboard uses).
        dates = correction_notice_reminder_dates(calendar(), today or dt.date.today())
        waiting = Application.status.in_(list(app_workflow.WAITING_STATUSES)) | (
            Application.status.in_(list(app_workflow.OPEN_STATUSES))
            & Application.correction_requested_on.is_null(False)
            & Application.correction_received_on.is_null()
        )
        if dates:
            waiting |= (
                (Application.status == "registered")
                & Application.correction_requested_on.is_null()
                & Application.correction_received_on.is_null()
                & Application.received_on.in_(dates)
            )
        q = q.where(waiting)
    elif f.status == "open" or f.due_within is not None:
        q = q.where(Application.status.in_(list(app_workflow.OPEN_STATUSES)))
    elif f.status:
        q = q.where(Application.status == f.status)
    if f.outcome:
        q = q.where(
            (Application.outcome_code == f.outcome)
            | Application.outcome_code.startswith(f.outcome + ".")
        )
    if f.applicant_type:
        q = q.where(Application.applicant_type == f.applicant_type)
    if f.year:
        q = q.where(Application.serial_year == f.year)
    text = f.search.strip()
    if text:
        q = q.where(
            Application.reg_no.contains(text)
            | Application.applicant_name.contains(text)
            | Application.content.contains(text)
            | Application.id_number.contains(text)
        )
        # PostgreSQL, an account that sees every unit: the n-gram index (0016) skips the cases
        # that cannot match. Within some units their own cases are fewer to read than the index's
        # hits of a common word (city, one unit, "2025": 15 ms read, 65 ms through the index).
        narrowed = search.application_candidates(text)
        if narrowed is not None and actor.unit_ids is None and not f.unit_id:
            q = q.where(narrowed)
    return q.order_by(Application.received_on.desc(), Application.id.desc()).objects()


def _rows(apps: list[Application], today: dt.date) -> list[ApplicationRow]:
    cal = calendar()
    pauses = pauses_by_case(a.id for a in apps if a.status in app_workflow.OPEN_STATUSES)
    out = []
    for a in apps:
        clocks, status = live_status(a, pauses.get(a.id, []), cal, today)
        out.append(
            ApplicationRow(
                a.id,
                a.reg_no,
                getattr(a, "unit_name", "") or "",
                a.received_on,
                a.applicant_name,
                a.applicant_type,
                COLUMN_LABELS.get(a.applicant_type, a.applicant_type),
                a.channel,
                a.status,
                app_workflow.status_label(a.status),
                a.outcome_code,
                a.replied_on,
                bool(a.extended),
                clocks.effective_due if clocks else None,
                status.kind,
                status.days,
                status.label,
                a.content,
            )
        )
    return out


def list_applications(
    actor: Actor,
    f: ApplicationFilter = ApplicationFilter(),
    offset: int = 0,
    limit: int = 200,
    today: dt.date | None = None,
) -> list[ApplicationRow]:
    """A page of cases matching ``f``; clock labels computed for ``today``."""
    actor.require("record.view")
    today = today or dt.date.today()
    q = _filtered(actor, f, today)
    if f.due_within is None:
        return _rows(list(q.offset(offset).limit(limit)), today)
    # "Due within N working days" depends on the live clock, so it filters after computing.
    rows = [
        r
        for r in _rows(list(q), today)
        if r.clock_kind in ("due_today", "overdue")
        or (r.clock_kind == "remaining" and r.clock_days <= f.due_within)
    ]
    rows.sort(key=lambda r: (r.due or dt.date.max, r.id))
    return rows[offset : offset + limit]


def count_applications(
    actor: Actor, f: ApplicationFilter = ApplicationFilter(), today: dt.date | None = None
) -> int:
    actor.require("record.view")
    if f.due_within is not None:
        return len(list_applications(actor, f, 0, 10**9, today))
    return _filtered(actor, f, today).count()


# --- one case ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    id: int
    kind: str
    label: str
    on: dt.date
    end_on: dt.date | None
    detail: str
    actor_name: str


@dataclass(frozen=True)
class LetterRow:
    id: int
    kind: str
    number: str
    issued_on: dt.date


@dataclass(frozen=True)
class AppealRow:
    id: int
    kind: str
    filed_on: dt.date
    result: str
    concluded_on: dt.date | None
    note: str


@dataclass(frozen=True)
class SimilarCase:
    id: int
    reg_no: str
    received_on: dt.date
    content: str
    outcome_code: str
    similarity: float


@dataclass(frozen=True)
class CaseDetail:
    """Everything the case view shows; plain data, computed for ``today``."""

    id: int
    reg_no: str
    unit_id: int
    unit_name: str
    status: str
    status_label: str
    received_on: dt.date
    channel: str
    applicant_type: str
    applicant_name: str
    id_number: str
    contact_phone: str
    address: str
    email: str
    content: str
    requested_form: str
    delivery: str
    note: str
    correction_requested_on: dt.date | None
    correction_received_on: dt.date | None
    extended: bool
    extension_approver: str
    extension_on: dt.date | None
    fee_method: str
    fee_amount: float
    fee_pages: int | None
    fee_paid_on: dt.date | None
    fee_collected: float
    outcome_code: str
    outcome_label: str
    outcome_ground: str
    replied_on: dt.date | None
    archived_on: dt.date | None
    clocks: ApplicationClocks | None
    clock_label: str
    pauses: list[Pause]
    allowed_events: tuple[str, ...]
    events: list[EventRow] = field(default_factory=list)
    letters: list[LetterRow] = field(default_factory=list)
    appeals: list[AppealRow] = field(default_factory=list)
    similar: list[SimilarCase] = field(default_factory=list)
    month_nth: int = 1
    month_total: int = 1
    correction_notice_due: dt.date | None = None
    third_party_due: dt.date | None = None
    fee_due: dt.date | None = None
    proposals: list[str] = field(default_factory=list)
    calendar_warning: str = ""
    # "remaining" / "due_today" / "overdue" / "paused" / "unknown" / "closed" (live_status)
    clock_kind: str = ""
    # For a replied case: the working day of the reply period on which it was answered.
    answered_day: int | None = None


def _get(app_id: int) -> Application:
    app = (
        Application.select(Application, Unit.name.alias("unit_name"))
        .join(Unit)
        .where(Application.id == app_id)
        .objects()
        .first()
    )
    if app is None:
        raise NotFound(tr("申请（编号 {id}）不存在。").format(id=app_id))
    return app


def case_detail(actor: Actor, app_id: int, today: dt.date | None = None) -> CaseDetail:
    actor.require("record.view")
    today = today or dt.date.today()
    app = _get(app_id)
    if not actor.can_access_unit(app.unit_id):
        raise NotFound(tr("无权查看其他单位的申请。"))
    cal = calendar()
    events = list(
        ApplicationEvent.select(ApplicationEvent, User.name.alias("actor_name"))
        .join(User, on=(ApplicationEvent.actor == User.id), join_type=JOIN.LEFT_OUTER)
        .where(ApplicationEvent.application == app.id)
        .order_by(ApplicationEvent.on, ApplicationEvent.id)
        .objects()
    )
    pauses = [_pause_of(e) for e in events if e.kind in PAUSE_EVENT_KINDS]
    warning = ""
    clocks = None
    clock_kind = ""
    try:
        clocks = case_clocks(app, pauses, cal, today)
        live = live_status(app, pauses, cal, today)[1]
        label, clock_kind = live.label, live.kind
        if clocks.provisional:
            warning = tr("部分日期所在年份缺少节假日数据，按周一至周五估算，仅供参考。")
    except DeskError as err:
        label, warning, clock_kind = tr("到期日未知"), str(err), "unknown"
    answered_day = None
    if app.replied_on is not None and clocks is not None:
        try:
            at_reply = case_clocks(app, pauses, cal, app.replied_on, explain=False)
            answered_day = at_reply.used_working_days
        except DeskError:
            answered_day = None
    tp_due = fee_due = None
    proposals: list[str] = []
    open_consult = [e for e in events if e.kind == "consultation_start" and e.end_on is None]
    if open_consult:
        tp_due = third_party_answer_due(cal, open_consult[-1].on)
    fee_ev = [e for e in events if e.kind == "fee_notice"]
    if fee_ev:
        fee_due = fee_payment_due(cal, fee_ev[-1].on)
        if app.status == "awaiting_fee" and today > fee_due:
            proposals.append(
                tr(
                    "收费通知于 {sent} 发出，缴费期限 {due} 已过且未缴费：可以按 3.6.2（逾期未缴费，不再处理）答复。"
                ).format(sent=fee_ev[-1].on.isoformat(), due=fee_due.isoformat())
            )
    similar = similar_cases(app, unit_ids=actor.unit_ids)  # never another unit's cases
    if similar:
        proposals.append(
            tr(
                "同一申请人近期有 {n} 件内容相近的申请（{numbers}），"
                "请核实是否属于重复申请（3.5.2）或无正当理由大量反复申请（3.5.4）。"
            ).format(n=len(similar), numbers="、".join(s.reg_no for s in similar[:5]))
        )
    nth, total = month_position(app, unit_ids=actor.unit_ids)
    outcome_label = outcome_by_code(app.outcome_code).label if app.outcome_code else ""
    return CaseDetail(
        id=app.id,
        reg_no=app.reg_no,
        unit_id=app.unit_id,
        unit_name=app.unit_name,
        status=app.status,
        status_label=app_workflow.status_label(app.status),
        received_on=app.received_on,
        channel=app.channel,
        applicant_type=app.applicant_type,
        applicant_name=app.applicant_name,
        id_number=app.id_number,
        contact_phone=app.contact_phone,
        address=app.address,
        email=app.email,
        content=app.content,
        requested_form=app.requested_form,
        delivery=app.delivery,
        note=app.note,
        correction_requested_on=app.correction_requested_on,
        correction_received_on=app.correction_received_on,
        extended=bool(app.extended),
        extension_approver=app.extension_approver,
        extension_on=app.extension_on,
        fee_method=app.fee_method,
        fee_amount=float(app.fee_amount or 0),
        fee_pages=app.fee_pages,
        fee_paid_on=app.fee_paid_on,
        fee_collected=float(app.fee_collected or 0),
        outcome_code=app.outcome_code,
        outcome_label=outcome_label,
        outcome_ground=app.outcome_ground,
        replied_on=app.replied_on,
        archived_on=app.archived_on,
        clocks=clocks,
        clock_label=label,
        clock_kind=clock_kind,
        answered_day=answered_day,
        pauses=pauses,
        allowed_events=_allowed(app),
        events=[
            EventRow(
                e.id,
                e.kind,
                app_workflow.event_label(e.kind),
                e.on,
                e.end_on,
                e.detail,
                getattr(e, "actor_name", "") or "",
            )
            for e in events
        ],
        letters=[
            LetterRow(lt.id, lt.kind, lt.number, lt.issued_on)
            for lt in Letter.select().where(Letter.application == app.id).order_by(Letter.id)
        ],
        appeals=[
            AppealRow(a.id, a.kind, a.filed_on, a.result, a.concluded_on, a.note)
            for a in Appeal.select().where(Appeal.application == app.id).order_by(Appeal.id)
        ],
        similar=similar,
        month_nth=nth,
        month_total=total,
        correction_notice_due=correction_notice_due(cal, app.received_on),
        third_party_due=tp_due,
        fee_due=fee_due,
        proposals=proposals,
        calendar_warning=warning,
    )


def _allowed(app: Application) -> tuple[str, ...]:
    allowed = app_workflow.allowed_events(app.status)
    # Steps that the table allows by status but the case's history rules out.
    if app.extended:
        allowed = tuple(e for e in allowed if e != "extension")
    if app.correction_requested_on is not None:
        allowed = tuple(e for e in allowed if e != "correction_requested")
    if app.fee_method:
        allowed = tuple(e for e in allowed if e != "fee_notice")
    return allowed


# --- applicant history ------------------------------------------------------------------------


def _same_applicant(app: Application):
    if app.id_number:
        return (Application.id_number == app.id_number) | (
            (Application.id_number == "") & (Application.applicant_name == app.applicant_name)
        )
    return Application.applicant_name == app.applicant_name


def _in_units(unit_ids: frozenset[int] | None):
    return True if unit_ids is None else Application.unit.in_(sorted(unit_ids))


def month_position(app: Application, unit_ids: frozenset[int] | None = None) -> tuple[int, int]:
    """(n-th application of this applicant in the calendar month of receipt, month total);
    ``unit_ids`` limits the count to the units a viewer may see (None: every unit)."""
    first = app.received_on.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    same = Application.select(Application.id, Application.received_on).where(
        _same_applicant(app)
        & (Application.received_on >= first)
        & (Application.received_on < nxt)
        & _in_units(unit_ids)
    )
    ordered = sorted(same.tuples(), key=lambda r: (r[1], r[0]))
    ids = [r[0] for r in ordered]
    return ids.index(app.id) + 1 if app.id in ids else len(ids) + 1, len(ids)


def repeat_window_days() -> int:
    return settings_registry.get(REPEAT_WINDOW_KEY)  # type: ignore[return-value]


def _similarity(a: str, b: str) -> float:
    a, b = "".join(a.split()), "".join(b.split())
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def similar_cases(
    app: Application, window_days: int | None = None, unit_ids: frozenset[int] | None = None
) -> list[SimilarCase]:
    """Earlier cases of the same applicant (ID number or name) with similar content, among the
    units in ``unit_ids`` (the viewer's; None: every unit)."""
    days = repeat_window_days() if window_days is None else window_days
    since = app.received_on - dt.timedelta(days=days)
    q = (
        Application.select()
        .where(
            _same_applicant(app)
            & (Application.id != app.id)
            & (Application.received_on >= since)
            & (Application.received_on <= app.received_on)
            & _in_units(unit_ids)
        )
        .order_by(Application.received_on.desc())
        .limit(500)
    )
    out = []
    for other in q:
        score = _similarity(app.content, other.content)
        if score >= SIMILARITY:
            out.append(
                SimilarCase(
                    other.id,
                    other.reg_no,
                    other.received_on,
                    other.content,
                    other.outcome_code,
                    round(score, 2),
                )
            )
    return out


def year_fee_total(actor: Actor, year: int, unit_id: int | None = None) -> tuple[int, float]:
    """(cases with a fee collected, amount collected in 元) for the annual report §六."""
    actor.require("report.view")
    q = Application.select(fn.COUNT(Application.id), fn.SUM(Application.fee_collected)).where(
        (Application.fee_collected > 0)
        & (Application.fee_paid_on >= dt.date(year, 1, 1))
        & (Application.fee_paid_on <= dt.date(year, 12, 31))
    )
    if unit_id:
        q = q.where(Application.unit == unit_id)
    q = q.where(_in_units(actor.unit_ids))  # an officer's totals never include other units
    n, total = q.tuples().first() or (0, 0)
    return int(n or 0), float(total or 0)
