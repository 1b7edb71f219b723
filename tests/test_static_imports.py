"""A freezer (PyInstaller) only bundles modules it can see imported by name in the source.

Walk the import statements (at any depth, also inside functions) from the two entry points and
check that every module of the package is reached; the migrations are the one exception (they are
read from disk by playhouse's Runner and ship as data files).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "disclosure_desk"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(path: Path, name: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names)
    return out


def _reachable() -> set[str]:
    modules = {_module_name(p): p for p in PKG.rglob("*.py")}
    seen: set[str] = set()
    todo = ["disclosure_desk.app"]
    while todo:
        name = todo.pop()
        if name in seen or name not in modules:
            continue
        seen.add(name)
        # importing a.b.c imports a and a.b first
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(m for m in _imported(modules[name], name) if m in modules)
    return seen


def test_every_module_is_reachable_by_plain_imports() -> None:
    modules = {_module_name(p) for p in PKG.rglob("*.py")}
    missing = sorted(
        m for m in modules - _reachable() if not m.startswith("disclosure_desk.store.migrations")
    )
    assert missing == [], "modules a freezer would miss (imported only by name?):\n" + "\n".join(
        missing
    )


def test_no_import_by_name_in_the_package() -> None:
    offenders = []
    for path in PKG.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "import_module(" in text or "__import__(" in text:
            offenders.append(str(path.relative_to(PKG)))
    assert offenders == []


def test_the_walk_notices_a_module_nobody_imports() -> None:
    probe = PKG / "services" / "_freeze_probe.py"
    probe.write_text('"""nobody imports me"""\n', encoding="utf-8")
    try:
        assert "disclosure_desk.services._freeze_probe" not in _reachable()
        assert "disclosure_desk.cli.report_cmd" in _reachable()
        assert "disclosure_desk.ui.settings.view" in _reachable()
    finally:
        probe.unlink()


def test_views_stay_lazy() -> None:
    code = (
        "import sys, disclosure_desk.ui.shell.views as v, disclosure_desk.cli as c; c.build_parser();"
        "print(sorted(m for m in sys.modules if m.startswith('disclosure_desk.ui.shell.views.')"
        " or m.startswith('PySide6')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PKG.parent, check=True
    )
    assert out.stdout.strip() == "[]"


def test_view_class_matches_the_specs() -> None:
    from disclosure_desk.ui.shell.views import VIEW_SPECS, view_class

    for key, module, cls in VIEW_SPECS:
        klass = view_class(key)
        assert (klass.__module__, klass.__name__) == (module, cls)


def test_every_cli_module_registers_its_commands() -> None:
    from disclosure_desk import cli

    registered = {m.__name__.rpartition(".")[2] for m in cli.command_modules()}
    on_disk = {p.stem for p in (PKG / "cli").glob("*.py")} - {"__init__", "common"}
    assert registered == on_disk
