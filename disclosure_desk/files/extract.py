"""Plain-text extraction from attachments (.txt, .docx, .pdf) for the pre-publication scanner
and for attachment search.

Offsets reported by the scanner refer to the string returned here (for .txt: the decoded file
content, unchanged). Hostile or broken files become InputError with a plain Chinese sentence.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files.reading import read_user_file

# A .docx is a zip archive; refuse archives that would expand to something absurd before any
# library inflates them (a "zip bomb" can be a few kilobytes on disk).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small members (XML headers, tiny parts) compress extremely well; only judge the ratio of
# members big enough to matter.
_RATIO_MIN_BYTES = 1024 * 1024
MAX_FILE_BYTES = 100 * 1024 * 1024

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")


def extract_text(path_or_bytes: str | Path | bytes, filename: str | None = None) -> str:
    """Text of a .txt, .docx or .pdf file given as a path or as raw bytes.

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
        return _text_from_txt(data, name)
    if suffix == ".docx":
        return _text_from_docx(data, name)
    if suffix == ".pdf":
        return _text_from_pdf(data, name)
    shown = suffix or "（无扩展名）"
    raise InputError(f"不支持的文件类型 {shown}：只能审查 .txt、.docx 和 .pdf 文件。")


def _looks_binary(text: str) -> bool:
    # Control characters other than tab/newline/carriage return/form feed do not occur in real
    # text; a few may, so reject only when they are more than a trace.
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text if (ch < " " and ch not in "\t\n\r\f\v") or ch == "\x7f")
    return controls > max(8, len(text) // 200)


def _text_from_txt(data: bytes, name: str) -> str:
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
        raise InputError(f"文件“{name}”不是文本文件（既不是 UTF-8 也不是 GB18030 编码的文字）。")
    return text


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(f"文件“{name}”已损坏或不是有效的 Word 文档（.docx）。") from None
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError(f"文件“{name}”解压后超过 200 MB，疑似压缩炸弹，已拒绝打开。")
        if info.file_size >= _RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise InputError(
                    f"文件“{name}”的压缩比异常（超过 100 倍），疑似压缩炸弹，已拒绝打开。"
                )


def _text_from_docx(data: bytes, name: str) -> str:
    _check_zip(data, name)
    try:
        import docx  # python-docx; imported lazily so plain-text scans start fast
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise InputError(f"文件“{name}”不是有效的 Word 文档（.docx）。") from None
    except Exception:  # noqa: BLE001 — python-docx raises many types (KeyError, lxml errors…)
        raise InputError(f"文件“{name}”已损坏，无法读取其中的文字。") from None
    lines: list[str] = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(_table_lines(table))
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # Merged cells appear once per grid column; print each underlying cell once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
            for inner in cell.tables:
                lines.extend(_table_lines(inner))
        lines.append("\t".join(cells))
    return lines


def _text_from_pdf(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"文件“{name}”已加密，请先解除密码保护再审查。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except PyPdfError:
        raise InputError(f"文件“{name}”已损坏或不是有效的 PDF 文件。") from None
    except Exception:  # noqa: BLE001 — broken streams surface as zlib, Key, Index… errors
        raise InputError(f"文件“{name}”已损坏，无法读取其中的文字。") from None
    return "\n".join(pages)
