"""Every file kind the scanner reads, each with a planted item and a decoy; locations (page,
sheet!cell, 页眉 …) and the notices for what cannot be read (images, scanned pages, formats this
machine cannot open)."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from disclosure_desk.domain.scanner import Scanner
from disclosure_desk.files.extract import NO_TEXT_LAYER, UNREADABLE, extract, extract_text
from disclosure_desk.services.reviews.scan import scan_extracted

DATA = Path(__file__).with_name("data")
ID = "11010519491231002X"
ID_BAD = "110105194912310021"
MOBILE = "13812345678"
SCANNER = Scanner()


def _found(extracted) -> list[tuple[str, str, str]]:
    return [
        (f.kind, f.text, f.location)
        for f in scan_extracted(SCANNER, extracted)
        if f.kind in ("id_card", "mobile", NO_TEXT_LAYER, UNREADABLE)
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_txt_in_every_encoding(encoding: str) -> None:
    text = f"身份证号 {ID}，另编号 {ID_BAD}"
    result = extract(text.encode(encoding), "名单.txt")
    assert result.text == text
    assert _found(result) == [("id_card", ID, "")]


def test_docx_body_table_header_footer_text_box_and_comment() -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph(f"正文：电话 {MOBILE}，编号 {ID_BAD}")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "身份证号"
    table.cell(0, 1).text = "１１０１０５１９４９１２３１００２Ｘ"
    section = document.sections[0]
    section.header.paragraphs[0].text = "联系人电话 139 1234 5678"
    section.footer.paragraphs[0].text = "页脚 350211196201208674"
    box = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        "<w:txbxContent><w:p><w:r><w:t>文本框 13712345678</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r>"
    )
    document.paragraphs[0]._p.append(box)
    document.add_comment(document.paragraphs[0].runs, text="批注：户主手机 13612345678")
    buffer = io.BytesIO()
    document.save(buffer)
    found = _found(extract(buffer.getvalue(), "公示.docx"))
    assert found == [
        ("mobile", MOBILE, "正文"),
        ("id_card", "１１０１０５１９４９１２３１００２Ｘ", "表格"),
        ("mobile", "13712345678", "文本框"),
        ("mobile", "139 1234 5678", "页眉"),
        ("id_card", "350211196201208674", "页脚"),
        ("mobile", "13612345678", "批注"),
    ]


def _pdf(pages: list[list[str]], image_only: set[int] = frozenset()) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from disclosure_desk.reports.fonts import register_fonts

    buffer = io.BytesIO()
    c = Canvas(buffer)
    font = register_fonts()
    for number, lines in enumerate(pages, start=1):
        if number in image_only:
            c.rect(50, 500, 300, 200, fill=1)  # a "scan": drawing, no text
        else:
            c.setFont(font, 11)
            for i, line in enumerate(lines):
                c.drawString(50, 750 - 20 * i, line)
        c.showPage()
    c.save()
    return buffer.getvalue()


def test_pdf_pages_located_and_image_pages_need_a_manual_check() -> None:
    data = _pdf([[f"电话 {MOBILE}", f"编号 {ID_BAD}"], [], [f"身份证 {ID}"]], image_only={2})
    found = _found(extract(data, "scan.pdf"))
    assert found == [
        ("mobile", MOBILE, "第1页"),
        (NO_TEXT_LAYER, "", "第2页"),
        ("id_card", ID, "第3页"),
    ]


def test_image_only_pdf_and_images_are_never_clean() -> None:
    only_images = extract(_pdf([[]], image_only={1}), "扫描件.pdf")
    assert [(n.kind, n.location) for n in only_images.notices] == [(NO_TEXT_LAYER, "第1页")]
    for name in ("照片.jpg", "扫描.PNG", "件.tif"):
        result = extract(b"\x89PNG not really", name)
        assert result.text == "" and [n.kind for n in result.notices] == [NO_TEXT_LAYER]


def test_xlsx_every_sheet_and_cell_located() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "低保名单"
    ws.append(["姓名", "身份证号", "联系电话", "金额"])
    ws.append(["王某", ID, MOBILE, 1234.5])
    ws.append(["李某", ID_BAD, 12812345678, 20251008])
    other = book.create_sheet("补贴")
    other["C7"] = "３５０２１１１９６２０１２０８６７４"
    buffer = io.BytesIO()
    book.save(buffer)
    assert _found(extract(buffer.getvalue(), "发放.xlsx")) == [
        ("id_card", ID, "低保名单!B2"),
        ("mobile", MOBILE, "低保名单!C2"),
        ("id_card", "３５０２１１１９６２０１２０８６７４", "补贴!C7"),
    ]


def test_csv_cells_located() -> None:
    text = f"姓名,证件号码,电话\n王某,{ID},{MOBILE}\n李某,{ID_BAD},0592-5123456转801\n"
    for encoding in ("utf-8-sig", "gb18030"):
        assert _found(extract(text.encode(encoding), "名单.csv")) == [
            ("id_card", ID, "B2"),
            ("mobile", MOBILE, "C2"),
        ]


@pytest.mark.parametrize("name", ["planted.xls", "planted.et"])
def test_xls_and_et_through_xlrd(name: str) -> None:
    found = _found(extract(DATA / name))
    assert found == [("id_card", ID, "低保名单!C2"), ("mobile", MOBILE, "联系!A2")]


def _fake_reader(tmp_path: Path, monkeypatch, name: str, output: str) -> None:
    """A stand-in ``antiword`` on PATH that prints ``output`` (the real one may be absent)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    tool = bindir / name
    tool.write_text(f"#!/bin/sh\ncat <<'EOF'\n{output}\nEOF\n", encoding="utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.setattr(
        shutil, "which", lambda n, _w=shutil.which: str(tool) if n == name else None
    )


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_and_wps_go_through_the_installed_reader(
    tmp_path: Path, monkeypatch, suffix: str
) -> None:
    _fake_reader(tmp_path, monkeypatch, "antiword", f"联系人手机 {MOBILE}，订单 2025-10-08 No.123")
    result = extract(b"\xd0\xcf\x11\xe0 binary word file", "old" + suffix)
    assert _found(result) == [("mobile", MOBILE, "正文")]
    assert "2025-10-08 No.123" in result.text  # the decoy is read but not reported


def test_doc_written_by_libreoffice_when_available(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or (shutil.which("antiword") is None and shutil.which("catdoc") is None):
        pytest.skip("needs LibreOffice to write a .doc and antiword/catdoc to read it")
    import subprocess

    src = tmp_path / "planted.txt"
    src.write_text(f"联系人手机 {MOBILE}\n", encoding="utf-8")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert _found(extract((tmp_path / "planted.doc").read_bytes(), "x.doc")) == [
        ("mobile", MOBILE, "正文")
    ]


def test_unreadable_office_formats_block_with_a_clear_request(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    result = extract(b"\xd0\xcf\x11\xe0 binary word file", "旧文件.wps")
    assert [(n.kind, n.location) for n in result.notices] == [(UNREADABLE, "整个文件")]
    assert "无法读取" in result.notices[0].message and ".docx" in result.notices[0].message
    assert "另存为 .xlsx" in extract(b"not a workbook", "表.et").notices[0].message
    assert [n.kind for n in extract(b"x", "汇报.pptx").notices] == [UNREADABLE]
    with pytest.raises(Exception, match="无法读取"):
        extract_text(b"x", "汇报.pptx")  # attachments: refused up front


def test_docx_text_box_written_twice_by_word_is_read_once() -> None:
    # Word stores a text box as DrawingML (mc:Choice) plus a VML copy (mc:Fallback).
    import docx
    from docx.oxml import parse_xml

    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    content = f"<w:txbxContent><w:p><w:r><w:t>户主手机 {MOBILE}</w:t></w:r></w:p></w:txbxContent>"
    run = parse_xml(
        f'<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><wps:txbx>{content}'
        f"</wps:txbx></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}"
        "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    document = docx.Document()
    document.add_paragraph("见文本框。")._p.append(run)
    buffer = io.BytesIO()
    document.save(buffer)
    assert _found(extract(buffer.getvalue(), "框.docx")) == [("mobile", MOBILE, "文本框")]


def test_id_numbers_typed_into_number_cells_are_still_reported() -> None:
    # Excel keeps 15 significant digits: 110105194912310021 becomes 1.10105194912310E+17.
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["身份证号", "金额"])
    book.active.append([110105194912310021, 1234567890123456789.0])
    buffer = io.BytesIO()
    book.save(buffer)
    found = scan_extracted(SCANNER, extract(buffer.getvalue(), "名单.xlsx"))
    ids = [(f.text, f.location, f.masked) for f in found if f.kind == "id_card"]
    assert ids == [("110105194912310000", "Sheet!A2", "110105********0000")]
    assert "末3位已丢失" in next(f.note for f in found if f.kind == "id_card")


def test_stored_text_still_locates_pages_and_cells() -> None:
    # Attachments keep only their text; the review rebuilds page and sheet!cell from its layout.
    from disclosure_desk.files.extract import stored_location

    book = extract(DATA / "planted.xls")
    for offset, label in book.parts[1:]:
        if not label.endswith("!"):
            assert stored_location("a.xls", book.text, offset) == label
    sheet = extract(f"a,b\n1,{MOBILE}\n".encode(), "x.csv")
    assert stored_location("x.csv", sheet.text, sheet.text.index(MOBILE)) == "B2"
    pdf = extract(_pdf([["第一页"], [f"电话 {MOBILE}"]]), "p.pdf")
    assert stored_location("p.pdf", pdf.text, pdf.text.index(MOBILE)) == "第2页"


def test_random_bytes_in_every_new_kind_give_text_or_a_plain_error() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from disclosure_desk.domain.errors import InputError

    @settings(max_examples=150, deadline=None)
    @given(
        st.binary(max_size=3000),
        st.sampled_from([".xlsx", ".xls", ".et", ".csv", ".wps", ".png", ".pptx", ".txt"]),
    )
    def check(data: bytes, suffix: str) -> None:
        try:
            result = extract(data, "随机" + suffix)
        except InputError as exc:
            assert exc.message
            return
        assert isinstance(result.text, str)
        for notice in result.notices:
            assert notice.kind in (NO_TEXT_LAYER, UNREADABLE) and notice.message

    check()
