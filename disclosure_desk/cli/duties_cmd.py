"""`duties …`: the body's own disclosure duties — monthly monitoring, 同步解读, Art. 44 proposals,
hand-over to the archive and the library, and training records."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from disclosure_desk.cli import common
from disclosure_desk.domain.dates import parse_date
from disclosure_desk.domain.duties import HANDOVER_RECIPIENTS
from disclosure_desk.domain.errors import InputError
from disclosure_desk.i18n import tr, tr_text


def register(sub) -> None:
    p = sub.add_parser(
        "duties", help=tr("公开职责监测（一月一监测、同步解读、依申请转主动、移交、培训）")
    )
    dsub = p.add_subparsers(dest="duties_command", required=True)

    m = dsub.add_parser("monitor", help=tr("月度监测表"))
    m.add_argument("--year", type=int, required=True)
    m.add_argument("--month", type=int, required=True)
    m.add_argument("--unit", help=tr("单位代码（含下级单位）"))
    m.add_argument("--as-of", help=tr("按哪一天的情况判断（缺省为今天）"))
    m.add_argument("--pdf", help=tr("输出 PDF 文件；“-”表示标准输出"))
    m.add_argument("--docx", help=tr("输出 Word 文件；“-”表示标准输出"))
    m.add_argument("--json", help=tr("输出 JSON 文件；“-”表示标准输出"))
    m.set_defaults(func=cmd_monitor)

    r = dsub.add_parser("rules", help=tr("列出公开职责规则"))
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_rules)

    s = dsub.add_parser("rule", help=tr("修改一条公开职责规则（管理员）"))
    s.add_argument("code")
    s.add_argument("--days", type=int)
    s.add_argument("--active", choices=("yes", "no"))
    s.add_argument("--units", help=tr("只适用于这些单位代码（逗号分隔；空字符串表示全部单位）"))
    s.add_argument("--reset", action="store_true", help=tr("恢复内置默认值"))
    s.set_defaults(func=cmd_rule)

    i = dsub.add_parser("interpretation", help=tr("未同步解读的政策文件"))
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=cmd_interpretation)

    pr = dsub.add_parser(
        "proposals", help=tr("多人申请同一信息：建议转为主动公开（条例第四十四条）")
    )
    pr.add_argument("--json", action="store_true")
    pr.add_argument("--min-applicants", type=int, default=3)
    pr.set_defaults(func=cmd_proposals)

    dc = dsub.add_parser("decide", help=tr("对转主动公开建议作出决定"))
    dc.add_argument("unit", help=tr("单位代码"))
    dc.add_argument("key", help=tr("建议编号（最早一件申请的编号）"))
    dc.add_argument("decision", choices=("adopt", "reject"))
    dc.add_argument("--reason", default="")
    dc.add_argument("--item", default="", help=tr("已主动公开信息的索引号"))
    dc.set_defaults(func=cmd_decide)

    h = dsub.add_parser("handover", help=tr("年度移交包（档案馆、公共图书馆）"))
    h.add_argument("--year", type=int, required=True)
    h.add_argument("--out", type=Path, required=True)
    h.add_argument("--unit")
    h.add_argument("--record", choices=HANDOVER_RECIPIENTS, help=tr("同时登记已移交给谁"))
    h.add_argument("--on", help=tr("移交日期（缺省为今天）"))
    h.set_defaults(func=cmd_handover)

    t = dsub.add_parser("training", help=tr("学习培训记录"))
    tsub = t.add_subparsers(dest="training_command", required=True)
    ta = tsub.add_parser("add")
    ta.add_argument("--unit", required=True)
    ta.add_argument("--kind", choices=("plan", "session"), default="session")
    ta.add_argument("--title", required=True)
    ta.add_argument("--on", required=True)
    ta.add_argument("--hours", default="0")
    ta.add_argument("--attendees", default="", help=tr("参训人员名单（顿号或逗号分隔）"))
    ta.add_argument("--count", type=int, help=tr("参训人数（不列名单时）"))
    ta.set_defaults(func=cmd_training_add)
    tl = tsub.add_parser("summary")
    tl.add_argument("--year", type=int, required=True)
    tl.add_argument("--unit")
    tl.set_defaults(func=cmd_training_summary)


def _out(target: str, data: bytes, actor=None, what: str = "") -> None:
    common.write_output(target, data, actor, what)
    if target != "-":
        print(tr("已生成 {target}").format(target=target), file=sys.stderr)


def _date(text: str | None, what: str) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return parse_date(text)
    except InputError as exc:
        raise InputError(tr("{field}：{message}").format(field=what, message=exc)) from None


def cmd_monitor(args) -> int:
    from disclosure_desk.services.duties import monitoring as duties

    common.open_db(args)
    actor = common.actor(args)
    sheet = duties.monitor(actor, args.year, args.month, args.unit, _date(args.as_of, "--as-of"))
    if not (args.pdf or args.docx or args.json):
        for line in sheet.lines:
            t = line.tally
            print(
                tr(
                    "{unit_name}\t应完成 {due}\t按时 {met}\t逾期完成 {late}\t未完成 {missing}\t未到期 {pending}"
                ).format(
                    unit_name=line.unit_name,
                    due=t.due,
                    met=t.met,
                    late=t.late,
                    missing=t.missing,
                    pending=t.pending,
                )
            )
        return 0
    if args.json:
        text = json.dumps(duties.monitor_json(sheet), ensure_ascii=False, indent=2) + "\n"
        _out(args.json, text.encode(), actor, "duty_monitoring")
    if args.pdf:
        _out(args.pdf, duties.monitor_pdf(sheet), actor, "duty_monitoring")
    if args.docx:
        _out(args.docx, duties.monitor_docx(sheet), actor, "duty_monitoring")
    return 0


def cmd_rules(args) -> int:
    from disclosure_desk.services.duties import monitoring as duties

    common.open_db(args)
    common.actor(args).require("record.view")
    rows = duties.rule_rows()
    if args.json:
        common.print_json(
            [
                {
                    "code": r.rule.code,
                    "name": r.rule.name,
                    "kind": r.rule.kind,
                    "active": r.rule.active,
                    "days": r.rule.days,
                    "rule": r.rule.describe(),
                    "source": r.rule.source,
                    "customised": r.customised,
                    "version": r.version,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        mark = "" if r.rule.active else tr("（已停用）")
        print(
            tr("{code}\t{name}{mark}\t{value}\t依据：{source}").format(
                code=r.rule.code,
                name=tr(r.rule.name),
                mark=mark,
                value=tr_text(r.rule.describe()),
                source=r.rule.source,
            )
        )
    return 0


def cmd_rule(args) -> int:
    from dataclasses import replace

    from disclosure_desk.services.duties import monitoring as duties

    common.open_db(args)
    actor = common.actor(args)
    if args.reset:
        duties.reset_rule(actor, args.code)
        print(tr("已恢复 {code} 的默认值").format(code=args.code))
        return 0
    current = next((r for r in duties.rules(active_only=False) if r.code == args.code), None)
    if current is None:
        raise InputError(tr("没有代码为“{code}”的公开职责。").format(code=args.code))
    changes: dict = {}
    if args.days is not None:
        changes["days"] = args.days
    if args.active:
        changes["active"] = args.active == "yes"
    if args.units is not None:
        changes["unit_codes"] = tuple(c.strip() for c in args.units.split(",") if c.strip())
    if not changes:
        raise InputError(tr("请用 --days、--active 或 --units 指定要修改的内容。"))
    duties.save_rule(actor, replace(current, **changes))
    print(tr("已修改 {code}").format(code=args.code))
    return 0


def cmd_interpretation(args) -> int:
    from disclosure_desk.domain.duties import STATE_LABELS
    from disclosure_desk.services.duties import monitoring as duties

    common.open_db(args)
    gaps = duties.interpretation_gaps(common.actor(args))
    if args.json:
        common.print_json(
            [
                {
                    "index_no": ob.ref,
                    "title": ob.subject,
                    "published_on": ob.start,
                    "due": ob.due,
                    "interpreted_on": ob.done_on,
                    "state": state,
                }
                for ob, state in gaps
            ]
        )
        return 0
    if not gaps:
        print(tr("近 12 个月发布的政策文件均已按时解读。"))
    for ob, state in gaps:
        print(
            tr("{ref}\t{subject}\t发布 {start}\t解读应于 {due} 前\t{value}").format(
                ref=ob.ref,
                subject=ob.subject,
                start=ob.start,
                due=ob.due,
                value=STATE_LABELS[state],
            )
        )
    return 0


def cmd_proposals(args) -> int:
    from disclosure_desk.services.duties import records as duties_records

    common.open_db(args)
    views = duties_records.proposals(common.actor(args), min_applicants=args.min_applicants)
    if args.json:
        common.print_json(
            [
                {
                    "unit": v.unit_name,
                    "key": v.proposal.key,
                    "content": v.proposal.content,
                    "applicants": v.proposal.applicants,
                    "cases": [c.reg_no for c in v.proposal.cases],
                    "decision": v.decision,
                    "reason": v.reason,
                }
                for v in views
            ]
        )
        return 0
    if not views:
        print(tr("没有需要考虑转为主动公开的申请。"))
    for v in views:
        decided = {"adopt": tr("已纳入主动公开"), "reject": tr("不纳入：") + v.reason}.get(
            v.decision, tr("待决定")
        )
        print(
            tr("{unit_name}\t{key}\t{applicants} 人申请\t{content}\t{decided}").format(
                unit_name=v.unit_name,
                key=v.proposal.key,
                applicants=v.proposal.applicants,
                content=v.proposal.content,
                decided=decided,
            )
        )
    return 0


def cmd_decide(args) -> int:
    from disclosure_desk.services.duties import records as duties_records

    common.open_db(args)
    duties_records.decide_proposal(
        common.actor(args),
        duties_records.unit_id_by_code(args.unit),
        args.key,
        args.decision,
        args.reason,
        args.item,
    )
    print(tr("已记录决定"))
    return 0


def cmd_handover(args) -> int:
    from disclosure_desk.services.duties import records as duties_records

    common.open_db(args)
    actor = common.actor(args)
    pkg = duties_records.build_handover_package(actor, args.year, args.out, args.unit)
    print(
        tr("已生成 {out}：{items} 条信息，{files} 个文件，SHA-256 {sha256}").format(
            out=args.out, items=pkg.items, files=pkg.files, sha256=pkg.sha256
        )
    )
    if args.record:
        duties_records.record_handover(
            actor, args.year, args.record, _date(args.on, "--on"), pkg, unit_code=args.unit
        )
        print(tr("已登记移交给{record}").format(record=args.record))
    return 0


def cmd_training_add(args) -> int:
    from disclosure_desk.services.duties import records as duties_records

    common.open_db(args)
    duties_records.add_training(
        common.actor(args),
        duties_records.unit_id_by_code(args.unit),
        args.kind,
        args.title,
        _date(args.on, "--on"),
        args.hours,
        args.attendees,
        args.count,
    )
    print(tr("已登记"))
    return 0


def cmd_training_summary(args) -> int:
    from disclosure_desk.services.duties import records as duties_records

    common.open_db(args)
    print(duties_records.training_summary(common.actor(args), args.year, args.unit))
    return 0
