"""Start-up stays lean (issue 18: start-up ≤ 2× a bare PySide6 window; bench/bench_startup.py
times it). Timing is not asserted here; what made start-up fast is: a fresh interpreter that
builds and paints the main window on a SQLite database has not imported the PostgreSQL driver,
the report and office-file libraries, or the dashboard's services (they load on a worker thread
after the first paint), and has not built PySide's ``Qt`` namespace (≈ 100 enum classes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

CHILD = r"""
import json, os, sys, time
from PySide6 import QtCore
lazy_qt = "Qt" not in QtCore.__dict__  # this PySide builds its classes on first use
from PySide6.QtCore import QEvent, QObject, QTimer
from disclosure_desk.services.common import auth, setup
from disclosure_desk.store.models import User
from disclosure_desk.ui.shell.qt_setup import ensure_app

app = ensure_app(offscreen=True)
setup.open_target(setup.parse_target(sys.argv[1]))
from disclosure_desk.ui.shell.main_window import MainWindow

window = MainWindow(auth.actor_for(User.get(User.login == "admin")), "")

class FirstPaint(QObject):
    seen = None
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and self.seen is None:
            self.seen = set(sys.modules)
        return False

spy = FirstPaint()
window.installEventFilter(spy)
window.show()
deadline = time.time() + 30
while spy.seen is None and time.time() < deadline:
    app.processEvents()
qt_built = "Qt" in QtCore.__dict__
dash = window.views["dashboard"]
dash.wait_loaded()
window.wait_warning()
after = set(sys.modules)
cards = {k: v.text() for k, v in dash.cards.items()}
window.close()
print(json.dumps({"at_paint": sorted(spy.seen or ()), "after_load": sorted(after),
                  "lazy_qt": lazy_qt, "qt_built": qt_built, "cards": cards}))
sys.stdout.flush()
os._exit(0)
"""

NEVER = ("psycopg2", "reportlab", "openpyxl", "docx", "pypdf", "xlrd", "pypdfium2")
AFTER_PAINT = (
    "disclosure_desk.services.dashboard.todos",
    "disclosure_desk.services.common.calendar",
    "disclosure_desk.services.duties.monitoring",
    "chinese_calendar",
)


def test_main_window_start_imports_only_what_the_first_screen_needs(db) -> None:
    if db.target.kind != "sqlite":
        pytest.skip("start-up on SQLite is the case measured (PostgreSQL needs its driver)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(db.path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    at_paint, after = set(out["at_paint"]), set(out["after_load"])
    assert out["cards"]["units"] == "1"  # the dashboard did load its data
    assert [m for m in NEVER if m in after] == []
    assert [m for m in AFTER_PAINT if m in at_paint] == []
    assert all(m in after for m in AFTER_PAINT[:2])  # …and they were loaded after the paint
    if out["lazy_qt"]:
        assert not out["qt_built"], "start-up built PySide's Qt namespace (≈ 12 ms)"
