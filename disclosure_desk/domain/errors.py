"""Error types shared by every layer; each carries one plain sentence for the officer."""

from __future__ import annotations


class DeskError(Exception):
    """Base of every error the app reports to a user (CLI exit 1, GUI message box)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(DeskError):
    """The user gave something the app cannot accept (CLI exit 2)."""

    exit_code = 2


class UnknownCalendarYear(InputError):
    """A working-day computation touched a year with no holiday data."""

    def __init__(self, year: int, message: str | None = None) -> None:
        super().__init__(
            message
            or f"缺少 {year} 年的节假日和调休数据，无法计算工作日；请先在“设置 → 节假日”导入 {year} 年安排"
            f"（命令行：disclosure-desk calendar import 文件）。"
        )
        self.year = year


class PermissionDenied(DeskError):
    """The signed-in user's role does not allow this action."""


class NotFound(DeskError):
    """A record that the action needs does not exist."""


class ConflictError(DeskError):
    """The record was changed by someone else, or a rule forbids the change in its current state."""


class WorkflowError(DeskError):
    """A status transition that the workflow table does not allow."""


class LockedYearError(DeskError):
    """A change would alter the figures of a locked report year."""


class Cancelled(InputError):
    """The officer cancelled a long task; nothing was written."""
