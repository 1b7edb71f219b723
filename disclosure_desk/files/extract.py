"""Plain-text extraction from attachments for the pre-publication scanner and for attachment
search: .txt (UTF-8, GB18030, UTF-16 with BOM), .docx, .pdf, .xlsx/.xls/.et/.csv, .doc/.wps
(through antiword or catdoc when installed) and images.

``extract`` returns the text plus where each part came from (page, sheet/cell, 页眉, 批注 …) and
*notices*: what could not be read as text and so needs a person — a scanned page or an image
("no text layer: check by hand"), or an office format this machine cannot read ("save as
.docx/.xlsx"). Offsets reported by the scanner refer to ``Extracted.text`` (for .txt: the decoded
file content, unchanged). Broken or hostile files become InputError with a plain Chinese sentence.
"""

from __future__ import annotations

import bisect
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files.reading import read_user_file

# A .docx/.xlsx is a zip archive; refuse archives that would expand to something absurd before any
# library inflates them (a "zip bomb" can be a few kilobytes on disk).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small members (XML headers, tiny parts) compress extremely well; only judge the ratio of
# members big enough to matter.
_RATIO_MIN_BYTES = 1024 * 1024
MAX_FILE_BYTES = 100 * 1024 * 1024

TEXT_SUFFIXES = (".txt",)
SHEET_SUFFIXES = (".xlsx", ".xls", ".et", ".csv")
WORD_SUFFIXES = (".docx", ".doc", ".wps")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")
# Office formats officers meet that this app cannot read as text: a blocking finding asks for a
# .docx/.xlsx copy instead of a silent "nothing found".
UNREADABLE_SUFFIXES = (".ppt", ".pptx", ".dps", ".rtf", ".ofd", ".odt", ".ods", ".odp")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + (".pdf",) + WORD_SUFFIXES + SHEET_SUFFIXES + IMAGE_SUFFIXES
SCANNABLE_SUFFIXES = SUPPORTED_SUFFIXES + UNREADABLE_SUFFIXES

NO_TEXT_LAYER = "no_text_layer"
UNREADABLE = "unreadable"
# PDF pages are joined by a form feed so the stored text still says where each page starts.
PAGE_BREAK = "\f"


@dataclass(frozen=True)
class Notice:
    """Something a person must check: ``kind`` is NO_TEXT_LAYER or UNREADABLE."""

    kind: str
    location: str
    message: str
    offset: int = 0


@dataclass(frozen=True)
class Extracted:
    """The text of one file; ``parts`` are (offset where a part starts, its location label)."""

    text: str
    parts: tuple[tuple[int, str], ...] = ()
    notices: tuple[Notice, ...] = ()
    _starts: list[int] = field(default_factory=list, compare=False, repr=False)

    def location_at(self, offset: int) -> str:
        """The location label of the part holding ``offset`` ("" when the file has none)."""
        if not self.parts:
            return ""
        if not self._starts:
            self._starts.extend(p[0] for p in self.parts)
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.parts[i][1] if i >= 0 else ""


def extract_text(path_or_bytes: str | Path | bytes, filename: str | None = None) -> str:
    """Text of a supported file given as a path or as raw bytes (for attachments and search).

    A format this machine cannot read raises InputError asking for a .docx/.xlsx copy."""
    result = extract(path_or_bytes, filename)
    for notice in result.notices:
        if notice.kind == UNREADABLE:
            raise InputError(notice.message)
    return result.text


def extract(path_or_bytes: str | Path | bytes, filename: str | None = None) -> Extracted:
    """Text, part locations and notices of a file given as a path or as raw bytes.

    ``filename`` decides the format (its extension); when omitted, the path's name is used."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        name = filename or ""
    else:
        path = Path(path_or_bytes)
        name = filename or path.name
        data = read_user_file(path, MAX_FILE_BYTES, "审查")
    suffix = Path(name).suffix.lower()
    if suffix == ".txt":
        return Extracted(decode_text(data, name))
    if suffix == ".pdf":
        return _from_pdf(data, name)
    if suffix in IMAGE_SUFFIXES:
        return Extracted("", (), (_image_notice(),))
    if suffix in WORD_SUFFIXES or suffix in SHEET_SUFFIXES:
        from disclosure_desk.files import extract_office

        return extract_office.extract(data, name, suffix)
    if suffix in UNREADABLE_SUFFIXES:
        return unreadable(name)
    shown = suffix or "（无扩展名）"
    raise InputError(
        "不支持的文件类型 {shown}：只能审查文本、Word、WPS、Excel、PDF 文件和图片。", shown=shown
    )


def unreadable(name: str) -> Extracted:
    """The blocking notice for an office file that cannot be read here."""
    suffix = Path(name).suffix.lower()
    target = ".xlsx" if suffix in (".xls", ".et", ".ods", ".csv") else ".docx"
    message = (
        f"无法读取：本机不能读出“{name}”中的文字，请另存为 {target}（或带文字层的 PDF）后再审查。"
    )
    return Extracted("", (), (Notice(UNREADABLE, "整个文件", message),))


def _image_notice() -> Notice:
    return Notice(
        NO_TEXT_LAYER,
        "整个文件",
        "无文字层：图片中的文字无法自动审查，请人工逐页核对后记录核对结果。",
    )


def stored_notices(filename: str, text: str) -> tuple[Notice, ...]:
    """Notices of an attachment rebuilt from its name and stored text (no re-reading):
    an image, or each PDF page whose text is empty."""
    suffix = Path(filename).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return (_image_notice(),)
    if suffix == ".pdf":
        return _page_notices(text.split(PAGE_BREAK))
    return ()


def stored_location(filename: str, text: str, offset: int) -> str:
    """Where ``offset`` lies in an attachment's stored text, rebuilt from the layout ``extract``
    wrote: the page of a PDF, sheet!cell of a spreadsheet ("" for other kinds). A cell that
    itself holds a line break or a tab shifts the cells after it on that sheet."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".pdf":
        return f"第{text.count(PAGE_BREAK, 0, offset) + 1}页"
    if suffix not in SHEET_SUFFIXES:
        return ""
    line_start = text.rfind("\n", 0, offset) + 1
    column = text.count("\t", line_start, offset) + 1
    prefix = ""
    first_row = 0
    if suffix != ".csv":
        header = text.rfind("\n【", 0, offset)
        header = header + 1 if header >= 0 else (0 if text.startswith("【") else -1)
        if header < 0:
            return ""
        end = text.find("】", header)
        if end < 0 or end > offset or header == line_start:
            return ""
        prefix = text[header + 1 : end] + "!"
        first_row = text.find("\n", header) + 1
    row = text.count("\n", first_row, line_start) + 1
    from disclosure_desk.files.extract_office import column_letter

    return f"{prefix}{column_letter(column)}{row}"


def _page_notices(pages: list[str]) -> tuple[Notice, ...]:
    notices = []
    offset = 0
    for number, page in enumerate(pages, start=1):
        if not page.strip():
            notices.append(
                Notice(
                    NO_TEXT_LAYER,
                    f"第{number}页",
                    f"无文字层：第{number}页没有可读文字（可能是扫描图片），请人工核对后记录核对结果。",
                    offset,
                )
            )
        offset += len(page) + len(PAGE_BREAK)
    return tuple(notices)


def _looks_binary(text: str) -> bool:
    # Control characters other than tab/newline/carriage return/form feed do not occur in real
    # text; a few may, so reject only when they are more than a trace.
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text if (ch < " " and ch not in "\t\n\r\f\v") or ch == "\x7f")
    return controls > max(8, len(text) // 200)


def decode_text(data: bytes, name: str) -> str:
    """A text file's content: UTF-16 with a byte-order mark, else UTF-8, else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None and not _looks_binary(text):
            return text
        raise InputError("文件“{name}”已损坏：UTF-16 编码的文字无法解码。", name=name)
    text: str | None = None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    # GB18030 decodes almost any byte string, so a successful decode proves little; a NUL or a
    # run of control characters means this is not text at all.
    if text is None or b"\x00" in data or _looks_binary(text):
        raise InputError(
            "文件“{name}”不是文本文件（不是 UTF-8、GB18030 或带 BOM 的 UTF-16 编码的文字）。",
            name=name,
        )
    return text


def check_zip(data: bytes, name: str, kind: str = "Word 文档（.docx）") -> None:
    """Refuse a broken archive or a zip bomb before any library inflates it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError("文件“{name}”已损坏或不是有效的 {kind}。", name=name, kind=kind) from None
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError("文件“{name}”解压后超过 200 MB，疑似压缩炸弹，已拒绝打开。", name=name)
        if info.file_size >= _RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise InputError(
                    "文件“{name}”的压缩比异常（超过 100 倍），疑似压缩炸弹，已拒绝打开。", name=name
                )


def _from_pdf(data: bytes, name: str) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError("文件“{name}”已加密，请先解除密码保护再审查。", name=name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except PyPdfError:
        raise InputError("文件“{name}”已损坏或不是有效的 PDF 文件。", name=name) from None
    except Exception:  # noqa: BLE001 — broken streams surface as zlib, Key, Index… errors
        raise InputError("文件“{name}”已损坏，无法读取其中的文字。", name=name) from None
    # A page's own form feeds would shift the page count read back from stored text.
    pages = [p.replace(PAGE_BREAK, "\n") for p in pages]
    parts = []
    offset = 0
    for number, page in enumerate(pages, start=1):
        parts.append((offset, f"第{number}页"))
        offset += len(page) + len(PAGE_BREAK)
    return Extracted(PAGE_BREAK.join(pages), tuple(parts), _page_notices(pages))
