"""Windows: every dependency (transitively) resolves to a ready-made wheel for win_amd64 and
Python 3.11, so an office PC without a compiler can install the app. Uses pip's resolver against
the package index without installing anything (``--dry-run --report``; pip reads the wheels'
metadata). Skips when the index cannot be reached. Marked ``package`` (network)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.package
ROOT = Path(__file__).resolve().parents[2]


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.mark.parametrize("python_version", ["3.11"])
def test_every_dependency_has_a_win_amd64_wheel(tmp_path, python_version):
    if not _pypi_reachable():
        pytest.skip("pypi.org not reachable")
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--only-binary=:all:",
            "--platform",
            "win_amd64",
            "--python-version",
            python_version,
            "--implementation",
            "cp",
            "--target",
            str(tmp_path / "t"),
            "--report",
            str(report),
            *deps,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, f"no complete set of Windows wheels:\n{proc.stderr[-3000:]}"
    items = json.loads(report.read_text(encoding="utf-8"))["install"]
    names = {i["metadata"]["name"].lower().replace("_", "-") for i in items}
    for wanted in (
        "pyside6-essentials",
        "shiboken6",
        "peewee",
        "reportlab",
        "psycopg2-binary",
        "openpyxl",
        "python-docx",
        "pypdf",
        "chinesecalendar",
        "python-dateutil",
    ):
        assert wanted in names, wanted
    for item in items:
        url = item["download_info"]["url"]
        filename = url.rsplit("/", 1)[-1]
        assert filename.endswith(".whl"), (
            f"{filename}: a source package would need a compiler on Windows"
        )
        tags = filename[:-4].split("-")[-1]
        assert tags == "any" or "win_amd64" in tags, filename
