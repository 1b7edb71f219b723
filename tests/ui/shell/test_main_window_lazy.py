"""Main window builds views on first use: only the dashboard at start-up, others when shown."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from disclosure_desk.ui.shell.main_window import MainWindow
from disclosure_desk.ui.shell.views import VIEW_SPECS, VIEW_TITLES, view_class


def test_navigation_titles_match_the_view_classes() -> None:
    assert [k for k, _m, _c in VIEW_SPECS] == list(VIEW_TITLES)
    for key, title in VIEW_TITLES.items():
        assert view_class(key).title == title


def test_views_are_built_on_first_show(qtbot, db) -> None:
    window = MainWindow(db.admin)
    qtbot.addWidget(window)
    assert list(window.views) == ["dashboard"]
    assert window.nav.count() == len(VIEW_SPECS)
    assert window.nav.item(1).text() == VIEW_TITLES["items"]
    window.show_view("reports")
    assert window.current_view() is window.views["reports"]
    assert window.current_view().key == "reports"
    settings = window.views["settings"]  # built on access, without being shown
    assert window.stack.indexOf(settings) == [k for k, _m, _c in VIEW_SPECS].index("settings")
    assert set(window.views) == {"dashboard", "reports", "settings"}
    with pytest.raises(KeyError):
        window.views["nope"]
