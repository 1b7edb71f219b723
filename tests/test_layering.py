"""The one-way dependency rule of ARCHITECTURE.md, checked by walking imports with ast."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "disclosure_desk"

# layer -> packages (first segment under disclosure_desk) it may import
ALLOWED = {
    "domain": {"domain"},
    "files": {"package_data", "domain", "files"},
    "store": {"domain", "store"},
    "reports": {"package_data", "domain", "reports"},
    "services": {"package_data", "domain", "files", "store", "reports", "services", "i18n"},
    "cli": {"package_data", "domain", "services", "cli", "i18n", "ui"},
    "ui": {"package_data", "domain", "services", "ui", "i18n", "reports"},
    "i18n": {"domain", "package_data"},
    "package_data": set(),
    "app": {"package_data", "cli", "ui", "services", "domain"},
}
THIRD_PARTY = {
    "PySide6": {"ui"},
    "peewee": {"store"},
    "playhouse": {"store"},
    "reportlab": {"reports"},
    "openpyxl": {"files"},
    "docx": {"files", "reports"},
    "pypdf": {"files"},
    "psycopg2": {"store"},
    "xlrd": {"files"},
    "pypdfium2": {"ui"},
    "ahocorasick_rs": {"domain"},  # the scanner's keyword automaton
}


def _layer(path: Path) -> str:
    rel = path.relative_to(PKG)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_dependency_rule():
    problems = []
    for path in sorted(PKG.rglob("*.py")):
        layer = _layer(path)
        if layer == "__init__":
            continue
        for line, module in _imports(path):
            top = module.split(".")[0]
            if top == "disclosure_desk":
                parts = module.split(".")
                target = parts[1] if len(parts) > 1 else ""
                if target and target not in ALLOWED.get(layer, set()):
                    problems.append(f"{path.relative_to(PKG)}:{line} {layer} imports {module}")
            elif top in THIRD_PARTY and layer not in THIRD_PARTY[top]:
                problems.append(f"{path.relative_to(PKG)}:{line} {layer} imports {module}")
    assert not problems, "layering violations:\n" + "\n".join(problems)


def test_rule_catches_a_violation(tmp_path):
    """The checker itself must notice a forbidden import (guards against a test that cannot fail)."""
    bad = PKG / "domain" / "_layering_probe.py"
    bad.write_text("import peewee\n", encoding="utf-8")
    try:
        try:
            test_dependency_rule()
        except AssertionError as exc:
            assert "_layering_probe" in str(exc)
        else:
            raise AssertionError("layering check missed a domain → peewee import")
    finally:
        bad.unlink()


# --- feature folders (added by the restructure of issue 12) ---------------------------------
FEATURES = {
    "services": {
        "common",
        "items",
        "reviews",
        "applications",
        "reporting",
        "dashboard",
        "admin",
        "duties",
    },
    "ui": {
        "shell",
        "common",
        "dashboard",
        "items",
        "reviews",
        "applications",
        "reporting",
        "settings",
        "duties",
    },
}


def test_every_service_and_ui_module_lives_in_a_feature_folder():
    loose = []
    for layer, folders in FEATURES.items():
        base = PKG / layer
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(base)
            if rel.parts == ("__init__.py",):
                continue
            if len(rel.parts) != 2 or rel.parts[0] not in folders:
                loose.append(f"{layer}/{rel}")
        for folder in folders:
            assert (base / folder / "__init__.py").is_file(), f"{layer}/{folder} is not a package"
    assert not loose, "modules outside the feature folders:\n" + "\n".join(loose)


def _feature_imports(layer: str):
    base = PKG / layer
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(base)
        if len(rel.parts) != 2:
            continue
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[:2] == ["disclosure_desk", layer] and len(parts) > 2:
                yield rel.parts[0], parts[2], f"{layer}/{rel}:{line} imports {module}"


def test_shared_plumbing_imports_no_feature():
    """common/ is below the features: it never imports items, reviews, applications, …"""
    problems = [
        where
        for layer in FEATURES
        for src, dst, where in _feature_imports(layer)
        if src == "common" and dst != "common" and (src, dst, where) not in COMMON_EXCEPTIONS
    ]
    assert not problems, "common/ imports a feature:\n" + "\n".join(problems)


# Known upward imports of common/ at the time of the restructure (each a lazy import of one
# function); an empty set is the goal.
COMMON_EXCEPTIONS: set = set()


def _module_imports(folder: str) -> dict[str, set[str]]:
    """Module → modules of the package it imports (local imports included), for one folder."""
    names = {}
    for path in (PKG / folder).rglob("*.py"):
        parts = ("disclosure_desk", *path.relative_to(PKG).with_suffix("").parts)
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [
                    f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in names else node.module
                    for a in node.names
                ]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            graph[name].update(t for t in targets if t in names and t != name)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (as a path that returns to its start), or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_cycle_finder_sees_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_in_domain_and_services() -> None:
    """Feature services may use each other, but never in a circle (not even through a local
    import): a circle means one rule lives in the wrong place (the Word-template setting once
    tied the annual report to the letters service)."""
    for folder in ("domain", "services"):
        assert _cycle(_module_imports(folder)) is None, folder
