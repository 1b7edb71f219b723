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
            raise InputError(f"文件“{p.name}”超过 {max_bytes // 1_000_000} MB，无法{purpose}。")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到文件“{p}”。") from None
    except IsADirectoryError:
        raise InputError(f"“{p}”是文件夹，不是文件。") from None
    except PermissionError:
        raise InputError(f"没有权限读取文件“{p}”。") from None
    except OSError as exc:
        raise InputError(f"无法读取文件“{p}”：{exc.strerror or exc}。") from None
