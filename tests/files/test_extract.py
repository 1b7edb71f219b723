"""Text extraction from .txt, .docx and .pdf, including hostile and broken files."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files import extract
from disclosure_desk.files.extract import extract_text
from disclosure_desk.package_data import resource_path

FONT = resource_path("fonts", "wqy-microhei.ttc")
SAMPLE = "关于低保对象的公示\n户主：陈某华，联系电话：13373878287。"


def test_txt_utf8_with_and_without_bom(tmp_path: Path) -> None:
    plain = tmp_path / "a.txt"
    plain.write_bytes(SAMPLE.encode("utf-8"))
    assert extract_text(plain) == SAMPLE
    assert extract_text(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "公示.TXT") == SAMPLE


def test_txt_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    data = SAMPLE.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8
    path.write_bytes(data)
    assert extract_text(str(path)) == SAMPLE


def test_binary_garbage_is_refused() -> None:
    rng = random.Random(3)
    garbage = bytes(rng.randrange(256) for _ in range(4096))
    with pytest.raises(InputError, match="不是文本文件"):
        extract_text(garbage, "x.txt")
    with pytest.raises(InputError):
        extract_text(b"\x01\x02\x03\x04" * 100, "controls.txt")
    # UTF-16 with a byte-order mark is text (Notepad's "Unicode"); NUL-filled bytes are not.
    assert extract_text("中文".encode("utf-16"), "utf16.txt") == "中文"
    with pytest.raises(InputError):
        extract_text(b"\x00\x00" * 100, "nul.txt")


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="不支持的文件类型 .exe"):
        extract_text(b"abc", "setup.exe")
    with pytest.raises(InputError, match="无法读取.*另存为 .docx"):
        extract_text(b"abc", "slides.ppt")
    with pytest.raises(InputError, match="不支持"):
        extract_text(b"abc", "noext")
    with pytest.raises(InputError, match="找不到文件"):
        extract_text(tmp_path / "missing.txt")


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("拟聘用人员公示")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "联系电话"
    table.cell(1, 0).text = "王某明"
    table.cell(1, 1).text = "13812341234"
    document.add_paragraph("（内部资料 注意保存）")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "公示.docx"
    path.write_bytes(_docx_bytes())
    text = extract_text(path)
    assert "拟聘用人员公示" in text
    assert "（内部资料 注意保存）" in text
    assert "姓名\t联系电话" in text
    assert "王某明\t13812341234" in text


def test_docx_zip_bomb_is_refused_by_ratio() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (4 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 100_000
    with pytest.raises(InputError, match="压缩炸弹"):
        extract_text(data, "bomb.docx")


def test_docx_refused_when_total_uncompressed_size_too_big(monkeypatch) -> None:
    monkeypatch.setattr(extract, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(InputError, match="200 MB"):
        extract_text(_docx_bytes(), "big.docx")


def test_broken_docx_is_refused() -> None:
    with pytest.raises(InputError, match="Word"):
        extract_text(b"PK\x03\x04 not really a zip", "broken.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(InputError):
        extract_text(buffer.getvalue(), "empty.docx")


def _pdf_bytes(lines: list[str]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "WQYTest" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQYTest", str(FONT), subfontIndex=0))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("WQYTest", 12)
    y = 800
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 20
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_text(tmp_path: Path) -> None:
    path = tmp_path / "公示.pdf"
    path.write_bytes(_pdf_bytes(["行政处罚决定书", "当事人：张某某，电话13812341234"]))
    text = extract_text(path)
    assert "行政处罚决定书" in text
    assert "13812341234" in text


def test_encrypted_pdf_is_refused() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf_bytes(["机密"]))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(InputError, match="加密"):
        extract_text(buffer.getvalue(), "locked.pdf")


def test_broken_pdf_is_refused() -> None:
    with pytest.raises(InputError):
        extract_text(b"%PDF-1.4\n this is not a pdf at all", "broken.pdf")
    with pytest.raises(InputError):
        extract_text(_pdf_bytes(["正文"])[:200], "truncated.pdf")
