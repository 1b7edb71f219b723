"""A database made by the first round's app upgrades, and every figure of its annual reports stays.

``tests/data/upgrade/round1-demo.sqlite3.gz`` was created with the first round's code (commit
a990966: ``init`` + ``demo --items 400 --applications 250 --units 4 --seed 11``), and
``round1-annual-reports.json`` holds the ``report annual --json`` output that code printed for it
(whole body 2024–2026, units U01/U02 for 2025). Neither comes from the code under test.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from disclosure_desk.services.common import auth, setup
from disclosure_desk.services.reporting import annual

DATA = Path(__file__).resolve().parents[1] / "data" / "upgrade"
pytestmark = pytest.mark.skipif(
    __import__("os").environ.get("DISCLOSURE_DESK_TEST_PG", "") != "", reason="a SQLite file"
)


def test_round1_database_upgrades_with_every_annual_figure_unchanged(tmp_path):
    path = tmp_path / "round1.sqlite3"
    with gzip.open(DATA / "round1-demo.sqlite3.gz") as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    expected = json.loads((DATA / "round1-annual-reports.json").read_text(encoding="utf-8"))
    target = setup.parse_target(str(path))
    setup.open_target(target)  # migrates 0007 … 0013, backing the file up first
    try:
        actor = auth.sign_in("admin", "Admin@2026")
        for key, before in expected.items():
            year, _, unit = key.partition("-")
            after = annual.build_annual_report(actor, int(year), unit or None).to_json()
            for section in ("proactive", "applications", "reviews_litigation", "fees"):
                assert after[section] == before[section], (key, section)
            assert (after["year"], after["unit"]) == (before["year"], before["unit"]), key
    finally:
        setup.close()
    # the fixture is not vacuous: real figures in every section of the whole-body report
    report = expected["2025"]
    assert report["applications"]["1"]["total"] > 0 and report["fees"]["count"] >= 0
    assert report["proactive"]["normative_documents"]["in_force"] > 0
