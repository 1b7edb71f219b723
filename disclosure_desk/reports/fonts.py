"""Registers the bundled CJK TrueType font with reportlab so PDFs embed it and extract correctly."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.package_data import RESOURCES_ENV, resources_dir  # noqa: F401 (re-exported)

FONT_NAME = "WQY"
FONT_FILE = "wqy-microhei.ttc"

_registered = False


def font_path() -> Path:
    """Path of the bundled font file; DeskError naming the path when it is missing."""
    path = resources_dir() / "fonts" / FONT_FILE
    if not path.is_file():
        raise DeskError(f"找不到中文字体文件 {path}，无法生成 PDF；请检查安装是否完整。")
    return path


def register_fonts() -> str:
    """Register the font once (idempotent) and return its reportlab name."""
    global _registered
    if not _registered:
        # subfontIndex=0 is the proportional "WenQuanYi Micro Hei" face of the collection.
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=0))
        _registered = True
    return FONT_NAME
