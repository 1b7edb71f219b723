"""Reading a user's file from disk with one set of plain-language errors and a size cap."""

from __future__ import annotations

from pathlib import Path

from disclosure_desk.domain.errors import InputError


def read_user_file(path: str | Path, max_bytes: int, purpose: str) -> bytes:
    """The file's bytes; InputError naming the file for a missing, unreadable or oversized file.

    ``purpose`` completes the sentence for an oversized file, e.g. "导入" or "审查"."""
    p = Path(path)
    try:
        if p.stat().st_size > max_bytes:
            raise InputError(
                "文件“{name}”超过 {value} MB，无法{purpose}。",
                name=p.name,
                value=max_bytes // 1_000_000,
                purpose=purpose,
            )
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("找不到文件“{p}”。", p=p) from None
    except IsADirectoryError:
        raise InputError("“{p}”是文件夹，不是文件。", p=p) from None
    except PermissionError:
        raise InputError("没有权限读取文件“{p}”。", p=p) from None
    except OSError as exc:
        raise InputError("无法读取文件“{p}”：{value}。", p=p, value=exc.strerror or exc) from None


# An .xlsx is a zip archive: a few kilobytes can unpack to gigabytes (a "zip bomb") and openpyxl
# would try to hold it all. Every spreadsheet reader checks the archive's directory first.
XLSX_MAX_UNCOMPRESSED = 500 * 1024 * 1024
XLSX_MAX_RATIO = 200
XLSX_MAX_MEMBERS = 2000


def guard_xlsx(data: bytes, name: str, max_uncompressed: int = XLSX_MAX_UNCOMPRESSED) -> None:
    """Refuse an .xlsx whose members would unpack past ``max_uncompressed`` bytes, or that is
    compressed suspiciously well, before any XML is parsed. (zipfile stops reading a member at
    its declared size, so a member that lies about its size cannot exceed this either.)"""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(
            "文件“{name}”不是有效的 .xlsx 文件（可能已损坏，或其实是旧版 .xls）。", name=name
        ) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if (
        len(infos) > XLSX_MAX_MEMBERS
        or total > max_uncompressed
        or (total > 10 * 1024 * 1024 and total / packed > XLSX_MAX_RATIO)
    ):
        raise InputError(
            "文件“{name}”解压后过大（约 {value} MB，远超正常表格），疑似异常文件，已拒绝读取。",
            name=name,
            value=total // (1024 * 1024),
        )
