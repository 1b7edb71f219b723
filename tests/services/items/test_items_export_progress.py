"""export_items with a progress callback: reports the total, and a cancel leaves no new file."""

from __future__ import annotations

import pytest

from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.store.models import Item, Unit

# openpyxl's write-only sheet complains (through lxml) when an abandoned workbook is collected.
QUIET_OPENPYXL = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def _seed(n: int) -> None:
    root = Unit.get(Unit.code == "ROOT").id
    Item.insert_many(
        [
            {"index_no": f"000014349/2025-{i:05d}", "title": f"通知{i}", "unit": root}
            for i in range(1, n + 1)
        ]
    ).execute()


def test_progress_reports_total(db, tmp_path):
    _seed(1500)
    calls = []
    n = items_io.export_items(
        db.admin, tmp_path / "a.csv", progress=lambda d, t, _l: calls.append((d, t)) or True
    )
    assert n == 1500
    assert calls == [(0, 1500), (1000, 1500), (1500, 1500)]


@QUIET_OPENPYXL
@pytest.mark.parametrize("name", ["b.csv", "b.xlsx"])
def test_cancel_removes_new_file(db, tmp_path, name):
    _seed(1500)
    target = tmp_path / name
    with pytest.raises(items_io.Cancelled):
        items_io.export_items(db.admin, target, progress=lambda d, _t, _l: d < 1000)
    assert not target.exists()


@QUIET_OPENPYXL
def test_cancel_keeps_an_existing_workbook(db, tmp_path):
    _seed(1500)
    target = tmp_path / "old.xlsx"
    items_io.export_items(db.admin, target)
    before = target.read_bytes()
    with pytest.raises(items_io.Cancelled):
        items_io.export_items(db.admin, target, progress=lambda d, _t, _l: d < 1000)
    assert target.read_bytes() == before  # an .xlsx is only written at the very end
