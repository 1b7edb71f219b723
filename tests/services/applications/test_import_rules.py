"""Every check of the applications import, pinned on hand-written ledgers (issue 18).

The import is tuned for speed (memoised cell parsing, a fast path for valid rows); these tests
hold what an officer sees — which rows are refused, in which column, with which words — on input
written here by hand, not produced by the code under test: a CSV typed as text (BOM, blank lines,
full-width digits, aliases, every kind of error), the same in GB18030, a ledger with a title row
above the headers, and an .xlsx with typed cells (dates, Excel serial numbers, numbers, booleans).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.applications import spreadsheets as applications_io
from disclosure_desk.store.models import Application

HEADER = "申请编号,收到日期,申请方式,申请人类型,申请人,证件号码,联系电话,申请内容,补正告知日期,补正收到日期,办理结果,答复日期,是否延期,收费金额,备注"

# Record numbers (the header is row 1) are given in the comment at the end of each line.
LEDGER = f"""\ufeff{HEADER}
,２０２５－０３－０５,当面,自然人,李四,11010519491231002x,13800000000,某文件,,,予以公开,2025/3/20,否,,
,,,,,,,,,,,,,,
旧申〔2024〕7号,2024年12月1日,网上申请,商业企业,某公司,91330100MA27XYB12R,,合同,20241203,2024.12.9,3.4.1,2024-12-30 00:00:00,否,"1,200元",
   ,  ,,,,,,,,,,,,,\u3000
,,,,王五,,,,,,,,,,
,2025-13-40,飞鸽,外星人,赵六,,,,,,不知道,,Maybe,abc,
,2025-01-02,当面,自然人,孙七,110105194912310021,,,,,,,,-5,
,2025-01-02,邮寄,商业企业,某厂,91330100MA27XYB12A,,,,,,,,,
,2025-03-10,当面,其他,某协会,,,,2025-03-01,,,,,,
,2025-03-10,当面,其他,某协会,,,,,2025-03-12,,,,,
,2025-03-10,当面,其他,某协会,,,,2025-03-12,2025-03-11,,,,,
,2025-03-10,当面,其他,某协会,,,,,,3.1,,,,
,2025-03-10,当面,其他,某协会,,,,,,,2025-03-20,,,
,2025-03-10,当面,其他,某协会,,,,,,3.1,2025-03-09,,,
,2025-03-01,当面,其他,某协会,,,,2025-03-02,2025-03-10,3.1,2025-03-05,,,
旧申〔2024〕7号,2025-03-01,当面,其他,某协会,,,,,,,,,,
,2025-03-01,当面,其他,某协会,,,,,,3.1,2025-03-30,YES,,
,2025-03-01,当面,其他,某协会,,,,,,3.1,2025-03-30,,1.234,
,2025-03-01,当面,其他,某协会,,,,,,3.1,2025-03-30,,20000000,
,2025-03-01,当面,其他,某协会,,,,,,3.1,2025/2/30,,,
DB-001,2025-03-01,当面,其他,某协会,,,,,,,,,,
,'=2025-03-05,当面,其他,某协会,,,,,,,,,,
,2025-03-05,挂号信,自然人,周八,110105491231002,,,,,3.1,2025-03-06,NO,,
,20250305,电邮,自然人,吴九,110105 19491231 002X,,,２０２５.３.６,2025-03-07T10:30,3.2,2025年3月8日,no,50,
"""
# rows:  2 valid · 3 blank · 4 valid · 5 blank (spaces, an ideographic space) · 6 required
# columns empty · 7 every cell wrong · 8 bad ID number, negative fee · 9 bad credit code · 10–16
# cross-column date rules · 17 number repeats row 4 · 18 extension without a leader · 19–20 fee
# decimals and size · 21 impossible reply date · 22 number already in the database · 23 a
# formula-guarded cell is text, not a date · 24, 25 valid (aliases, 15-digit ID, spaced ID,
# full-width and time-suffixed dates, NO/no); row 18's YES means extended

DATE_HINT = "请写成 2025-03-05、2025/3/5、2025.3.5、2025年3月5日 或 20250305。"
CHANNELS = "当面、邮寄、平常信函、网络、传真、电子邮件、口头"
TYPES = "自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他"
EXTENSION = (
    "延期须经主管领导批准：含延期的申请请由主管领导账号导入，或先按未延期导入、"
    "再由主管领导在案卷中批准延期。"
)

EXPECTED = [
    (6, "收到日期", "“收到日期”不能为空。"),
    (6, "申请方式", "“申请方式”不能为空。"),
    (6, "申请人类型", "“申请人类型”不能为空。"),
    (7, "收到日期", "日期“2025-13-40”不存在，请检查年、月、日。"),
    (7, "申请方式", f"未知的申请方式“飞鸽”；可选：{CHANNELS}。"),
    (7, "申请人类型", f"申请人类型“外星人”无法识别，应为：{TYPES}。"),
    (
        7,
        "办理结果",
        "办理结果“不知道”不是规定的结果名称或代码，请使用年度报告表三中的名称（如“予以公开”）"
        "或代码（如 3.1）。",
    ),
    (7, "是否延期", "“是否延期”应填“是”或“否”，不能是“maybe”。"),
    (7, "收费金额", "收费金额“abc”不是有效的金额。"),
    (
        8,
        "证件号码",
        "身份证号码“110105194912310021”无效：校验位或出生日期不正确，请核对后重新输入。",
    ),
    (8, "收费金额", "收费金额不能为负数。"),
    (
        9,
        "证件号码",
        "统一社会信用代码“91330100MA27XYB12A”无效：校验位不正确，请核对后重新输入"
        "（18 位，GB 32100）。",
    ),
    (10, "补正告知日期", "补正告知日期早于收到日期。"),
    (11, "补正收到日期", "填写了补正收到日期，但没有补正告知日期。"),
    (12, "补正收到日期", "补正收到日期早于补正告知日期。"),
    (13, "答复日期", "已填写办理结果，请同时填写答复日期。"),
    (14, "办理结果", "已填写答复日期，请同时填写办理结果（年度报告表三中的一项）。"),
    (15, "答复日期", "答复日期早于收到申请（或收到补正）的日期。"),
    (16, "答复日期", "答复日期早于收到申请（或收到补正）的日期。"),
    (17, "申请编号", "申请编号与第 4 行重复。"),
    (18, "是否延期", EXTENSION),
    (19, "收费金额", "收费金额最多保留两位小数（分）。"),
    (20, "收费金额", "收费金额“20000000”超过 10,000,000 元，不像真实的信息处理费，请核对。"),
    (21, "答复日期", "日期“2025/2/30”不存在，请检查年、月、日。"),
    (22, "申请编号", "申请编号“DB-001”已存在。"),
    (23, "收到日期", f"无法识别的日期“=2025-03-05”；{DATE_HINT}"),
]


def _existing_number(db) -> None:
    data = svc.NewApplication(
        unit_id=db.admin.unit_id or applications_io._root_unit(),
        received_on=dt.date(2024, 5, 6),
        channel="当面",
        applicant_type="other_org",
        applicant_name="早先的申请人",
    )
    svc.register(db.admin, data, reg_no="DB-001")


def _clerk(db):
    """An officer: may import, may not record an extension (that needs the leader)."""
    from disclosure_desk.store.models import User

    if not User.select().where(User.login == "clerk").exists():
        db.user("clerk", "officer")
    from disclosure_desk.services.common import auth

    return auth.sign_in("clerk", "Secret@123")


def _errors(report) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in report.errors]


def test_every_rule_on_a_hand_written_csv(db, tmp_path):
    _existing_number(db)
    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER, encoding="utf-8")
    for dry_run in (True, False):
        report = applications_io.import_applications(_clerk(db), path, dry_run=dry_run)
        assert _errors(report) == EXPECTED
        assert report.as_json() == {
            "ok": False,
            "imported": 0,
            "errors": [{"row": r, "column": c, "message": m} for r, c, m in EXPECTED],
        }
        # rows that passed every check of their own: 2, 4, 18, 22, 24, 25
        assert report.checked == 6
    assert Application.select().count() == 1  # all or nothing: only the earlier case


def test_the_same_ledger_in_gb18030(db, tmp_path):
    _existing_number(db)
    path = tmp_path / "ledger-gbk.csv"
    path.write_bytes(LEDGER.lstrip("\ufeff").encode("gb18030"))
    report = applications_io.import_applications(_clerk(db), path, dry_run=True)
    assert _errors(report) == EXPECTED


def _valid_lines() -> str:
    lines = LEDGER.splitlines()
    keep = {1, 2, 3, 4, 5, 24, 25}  # header, rows 2–5 (two blank) and the two valid rows at the end
    return "\n".join(line for n, line in enumerate(lines, start=1) if n in keep) + "\n"


def test_valid_rows_are_stored_as_written(db, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(_valid_lines(), encoding="utf-8")
    dry = applications_io.import_applications(_clerk(db), path, dry_run=True)
    assert dry.as_json() == {"ok": True, "imported": 0, "errors": []} and dry.checked == 4
    report = applications_io.import_applications(_clerk(db), path)
    assert report.as_json() == {"ok": True, "imported": 4, "errors": []}
    got = {
        a.applicant_name: a
        for a in Application.select().order_by(Application.received_on, Application.id)
    }
    li, co, zhou, wu = got["李四"], got["某公司"], got["周八"], got["吴九"]
    assert (li.received_on, li.channel, li.applicant_type) == (
        dt.date(2025, 3, 5),
        "当面",
        "natural_person",
    )
    assert (li.id_number, li.outcome_code, li.replied_on, li.extended) == (
        "11010519491231002X",
        "3.1",
        dt.date(2025, 3, 20),
        False,
    )
    assert (li.contact_phone, li.content, li.status) == ("13800000000", "某文件", "replied")
    assert (co.reg_no, co.received_on, co.channel, co.applicant_type) == (
        "旧申〔2024〕7号",
        dt.date(2024, 12, 1),
        "网络",
        "commercial",
    )
    assert (co.correction_requested_on, co.correction_received_on) == (
        dt.date(2024, 12, 3),
        dt.date(2024, 12, 9),
    )
    assert (co.outcome_code, co.replied_on, Decimal(co.fee_collected)) == (
        "3.4.1",
        dt.date(2024, 12, 30),
        Decimal("1200.00"),
    )
    assert co.outcome_ground.startswith("《中华人民共和国政府信息公开条例》第")
    assert (zhou.channel, zhou.id_number, zhou.extended) == ("邮寄", "110105491231002", False)
    assert (wu.received_on, wu.channel, wu.id_number) == (
        dt.date(2025, 3, 5),
        "电子邮件",
        "11010519491231002X",
    )
    assert (wu.correction_requested_on, wu.correction_received_on, wu.replied_on) == (
        dt.date(2025, 3, 6),
        dt.date(2025, 3, 7),
        dt.date(2025, 3, 8),
    )
    assert (wu.outcome_code, Decimal(wu.fee_collected), wu.fee_paid_on) == (
        "3.2",
        Decimal("50.00"),
        dt.date(2025, 3, 8),
    )


def test_a_title_row_above_the_headers_is_skipped(db, tmp_path):
    """Ledgers often carry a title in the first row (one merged cell): the headers are below it,
    as the whole-file reader has accepted since the 'real ledgers' change."""
    path = tmp_path / "titled.csv"
    path.write_text(
        "2025年依申请公开登记台账" + "," * 14 + "\n" + _valid_lines().lstrip("\ufeff"),
        encoding="utf-8",
    )
    report = applications_io.import_applications(_clerk(db), path, dry_run=True)
    assert report.as_json() == {"ok": True, "imported": 0, "errors": []} and report.checked == 4
    bad = tmp_path / "titled-bad.csv"
    lines = LEDGER.lstrip("\ufeff").splitlines()
    title = "2025年依申请公开登记台账" + "," * 14
    bad.write_text("\n".join([title, lines[0], lines[6]]) + "\n", encoding="utf-8")
    report = applications_io.import_applications(_clerk(db), bad, dry_run=True)
    # the title is row 1, the header row 2: the row with every cell wrong is row 3
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "收到日期"),
        (3, "申请方式"),
        (3, "申请人类型"),
        (3, "办理结果"),
        (3, "是否延期"),
        (3, "收费金额"),
    ]


def test_missing_headers(db, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("申请人,申请方式,备注\n张三,当面,\n", encoding="utf-8")
    report = applications_io.import_applications(_clerk(db), path, dry_run=True)
    assert report.as_json() == {
        "ok": False,
        "imported": 0,
        "errors": [
            {
                "row": 1,
                "column": "收到日期",
                "message": "缺少表头“收到日期”，请使用申请登记导入模板。",
            },
            {
                "row": 1,
                "column": "申请人类型",
                "message": "缺少表头“申请人类型”，请使用申请登记导入模板。",
            },
        ],
    }


def test_optional_columns_may_be_missing_and_rows_short(db, tmp_path):
    path = tmp_path / "few.csv"
    path.write_text(
        "收到日期,申请方式,申请人类型,申请人,答复日期,办理结果\n"
        "2025-03-05,当面,自然人,甲\n"  # a short row: the missing cells are empty
        "2025-03-05,当面,自然人,乙,2025-03-09,3.1,多出的格\n"
        "2025-03-05,当面,自然人,丙,2025-03-09\n",
        encoding="utf-8",
    )
    report = applications_io.import_applications(_clerk(db), path, dry_run=True)
    assert _errors(report) == [
        (4, "办理结果", "已填写答复日期，请同时填写办理结果（年度报告表三中的一项）。")
    ]
    assert report.checked == 2


def test_every_rule_on_typed_xlsx_cells(db, tmp_path):
    """Cells as Excel stores them: dates, date-times, serial numbers, whole and decimal numbers,
    booleans, empty cells."""
    _existing_number(db)
    path = tmp_path / "ledger.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    d = dt.date
    rows = [
        # 2 valid: a date cell, a date-time at midnight, an int fee, FALSE for 是否延期
        [None, d(2025, 3, 5), "当面", "自然人", "甲", "11010519491231002X", None, "文件"]
        + [None, None, "3.1", dt.datetime(2025, 3, 20), False, 50, None],
        # 3 valid: Excel serial day numbers and 20250305 as numbers, a decimal fee
        [None, 45721, "网络", "其他", "乙", None, None, None]
        + [None, None, "予以公开", 20250320, "否", 10.5, None],
        # 4 a date-time with a time of day is still that day; TRUE means extended (no leader)
        [None, dt.datetime(2025, 3, 5, 9, 30), "当面", "其他", "丙", None, None, None]
        + [None, None, "3.1", d(2025, 3, 30), True, None, None],
        # 5 a boolean where a date belongs; a number where a channel belongs
        [None, True, 3, "其他", "丁", None, None, None, None, None, None, None, None, None, None],
        # 6 a 申请编号 typed as a number
        [7, d(2025, 3, 5), "当面", "其他", "戊", None, None, None]
        + [None, None, None, None, None, None, None],
        # 7 the same number again
        [7, d(2025, 3, 5), "当面", "其他", "己", None, None, None]
        + [None, None, None, None, None, None, None],
        # 8 a negative fee as a number, a reply before receipt as dates
        [None, d(2025, 3, 5), "当面", "其他", "庚", None, None, None]
        + [None, None, "3.1", d(2025, 3, 1), None, -1, None],
    ]
    for r in rows:
        ws.append(r)
    wb.save(path)
    report = applications_io.import_applications(_clerk(db), path, dry_run=True)
    assert _errors(report) == [
        (4, "是否延期", EXTENSION),
        (5, "收到日期", f"无法识别的日期“True”；{DATE_HINT}"),
        (5, "申请方式", f"未知的申请方式“3”；可选：{CHANNELS}。"),
        (7, "申请编号", "申请编号与第 6 行重复。"),
        (8, "收费金额", "收费金额不能为负数。"),
    ]
    assert report.checked == 4
    ws.delete_rows(4, 5)  # rows 4–8 out: only the two valid rows are left
    wb.save(path)
    report = applications_io.import_applications(_clerk(db), path)
    assert report.as_json() == {"ok": True, "imported": 2, "errors": []}
    a, b = Application.get(applicant_name="甲"), Application.get(applicant_name="乙")
    assert (a.received_on, a.replied_on, Decimal(a.fee_collected), a.extended) == (
        d(2025, 3, 5),
        d(2025, 3, 20),
        Decimal("50.00"),
        False,
    )
    assert (b.received_on, b.replied_on, Decimal(b.fee_collected), b.outcome_code) == (
        d(2025, 3, 5),
        d(2025, 3, 20),
        Decimal("10.50"),
        "3.1",
    )


def test_a_file_that_turns_out_not_to_be_utf8_is_read_again(db, tmp_path):
    """The CSV is read as UTF-8 without a first pass over its bytes; a later row in GB18030 makes
    the import start again as the first pass would have decided: same answer either way."""
    path = tmp_path / "mixed.csv"
    # far more than one read of the text layer (8 kB): the GB18030 row comes after rows were read
    head = (HEADER + "\n" + ",2025-03-05,当面,其他,甲,,,,,,,,,,\n" * 2000).encode("utf-8")
    path.write_bytes(head + ",2025-03-05,当面,其他,乙,,,,,,,,,,\n".encode("gb18030"))
    from disclosure_desk.files import table_stream

    with pytest.raises(table_stream.EncodingChanged):
        with table_stream.open_cells(path, guess_utf8=True) as table:
            list(table.rows)
    clerk = _clerk(db)
    unit = applications_io._root_unit()

    def outcome(run):
        try:
            return run().as_json()
        except InputError as exc:
            return exc.message

    got = outcome(lambda: applications_io.import_applications(clerk, path, dry_run=True))
    plain = outcome(lambda: applications_io._import(clerk, path, True, unit, guess_utf8=False))
    assert got == plain
    assert got != {"ok": True, "imported": 0, "errors": []}  # not taken as the UTF-8 rows


def test_a_number_already_in_a_larger_register_is_found(db, tmp_path):
    """A few numbers against a larger register are looked up (not the register read whole)."""
    unit = db.admin.unit_id or applications_io._root_unit()
    for n in range(12):
        data = svc.NewApplication(
            unit_id=unit,
            received_on=dt.date(2024, 5, 6),
            channel="当面",
            applicant_type="other_org",
            applicant_name="早先的申请人",
        )
        svc.register(db.admin, data, reg_no=f"OLD-{n}")
    path = tmp_path / "two.csv"
    path.write_text(
        f"{HEADER}\nOLD-7,2025-03-05,当面,其他,甲,,,,,,,,,,\nNEW-1,2025-03-05,当面,其他,乙,,,,,,,,,,\n",
        encoding="utf-8",
    )
    report = applications_io.import_applications(_clerk(db), path, dry_run=True)
    assert _errors(report) == [(2, "申请编号", "申请编号“OLD-7”已存在。")]
