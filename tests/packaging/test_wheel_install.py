"""The wheel on its own: built from the project, installed into a fresh virtual environment with its
dependencies from the package index, and run from a working directory outside the source tree —
--version, init (into the XDG data folder), records, the annual report PDF and a screenshot.

Marked ``package`` (it downloads ~150 MB of wheels on a cold cache): CI runs it after the main
suite with ``pytest -m package tests/packaging``.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.package

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Admin@2026x1"


def _run(cmd, cwd, env, timeout=900):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "DISCLOSURE_DESK_", "VIRTUAL_ENV"))
    }
    # Build from a copy of what the wheel is made of (setuptools walks the whole source folder).
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "disclosure_desk",
        src / "disclosure_desk",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(base / "dist"),
            str(src),
        ],
        cwd=base,
        env=env,
    )
    wheels = list((base / "dist").glob("disclosure_desk-*.whl"))
    assert len(wheels) == 1
    venv.EnvBuilder(with_pip=True, clear=True).create(base / "venv")
    bindir = base / "venv" / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheels[0])], cwd=base, env=env)
    work = base / "work"  # the officer's working directory: no source tree anywhere near
    work.mkdir()
    home = base / "home"
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        QT_QPA_PLATFORM="offscreen",
        DISCLOSURE_DESK_PASSWORD=PASSWORD,
        PYTHONIOENCODING="utf-8",
    )
    return bindir, work, env, home


def test_the_installed_package_is_not_the_source_tree(installed):
    bindir, work, env, _home = installed
    where = _run(
        [
            str(bindir / "python"),
            "-c",
            "import disclosure_desk.package_data as p; print(p.resources_dir())",
        ],
        cwd=work,
        env=env,
    )
    resources = Path(where.strip())
    assert ROOT not in resources.parents and "site-packages" in resources.parts
    assert (resources / "fonts" / "wqy-microhei.ttc").is_file()
    assert (resources / "icons" / "disclosure-desk.png").is_file()
    migrations = Path(
        _run(
            [
                str(bindir / "python"),
                "-c",
                "from disclosure_desk.store import db; print(db.known_migrations())",
            ],
            cwd=work,
            env=env,
        )
        .strip()
        .strip("[]")
        .replace("'", "")
        .split(", ")[0]
    )
    assert str(migrations) == "0001_initial"
    assert (bindir / "disclosure-desk").exists() or (bindir / "disclosure-desk.exe").exists()
    assert (bindir / "disclosure-desk-gui").exists() or (
        bindir / "disclosure-desk-gui.exe"
    ).exists()


def test_version_init_report_and_screenshot(installed):
    bindir, work, env, home = installed
    dd = str(bindir / "disclosure-desk")
    from disclosure_desk import __version__

    assert _run([dd, "--version"], cwd=work, env=env).strip() == f"disclosure-desk {__version__}"
    _run(
        [dd, "init", "--agency", "青山区人民政府", "--code", "000014349", "--admin", "admin"],
        cwd=work,
        env=env,
    )
    db_file = home / "data" / "disclosure-desk" / "disclosure-desk.sqlite3"
    assert db_file.is_file() and db_file.stat().st_size > 0
    assert list(work.iterdir()) == []  # nothing written into the working directory
    _run(
        [dd, "--user", "admin", "demo", "--items", "40", "--applications", "30", "--units", "2"],
        cwd=work,
        env=env,
    )
    _run(
        [dd, "--user", "admin", "report", "annual", "--year", "2026", "--pdf", "annual.pdf"],
        cwd=work,
        env=env,
    )
    pdf = work / "annual.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert "青山区人民政府" in text and "2026" in text  # Chinese text drawn with the bundled font
    _run(
        [
            dd,
            "--user",
            "admin",
            "gui",
            "--screenshot",
            "shot.png",
            "--view",
            "items",
            "--size",
            "1280x720",
        ],
        cwd=work,
        env=env,
    )
    head = (work / "shot.png").read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1280, 720)
