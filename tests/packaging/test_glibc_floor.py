"""packaging/glibc_floor.py reads ELF version needs like binutils does."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("glibc_floor", ROOT / "packaging" / "glibc_floor.py")
glibc_floor = importlib.util.module_from_spec(spec)
spec.loader.exec_module(glibc_floor)


def _objdump_max(path: Path) -> tuple[int, ...]:
    out = subprocess.run(
        ["objdump", "-T", str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = {
        tuple(int(x) for x in m.split(".")) for m in re.findall(r"GLIBC_(\d+\.\d+(?:\.\d+)?)", out)
    }
    return max(found)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("objdump") is None,
    reason="needs Linux ELF files and binutils' objdump",
)
def test_floor_matches_objdump_on_real_binaries(tmp_path):
    files = [Path(sys.executable).resolve()]
    files += [Path(p) for p in ("/bin/ls", "/usr/bin/env") if Path(p).exists()]
    for i, path in enumerate(files):
        shutil.copy(path, tmp_path / f"f{i}")
    (tmp_path / "not-elf.txt").write_text("hello", encoding="utf-8")
    needs = glibc_floor.glibc_needs(tmp_path)
    for i, path in enumerate(files):
        expected = _objdump_max(path)
        assert needs[f"f{i}"] == expected, path


def test_cli_reports_the_floor(tmp_path):
    if not Path("/bin/ls").exists():
        pytest.skip("no /bin/ls")
    shutil.copy("/bin/ls", tmp_path / "ls")
    out = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "glibc_floor.py"), str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '"glibc_floor": "2.' in out and '"needing_floor": ["ls"]' in out
