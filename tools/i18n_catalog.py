"""Maintain the English catalogue (gettext .po/.mo) behind ``disclosure_desk.i18n.tr``.

    python tools/i18n_catalog.py fold      # move the residual dict in i18n.py into the .po, compile .mo
    python tools/i18n_catalog.py compile   # .po → .mo only (after editing the .po by hand)
    python tools/i18n_catalog.py missing   # list tr() literals and domain/ error templates without English
    python tools/i18n_catalog.py baseline  # rewrite the list of Chinese texts not yet behind tr()

``fold`` is safe to re-run (after a merge that added entries to the ``EN`` dict): entries of the
dict win over the catalogue, are written into the .po, and the dict is emptied down to its
header comment. Needs Babel (the ``test`` extra); the app itself reads the .mo with the standard
library's ``gettext``.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "disclosure_desk"
I18N = PACKAGE / "i18n.py"
LOCALE = PACKAGE / "resources" / "locale"
DOMAIN = "disclosure_desk"
PO = LOCALE / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
BASELINE = ROOT / "tests" / "i18n_untranslated.txt"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Where user-visible text lives: the window, service errors and results, CLI messages.
VISIBLE_FOLDERS = ("ui", "services", "cli")
DICT_START = "EN: dict[str, str] = {"
RESIDUAL_HEADER = (
    "    # Residual table: new English entries may be added here (one block per branch);\n"
    "    # `python tools/i18n_catalog.py fold` moves them into the .po catalogue.\n"
)


def _dict_span(lines: list[str]) -> tuple[int, int]:
    start = next(i for i, line in enumerate(lines) if line.startswith(DICT_START))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].rstrip() == "}")
    return start, end


def residual_dict(source: str | None = None) -> dict[str, str]:
    """The literal ``EN`` dict of i18n.py (read from the source, not imported)."""
    source = I18N.read_text(encoding="utf-8") if source is None else source
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "EN":
            return ast.literal_eval(node.value)
    raise SystemExit("i18n.py has no `EN: dict[str, str] = {...}`")


def read_catalogue(path: Path | None = None):
    path = PO if path is None else path
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    if not path.exists():
        return Catalog(
            locale="en",
            domain=DOMAIN,
            project="disclosure-desk",
            header_comment="# English for Disclosure Desk (政务公开台账); msgid is the Chinese text.",
            fuzzy=False,
        )
    with path.open("rb") as fh:
        return read_po(fh, locale="en", domain=DOMAIN)


def write_catalogue(catalog, po: Path | None = None, mo: Path | None = None) -> None:
    po, mo = po or PO, mo or MO
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    po.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, omit_header=False, sort_output=False)
    po.write_bytes(buf.getvalue())
    buf = io.BytesIO()
    write_mo(buf, catalog)
    mo.write_bytes(buf.getvalue())


def compiled_mo(po: Path | None = None) -> bytes:
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, read_catalogue(po))
    return buf.getvalue()


def fold(prune: bool = True) -> int:
    catalog = read_catalogue()
    residual = residual_dict()
    for chinese, english in residual.items():
        existing = catalog.get(chinese)
        if existing is not None:
            existing.string = english  # the dict wins
        else:
            catalog.add(chinese, english)
    write_catalogue(catalog)
    if prune and residual:
        lines = I18N.read_text(encoding="utf-8").splitlines(keepends=True)
        start, end = _dict_span(lines)
        lines[start + 1 : end] = [RESIDUAL_HEADER]
        I18N.write_text("".join(lines), encoding="utf-8")
    return len(residual)


def tr_literals(folders=("ui", "services", "cli")) -> dict[str, str]:
    """Every constant string passed to ``tr()`` or marked ``N_()`` in those folders → its file."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("tr", "N_")
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.setdefault(node.args[0].value, str(path.relative_to(ROOT)))
    return found


# Sentences built in domain/ and reports/ (which cannot import i18n): the first argument of these calls is a
# Chinese template that domain.errors puts together through tr() when it is shown.
DOMAIN_TEXT_CALLS = {
    "DeskError": 0,
    "InputError": 0,
    "UnknownCalendarYear": 1,  # (year, message)
    "PermissionDenied": 0,
    "NotFound": 0,
    "ConflictError": 0,
    "WorkflowError": 0,
    "LockedYearError": 0,
    "Cancelled": 0,
    "Text": 0,
    "Sentence": 0,
    "_denied": 2,  # domain.permissions._denied(actor, action, message, **params)
}
DOMAIN_TEXT_FILES = ("domain", "reports", "files", "store", "i18n.py")


def _domain_calls():
    """(path, call node, message argument node) for every error / Text call in domain/ and i18n.py,
    and the super().__init__ of the errors defined in domain/errors.py."""
    paths: list[Path] = []
    for name in DOMAIN_TEXT_FILES:
        target = PACKAGE / name
        found = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        paths += [p for p in found if "migrations" not in p.parts]  # frozen copies
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            index = DOMAIN_TEXT_CALLS.get(name)
            if index is None and name == "__init__" and path.name == "errors.py":
                index = 0  # super().__init__("…", year=year)
            if index is None or len(node.args) <= index:
                continue
            yield path, node, node.args[index]


def domain_templates() -> dict[str, str]:
    """Every Chinese template of an error or Text built in domain/ (found by ast) → its file,
    plus the list separator that joins list values."""
    found: dict[str, str] = {"、": "disclosure_desk/domain/errors.py"}
    for path, _call, arg in _domain_calls():
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CJK.search(arg.value):
            found.setdefault(arg.value, str(path.relative_to(ROOT)))
    return found


def domain_built_messages() -> list[str]:
    """Domain error / Text messages built before the call (an f-string, a concatenation, a
    variable holding Chinese): these bypass the template mechanism and stay Chinese in English."""
    out: list[str] = []
    for path, call, arg in _domain_calls():
        if isinstance(arg, ast.Constant):
            continue
        if isinstance(arg, ast.Name) and arg.id in ("message", "text", "template"):
            continue  # a parameter passed on (errors.py, _denied)
        out.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    return out


def _template(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


# Chinese that stays Chinese in both languages, by design: one reason per category. A scope is a
# module ("services/admin/demo.py") or a top-level name in it ("path::NAME": a function, a class,
# a constant; "path::Class.method" for a method). Anything else in ui/, services/ and cli/ must be
# behind tr() (or N_() where it is defined) with an English entry.
STAYS_CHINESE: dict[str, tuple[str, tuple[str, ...]]] = {
    "demo data": (
        "the demo generator writes Chinese records (people, places, units, titles, bodies): "
        "data in the database, shown as data",
        ("services/admin/demo.py",),
    ),
    "file format": (
        "column headers, sheet names, cell values and template notes of the import/export "
        "files (PRODUCT.md §3.1), the audit-log export and the handover CSV: a file format, "
        "the same in both languages (the window translates a header where it shows one)",
        (
            "services/items/spreadsheets.py::ITEM_HEADERS",
            "services/items/spreadsheets.py::EXTRA_HEADERS",
            "services/items/spreadsheets.py::DATE_COLUMNS",
            "services/items/spreadsheets.py::SHEET_TITLE",
            "services/items/spreadsheets.py::write_template",
            "services/applications/spreadsheets.py::HEADERS",
            "services/applications/spreadsheets.py::REQUIRED",
            "services/applications/spreadsheets.py::YES",
            "services/applications/spreadsheets.py::NO",
            "services/applications/spreadsheets.py::SHEET_TITLE",
            "services/applications/spreadsheets.py::EXPORT_YES_NO",
            "services/applications/spreadsheets.py::write_template",
            "services/admin/audit_export.py::HEADERS",
            "services/admin/audit_export.py::SHEET_TITLE",
            "services/duties/records.py::build_handover_package",
            "cli/calendar_cmd.py::HOLIDAY_FILE_TYPES",
        ),
    ),
    "official documents": (
        "wording of statutory documents — annual report, 公开目录, reply letters, 呈批单, the "
        "year's duty notes: Chinese forms in both languages, like the outcome names",
        (
            "services/reporting/annual.py::NARRATIVE_NUMERALS",
            "services/reporting/catalogue.py::catalogue",
            "services/reporting/catalogue.py::_interpretation_links",
            "services/applications/letters.py::DEFAULT_CORRECTION_ITEMS",
            "services/applications/letters.py::_review_body",
            "services/applications/letters.py::letter_data",
        ),
    ),
    "Chinese for a library": (
        "argparse's English messages put into Chinese in Chinese mode only (English mode "
        "leaves argparse's own English)",
        ("cli/__init__.py::_chinese_argparse",),
    ),
}
# Texts equal to a column header declared in the file-format tables above are keys (a problem
# names its column by its header; the window shows tr(header)): exempt anywhere in services/.
HEADER_TABLES = (
    "services/items/spreadsheets.py::ITEM_HEADERS",
    "services/items/spreadsheets.py::EXTRA_HEADERS",
    "services/applications/spreadsheets.py::HEADERS",
    "services/admin/audit_export.py::HEADERS",
)


def _scopes(tree: ast.Module):
    """(scope name, node) for every top-level statement, and Class.method for methods."""
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield stmt.name, stmt
        elif isinstance(stmt, ast.ClassDef):
            yield stmt.name, stmt
            for sub in stmt.body:
                if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"{stmt.name}.{sub.name}", sub
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    yield t.id, stmt


def _exempt_nodes(rel: str, tree: ast.Module) -> set[int]:
    """ids of the nodes inside a STAYS_CHINESE scope of this module (rel: path under the package)."""
    scopes = {s for _reason, names in STAYS_CHINESE.values() for s in names}
    if rel in scopes:
        return {id(n) for n in ast.walk(tree)}
    out: set[int] = set()
    for name, node in _scopes(tree):
        if f"{rel}::{name}" in scopes:
            out.update(id(n) for n in ast.walk(node))
    return out


def file_headers() -> set[str]:
    """The Chinese column headers declared in the file-format header tables."""
    found: set[str] = set()
    for scope in HEADER_TABLES:
        rel, name = scope.split("::")
        tree = ast.parse((PACKAGE / rel).read_text(encoding="utf-8"))
        for scope_name, node in _scopes(tree):
            if scope_name == name:
                found.update(
                    n.value
                    for n in ast.walk(node)
                    if isinstance(n, ast.Constant)
                    and isinstance(n.value, str)
                    and CJK.search(n.value)
                )
    return found


def untranslated(folders=VISIBLE_FOLDERS) -> set[str]:
    """Chinese string literals and f-strings in those folders that do not pass through tr()
    (docstrings aside) and are not Chinese by design (STAYS_CHINESE): text that would stay
    Chinese in English mode."""
    found: set[str] = set()
    headers = file_headers()
    for folder in folders:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            rel = str(path.relative_to(PACKAGE))
            tree = ast.parse(path.read_text(encoding="utf-8"))
            inside_tr: set[int] = set()
            skip: set[int] = _exempt_nodes(rel, tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("tr", "N_"):
                    inside_tr.update(id(a) for a in node.args)
                if isinstance(node, ast.Expr):
                    skip.add(id(node.value))  # docstrings and bare strings
                if isinstance(node, ast.JoinedStr):
                    skip.update(id(v) for v in node.values)  # reported as the whole f-string
            for node in ast.walk(tree):
                if id(node) in inside_tr or id(node) in skip:
                    continue
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    text = node.value
                    if folder == "services" and text in headers:
                        continue
                elif isinstance(node, ast.JoinedStr):
                    text = _template(node)
                else:
                    continue
                if CJK.search(text):
                    found.add(text)
    return found


def read_baseline(path: Path = BASELINE) -> set[str]:
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {ast.literal_eval(line) for line in lines if line and not line.startswith("#")}


def write_baseline(path: Path = BASELINE) -> int:
    texts = sorted(untranslated())
    head = (
        "# Chinese texts in ui/, services/ and cli/ not behind tr() with an English entry and not\n"
        "# Chinese by design (STAYS_CHINESE in tools/i18n_catalog.py, each category with its reason).\n"
        "# Empty since the third English pass: tests/test_i18n_catalogue.py fails on any text NOT\n"
        "# listed here. Never grow it by hand (python tools/i18n_catalog.py baseline rewrites it).\n"
    )
    path.write_text(head + "".join(repr(t) + "\n" for t in texts), encoding="utf-8")
    return len(texts)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "fold"
    if command == "fold":
        n = fold(prune="--keep" not in argv)
        print(f"folded {n} entries into {PO.relative_to(ROOT)} and compiled {MO.name}")
    elif command == "compile":
        write_catalogue(read_catalogue())
        print(f"compiled {MO.relative_to(ROOT)}")
    elif command == "missing":
        sys.path.insert(0, str(ROOT))
        from disclosure_desk import i18n

        wanted = {**domain_templates(), **tr_literals()}
        missing = {t: w for t, w in wanted.items() if t not in i18n.EN}
        for text, where in sorted(missing.items(), key=lambda kv: kv[1]):
            print(f"{where}\t{text}")
        return 1 if missing else 0
    elif command == "baseline":
        print(f"{write_baseline()} texts listed in {BASELINE.relative_to(ROOT)}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
