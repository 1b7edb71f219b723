"""Windows: what can be checked on Linux. The package has no POSIX-only calls on its way to the
window (unless guarded by a platform test or an exception handler), and it never opens text
files in the locale's encoding (on a Chinese Windows that is GBK, which would garble UTF-8 files).
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "disclosure_desk"

POSIX_MODULES = {"fcntl", "pwd", "grp", "termios", "resource", "posix", "tty", "pty", "syslog"}
POSIX_ATTRS = {
    ("os", "fchmod"),
    ("os", "fchown"),
    ("os", "chown"),
    ("os", "lchown"),
    ("os", "getuid"),
    ("os", "geteuid"),
    ("os", "getgid"),
    ("os", "getegid"),
    ("os", "fork"),
    ("os", "setsid"),
    ("os", "killpg"),
    ("os", "getpgid"),
    ("os", "uname"),
    ("os", "statvfs"),
    ("os", "sync"),
    ("os", "mkfifo"),
    ("os", "O_NOFOLLOW"),
    ("os", "O_CLOEXEC"),
    ("os", "getloadavg"),
    ("signal", "SIGKILL"),
    ("signal", "SIGHUP"),
    ("signal", "SIGALRM"),
    ("signal", "SIGUSR1"),
    ("signal", "SIGQUIT"),
    ("signal", "alarm"),
    ("signal", "setitimer"),
}


def _guarded(node: ast.AST, parents: dict) -> bool:
    """Inside `if os.name …`/`sys.platform`/`hasattr(…)` or a try that catches the failure."""
    cur = node
    while cur in parents:
        cur = parents[cur]
        if isinstance(cur, ast.If | ast.IfExp):
            test = ast.unparse(cur.test)
            if any(w in test for w in ("os.name", "sys.platform", "hasattr(", "platform.system")):
                return True
        if isinstance(cur, ast.Try):
            names = " ".join(ast.unparse(h.type) for h in cur.handlers if h.type is not None)
            if any(w in names for w in ("ImportError", "AttributeError", "OSError", "Exception")):
                return True
    return False


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    rel = path.relative_to(PKG.parent)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            for name in names:
                if name.split(".")[0] in POSIX_MODULES and not _guarded(node, parents):
                    out.append(f"{rel}:{node.lineno} imports POSIX-only {name}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in POSIX_ATTRS and not _guarded(node, parents):
                out.append(f"{rel}:{node.lineno} uses POSIX-only {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call):
            out.extend(f"{rel}:{node.lineno} {msg}" for msg in _text_io_without_encoding(node))
    return out


def _text_io_without_encoding(call: ast.Call) -> list[str]:
    func = call.func
    name = (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )
    keywords = {k.arg for k in call.keywords}
    if name in ("read_text", "write_text") and isinstance(func, ast.Attribute):
        return [] if "encoding" in keywords else [f"{name}() without encoding="]
    is_method = isinstance(func, ast.Attribute)
    if is_method and not call.args and not call.keywords:
        return []  # dialog.open() of Qt (a bare Path.open() would slip through; none exists)
    if name == "open" and not (
        is_method and ast.unparse(func.value) in ("os", "tarfile", "zipfile", "webbrowser")
    ):
        mode_node = (
            call.args[1]
            if len(call.args) > 1 and isinstance(func, ast.Name)
            else (call.args[0] if call.args and isinstance(func, ast.Attribute) else None)
        )
        for k in call.keywords:
            if k.arg == "mode":
                mode_node = k.value
        mode = (
            mode_node.value
            if isinstance(mode_node, ast.Constant) and isinstance(mode_node.value, str)
            else "r"
        )
        if mode_node is not None and not isinstance(mode_node, ast.Constant):
            return []  # mode computed at run time: not judged here
        if "b" not in mode and "encoding" not in keywords:
            return [f"open() in text mode without encoding= ({ast.unparse(call)[:60]})"]
    return []


def test_no_unguarded_posix_only_calls_and_no_locale_encoded_text_io() -> None:
    problems = [p for path in sorted(PKG.rglob("*.py")) for p in _problems(path)]
    assert problems == [], "\n".join(problems)


def test_the_scan_catches_what_it_should(tmp_path) -> None:
    probe = PKG / "services" / "_win_probe.py"
    probe.write_text(
        "import os\nimport fcntl\n"
        "def a(fd):\n    os.fchmod(fd, 0o600)\n"
        "def b(fd):\n    if os.name == 'posix':\n        os.fchmod(fd, 0o600)\n"
        "def c(p):\n    return open(p).read()\n"
        "def d(p):\n    return open(p, 'rb').read() + p.read_text(encoding='utf-8').encode()\n",
        encoding="utf-8",
    )
    try:
        found = _problems(probe)
    finally:
        probe.unlink()
    assert sorted(f.split(" ", 1)[1] for f in found) == sorted(
        [
            "imports POSIX-only fcntl",
            "uses POSIX-only os.fchmod",
            "open() in text mode without encoding= (open(p))",
        ]
    )
