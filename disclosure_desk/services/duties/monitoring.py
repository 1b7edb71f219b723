"""Watching the body's own disclosure duties: the rules (editable), monthly monitoring, 同步解读.

The rules ship as ``domain.duties.DEFAULT_RULES``; an administrator's edits are stored per code in
``duty_rule`` (versioned, audited) and take precedence. Monitoring reads plain facts from the
register and hands them to the pure rules, so the dashboard, the sheet and the CLI agree.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, fields, replace

from disclosure_desk.domain import catalogs
from disclosure_desk.domain import duties as d
from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.review_workflow import PUBLISHED
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.calendar import work_calendar
from disclosure_desk.services.common.context import change
from disclosure_desk.services.common.scope import descendants, resolve_scope, unit_tree
from disclosure_desk.store.models import DutyRule, Item, ReportYear, Unit

CONFIG_FIELDS = tuple(
    f.name for f in fields(d.DutyRule) if f.name not in ("code", "name", "kind", "source", "active")
)


def _from_row(row: DutyRule) -> d.DutyRule:
    try:
        config = json.loads(row.config or "{}")
    except ValueError:
        config = {}
    kw = {
        k: (tuple(v) if isinstance(v, list) else v) for k, v in config.items() if k in CONFIG_FIELDS
    }
    return d.DutyRule(row.code, row.name, row.kind, row.source, active=row.active, **kw)


def _config(rule: d.DutyRule) -> str:
    data = asdict(rule)
    return json.dumps({k: data[k] for k in CONFIG_FIELDS}, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class RuleRow:
    """A rule as the settings table shows it: in force, with where it comes from."""

    rule: d.DutyRule
    customised: bool  # stored by an administrator (a default overridden, or the body's own)
    version: int
    updated_by: str


def rule_rows() -> list[RuleRow]:
    stored = {r.code: r for r in DutyRule.select()}
    out = []
    for default in d.DEFAULT_RULES:
        row = stored.pop(default.code, None)
        out.append(
            RuleRow(_from_row(row), True, row.version, row.updated_by)
            if row
            else RuleRow(default, False, 0, "")
        )
    for row in sorted(stored.values(), key=lambda r: r.code):
        out.append(RuleRow(_from_row(row), True, row.version, row.updated_by))
    return out


def rules(active_only: bool = True) -> list[d.DutyRule]:
    return [r.rule for r in rule_rows() if r.rule.active or not active_only]


def save_rule(actor: Actor, rule: d.DutyRule):
    """Create or change a rule (administrators); every change is versioned and audited."""
    rule = d.validate_rule(rule)
    with change(actor, "settings.edit") as tx:
        row = DutyRule.get_or_none(DutyRule.code == rule.code)
        defaults = {r.code: r for r in d.DEFAULT_RULES}
        before = (
            asdict(_from_row(row))
            if row
            else (asdict(defaults[rule.code]) if rule.code in defaults else None)
        )
        if row and row.kind != rule.kind:
            raise InputError(tr("已有职责的类型不能更改；请新建一条职责。"))
        if row is None and rule.code in defaults and defaults[rule.code].kind != rule.kind:
            raise InputError(tr("内置职责的类型不能更改；请新建一条职责。"))
        now = dt.datetime.now().replace(microsecond=0)
        values = dict(
            name=rule.name,
            kind=rule.kind,
            source=rule.source,
            config=_config(rule),
            active=rule.active,
            updated_by=actor.login,
            updated_at=now,
        )
        if row is None:
            row = DutyRule.create(code=rule.code, version=1, **values)
        else:
            DutyRule.update(version=DutyRule.version + 1, **values).where(
                DutyRule.id == row.id
            ).execute()
        tx.audit("duty.save", "duty_rule", rule.code, before, asdict(rule))
    return tx.changes


def reset_rule(actor: Actor, code: str):
    """Return a built-in rule to its shipped default (the stored override is removed, audited)."""
    with change(actor, "settings.edit") as tx:
        row = DutyRule.get_or_none(DutyRule.code == code)
        if row is None:
            raise InputError(tr("职责“{code}”没有被修改过。").format(code=code))
        if code not in {r.code for r in d.DEFAULT_RULES}:
            raise InputError(tr("本机关自行增加的职责不能恢复默认；可以停用它。"))
        before = asdict(_from_row(row))
        row.delete_instance()
        tx.audit("duty.reset", "duty_rule", code, before, None)
    return tx.changes


# --- facts --------------------------------------------------------------------------------


def _published(status: str, published_on: dt.date | None) -> dt.date | None:
    return published_on if status == PUBLISHED else None


def item_facts(
    unit_ids: frozenset[int] | None, since: dt.date, until: dt.date
) -> list[d.ItemFacts]:
    """Items whose clock could start, or that were published, between ``since`` and ``until``,
    plus the policies that 解读 items published then point at."""
    in_window = (
        Item.formed_on.between(since, until)
        | Item.changed_on.between(since, until)
        | Item.published_on.between(since, until)
    )
    cond = in_window if unit_ids is None else in_window & Item.unit.in_(sorted(unit_ids))
    cols = (
        Item.id,
        Item.unit,
        Item.index_no,
        Item.title,
        Item.genre,
        Item.disclosure,
        Item.formed_on,
        Item.changed_on,
        Item.published_on,
        Item.status,
        Item.related,
    )
    rows = list(Item.select(*cols).where(cond).tuples())
    seen = {r[0] for r in rows}
    related = {r[10] for r in rows if r[10] and r[10] not in seen}
    if related:
        rows += list(Item.select(*cols).where(Item.id.in_(sorted(related))).tuples())
    return [
        d.ItemFacts(i, u, no, title, genre, disc, formed, changed, _published(status, pub), rel)
        for i, u, no, title, genre, disc, formed, changed, pub, status, rel in rows
    ]


def _unit_facts(unit_ids: frozenset[int] | None) -> list[d.UnitFacts]:
    q = Unit.select(Unit.id, Unit.name, Unit.kind, Unit.parent).where(Unit.active == True)  # noqa: E712
    out = []
    for uid, name, kind, parent in q.tuples():
        if unit_ids is None or uid in unit_ids:
            out.append(d.UnitFacts(uid, name, kind == catalogs.UNIT_GOVERNMENT or parent is None))
    return sorted(out, key=lambda u: u.id)


def _report_published(root_id: int | None) -> dict[tuple[int, int], dt.date]:
    out = {}
    locked = ReportYear.locked == True  # noqa: E712 - a peewee expression, not a truth test
    q = ReportYear.select(ReportYear.unit, ReportYear.year, ReportYear.locked_at).where(locked)
    for unit, year, at in q.tuples():
        uid = unit if unit is not None else root_id
        if uid is not None and at is not None:
            out[(uid, year)] = (
                at.date() if isinstance(at, dt.datetime) else dt.date.fromisoformat(str(at)[:10])
            )
    return out


# --- monthly monitoring (一月一监测) --------------------------------------------------------


def _lookback(rule: d.DutyRule) -> int:
    """Calendar days before a month in which a clock may start and still fall due in it."""
    if rule.kind == d.PERIODIC:
        return 100 + 2 * rule.days
    return 2 * rule.days + 40 if rule.day_kind == d.WORKDAYS else rule.days + 1


def _rule_units(rule: d.DutyRule) -> frozenset[int] | None:
    """The units a rule is limited to (with their sub-units); None when it binds every unit."""
    if not rule.unit_codes:
        return None
    parents, names = unit_tree()
    by_code = {code: uid for uid, (code, _) in names.items()}
    out: set[int] = set()
    for code in rule.unit_codes:
        if code in by_code:
            out |= descendants(by_code[code], parents)
    return frozenset(out)


def obligations_due(
    unit_ids: frozenset[int] | None, first: dt.date, last: dt.date, active: list[d.DutyRule]
) -> list[d.Obligation]:
    """Every obligation of the scope whose due date falls between ``first`` and ``last``."""
    cal = work_calendar(provisional=True)
    nth = cal.nth_workday_after
    since = first - dt.timedelta(days=max((_lookback(r) for r in active), default=60))
    facts = item_facts(unit_ids, since, last)
    units = _unit_facts(unit_ids)
    out: list[d.Obligation] = []
    for rule in active:
        if rule.kind == d.ITEM_DEADLINE:
            out += d.item_obligations(rule, facts, nth)
        elif rule.kind == d.INTERPRETATION:
            out += d.interpretation_obligations(rule, facts, nth)
        elif rule.kind == d.PERIODIC:
            out += d.periodic_obligations(rule, [u.id for u in units], facts, since, last, nth)
        elif rule.kind == d.ANNUAL_REPORT:
            root = next((u.id for u in units if u.is_government), None)
            out += d.annual_report_obligations(rule, units, _report_published(root), first, last)
    limits = {r.code: _rule_units(r) for r in active}
    return sorted(
        (
            o
            for o in out
            if first <= o.due <= last
            and (limits[o.rule_code] is None or o.unit_id in limits[o.rule_code])
        ),
        key=lambda o: (o.due, o.unit_id, o.ref),
    )


def monitor(
    actor: Actor, year: int, month: int, unit_code: str | None = None, as_of: dt.date | None = None
) -> d.MonitorSheet:
    """The monthly monitoring sheet for the actor's scope (report.view)."""
    actor.require("report.view")
    first, last = d.month_bounds(year, month)
    today = as_of or dt.date.today()
    scope = resolve_scope(actor, unit_code)
    active = rules()
    obs = obligations_due(scope.unit_ids, first, last, active)
    _, names = unit_tree()
    units = _unit_facts(scope.unit_ids)
    tallies = d.tally(obs, [u.id for u in units], today)
    lines = [d.MonitorLine(u.id, names[u.id][1], tallies[u.id]) for u in units]
    from disclosure_desk.services.duties import records as duties_records

    counts = duties_records.proposal_counts(actor, year, unit_code)
    notes = [
        tr(
            "{year}年依申请转主动公开（条例第四十四条）：纳入 {adopt} 项，不纳入 {reject} 项。"
        ).format(year=year, adopt=counts["adopt"], reject=counts["reject"]),
        duties_records.training_summary(actor, year, unit_code),
    ]
    return d.MonitorSheet(
        year,
        month,
        today,
        scope.unit_name,
        lines,
        obs,
        {r.code: r for r in active},
        {u.id: names[u.id][1] for u in units},
        notes,
    )


def interpretation_gaps(
    actor: Actor, as_of: dt.date | None = None, months: int = 12, unit_code: str | None = None
) -> list[tuple[d.Obligation, str]]:
    """Policies published in the last ``months`` months still without a timely 解读: (obligation,
    state), missing first. Late ones (解读 came after the due day) are listed too."""
    actor.require("report.view")
    today = as_of or dt.date.today()
    scope = resolve_scope(actor, unit_code)
    active = [r for r in rules() if r.kind == d.INTERPRETATION]
    if not active:
        return []
    since = today - dt.timedelta(days=31 * months)
    cal = work_calendar(provisional=True)
    facts = item_facts(scope.unit_ids, since, today)
    out = []
    for rule in active:
        for ob in d.interpretation_obligations(rule, facts, cal.nth_workday_after):
            if ob.start is None or ob.start < since or not scope.covers(ob.unit_id):
                continue
            state = ob.state(today)
            if state != d.MET:
                out.append((ob, state))
    order = {d.MISSING: 0, d.PENDING: 1, d.LATE: 2}
    return sorted(out, key=lambda p: (order[p[1]], p[0].due))


def rule_from_form(code: str, name: str, kind: str, source: str, **config) -> d.DutyRule:
    """Build a rule from form or CLI values (lists may come as text separated by 、 or ,)."""
    for key in ("genres", "title_words", "unit_codes"):
        value = config.get(key, ())
        if isinstance(value, str):
            parts = value.replace("，", ",").replace("、", ",").split(",")
            config[key] = tuple(p.strip() for p in parts if p.strip())
    base = d.DutyRule(code.strip(), name, kind, source)
    return replace(base, **{k: v for k, v in config.items() if k in CONFIG_FIELDS or k == "active"})


def monitor_pdf(sheet: d.MonitorSheet) -> bytes:
    from disclosure_desk.reports.duties_pdf import render_monitor

    return render_monitor(sheet)


def monitor_docx(sheet: d.MonitorSheet) -> bytes:
    from disclosure_desk.reports.duties_docx import render_monitor_docx

    return render_monitor_docx(sheet)


def monitor_json(sheet: d.MonitorSheet) -> dict:
    """The sheet as JSON: per unit counts (keys as in the PDF) and every obligation behind them."""
    return {
        "year": sheet.year,
        "month": sheet.month,
        "as_of": sheet.as_of.isoformat(),
        "complete": sheet.complete,
        "scope": sheet.scope_name,
        "units": [
            {
                "unit": line.unit_name,
                "due": line.tally.due,
                "met": line.tally.met,
                "late": line.tally.late,
                "missing": line.tally.missing,
                "pending": line.tally.pending,
            }
            for line in sheet.lines
        ],
        "obligations": [
            {
                "rule": ob.rule_code,
                "unit": sheet.unit_names.get(ob.unit_id, ""),
                "subject": ob.subject,
                "ref": ob.ref,
                "due": ob.due.isoformat(),
                "done_on": ob.done_on.isoformat() if ob.done_on else None,
                "state": ob.state(sheet.as_of),
            }
            for ob in sheet.obligations
        ],
    }
