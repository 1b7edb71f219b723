"""The one place that wires store, services, CLI and UI together; the console entry point."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from disclosure_desk.cli import main as cli_main

    return cli_main(argv)


def main_gui(argv: Sequence[str] | None = None) -> int:
    """The windowed entry point (``disclosure-desk-gui``; on Windows it has no console window).

    Same arguments as the console command (no command opens the window). A windowed program has
    no stdout/stderr on Windows, so anything written there goes to a log file in the log folder."""
    if sys.stdout is None or sys.stderr is None:
        from disclosure_desk.services.common.workstation import open_log_file

        log = open_log_file()
        sys.stdout = sys.stdout or log
        sys.stderr = sys.stderr or log
    return main(argv)


if __name__ == "__main__":
    sys.exit(main())
