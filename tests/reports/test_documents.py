"""Office documents (issue 16): every PDF and .docx read back — fonts embedded and of the intended
style, Chinese line-breaking rules, page numbers, the regulation named in full, no placeholder or
internal note, and the annual report's figures equal to its JSON in PDF, .docx and .html."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import docx
import pdfplumber
import pytest
from app_helpers import LETTER_CONTACT, acceptance_case, new_app, set_letter_contact
from pypdf import PdfReader

from disclosure_desk.domain.annual import (
    AnnualReport,
    AppealFact,
    CaseFact,
    FeeFigures,
    GenreFigures,
    ProactiveFigures,
    build_application_table,
    build_review_table,
)
from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.outcomes import APPLICANT_TYPE_CODES, OUTCOMES
from disclosure_desk.reports.annual_docx import render_annual_docx
from disclosure_desk.reports.annual_html import render_annual_html
from disclosure_desk.reports.annual_pdf import render_annual_report
from disclosure_desk.reports.cjk import break_lines
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.applications import letters

# Written out here (not imported) so the test does not grade the code with its own table.
CLOSING = set("，。、；：？！）》”")
OPENING = set("（《“")
REGULATION = "《中华人民共和国政府信息公开条例》"
SONG_FACE = "BousungEG-Light-GB"  # PostScript name of AR PL SungtiL GB (宋体 style)
HEI_FACE = "WenQuanYiMicroHei"  # 黑体 style
ROW_ORDER = (
    "1 2 3.1 3.2 3.3.1 3.3.2 3.3.3 3.3.4 3.3.5 3.3.6 3.3.7 3.3.8 3.4.1 3.4.2 3.4.3 "
    "3.5.1 3.5.2 3.5.3 3.5.4 3.5.5 3.6.1 3.6.2 3.6.3 3.7 4"
).split()
COLUMN_ORDER = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
)


# ----------------------------------------------------------------------------- helpers
def pdf_lines(data: bytes) -> list[list[str]]:
    """Text lines per page, spaces removed."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            ["".join(line.split()) for line in (p.extract_text() or "").splitlines()]
            for p in pdf.pages
        ]


def kinsoku_violations(lines: list[str]) -> list[str]:
    bad = []
    for line in lines:
        if line and (line[0] in CLOSING or line[-1] in OPENING):
            bad.append(line)
    return bad


def used_fonts(data: bytes) -> dict[str, bool]:
    """Fonts that set any text → whether the font program is embedded."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        names = {ch["fontname"] for p in pdf.pages for ch in p.chars}
    embedded: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base = str(font["/BaseFont"]).lstrip("/")
            desc = font.get("/FontDescriptor")
            embedded[base] = desc is not None and "/FontFile2" in desc.get_object()
    return {n: embedded.get(n, False) for n in names}


def chars_by_font(data: bytes, page: int = 0) -> dict[str, str]:
    out: dict[str, str] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for ch in pdf.pages[page].chars:
            out[ch["fontname"]] = out.get(ch["fontname"], "") + ch["text"]
    return out


def face(fonts: dict[str, str], family: str) -> str:
    return "".join(text for name, text in fonts.items() if family in name)


# ----------------------------------------------------------------------------- line breaking
def test_break_lines_keeps_punctuation_rules_at_every_width():
    text = (
        "根据《中华人民共和国政府信息公开条例》第三十六条第（二）项、第三十七条的规定，"
        "“三安全一稳定”以外的信息：予以公开！是否同意？（申请编号：教育申〔2025〕12号）。"
        "本机关于2025年10月21日收到申请，答复期限为20个工作日。"
    )
    # Each CJK character 10 units wide, ASCII 5: widths from 3 to 40 characters.
    measure = lambda s: sum(5 if ord(c) < 128 else 10 for c in s)  # noqa: E731
    for width in range(30, 400, 7):
        lines = [t for t, _end in break_lines(text, measure, width)]
        assert "".join(lines) == text, width  # nothing lost or added
        assert kinsoku_violations(lines) == [], (width, lines)
        assert all(measure(t) <= width or len(t) <= 3 for t in lines), width
    # "第（二）项" may break before the bracket, never inside "（二）".
    lines = [t for t, _e in break_lines("一二三四第（二）项", measure, 60)]
    assert lines == ["一二三四第", "（二）项"]


# ----------------------------------------------------------------------------- letters
@pytest.fixture
def contact(db):
    set_letter_contact(db.admin)


def test_letters_need_the_contact_settings_first(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    with pytest.raises(InputError) as err:
        letters.print_letter(db.admin, app_id, "receipt")
    message = str(err.value)
    for label in ("联系人", "联系电话", "通信地址"):
        assert label in message
    letters.set_letter_settings(db.admin, {"letters.contact": "王明", "letters.phone": "123"})
    with pytest.raises(InputError, match="通信地址") as err:
        letters.print_letter(db.admin, app_id, "receipt")
    assert "联系人" not in str(err.value)


def _all_letters(db) -> dict[str, tuple[bytes, bytes]]:
    """Every letter kind, as (PDF, .docx): the acceptance case and one reply per outcome group."""
    out = {}
    app_id = acceptance_case(db.admin)
    for kind in ("receipt", "correction", "consultation", "extension"):
        out[kind] = (
            letters.print_letter(db.admin, app_id, kind)[0],
            letters.print_letter(db.admin, app_id, kind, fmt="docx")[0],
        )
    fee_case = new_app(db.admin, dt.date(2025, 9, 1))
    svc.issue_fee_notice(db.admin, fee_case, dt.date(2025, 9, 5), "per_page", 250)
    out["fee_notice"] = (
        letters.print_letter(db.admin, fee_case, "fee_notice")[0],
        letters.print_letter(db.admin, fee_case, "fee_notice", fmt="docx")[0],
    )
    for code in ("3.1", "3.2", "3.3.4", "3.4.2", "3.5.1", "3.6.2"):
        case = new_app(db.admin, dt.date(2025, 3, 3))
        svc.record_reply(db.admin, case, dt.date(2025, 3, 20), code)
        kind = letters.available_letters(letters.Application.get_by_id(case))[-1]
        out[f"{kind}:{code}"] = (
            letters.print_letter(db.admin, case, kind)[0],
            letters.print_letter(db.admin, case, kind, fmt="docx")[0],
        )
    return out


def test_every_letter_pdf_and_docx(db, contact):
    expected_basis = {
        "3.1": "《条例》第三十六条第（一）项、第（二）项",
        "3.2": "《条例》第三十七条",
        "3.3.4": "《条例》第十五条、第三十二条、第三十六条第（三）项",
        "3.4.2": "《条例》第三十八条",
        "3.5.1": "《条例》第三十九条第一款",
        "3.6.2": "《条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    }
    for key, (pdf, docx_bytes) in _all_letters(db).items():
        pages = pdf_lines(pdf)
        text = "".join("".join(p) for p in pages)
        # The regulation in full at its first mention; never a bare "根据第…条".
        assert REGULATION in text, key
        assert text.find("条例") == text.find(REGULATION) + len(REGULATION) - 3, key
        assert "根据第" not in text, key
        # Contact details from the settings; no internal note, no placeholder.
        for value in LETTER_CONTACT.values():
            assert "".join(value.split()) in text, (key, value)
        for bad in ("本告知书应于", "见本机关政府信息公开指南", "{", "}", "（未定）", "None"):
            assert bad not in text, (key, bad)
        # GB/T 9704 page numbers "— N —" on every page.
        for n, page in enumerate(pages, start=1):
            assert f"—{n}—" in page, (key, n, page[-2:])
        for page in pages:
            assert kinsoku_violations(page) == [], (key, kinsoku_violations(page))
        # Fonts: all embedded; the title in the 黑体-style face, the body in the 宋体-style one.
        fonts = used_fonts(pdf)
        assert fonts and all(fonts.values()), fonts
        first_page = chars_by_font(pdf)
        assert "政府信息公开" in face(first_page, HEI_FACE)
        assert "本机关于" in face(first_page, SONG_FACE)
        if ":" in key:
            code = key.split(":")[1]
            short = expected_basis[code].replace("《条例》", "", 1)
            assert short in text, (key, short)
        # The .docx says the same, in 仿宋/黑体, with GB/T 9704 margins and a page field.
        d = docx.Document(io.BytesIO(docx_bytes))
        body = "".join(p.text for p in d.paragraphs)
        assert REGULATION in body and LETTER_CONTACT["letters.phone"] in body, key
        assert "本告知书应于" not in body and "{" not in body
        fonts_used = {
            r._element.rPr.rFonts.get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
            )
            for p in d.paragraphs
            for r in p.runs
        }
        assert fonts_used <= {"仿宋", "黑体"} and "仿宋" in fonts_used and "黑体" in fonts_used
        assert d.paragraphs[0].runs[0].font.name == "黑体"  # the title
        s = d.sections[0]
        assert (round(s.top_margin.mm), round(s.left_margin.mm)) == (37, 28)
        assert round(s.page_width.mm - s.left_margin.mm - s.right_margin.mm) == 156
        assert "PAGE" in s.footer.paragraphs[0]._p.xml


def test_letter_layout_on_the_page(db, contact):
    app_id = acceptance_case(db.admin)
    pdf = letters.print_letter(db.admin, app_id, "receipt")[0]
    with pdfplumber.open(io.BytesIO(pdf)) as p:
        page = p.pages[0]
        body = [c for c in page.chars if SONG_FACE in c["fontname"] and c["size"] > 15]
        title = [c for c in page.chars if HEI_FACE in c["fontname"]]
    mm = 72 / 25.4
    # Body 3号 (16 pt), title 2号 (22 pt); text starts 28 mm from the left edge and stays
    # within the 156 mm version area; the title sits at the 37 mm top margin.
    assert {round(c["size"]) for c in body} == {16}
    assert {round(c["size"]) for c in title} == {22}
    assert min(c["x0"] for c in body) == pytest.approx(28 * mm, abs=1)
    assert max(c["x1"] for c in body) <= (28 + 156) * mm + 1
    assert min(c["top"] for c in title) == pytest.approx(37 * mm, abs=4 * mm)


def test_correction_letter_reads_stored_items(db, contact):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    svc.request_correction(
        db.admin, app_id, dt.date(2025, 9, 3), "请补充文件名称", dt.date(2025, 9, 30)
    )
    text = "".join(
        "".join(p) for p in pdf_lines(letters.print_letter(db.admin, app_id, "correction")[0])
    )
    assert "请补充文件名称" in text and "补正期限至" not in text
    assert "2025年9月30日" in text


# ----------------------------------------------------------------------------- annual report
def sample_report() -> AnnualReport:
    cases = []
    for k, o in enumerate(OUTCOMES):
        for j, t in enumerate(APPLICANT_TYPE_CODES):
            for n in range((k * 7 + j) % 4):
                cases.append(
                    CaseFact(
                        f"{k}-{j}-{n}",
                        t,
                        dt.date(2025, 1 + k % 11, 3),
                        dt.date(2025, 12, 1),
                        o.code,
                    )
                )
    cases += [CaseFact("old", "natural_person", dt.date(2024, 12, 20))]
    cases += [CaseFact(f"late{i}", "research", dt.date(2025, 12, 20)) for i in range(3)]
    appeals = [
        AppealFact(1, "review", dt.date(2025, 3, 1), "upheld", dt.date(2025, 5, 1)),
        AppealFact(2, "litigation_direct", dt.date(2025, 3, 1)),
        AppealFact(
            3, "litigation_after_review", dt.date(2025, 4, 1), "corrected", dt.date(2025, 8, 1)
        ),
    ]
    long_text = (
        "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，围绕“放管服”改革、"
        "优化营商环境等重点工作，及时公开政策文件（含解读）、财政预决算、行政许可和行政处罚等信息。"
    ) * 6
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
        narratives={"overview": long_text, "problems": long_text, "other": long_text},
        agency_name="某市某区人民政府",
        date=dt.date(2026, 1, 20),
    )


@pytest.fixture(scope="module")
def report() -> AnnualReport:
    return sample_report()


def _expected_rows(js: dict) -> list[list[str]]:
    return [[str(js["applications"][r][c]) for c in COLUMN_ORDER] for r in ROW_ORDER]


def _expected_reviews(js: dict) -> list[str]:
    cols = ("upheld", "corrected", "other", "pending", "total")
    groups = ("review", "litigation_direct", "litigation_after_review")
    return [str(js["reviews_litigation"][g][c]) for g in groups for c in cols]


def _expected_proactive(js: dict) -> list[str]:
    p = js["proactive"]
    return [
        *(str(p["rules"][k]) for k in ("issued", "repealed", "in_force")),
        *(str(p["normative_documents"][k]) for k in ("issued", "repealed", "in_force")),
        str(p["licensing"]),
        str(p["penalty"]),
        str(p["coercion"]),
        str(Decimal(str(p["fees_wan"])).normalize()),
    ]


def test_annual_pdf_pages_fonts_and_line_breaks(report):
    pdf = render_annual_report(report)
    pages = pdf_lines(pdf)
    total = len(pages)
    assert total >= 3
    for n, page in enumerate(pages, start=1):
        assert page[-1] == f"第{n}页共{total}页"
    # Section 六 and the signature lines are on the same (last) page.
    assert any("六、其他需要报告的事项" in line for line in pages[-1])
    assert any("填报单位（盖章）" in line for line in pages[-1])
    fonts = used_fonts(pdf)
    assert (
        all(fonts.values())
        and any(SONG_FACE in f for f in fonts)
        and any(HEI_FACE in f for f in fonts)
    )
    first = chars_by_font(pdf)
    assert "政府信息公开工作年度报告" in face(first, HEI_FACE)
    assert "本年度" in face(first, SONG_FACE)
    # Paragraph lines (tables are checked cell by cell below).
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            boxes = [t.bbox for t in page.find_tables()]
            outside = page
            for box in boxes:
                outside = outside.outside_bbox(box)
            lines = ["".join(t.split()) for t in (outside.extract_text() or "").splitlines()]
            assert kinsoku_violations(lines) == []
            for table in page.extract_tables():
                for row in table:
                    for cell in row:
                        cell_lines = [x.strip() for x in (cell or "").split("\n")]
                        assert kinsoku_violations(cell_lines) == [], cell


def test_annual_figures_equal_in_json_pdf_docx_html(report):
    js = report.to_json()
    rows, reviews, proactive = _expected_rows(js), _expected_reviews(js), _expected_proactive(js)
    assert rows[ROW_ORDER.index("3.7")][-1] != "0"  # a non-trivial data set

    # PDF
    with pdfplumber.open(io.BytesIO(render_annual_report(report))) as doc:
        tables = [t for p in doc.pages for t in p.extract_tables()]
    apps = next(t for t in tables if len(t[0]) == 10)
    assert [r[3:] for r in apps[3:]] == rows
    rev = next(t for t in tables if len(t[0]) == 15)
    assert rev[-1] == reviews
    pro = next(t for t in tables if t[0][0] == "第二十条第（一）项")
    pro_numbers = [c for r in pro for c in r[1:] if c and re.fullmatch(r"[\d.]+", c)]
    assert pro_numbers == proactive

    # .docx: real Word tables, merged cells as in the national format.
    d = docx.Document(io.BytesIO(render_annual_docx(report)))
    pro_t, apps_t, rev_t = d.tables[:3]
    assert [[c.text for c in r.cells[3:]] for r in apps_t.rows[3:]] == rows
    assert [c.text for c in rev_t.rows[-1].cells] == reviews
    seen: list[str] = []
    for r in pro_t.rows:
        cells = {id(c._tc): c.text for c in r.cells[1:]}  # a merged cell appears once
        seen += [t for t in cells.values() if re.fullmatch(r"[\d.]+", t)]
    assert seen == proactive
    # Merges: the check note spans 3×3, "申请人情况" spans the seven data columns.
    assert apps_t.cell(0, 0)._tc is apps_t.cell(2, 2)._tc
    assert apps_t.cell(0, 3)._tc is apps_t.cell(0, 9)._tc
    assert apps_t.cell(3, 0)._tc is not apps_t.cell(3, 3)._tc
    body = "\n".join(p.text for p in d.paragraphs)
    assert "六、其他需要报告的事项" in body and "本年度共收取信息处理费 5500 元。" in body
    footer = d.sections[0].footer.paragraphs[0]._p.xml
    assert "NUMPAGES" in footer and "PAGE" in footer

    # .html: one page, no external resources; tables with rowspan/colspan.
    html = render_annual_html(report)
    assert "<link" not in html and "<script" not in html and "src=" not in html
    assert 'colspan="7"' in html and 'rowspan="3"' in html
    parsed = _HtmlTables()
    parsed.feed(html)
    h_apps = next(t for t in parsed.tables if "申请人情况" in t[0])
    assert [r[-7:] for r in h_apps[3:]] == rows
    h_rev = next(t for t in parsed.tables if t[0][0] == "行政复议")
    assert h_rev[-1] == reviews
    h_pro = parsed.tables[0]
    assert [c for r in h_pro for c in r[1:] if re.fullmatch(r"[\d.]+", c)] == proactive


class _HtmlTables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


# ----------------------------------------------------------------------------- quarterly, catalogue
def _catalogue():
    from disclosure_desk.domain.catalogue import Catalogue, CatalogueRow

    rows = [
        CatalogueRow(
            f"000014349/2025-{n:05d}",
            f"关于印发《某区“十五五”规划（草案）》的通知（第{n}号）",
            f"某政发〔2025〕{n}号",
            "某区人民政府办公室",
            dt.date(2025, 3, n),
            dt.date(2025, 3, n + 1),
            "综合政务\\政务公开",
            "通知",
            "为进一步做好政务公开工作，现将有关事项通知如下：一、总体要求；二、主要任务。" * 2,
        )
        for n in range(1, 28)
    ]
    return Catalogue(
        "某区人民政府2025年政府信息公开目录",
        "某区人民政府",
        "某区人民政府",
        2025,
        dt.date(2026, 1, 5),
        rows,
    )


def test_catalogue_pdf_and_html():
    from disclosure_desk.reports.catalogue_html import render_catalogue_html
    from disclosure_desk.reports.catalogue_pdf import render_catalogue

    cat = _catalogue()
    pdf = render_catalogue(cat)
    pages = pdf_lines(pdf)
    for n, page in enumerate(pages, start=1):
        assert page[-1] == f"第{n}页共{len(pages)}页"
    fonts = used_fonts(pdf)
    assert all(fonts.values()) and any(SONG_FACE in f for f in fonts)
    assert "政府信息公开目录" in face(chars_by_font(pdf), HEI_FACE)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table:
                    for cell in row:
                        lines = [x.strip() for x in (cell or "").split("\n")]
                        assert kinsoku_violations(lines) == [], cell
    html = render_catalogue_html(cat)
    parsed = _HtmlTables()
    parsed.feed(html)
    (table,) = parsed.tables
    assert table[0][:3] == ["索引号", "名称", "文号"]
    assert len(table) == 1 + 27
    assert table[5][0] == "000014349/2025-00005" and table[5][2] == "某政发〔2025〕5号"
    assert "<script" not in html and "<link" not in html


def test_quarterly_pdf_typography():
    from importlib import import_module

    quarterly_tests = import_module("test_quarterly_pdf")
    from disclosure_desk.reports.quarterly_pdf import render_quarterly

    pdf = render_quarterly(quarterly_tests._summary())
    pages = pdf_lines(pdf)
    for n, page in enumerate(pages, start=1):
        assert page[-1] == f"第{n}页共{len(pages)}页"
        assert kinsoku_violations(page) == []
    fonts = used_fonts(pdf)
    assert all(fonts.values()) and any(SONG_FACE in f for f in fonts)
    assert any(HEI_FACE in f for f in fonts)


def test_word_letters_and_report_start_from_the_body_template(db, contact, tmp_path, report):
    template = tmp_path / "letterhead.docx"
    t = docx.Document()
    t.sections[0].header.paragraphs[0].text = "某区人民政府办公室"
    t.add_paragraph("某区人民政府办公室（版头）")
    t.save(str(template))
    letters.set_letter_settings(db.admin, {letters.WORD_TEMPLATE_KEY: str(template)})
    app_id = acceptance_case(db.admin)
    d = docx.Document(io.BytesIO(letters.print_letter(db.admin, app_id, "receipt", fmt="docx")[0]))
    assert d.paragraphs[0].text == "某区人民政府办公室（版头）"
    assert d.paragraphs[1].text == "政府信息公开申请接收回执"
    assert d.sections[0].header.paragraphs[0].text == "某区人民政府办公室"
    from disclosure_desk.services.reporting import annual as reports

    r = docx.Document(io.BytesIO(reports.render_annual_docx(report)))
    assert r.paragraphs[0].text == "某区人民政府办公室（版头）"
    letters.set_letter_settings(db.admin, {letters.WORD_TEMPLATE_KEY: str(tmp_path / "gone.docx")})
    with pytest.raises(InputError, match="gone.docx"):
        letters.print_letter(db.admin, app_id, "receipt", fmt="docx")


def test_glyphs_outside_the_serif_face_fall_back_per_character():
    from disclosure_desk.reports.letters import LetterData, render_letter

    fields = dict.fromkeys(
        (
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
        ),
        "",
    )
    fields.update(
        applicant="王镕堃",
        number="测试〔2025〕9号",
        agency="青山区人民政府",
        content="“〔2025〕”、《通知》（全文）",
    )
    pdf = render_letter(LetterData("receipt", fields))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = doc.pages[0].chars
    text = "".join(c["text"] for c in chars)
    assert "王镕堃" in text and "“〔2025〕”、《通知》（全文）" in text
    font_of = {c["text"]: c["fontname"] for c in chars if c["size"] > 15}
    # 镕 and 堃 are outside GB2312: set in the 黑体-style face; the marks stay in the serif one.
    assert HEI_FACE in font_of["镕"] and HEI_FACE in font_of["堃"]
    for ch in "王〔〕“”、《》（）":
        assert SONG_FACE in font_of[ch], ch
