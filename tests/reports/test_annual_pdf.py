"""Annual report PDF: official labels and figures read back with pdfplumber; fonts embedded."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from decimal import Decimal

import pdfplumber
import pytest
from pypdf import PdfReader

from disclosure_desk.domain.annual import (
    CHECK_NOTE,
    DATA_ROW_CODES,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    ROWS,
    SECTION_HEADINGS,
    AnnualReport,
    AppealFact,
    CaseFact,
    FeeFigures,
    GenreFigures,
    ProactiveFigures,
    build_application_table,
    build_review_table,
    empty_application_table,
    empty_review_table,
)
from disclosure_desk.domain.errors import DeskError, InputError
from disclosure_desk.domain.outcomes import APPLICANT_TYPE_CODES, OUTCOMES
from disclosure_desk.reports.annual_pdf import fee_sentence, format_wan, render_annual_report
from disclosure_desk.reports.fonts import (
    RESOURCES_ENV,
    font_path,
    register_fonts,
    resources_dir,
)


def sample_report() -> AnnualReport:
    cases = []
    for k, o in enumerate(OUTCOMES):
        for j, t in enumerate(APPLICANT_TYPE_CODES):
            for n in range((k + j) % 3 + 1):
                cases.append(
                    CaseFact(
                        f"{k}-{j}-{n}", t, date(2025, 1 + k % 11, 3), date(2025, 12, 1), o.code
                    )
                )
    cases.append(CaseFact("old", "natural_person", date(2024, 12, 20)))
    cases.append(CaseFact("late", "research", date(2025, 12, 20)))
    appeals = [
        AppealFact(1, "review", date(2025, 3, 1), "upheld", date(2025, 5, 1)),
        AppealFact(2, "litigation_direct", date(2025, 3, 1)),
        AppealFact(3, "litigation_after_review", date(2025, 4, 1), "corrected", date(2025, 8, 1)),
    ]
    return AnnualReport(
        year=2025,
        unit=None,
        unit_name="",
        proactive=ProactiveFigures(
            GenreFigures(3, 1, 27), GenreFigures(14, 5, 131), 1234, 567, 89, Decimal("12.3456")
        ),
        applications=build_application_table(cases, 2025),
        reviews_litigation=build_review_table(appeals, 2025),
        fees=FeeFigures(3, 5500),
        narratives={
            "overview": "本年度，本机关坚持以公开为常态、不公开为例外。\n第二段：平台建设情况。",
            "problems": "存在的问题是基层信息员力量不足。",
            "other": "本年度无其他需要报告的事项。",
        },
        agency_name="某市某区人民政府",
        date=date(2026, 1, 20),
    )


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_annual_report(sample_report())


def _text(pdf_bytes: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return "".join((p.extract_text() or "") for p in pdf.pages)


def _cells(pdf_bytes: bytes) -> list[list[list[str | None]]]:
    tables = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            for t in page.extract_tables():
                tables.append([[c.replace("\n", "") if c else c for c in row] for row in t])
    return tables


def test_is_a4_and_has_title_and_headings(rendered: bytes) -> None:
    reader = PdfReader(io.BytesIO(rendered))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = "".join(_text(rendered).split())
    assert "某市某区人民政府2025年政府信息公开工作年度报告" in text
    for _key, heading in SECTION_HEADINGS:
        assert heading in text
    assert "本年度，本机关坚持以公开为常态、不公开为例外。" in text
    assert "存在的问题是基层信息员力量不足。" in text
    assert "本年度共收取信息处理费5500元。" in text
    for word in ("填报单位（盖章）", "负责人", "填报人", "日期", "2026年1月20日", "第1页"):
        assert word in text


def test_application_table_labels_and_figures(rendered: bytes) -> None:
    table = next(t for t in _cells(rendered) if len(t[0]) == 10)
    assert len(table) == 3 + len(DATA_ROW_CODES)
    assert table[0][0] == CHECK_NOTE and table[0][3] == "申请人情况"
    assert table[1][3:] == ["自然人", "法人或其他组织", None, None, None, None, "总计"]
    assert table[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    labels = {c for row in table for c in row[:3] if c}
    for row in ROWS:
        assert row.label in labels, row.label
    report = sample_report()
    for i, code in enumerate(DATA_ROW_CODES):
        expected = [str(report.applications[code][c]) for c in APPLICANT_TYPE_CODES + ("total",)]
        assert table[3 + i][3:] == expected, code


def test_proactive_and_review_tables(rendered: bytes) -> None:
    tables = _cells(rendered)
    pro = next(t for t in tables if t[0][0] == "第二十条第（一）项")
    assert pro[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert pro[2] == ["规章", "3", "1", "27"] and pro[3] == ["行政规范性文件", "14", "5", "131"]
    flat = [c for row in pro for c in row if c]
    for word in (
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "本年处理决定数量",
        "本年收费金额（单位：万元）",
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
        "1234",
        "567",
        "89",
        "12.3456",
    ):
        assert word in flat
    rev = next(t for t in tables if len(t[0]) == 15)
    assert rev[0][0] == "行政复议" and rev[0][5] == "行政诉讼"
    assert rev[1][5] == "未经复议直接起诉" and rev[1][10] == "复议后起诉"
    assert rev[2][5:10] == [label for _c, label in REVIEW_COLUMNS]
    report = sample_report()
    assert rev[3] == [
        str(report.reviews_litigation[g][c]) for g, _ in REVIEW_GROUPS for c, _l in REVIEW_COLUMNS
    ]


def test_font_is_embedded(rendered: bytes) -> None:
    reader = PdfReader(io.BytesIO(rendered))
    embedded = False
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is not None and "/FontFile2" in desc.get_object():
                embedded = True
            assert "STSong" not in str(font.get("/BaseFont"))
    assert embedded


def test_empty_report_renders_placeholders_and_no_fee() -> None:
    report = AnnualReport(
        2024,
        "U1",
        "某镇人民政府",
        ProactiveFigures(),
        empty_application_table(),
        empty_review_table(),
    )
    text = "".join(_text(render_annual_report(report)).split())
    assert "某镇人民政府2024年政府信息公开工作年度报告" in text
    assert "本年度未收取信息处理费。" in text
    assert "（本部分尚未填写。）" in text


def test_inconsistent_report_is_refused() -> None:
    r = sample_report()
    apps = {k: dict(v) for k, v in r.applications.items()}
    apps["3.1"]["natural_person"] += 1
    with pytest.raises(InputError, match=r"3\.1/total"):
        render_annual_report(dataclasses.replace(r, applications=apps))


def test_missing_font_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path))
    assert resources_dir() == tmp_path
    with pytest.raises(DeskError, match="字体"):
        font_path()
    monkeypatch.delenv(RESOURCES_ENV)
    assert font_path().name == "wqy-microhei.ttc"
    assert register_fonts() == register_fonts() == "WQY"


def test_helpers() -> None:
    assert fee_sentence(0) == "本年度未收取信息处理费。"
    assert fee_sentence(1200) == "本年度共收取信息处理费 1200 元。"
    assert format_wan(Decimal("12.3400")) == "12.34"
    assert format_wan(Decimal("100")) == "100"
    assert format_wan(0) == "0"
