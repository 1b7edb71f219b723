"""The bundled CJK TrueType fonts, registered with reportlab so PDFs embed them and extract correctly.

Three faces (see ``resources/fonts/README.txt`` for sources and licences):

- ``SONG`` — AR PL SungtiL GB, a 宋体-style serif: body text and tables (GB/T 9704 body style);
- ``HEI``  — WenQuanYi Micro Hei, a 黑体-style sans: titles and headings;
- ``KAI``  — AR PL KaitiM GB, a 楷体-style script: notes and the signature block.

The AR PL faces cover GB2312 only; :func:`font_for_char` picks WenQuanYi for any character a face
lacks, so a rare name character (镕, 堃) still prints instead of a blank box.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.package_data import RESOURCES_ENV, resources_dir  # noqa: F401 (re-exported)

HEI = "WQY"
SONG = "ARPLSungti"
KAI = "ARPLKaiti"
FONT_NAME = HEI  # the fallback face, and the name older renderers used
FONT_FILE = "wqy-microhei.ttc"

# reportlab name -> (file, sub-font index)
FONT_FILES: dict[str, tuple[str, int]] = {
    HEI: (FONT_FILE, 0),  # 0 = the proportional "WenQuanYi Micro Hei" face of the collection
    SONG: ("gbsn00lp.ttf", 0),
    KAI: ("gkai00mp.ttf", 0),
}

_registered: set[str] = set()
_coverage: dict[str, frozenset[int] | None] = {}


def font_path(name: str = HEI) -> Path:
    """Path of a bundled font file; DeskError naming the path when it is missing."""
    path = resources_dir() / "fonts" / FONT_FILES[name][0]
    if not path.is_file():
        raise DeskError("找不到中文字体文件 {path}，无法生成 PDF；请检查安装是否完整。", path=path)
    return path


def _register(name: str) -> None:
    if name in _registered:
        return
    font = TTFont(name, str(font_path(name)), subfontIndex=FONT_FILES[name][1])
    pdfmetrics.registerFont(font)
    _coverage[name] = frozenset(font.face.charToGlyph)
    _registered.add(name)


def register_fonts() -> str:
    """Register every bundled face once (idempotent); returns the fallback (黑体-style) name."""
    for name in FONT_FILES:
        _register(name)
    return HEI


def covers(name: str, ch: str) -> bool:
    """Whether the registered face ``name`` has a glyph for ``ch`` (unknown faces: assume yes)."""
    cover = _coverage.get(name)
    return cover is None or ord(ch) in cover


def font_for_char(name: str, ch: str) -> str:
    """``name`` when it has the glyph, else the 黑体-style fallback (which covers far more)."""
    if name == HEI or covers(name, ch):
        return name
    return HEI
