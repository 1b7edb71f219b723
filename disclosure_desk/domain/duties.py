"""The body's own disclosure duties as data, and the pure rules that judge them (一月一监测).

A duty rule says which records create an obligation, from which date the clock runs, how long
the body has, and where the rule comes from. ``judge`` turns a due date and the date the duty
was met into one of four states; the builders below turn plain facts (items, units, report
years) into dated obligations. Nothing here reads a database: services hand in the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from disclosure_desk.domain import vocabulary
from disclosure_desk.domain.errors import Data, InputError, Sentence, Seq, Term, Text

# Kinds of rule.
ITEM_DEADLINE = "item_deadline"  # each matching item must be published within N days of a date
PERIODIC = "periodic"  # a matching item must be published for every month / quarter
ANNUAL_REPORT = "annual_report"  # last year's annual report by a fixed day
INTERPRETATION = "interpretation"  # each matching policy needs a linked 解读 within N days

KIND_LABELS = {
    ITEM_DEADLINE: "按事项时限",
    PERIODIC: "定期更新",
    ANNUAL_REPORT: "年度报告",
    INTERPRETATION: "同步解读",
}

WORKDAYS = "workdays"
DAYS = "days"
DAY_KIND_LABELS = {WORKDAYS: "个工作日", DAYS: "日"}

# States of one obligation.
MET = "met"
LATE = "late"
MISSING = "missing"
PENDING = "pending"
STATE_LABELS = {MET: "按时", LATE: "逾期完成", MISSING: "未完成", PENDING: "未到期"}

PROACTIVE = vocabulary.PROACTIVE  # stored code of 主动公开
INTERPRETATION_GENRE = "解读"
# Art. 25: where the year's proactive items are handed over (HandoverRecord.recipient, as written)
HANDOVER_RECIPIENTS: tuple[str, ...] = ("档案馆", "公共图书馆")


@dataclass(frozen=True)
class DutyRule:
    """One disclosure duty: which records it covers, its clock and its legal source."""

    code: str
    name: str
    kind: str
    source: str
    days: int = 20
    day_kind: str = WORKDAYS
    genres: tuple[str, ...] = ()  # empty: any genre
    title_words: tuple[str, ...] = ()  # empty: any title; else one of the words must occur
    period: str = ""  # PERIODIC: "month" | "quarter"
    government_due: str = "03-31"  # ANNUAL_REPORT: the 本级政府's report
    department_due: str = "01-31"  # ANNUAL_REPORT: departments and other units
    unit_codes: tuple[str, ...] = ()  # empty: every unit; else only these units (and below)
    active: bool = True

    def matches(self, genre: str, title: str) -> bool:
        if self.genres and genre not in self.genres:
            return False
        return not self.title_words or any(w in title for w in self.title_words)

    def describe(self) -> str:
        """The rule in one plain sentence, for the settings table and the monitoring sheet
        (a Chinese ``Sentence``: i18n.tr_text shows it in the interface language)."""
        what: object
        if self.genres:
            what = Seq(self.genres)
        elif self.title_words:
            what = Text("标题含“{words}”", words=Data("/".join(self.title_words)))
        else:
            what = Text("主动公开信息")
        days, unit = self.days, DAY_KIND_LABELS[self.day_kind]
        if self.kind == ITEM_DEADLINE:
            return Sentence(
                "{what}：自形成或变更之日起 {days} {unit}内公开", what=what, days=days, unit=unit
            )
        if self.kind == PERIODIC:
            per = Term("period", "每月" if self.period == "month" else "每季度")
            return Sentence(
                "{what}：{per}更新，期末后 {days} {unit}内公开",
                what=what,
                per=per,
                days=days,
                unit=unit,
            )
        if self.kind == ANNUAL_REPORT:
            return Sentence(
                "上一年度政府信息公开工作年度报告：部门 {dept} 前、本级政府 {gov} 前公布",
                dept=self.department_due,
                gov=self.government_due,
            )
        return Sentence(
            "{what}：公开后 {days} {unit}内发布关联的政策解读", what=what, days=days, unit=unit
        )


DEFAULT_RULES: tuple[DutyRule, ...] = (
    DutyRule(
        "art26",
        "主动公开 20 个工作日",
        ITEM_DEADLINE,
        "《中华人民共和国政府信息公开条例》第二十六条",
        days=20,
    ),
    DutyRule(
        "licence_7",
        "行政许可决定双公示",
        ITEM_DEADLINE,
        "发改办财金〔2017〕1171号：自作出行政决定之日起 7 个工作日内上网公开",
        days=7,
        title_words=("行政许可决定", "准予行政许可", "行政许可信息"),
    ),
    DutyRule(
        "penalty_7",
        "行政处罚决定双公示",
        ITEM_DEADLINE,
        "发改办财金〔2017〕1171号：自作出行政决定之日起 7 个工作日内上网公开",
        days=7,
        title_words=("行政处罚决定", "行政处罚信息"),
    ),
    DutyRule(
        "budget_20",
        "预算、决算批准后 20 日内公开",
        ITEM_DEADLINE,
        "《中华人民共和国预算法》第十四条",
        days=20,
        day_kind=DAYS,
        title_words=("预算", "决算"),
    ),
    DutyRule(
        "special_funds",
        "专项资金按季度公开",
        PERIODIC,
        "本机关规定（默认示例：专项资金分配和使用情况按季度公开，期末后 10 个工作日内）",
        days=10,
        period="quarter",
        title_words=("专项资金",),
    ),
    DutyRule(
        "annual_report",
        "年度报告按时公布",
        ANNUAL_REPORT,
        "《中华人民共和国政府信息公开条例》第四十九条",
        days=0,
    ),
    DutyRule(
        "interpretation",
        "政策文件同步解读",
        INTERPRETATION,
        "国办发〔2016〕80号《〈关于全面推进政务公开工作的意见〉实施细则》（解读与文件同步发布；"
        "默认最迟 3 个工作日）",
        days=3,
        genres=("规章", "行政规范性文件", "重大决策"),
    ),
)


def validate_rule(rule: DutyRule) -> DutyRule:
    """Check an administrator's rule; InputError in plain words for every bad field."""
    if not rule.code or not rule.code.replace("_", "").isalnum() or not rule.code.isascii():
        raise InputError("职责代码只能由英文字母、数字和下划线组成。")
    if not rule.name.strip():
        raise InputError("请填写职责名称。")
    if rule.kind not in KIND_LABELS:
        raise InputError("未知的职责类型：{kind}", kind=rule.kind)
    if rule.day_kind not in DAY_KIND_LABELS:
        raise InputError("未知的期限单位：{kind}", kind=rule.day_kind)
    if rule.kind != ANNUAL_REPORT and not 0 < rule.days <= 365:
        raise InputError("期限应为 1 到 365 之间的整数。")
    if rule.kind == PERIODIC and rule.period not in ("month", "quarter"):
        raise InputError("定期更新的职责须选择“每月”或“每季度”。")
    if rule.kind == PERIODIC and not rule.title_words and not rule.genres:
        raise InputError("定期更新的职责须指定体裁或标题关键词，否则任何信息都会算作已更新。")
    if rule.kind == ANNUAL_REPORT:
        for md in (rule.government_due, rule.department_due):
            try:
                dt.date(2001, int(md[:2]), int(md[3:]))
            except (ValueError, IndexError):
                raise InputError("年度报告截止日应写成 MM-DD：{md}", md=md) from None
    return replace(rule, name=rule.name.strip(), source=rule.source.strip())


def judge(due: dt.date, done_on: dt.date | None, as_of: dt.date) -> str:
    """The state of one obligation due on ``due`` and met on ``done_on``, seen on ``as_of``.

    Met on the due day itself counts as on time; a duty done after ``as_of`` is not yet done.
    """
    if done_on is not None and done_on <= as_of:
        return MET if done_on <= due else LATE
    return PENDING if as_of <= due else MISSING


# A calendar function: (start, n) -> the n-th working day after start.
NthWorkday = Callable[[dt.date, int], dt.date]


def due_after(rule: DutyRule, start: dt.date, nth_workday: NthWorkday) -> dt.date:
    """``rule.days`` after ``start``, never counting ``start`` itself (民法典 第二百零一条)."""
    if rule.day_kind == DAYS:
        return start + dt.timedelta(days=rule.days)
    return nth_workday(start, rule.days)


@dataclass(frozen=True)
class ItemFacts:
    """What the duty rules need of one item."""

    id: int
    unit_id: int
    index_no: str
    title: str
    genre: str
    disclosure: str
    formed_on: dt.date | None
    changed_on: dt.date | None
    published_on: dt.date | None  # only when the item is actually published
    related_id: int | None = None

    @property
    def clock_start(self) -> dt.date | None:
        """Art. 26 runs from the day the information was formed or last changed."""
        if self.changed_on and (self.formed_on is None or self.changed_on > self.formed_on):
            return self.changed_on
        return self.formed_on


@dataclass(frozen=True)
class Obligation:
    """One dated duty of one unit, and whether it was met."""

    rule_code: str
    unit_id: int
    subject: str  # what it is about: an item's title, a period, a report year
    ref: str  # 索引号 or period code, for the officer to find the record
    start: dt.date | None
    due: dt.date
    done_on: dt.date | None
    item_id: int | None = None

    def state(self, as_of: dt.date) -> str:
        return judge(self.due, self.done_on, as_of)


def item_obligations(
    rule: DutyRule, items: Iterable[ItemFacts], nth_workday: NthWorkday
) -> list[Obligation]:
    """ITEM_DEADLINE: every 主动公开 item the rule matches, due N days after it was formed."""
    out = []
    for it in items:
        start = it.clock_start
        if it.disclosure != PROACTIVE or start is None or not rule.matches(it.genre, it.title):
            continue
        out.append(
            Obligation(
                rule.code,
                it.unit_id,
                it.title,
                it.index_no,
                start,
                due_after(rule, start, nth_workday),
                it.published_on,
                it.id,
            )
        )
    return out


def interpretation_obligations(
    rule: DutyRule, items: Sequence[ItemFacts], nth_workday: NthWorkday
) -> list[Obligation]:
    """INTERPRETATION: each published policy the rule matches needs a published 解读 linked to it."""
    first_interp: dict[int, dt.date] = {}
    for it in items:
        if it.genre == INTERPRETATION_GENRE and it.related_id and it.published_on:
            prev = first_interp.get(it.related_id)
            if prev is None or it.published_on < prev:
                first_interp[it.related_id] = it.published_on
    out = []
    for it in items:
        if it.published_on is None or it.genre == INTERPRETATION_GENRE:
            continue
        if not rule.matches(it.genre, it.title):
            continue
        out.append(
            Obligation(
                rule.code,
                it.unit_id,
                it.title,
                it.index_no,
                it.published_on,
                due_after(rule, it.published_on, nth_workday),
                first_interp.get(it.id),
                it.id,
            )
        )
    return out


@dataclass(frozen=True)
class Period:
    code: str  # "2026-M03" / "2026-Q1"
    label: str
    first: dt.date
    last: dt.date


def periods(kind: str, first: dt.date, last: dt.date) -> list[Period]:
    """Every month or quarter whose last day falls between ``first`` and ``last`` (inclusive)."""
    step = 1 if kind == "month" else 3
    y, m = first.year, first.month if kind == "month" else 3 * ((first.month - 1) // 3) + 1
    out = []
    while dt.date(y, m, 1) <= last:
        ny, nm = y + (m + step - 1) // 12, (m + step - 1) % 12 + 1
        end = dt.date(ny, nm, 1) - dt.timedelta(days=1)
        if first <= end <= last:
            if kind == "month":
                out.append(Period(f"{y}-M{m:02d}", f"{y}年{m}月", dt.date(y, m, 1), end))
            else:
                q = (m - 1) // 3 + 1
                out.append(Period(f"{y}-Q{q}", f"{y}年第{q}季度", dt.date(y, m, 1), end))
        y, m = ny, nm
    return out


def periodic_obligations(
    rule: DutyRule,
    unit_ids: Iterable[int],
    items: Sequence[ItemFacts],
    first: dt.date,
    last: dt.date,
    nth_workday: NthWorkday,
) -> list[Obligation]:
    """PERIODIC: for every unit and every period ending in [first, last], one update is due.

    The period is met by the first matching item the unit published on or after the period's
    first day (an update published early in the next period still serves, late if past due).
    """
    published: dict[int, list[ItemFacts]] = {}
    for it in items:
        if it.published_on and rule.matches(it.genre, it.title):
            published.setdefault(it.unit_id, []).append(it)
    for rows in published.values():
        rows.sort(key=lambda r: (r.published_on, r.id))
    out = []
    for uid in unit_ids:
        rows = published.get(uid, [])
        for p in periods(rule.period, first, last):
            due = due_after(rule, p.last, nth_workday)
            hit = next((r for r in rows if r.published_on >= p.first), None)  # type: ignore[operator]
            out.append(
                Obligation(
                    rule.code,
                    uid,
                    f"{rule.name}（{p.label}）",
                    p.code,
                    p.last,
                    due,
                    hit.published_on if hit else None,
                    hit.id if hit else None,
                )
            )
    return out


@dataclass(frozen=True)
class UnitFacts:
    id: int
    name: str
    is_government: bool  # 本级政府 (Art. 49: by 31 March) rather than a department (31 January)


def annual_report_obligations(
    rule: DutyRule,
    units: Iterable[UnitFacts],
    published: dict[tuple[int, int], dt.date],
    first: dt.date,
    last: dt.date,
) -> list[Obligation]:
    """ANNUAL_REPORT: last year's report of each unit, due on its fixed day when that falls in range.

    ``published`` maps (unit id, report year) to the day the report was published (locked).
    """
    out = []
    for year in range(first.year, last.year + 1):
        for u in units:
            md = rule.government_due if u.is_government else rule.department_due
            due = dt.date(year, int(md[:2]), int(md[3:]))
            if not first <= due <= last:
                continue
            out.append(
                Obligation(
                    rule.code,
                    u.id,
                    f"{year - 1} 年度政府信息公开工作年度报告",
                    str(year - 1),
                    None,
                    due,
                    published.get((u.id, year - 1)),
                )
            )
    return out


@dataclass
class UnitTally:
    """One unit's line of the monthly monitoring sheet."""

    unit_id: int
    due: int = 0
    met: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0
    problems: list[Obligation] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        """Share met on time among the duties already decided (pending ones are not judged yet)."""
        decided = self.met + self.late + self.missing
        return None if decided == 0 else self.met / decided


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    if not (1 <= month <= 12) or not (2000 <= year <= 2100):
        raise InputError("月份不正确：{year}年{month}月", year=year, month=month)
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def tally(
    obligations: Iterable[Obligation], unit_ids: Iterable[int], as_of: dt.date
) -> dict[int, UnitTally]:
    """Count each unit's obligations by state; every unit asked for gets a line, even an empty one."""
    out = {uid: UnitTally(uid) for uid in unit_ids}
    for ob in obligations:
        t = out.get(ob.unit_id)
        if t is None:
            continue
        state = ob.state(as_of)
        t.due += 1
        setattr(t, state, getattr(t, state) + 1)
        if state in (LATE, MISSING):
            t.problems.append(ob)
    for t in out.values():
        t.problems.sort(key=lambda o: (o.due, o.ref))
    return out


# --- the monthly monitoring sheet (一月一监测), as plain data for every renderer


@dataclass
class MonitorLine:
    unit_id: int
    unit_name: str
    tally: UnitTally


@dataclass
class MonitorSheet:
    """Per unit: what was due in the month, met, late, missing — and the list behind it."""

    year: int
    month: int
    as_of: dt.date
    scope_name: str
    lines: list[MonitorLine]
    obligations: list[Obligation]
    rules: dict[str, DutyRule]
    unit_names: dict[int, str]
    notes: list[str] = field(default_factory=list)  # the year so far: Art. 44 decisions, training

    def state_rows(self) -> list[tuple[str, Obligation, str]]:
        """(unit name, obligation, state label) for every obligation not met on time."""
        out = []
        for ob in self.obligations:
            state = ob.state(self.as_of)
            if state != MET:
                out.append((self.unit_names.get(ob.unit_id, ""), ob, STATE_LABELS[state]))
        return out

    @property
    def title(self) -> str:
        return f"{self.scope_name}{self.year}年{self.month}月政务公开职责监测表"

    @property
    def complete(self) -> bool:
        return self.as_of >= month_bounds(self.year, self.month)[1]

    def totals(self) -> UnitTally:
        t = UnitTally(0)
        for line in self.lines:
            for k in ("due", "met", "late", "missing", "pending"):
                setattr(t, k, getattr(t, k) + getattr(line.tally, k))
        return t


# --- Art. 44: several applicants, the same disclosed information -> propose proactive disclosure

DISCLOSED_OUTCOMES = ("3.1", "3.2")


def _norm(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _bigrams(text: str) -> frozenset[str]:
    t = _norm(text)
    return frozenset(t[i : i + 2] for i in range(len(t) - 1)) or frozenset({t})


def content_similarity(a: str, b: str) -> float:
    """How alike two requests are: 1.0 when one contains the other, else bigram Jaccard."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    if na in nb or nb in na:
        return 1.0
    ba, bb = _bigrams(na), _bigrams(nb)
    return len(ba & bb) / len(ba | bb)


@dataclass(frozen=True)
class ReplyFacts:
    """A replied application, as Art. 44 needs it."""

    id: int
    unit_id: int
    reg_no: str
    applicant_key: str  # ID number, else name: who asked
    content: str
    outcome_code: str
    replied_on: dt.date


@dataclass
class Proposal:
    """A group of applications asking for the same disclosed information."""

    unit_id: int
    key: str  # stable: the earliest case's registration number
    content: str
    cases: list[ReplyFacts]

    @property
    def applicants(self) -> int:
        return len({c.applicant_key for c in self.cases})


def art44_proposals(
    replies: Iterable[ReplyFacts], min_applicants: int = 3, threshold: float = 0.6
) -> list[Proposal]:
    """Groups of disclosed replies (3.1/3.2) of one unit with alike content from enough applicants.

    Greedy: cases in reply order join the first group whose opening request they resemble.
    """
    if min_applicants < 2:
        raise InputError("“多个申请人”至少为 2 人。")
    groups: list[Proposal] = []
    for r in sorted(replies, key=lambda r: (r.replied_on, r.id)):
        if r.outcome_code not in DISCLOSED_OUTCOMES or not _norm(r.content):
            continue
        for g in groups:
            if g.unit_id == r.unit_id and content_similarity(g.content, r.content) >= threshold:
                g.cases.append(r)
                break
        else:
            groups.append(Proposal(r.unit_id, r.reg_no, r.content, [r]))
    return [g for g in groups if g.applicants >= min_applicants]


# --- training (学习培训) summary for sections 五/六 of the annual report


@dataclass(frozen=True)
class TrainingFacts:
    held_on: dt.date
    kind: str  # "plan" | "session"
    hours: float
    attendees: int


def training_summary(rows: Iterable[TrainingFacts], year: int) -> str:
    """One sentence an officer can paste into section 五 of the annual report."""
    plans = sessions = people = 0
    hours = 0.0
    for r in rows:
        if r.held_on.year != year:
            continue
        if r.kind == "plan":
            plans += 1
            continue
        sessions += 1
        people += r.attendees
        hours += r.hours
    if not (plans or sessions):
        return f"{year}年未登记政府信息公开学习培训。"
    h = f"{hours:g}"
    plan = f"制定培训计划 {plans} 项，" if plans else ""
    return (
        f"{year}年{plan}组织政府信息公开学习培训 {sessions} 次，累计 {h} 学时，参训 {people} 人次。"
    )
