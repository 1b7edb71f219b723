"""The in-process CLI tests sign in as the fixture administrator (there is no implicit operator)."""

from __future__ import annotations

import pytest

ADMIN_PASSWORD = "Admin@2026"  # the root conftest's administrator


@pytest.fixture(autouse=True)
def signed_in_admin(monkeypatch):
    monkeypatch.setenv("DISCLOSURE_DESK_USER", "admin")
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", ADMIN_PASSWORD)
