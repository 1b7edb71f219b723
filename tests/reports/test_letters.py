"""Letters: every kind renders Chinese (read back with pdfplumber), with the case's own numbers,
dates and the remedies in force; the acceptance case's due dates match the clocks."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from app_helpers import (
    EXPECTED_DUE,
    EXPECTED_EXTENDED_DUE,
    acceptance_case,
    new_app,
    set_letter_contact,
)

from disclosure_desk.domain.errors import InputError, WorkflowError
from disclosure_desk.reports.letters import LetterData, cn_date, fill_template, remedies_text
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.applications import letters
from disclosure_desk.services.applications import query as q
from disclosure_desk.store.models import Application, Letter


@pytest.fixture(autouse=True)
def _letter_contact(request):
    """Letters need the body's contact settings; tests with a database get them filled in."""
    if "db" in request.fixturenames:
        set_letter_contact(request.getfixturevalue("db").admin)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        # Lines wrap inside long paragraphs; compare without line breaks.
        return "".join((p.extract_text() or "").replace("\n", "") for p in pdf.pages)


def test_cn_date_and_remedies():
    assert cn_date(dt.date(2025, 10, 1)) == "2025年10月1日"
    new = remedies_text("withhold", dt.date(2024, 1, 2), "青山区人民政府")
    assert "应当先申请行政复议" in new and "六十日" in new and "青山区人民政府" in new
    old = remedies_text("withhold", dt.date(2023, 12, 29), "青山区人民政府")
    assert "六个月内" in old and "先申请" not in old
    assert "六个月内" in remedies_text("open", dt.date(2025, 1, 2), "X")


def test_unknown_placeholder_is_reported_in_chinese():
    with pytest.raises(InputError, match="占位符"):
        fill_template("标题\n\n{nonsense}", {})
    title, paras = fill_template("标题\n\n|{a}：\n\n正文{a}\n\n>机关\n>日期", {"a": "张三"})
    assert title == "标题" and paras == ["|张三：", "正文张三", ">机关", ">日期"]


def test_letters_of_acceptance_case_show_same_due_dates(db):
    app_id = acceptance_case(db.admin)
    app = Application.get_by_id(app_id)
    detail = q.case_detail(db.admin, app_id, today=dt.date(2025, 10, 10))
    assert (detail.clocks.due, detail.clocks.extended_due) == (EXPECTED_DUE, EXPECTED_EXTENDED_DUE)
    texts = {}
    for kind in ("receipt", "correction", "consultation", "extension"):
        pdf, number, _ = letters.print_letter(db.admin, app_id, kind)
        text = pdf_text(pdf)
        texts[kind] = text
        assert number in text and app.reg_no in text
        assert "2025年9月1日" in text  # the case's own receipt date
        assert app.applicant_name in text
    ext = texts["extension"]
    assert cn_date(EXPECTED_DUE) in ext and cn_date(EXPECTED_EXTENDED_DUE) in ext
    assert (
        "负责人（系统管理员）" in ext
    )  # the approving account (the admin here) and "2025年10月9日" in ext
    # The receipt was issued on the day of receipt, before the 补正: its due date is the original.
    original = q.compute_application_clocks(q.calendar(), app.received_on).due
    assert cn_date(original) in texts["receipt"]
    assert "青山建设有限公司" in texts["consultation"]
    assert "请写明文件名称或文号" in texts["correction"]
    numbers = [lt.number for lt in Letter.select().order_by(Letter.id)]
    assert len(set(numbers)) == 4 and all("〔2025〕" in n for n in numbers)
    # Printing again reproduces the same number.
    _, again, changes = letters.print_letter(db.admin, app_id, "extension")
    assert again == numbers[3] and not changes


@pytest.mark.parametrize(
    ("code", "kind", "phrase", "article", "review_first"),
    [
        ("3.1", "reply_open", "予以公开", "第三十六条", False),
        ("3.2", "reply_partial", "区分处理", "第三十七条", True),
        ("3.3.1", "reply_withhold", "属于国家秘密", "第十四条", True),
        ("3.4.1", "reply_unavailable", "本机关不掌握相关政府信息", "第三十六条", False),
        ("3.5.2", "reply_not_processed", "重复申请", "第三十六条第（六）项", False),
        ("3.6.3", "reply_other", "其他", "第三十六条", False),
    ],
)
def test_reply_letters_per_outcome_group(db, code, kind, phrase, article, review_first):
    app_id = new_app(db.admin, dt.date(2025, 3, 3))
    svc.record_reply(db.admin, app_id, dt.date(2025, 3, 20), code)
    assert letters.available_letters(Application.get_by_id(app_id))[-1] == kind
    pdf, number, _ = letters.print_letter(db.admin, app_id, kind)
    text = pdf_text(pdf)
    app = Application.get_by_id(app_id)
    for needle in (number, app.reg_no, "2025年3月3日", "2025年3月20日", phrase, article, "六十日"):
        assert needle in text, needle
    assert "中华人民共和国政府信息公开条例" in text
    assert ("应当先申请行政复议" in text) is review_first
    assert ("六个月内" in text) is (not review_first)


def test_fee_notice_letter_shows_arithmetic(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    svc.issue_fee_notice(db.admin, app_id, dt.date(2025, 9, 5), "per_page", 250)
    text = pdf_text(letters.print_letter(db.admin, app_id, "fee_notice")[0])
    assert "4,700" in text and "按量计收" in text and "2025年9月5日" in text
    due = q.fee_payment_due(q.calendar(), dt.date(2025, 9, 5))
    assert cn_date(due) in text


def test_letter_not_available_before_its_step(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    with pytest.raises(WorkflowError):
        letters.print_letter(db.admin, app_id, "extension")
    with pytest.raises(WorkflowError):
        letters.print_letter(db.admin, app_id, "reply_open")


def test_render_from_plain_data():
    from disclosure_desk.reports.letters import render_letter

    fields = {
        k: ""
        for k in (
            "number",
            "agency",
            "applicant",
            "reg_no",
            "received_on",
            "channel",
            "receipt_rule",
            "content",
            "due",
            "issued_on",
            "contact",
            "phone",
            "address",
        )
    }
    fields.update(applicant="测试申请人", number="测试〔2025〕9号", agency="青山区人民政府")
    text = pdf_text(render_letter(LetterData("receipt", fields)))
    assert "政府信息公开申请接收回执" in text and "测试申请人" in text and "测试〔2025〕9号" in text
