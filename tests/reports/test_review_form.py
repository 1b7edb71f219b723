"""保密审查呈批单: renderer alone (plain data) and through the service; read back with pdfplumber."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pdfplumber

from disclosure_desk.reports.review_form import FormFinding, ReviewFormData, render_review_form
from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.services.reviews import query as reviews_query
from disclosure_desk.store.models import Item, Unit

_serial = itertools.count(1)


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def _flat(text: str) -> str:
    return "".join(text.split())


def sample(**kw) -> ReviewFormData:
    base = dict(
        agency="青山区人民政府",
        index_no="000014349/2025-00012",
        title="关于第三批低保对象的公示",
        doc_no="青民发〔2025〕12号",
        unit_name="青山区民政局",
        publisher="青山区民政局",
        disclosure="主动公开",
        secrecy="非密",
        formed_on=dt.date(2025, 3, 5),
        channels="政府网站,公开栏",
        drafter="王晓红",
        submitted_at=dt.datetime(2025, 3, 6, 9, 30),
        status="已通过",
        counts={"block": 1, "warn": 2, "info": 0},
        findings=(
            FormFinding("正文", "手机号码", "禁止发布", "138****5678", "系单位值班电话，可公开"),
            FormFinding("正文", "个人姓名", "需要复核", "张*"),
        ),
        decision="通过",
        comment="经审查，同意公开。",
        reviewer="李建国",
        decided_at=dt.datetime(2025, 3, 7, 15, 0),
    )
    base.update(kw)
    return ReviewFormData(**base)


def test_renderer_prints_metadata_findings_decision_and_signatures():
    text = _flat(_text(render_review_form(sample())))
    for expected in (
        "政府信息公开保密审查呈批单",
        "000014349/2025-00012",
        "关于第三批低保对象的公示",
        "青民发〔2025〕12号",
        "2025年3月5日",
        "政府网站、公开栏",
        "王晓红",
        "禁止发布1处",
        "138****5678",
        "系单位值班电话，可公开",
        "审查结论通过",
        "经审查，同意公开。",
        "李建国",
        "2025年3月7日",
        "审查人（签字）",
        "主管领导（签字）",
        "起草人（签字）",
    ):
        assert expected in text, expected
    assert "13812345678" not in text


def test_renderer_without_findings_and_with_blockers():
    data = sample(
        findings=(),
        counts={},
        decision="待审查",
        comment="",
        reviewer="",
        decided_at=None,
        blockers=("密级为“秘密”：涉密或内部信息一律不得公开发布。",),
    )
    text = _flat(_text(render_review_form(data)))
    assert (
        "未发现个人信息" in text
        and "尚有1项未满足" in text
        and "涉密或内部信息一律不得公开发布" in text
    )


def test_form_through_service(db):
    officer = db.user("officer1", "officer")
    reviewer = db.user("reviewer1", "reviewer")
    item = Item.create(
        index_no=f"000014349/2025-9{next(_serial):04d}",
        title="青山区2025年低保名单公示",
        unit=Unit.get(Unit.code == "ROOT"),
        created_by=officer.user_id,
        body="户主：李四，联系电话13900001111。",
        doc_no="青民发〔2025〕3号",
    )
    reviews.submit(officer, item.id)
    reviews.set_override(reviewer, item.id, "body", "mobile", "13900001111", "本人书面同意公开")
    reviews.approve(reviewer, item.id, "同意公开")
    text = _flat(_text(reviews_query.review_form_pdf(reviewer, item.id)))
    assert "青山区2025年低保名单公示" in text and "审查结论通过" in text and "reviewer1" in text
    assert "139****1111" in text and "本人书面同意公开" in text and "officer1" in text
