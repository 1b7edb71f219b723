"""`scan FILE... [--json]`: the pre-publication scan of files (PRODUCT.md §3, §4.2).

Reads .txt, .docx, .pdf, .xlsx/.xls/.et/.csv, .doc/.wps (when antiword or catdoc is installed),
images (always "check by hand") and ``-`` (text on standard input). Exit status: 0 when nothing
blocks, 3 when any finding has severity block, 2 for bad input (unreadable path, broken file),
1 for other failures.

Works without any database. When one is named (--db / DISCLOSURE_DESK_DB) or the default one
exists, its sensitive-keyword list is added; a database that cannot be opened only costs the
keywords (a warning on stderr), never the scan.
"""

from __future__ import annotations

import os
import sys

from disclosure_desk.cli import common
from disclosure_desk.domain.errors import DeskError, PermissionDenied
from disclosure_desk.domain.scanner import KIND_LABELS, SEVERITY_LABELS, Keyword
from disclosure_desk.i18n import tr


def register(sub) -> None:
    p = sub.add_parser(
        "scan",
        help=tr(
            "发布前审查：扫描文本、Word、WPS、Excel、PDF 和图片中的个人信息、密级和草稿标志"
            "（有“禁止发布”的发现时退出码为 3）"
        ),
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help=tr("要审查的文件；- 表示从标准输入读取文字")
    )
    p.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))
    p.add_argument("--unit", metavar="CODE", help=tr("只用该单位（及全部单位通用）的敏感词"))
    p.add_argument("--no-db", action="store_true", help=tr("不读取数据库中的敏感词"))
    p.set_defaults(func=cmd_scan)


def _db_keywords(args) -> list[Keyword]:
    if args.no_db:
        return []
    from disclosure_desk.services.common import setup
    from disclosure_desk.services.reviews import scan as review_scan

    try:
        t = common.target(args)
        explicit = bool(args.db or os.environ.get("DISCLOSURE_DESK_DB"))
        if t.kind == "sqlite" and (t.path is None or not t.path.exists()):
            if explicit:
                sys.stderr.write(
                    tr(
                        "disclosure-desk: 提示：数据库文件不存在（{path}），未使用自定义敏感词。\n"
                    ).format(path=t.path)
                )
            return []
        setup.open_target(t)
        common.optional_actor(args)  # read-only: signs in only when --user is given (§4.1)
        if args.unit:
            return review_scan.keywords_for_unit(review_scan.unit_id_by_code(args.unit))
        return review_scan.all_keywords()
    except PermissionDenied:
        raise  # a failed sign-in is an error, not a hint
    except DeskError as exc:
        sys.stderr.write(
            tr(
                "disclosure-desk: 提示：无法读取数据库中的敏感词（{message}），仅做内置审查。\n"
            ).format(message=exc.message)
        )
        return []
    except Exception as exc:  # noqa: BLE001 — a broken or foreign database must not stop the scan
        sys.stderr.write(
            tr("disclosure-desk: 提示：无法读取数据库中的敏感词（{exc}），仅做内置审查。\n").format(
                exc=exc
            )
        )
        return []


def cmd_scan(args) -> int:
    from disclosure_desk.services.reviews import scan as review_scan

    results = review_scan.scan_paths(args.files, _db_keywords(args))
    if args.json:
        common.print_json(
            {
                "files": [
                    {
                        "path": r.path,
                        "error": r.error,
                        "findings": [review_scan.finding_json(f) for f in r.findings],
                    }
                    for r in results
                ]
            }
        )
    else:
        _print_text(results)
    if any(r.bad_input for r in results):
        return 2
    if any(r.error for r in results):
        return 1
    blocked = any(f.severity == "block" for r in results for f in r.findings)
    return BLOCKED_EXIT if blocked else 0


BLOCKED_EXIT = 3


def _print_text(results) -> None:
    for r in results:
        print(r.path)
        if r.error:
            print(tr("  错误：{error}").format(error=r.error))
            continue
        if not r.findings:
            print(tr("  未发现需要处理的内容。"))
            continue
        blocks = sum(1 for f in r.findings if f.severity == "block")
        print(
            tr("  共 {n} 处，其中禁止发布 {blocks} 处：").format(n=len(r.findings), blocks=blocks)
        )
        for f in r.findings:
            kind = tr(KIND_LABELS.get(f.kind, f.kind))
            sev = tr(SEVERITY_LABELS.get(f.severity, f.severity))
            where = f"{f.location}，" if f.location else ""
            if f.start == f.end and not f.text:
                print(f"  [{sev}] {kind}  {where}{f.note}")
                continue
            print(
                tr("  [{sev}] {kind}  {where}位置 {start}-{end}  “{text}” → “{masked}”").format(
                    sev=sev,
                    kind=kind,
                    where=where,
                    start=f.start,
                    end=f.end,
                    text=f.text,
                    masked=f.masked,
                )
            )
