"""The in-process CLI tests sign in as the fixture administrator (there is no implicit operator)."""

from __future__ import annotations

import pytest

from disclosure_desk import i18n

ADMIN_PASSWORD = "Admin@2026"  # the root conftest's administrator


@pytest.fixture(autouse=True)
def signed_in_admin(monkeypatch):
    monkeypatch.setenv("DISCLOSURE_DESK_USER", "admin")
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", ADMIN_PASSWORD)


@pytest.fixture
def cli_in_english_then_chinese(tmp_path, monkeypatch):
    """For tests that switch the CLI to English: no configured database or data folder of this
    machine, and the interface back in Chinese afterwards."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DISCLOSURE_DESK_DB", raising=False)
    yield
    i18n.set_language("zh_CN")
