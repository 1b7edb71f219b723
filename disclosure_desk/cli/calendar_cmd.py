"""`deadline` and `calendar show/import`: the statutory clocks from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from disclosure_desk.cli import common
from disclosure_desk.domain.clocks import Pause, compute_application_clocks
from disclosure_desk.domain.dates import parse_date
from disclosure_desk.domain.errors import InputError
from disclosure_desk.i18n import tr

# The holiday file's day types (休 = day off, 班 = working 调休 day), as in the JSON it reads.
HOLIDAY_FILE_TYPES = {False: "休", True: "班"}


def register(sub) -> None:
    p = sub.add_parser("deadline", help=tr("计算依申请公开的法定期限（工作日）"))
    p.add_argument("--received", required=True, help=tr("收到申请日期"))
    p.add_argument("--corrected", help=tr("收到补正后申请的日期（期限重新起算）"))
    p.add_argument(
        "--pause",
        nargs=2,
        action="append",
        metavar=("S", "E"),
        default=[],
        help=tr("不计入期限的暂停（征求意见、收费）起止日期，可多次给出"),
    )
    p.add_argument("--extended", action="store_true", help=tr("已批准延期"))
    p.add_argument("--today", help=tr("计算剩余天数所用的“今天”（默认今天）"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_deadline)

    p = sub.add_parser("calendar", help=tr("节假日与调休"))
    csub = p.add_subparsers(dest="calendar_command", required=True)
    s = csub.add_parser("show", help=tr("列出某年的节假日和调休上班日"))
    s.add_argument("year", type=int)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_show)
    i = csub.add_parser("import", help=tr("导入节假日文件（CSV/xlsx：日期, 类型(休/班), 名称）"))
    i.add_argument("file", type=Path)
    i.set_defaults(func=cmd_import)


def _calendar(args):
    """The database calendar when a database is available; the package alone otherwise."""
    from disclosure_desk.services.common import calendar, setup

    t = setup.parse_target(args.db)
    if t.kind == "sqlite" and (t.path is None or not t.path.exists()):
        if args.db:
            raise InputError(tr("数据库文件不存在：{path}").format(path=t.path))
        return calendar.work_calendar(use_db=False)
    setup.open_target(t)
    common.optional_actor(args)  # read-only: signs in only when --user is given (§4.1)
    return calendar.work_calendar()


# Statutory clocks run a few months past a date; far-off years are typing mistakes (and 9999-12-31
# would run off the end of the calendar).
FIRST_YEAR, LAST_YEAR = 1990, 2200


def _d(value: str, label: str) -> dt.date:
    try:
        day = parse_date(value)
    except InputError as exc:
        raise InputError(tr("{field}：{message}").format(field=label, message=exc)) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(
            tr("{label}：{day} 超出可计算的范围（{FIRST_YEAR}–{LAST_YEAR} 年）。").format(
                label=label, day=day.isoformat(), FIRST_YEAR=FIRST_YEAR, LAST_YEAR=LAST_YEAR
            )
        )
    return day


def cmd_deadline(args) -> int:
    received = _d(args.received, "--received")
    corrected = _d(args.corrected, "--corrected") if args.corrected else None
    if corrected and corrected < received:
        raise InputError(tr("补正日期不能早于收到申请日期。"))
    pauses = [
        Pause(_d(s, tr("--pause 开始")), _d(e, tr("--pause 结束")), "third_party")
        for s, e in args.pause
    ]
    today = _d(args.today, "--today") if args.today else None
    cal = _calendar(args)
    clocks = compute_application_clocks(
        cal, received, corrected, pauses, extended=args.extended, today=today
    )
    if args.json:
        common.print_json(clocks.to_json_dict())
        return 0

    def show(d):
        return d.isoformat() if d else tr("未知（暂停中）")

    print(tr("收到申请：{received}").format(received=clocks.received))
    print(tr("起算日：  {clock_start}").format(clock_start=clocks.clock_start))
    print(
        tr("补正告知期限（第7个工作日）：{value}").format(value=show(clocks.correction_notice_due))
    )
    print(tr("答复期限（第20个工作日）：   {value}").format(value=show(clocks.due)))
    print(tr("延期后期限（第40个工作日）： {value}").format(value=show(clocks.extended_due)))
    if clocks.excluded_working_days:
        print(
            tr("暂停期间不计入的工作日：")
            + "、".join(d.isoformat() for d in clocks.excluded_working_days)
        )
    skipped = [s for s in clocks.explanation if s.kind != "workday"]
    if skipped:
        print(tr("说明："))
        from disclosure_desk.services.common.calendar import step_words

        for step in skipped:
            print(f"  {step.day.isoformat()} {step_words(step.reason)}")
    return 0


def cmd_show(args) -> int:
    from disclosure_desk.services.common import calendar

    if not FIRST_YEAR <= args.year <= LAST_YEAR:
        raise InputError(
            tr("年份 {year} 不在有效范围内（{FIRST_YEAR}–{LAST_YEAR}）。").format(
                year=args.year, FIRST_YEAR=FIRST_YEAR, LAST_YEAR=LAST_YEAR
            )
        )
    _calendar(args)
    rows = calendar.year_table(args.year) if _has_db() else _package_rows(args.year)
    if args.json:
        common.print_json(
            [
                {
                    "date": r.day.isoformat(),
                    "type": HOLIDAY_FILE_TYPES[r.is_workday],
                    "name": r.name,
                    "source": r.source,
                }
                for r in rows
            ]
        )
        return 0
    print(tr("{year} 年节假日与调休（休 = 放假，班 = 调休上班）").format(year=args.year))
    for r in rows:
        kind = tr("班") if r.is_workday else tr("休")
        print(f"{r.day.isoformat()}  {kind}  {tr(r.name)}  [{tr(r.source)}]")
    return 0


def _has_db() -> bool:
    from disclosure_desk.services.common import setup

    return setup.is_open()


def _package_rows(year: int):
    from disclosure_desk.services.common.calendar import SOURCE_BUILT_IN, HolidayRow, work_calendar

    cal = work_calendar(use_db=False)
    if not cal.is_known_year(year):
        raise InputError(
            tr("没有 {year} 年的节假日数据；请先创建数据库并导入该年的放假安排。").format(year=year)
        )
    return [
        HolidayRow(o.day, o.is_workday, o.name, SOURCE_BUILT_IN) for o in cal.year_overrides(year)
    ]


def cmd_import(args) -> int:
    from disclosure_desk.services.common import calendar

    common.open_db(args)
    count, _ = calendar.import_file(common.actor(args), args.file)  # file errors are InputErrors
    print(tr("已导入 {count} 天的节假日/调休安排。").format(count=count))
    return 0
