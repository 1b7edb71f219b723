"""Maintain the English catalogue (gettext .po/.mo) behind ``disclosure_desk.i18n.tr``.

    python tools/i18n_catalog.py fold      # move the residual dict in i18n.py into the .po, compile .mo
    python tools/i18n_catalog.py compile   # .po → .mo only (after editing the .po by hand)
    python tools/i18n_catalog.py missing   # list tr() literals in the package without an English entry
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


def _template(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return node.value
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


def untranslated(folders=VISIBLE_FOLDERS) -> set[str]:
    """Chinese string literals and f-strings in those folders that do not pass through tr()
    (docstrings aside): text that stays Chinese in English mode."""
    found: set[str] = set()
    for folder in folders:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            inside_tr: set[int] = set()
            skip: set[int] = set()
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
        "# Chinese texts in ui/, services/ and cli/ not yet behind tr() with an English entry.\n"
        "# tests/ui/test_english.py fails on any text NOT listed here; shrink this list, never\n"
        "# grow it by hand (python tools/i18n_catalog.py baseline rewrites it).\n"
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

        missing = {t: w for t, w in tr_literals().items() if t not in i18n.EN}
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
