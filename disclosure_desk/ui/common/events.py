"""The change notification between views, in one place.

Every service returns ``Changes`` (the tables it touched). A widget that ran a service calls
``announce(widget, changes)``: the main window re-emits them on its ``changed`` signal and every
loaded view refreshes what it shows from those tables (``View.on_changes``). A widget used on its
own (a dialog in a test, a view without a main window) gets ``fallback`` called instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from disclosure_desk.services.common.context import Changes


def announce(
    widget: QWidget, changes: Changes | None, fallback: Callable[[], None] | None = None
) -> bool:
    """Tell every open view about ``changes``; True when the main window took them."""
    if not changes:
        return False
    window = widget.window()
    signal = getattr(window, "changed", None)
    if signal is not None:
        signal.emit(changes)
        return True
    if fallback is not None:
        fallback()
    return False
