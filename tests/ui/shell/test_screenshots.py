"""`gui --screenshot` renders every view: the PNG has the asked size, is not blank, and has Chinese
text drawn with a font that has the glyphs (not empty boxes)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

from disclosure_desk.cli import main as cli_main
from disclosure_desk.services.admin import demo
from disclosure_desk.services.common import setup

VIEWS = ("dashboard", "items", "reviews", "applications", "reports", "settings")
# The navigation titles every view shows (PRODUCT.md: 首页, 信息登记, 发布审查, 依申请公开, 报表, 设置).
NAV_TITLES = ("首页", "信息登记", "发布审查", "依申请公开", "报表", "设置")
W, H = 1280, 720  # the smallest screen officers use (PREAMBLE: --size 1280x720)


def _dark_pixels(img: QImage, x0: int, y0: int, x1: int, y1: int) -> int:
    n = 0
    for y in range(y0, y1):
        for x in range(x0, x1):
            if QColor(img.pixel(x, y)).lightness() < 110:
                n += 1
    return n


def _drawn(text: str, font: QFont) -> QImage:
    img = QImage(400, 80, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    big = QFont(font)
    big.setPixelSize(48)
    p = QPainter(img)
    p.setFont(big)
    p.setPen(QColor("black"))
    p.drawText(5, 60, text)
    p.end()
    return img


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("shots") / "demo.sqlite3"
    target = setup.parse_target(str(path))
    setup.init_database(target, "青山区人民政府", "000014349", "admin", "Admin@2026")
    from disclosure_desk.domain.permissions import SYSTEM

    demo.generate(SYSTEM, items=120, applications=40, units=3, seed=5)
    setup.close()
    return path


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_with_chinese_text(demo_db, tmp_path, monkeypatch, qapp, view):
    out = tmp_path / f"{view}.png"
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "Admin@2026")
    code = cli_main(
        [
            "--db",
            str(demo_db),
            "--user",
            "admin",
            "gui",
            "--screenshot",
            str(out),
            "--view",
            view,
            "--size",
            f"{W}x{H}",
        ]
    )
    assert code == 0 and out.stat().st_size > 10_000
    img = QImage(str(out))
    assert (img.width(), img.height()) == (W, H)
    # Not blank: many colours, and a good share of pixels differ from the background.
    sample = [img.pixel(x, y) for y in range(0, H, 4) for x in range(0, W, 4)]
    background = max(set(sample), key=sample.count)
    assert len(set(sample)) > 40
    assert sum(1 for px in sample if px != background) > len(sample) * 0.03
    # Text is drawn: dark ink in the navigation column and in the view's own area.
    assert _dark_pixels(img, 0, 0, 200, H) > 400
    assert _dark_pixels(img, 200, 0, W, H) > 1500
    # …and in a font that has the Chinese glyphs: each title draws more ink than a missing-glyph box.
    font = qapp.font()
    metrics = QFontMetrics(font)
    for title in NAV_TITLES:
        assert all(metrics.inFontUcs4(ord(ch)) for ch in title), (font.family(), title)
    # Missing glyphs all draw the same box: two different titles would then look identical.
    a, b = _drawn("依申请公开", font), _drawn("首页信息登", font)
    differing = sum(
        1 for y in range(0, 80, 2) for x in range(0, 400, 2) if a.pixel(x, y) != b.pixel(x, y)
    )
    assert _dark_pixels(a, 0, 0, 400, 80) > 500 and differing > 300
