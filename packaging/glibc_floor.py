"""The oldest glibc a built bundle can run on, measured from its ELF files.

Reads the dynamic symbol version needs (.gnu.version_r, as `objdump -T` / `readelf -V` show them) of
every ELF file under a folder and reports the highest GLIBC_x.y any of them needs, with the files
that need it. Pure Python (no binutils needed): python packaging/glibc_floor.py DIR [--json]
"""

from __future__ import annotations

import json
import re
import struct
import sys
from pathlib import Path

_GLIBC = re.compile(rb"^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$")


def _version_needs(data: bytes) -> set[str]:
    """Names in the SHT_GNU_verneed section(s) of one ELF image (32/64-bit, either endianness)."""
    if data[:4] != b"\x7fELF":
        return set()
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        (shoff,) = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
    else:
        (shoff,) = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2E)
    sections = []
    for i in range(shnum):
        off = shoff + i * shentsize
        if is64:
            _name, stype, _flags, _addr, soff, size, link, info = struct.unpack_from(
                end + "IIQQQQII", data, off
            )
        else:
            _name, stype, _flags, _addr, soff, size, link, info = struct.unpack_from(
                end + "IIIIIIII", data, off
            )
        sections.append((stype, soff, size, link, info))
    names: set[str] = set()
    for stype, soff, _size, link, count in sections:
        if stype != 0x6FFFFFFE:  # SHT_GNU_verneed
            continue
        strtab_off = sections[link][1]
        entry = soff
        for _ in range(count):
            _ver, cnt, _file, aux, nxt = struct.unpack_from(end + "HHIII", data, entry)
            a = entry + aux
            for _ in range(cnt):
                _hash, _flags, _other, name, anext = struct.unpack_from(end + "IHHII", data, a)
                s = strtab_off + name
                names.add(data[s : data.index(b"\0", s)].decode("ascii", "replace"))
                if not anext:
                    break
                a += anext
            if not nxt:
                break
            entry += nxt
    return names


def glibc_needs(root: Path) -> dict[str, tuple[int, ...]]:
    """{relative file: highest GLIBC version it needs} for every ELF file under root."""
    out: dict[str, tuple[int, ...]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        with open(path, "rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        versions = []
        for name in _version_needs(path.read_bytes()):
            m = _GLIBC.match(name.encode())
            if m:
                versions.append(tuple(int(g) for g in m.groups() if g is not None))
        if versions:
            out[str(path.relative_to(root))] = max(versions)
    return out


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    needs = glibc_needs(root)
    if not needs:
        print(f"no ELF files with GLIBC version needs under {root}", file=sys.stderr)
        return 1
    floor = max(needs.values())
    worst = sorted(f for f, v in needs.items() if v == floor)
    fmt = ".".join(map(str, floor))
    if "--json" in argv:
        print(
            json.dumps(
                {"glibc_floor": fmt, "files": len(needs), "needing_floor": worst},
                ensure_ascii=False,
            )
        )
    else:
        print(
            f"glibc floor: {fmt} ({len(needs)} ELF files; needed by: {', '.join(worst[:8])}"
            f"{' …' if len(worst) > 8 else ''})"
        )
        by_version: dict[tuple[int, ...], int] = {}
        for v in needs.values():
            by_version[v] = by_version.get(v, 0) + 1
        for v in sorted(by_version, reverse=True)[:6]:
            print(f"  GLIBC_{'.'.join(map(str, v))}: {by_version[v]} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
