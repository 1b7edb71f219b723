"""The one exception hook: an unexpected error is written to the rotating log with its traceback and
shown in one dialog with a "复制详细信息" button; the app's own errors are shown where they happen."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from disclosure_desk.domain.errors import InputError
from disclosure_desk.services.common import errorlog
from disclosure_desk.ui.common import crash, dialogs, workers

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def hooked(tmp_path, monkeypatch, qapp):
    monkeypatch.setenv(errorlog.ENV_LOG_DIR, str(tmp_path / "logs"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    script = dialogs.use(dialogs.ScriptedDialogs())
    crash.install()
    yield script, tmp_path / "logs" / "disclosure-desk.log"
    for h in list(errorlog.log.handlers):
        errorlog.log.removeHandler(h)
        h.close()
    dialogs.use(dialogs.Dialogs())


def _boom() -> None:
    raise ZeroDivisionError("rate table empty")


def test_error_in_a_slot_is_logged_and_shown_once(hooked, qtbot):
    script, log = hooked
    QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: any(c[0] == "crash" for c in script.calls), timeout=5000)
    crashes = [c for c in script.calls if c[0] == "crash"]
    assert len(crashes) == 1
    assert crashes[0][1] == "程序错误" and str(log) in crashes[0][2]
    text = log.read_text(encoding="utf-8")
    assert "ZeroDivisionError: rate table empty" in text and "_boom" in text
    assert "ZeroDivisionError" in script.crash_details


def test_error_in_another_thread_reaches_the_gui_thread(hooked, qtbot):
    script, log = hooked
    t = threading.Thread(target=_boom, name="import-helper")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: any(c[0] == "crash" for c in script.calls), timeout=5000)
    assert "import-helper" in log.read_text(encoding="utf-8")


def test_worker_bug_goes_to_the_hook_and_the_caller_shows_nothing_more(hooked, qtbot):
    script, log = hooked
    got = []
    task = workers.start(None, lambda _report: _boom(), got.append)
    task.wait()
    assert isinstance(got[0], workers.Crashed)
    dialogs.show_error(None, got[0])  # what every caller does with an error result
    qtbot.waitUntil(lambda: any(c[0] == "crash" for c in script.calls), timeout=5000)
    assert [c[0] for c in script.calls] == ["crash"]
    assert "rate table empty" in log.read_text(encoding="utf-8")


def test_worker_own_error_is_delivered_not_logged(hooked, qtbot):
    script, log = hooked
    got = []

    def refuse(_report):
        raise InputError("文件第 3 行缺少标题。")

    workers.start(None, refuse, got.append).wait()
    assert isinstance(got[0], InputError) and not isinstance(got[0], workers.Crashed)
    dialogs.show_error(None, got[0])
    assert script.calls == [("error", "操作未完成", "文件第 3 行缺少标题。")]
    assert not log.exists() or "文件第 3 行" not in log.read_text(encoding="utf-8")


def test_worker_progress_and_cancel(qapp, qtbot):
    seen, got = [], []

    def job(report):
        for i in range(1, 1000):
            if not report(i, 999):
                raise InputError("已取消")
            if i == 3:
                task.cancel()
        return "finished"

    task = workers.Task(None, job, got.append, lambda d, t, _l: seen.append((d, t)))
    task.start()
    task.wait()
    qtbot.waitUntil(lambda: len(seen) >= 4, timeout=5000)
    assert str(got[0]) == "已取消"
    assert seen[:4] == [(1, 999), (2, 999), (3, 999), (4, 999)]
    assert workers.running() == 0


def test_the_real_dialog_copies_the_details(qapp, qtbot):
    QApplication.clipboard().clear()
    clicked = []

    def press_copy_then_close():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        copy = next(b for b in box.findChildren(QPushButton) if b.text() == "复制详细信息")
        copy.click()
        clicked.append(QApplication.clipboard().text())
        box.close()

    QTimer.singleShot(50, press_copy_then_close)
    crash.crash_box(None, "程序错误", "程序遇到了意外错误", "Traceback: details here")
    assert clicked == ["Traceback: details here"]


def test_cli_bug_is_one_line_exit_1_and_logged(tmp_path, monkeypatch, capsys):
    from disclosure_desk import cli, i18n

    monkeypatch.setenv(errorlog.ENV_LOG_DIR, str(tmp_path / "logs"))

    def broken(_lang):
        raise KeyError("holiday")

    monkeypatch.setattr(i18n, "set_language", broken)
    code = cli.main(["gui", "--view", "dashboard"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and err[0].startswith("disclosure-desk: 程序遇到了意外错误")
    log = (tmp_path / "logs" / "disclosure-desk.log").read_text(encoding="utf-8")
    assert "KeyError: 'holiday'" in log and "Traceback" in log
    for h in list(errorlog.log.handlers):
        errorlog.log.removeHandler(h)
        h.close()
