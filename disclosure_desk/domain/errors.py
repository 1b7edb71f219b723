"""Error types shared by every layer; each carries one plain sentence for the officer.

domain/ cannot import the interface language (disclosure_desk.i18n sits above it), so a sentence
built here is kept as a Chinese *template* plus named values and put together when it is shown:
``InputError("日期“{value}”不存在，请检查年、月、日。", value=text)``. The Chinese message is the
template formatted (exactly what an f-string gave before); ``disclosure_desk.i18n`` installs its
``tr`` as :data:`translate` when it loads, so ``str(exc)`` / ``exc.message`` read the template and
the text values through the catalogue at the time they are shown — an error raised before a
language switch shows in the language of the window that shows it. Values that are not catalogue
entries (dates, names, numbers the user typed) pass unchanged. tools/i18n_catalog.py collects the
templates (first argument of an error or :class:`Text` in domain/) and checks their English.
"""

from __future__ import annotations

from collections.abc import Callable


def _same(text: str) -> str:
    return text


# The catalogue lookup: identity until disclosure_desk.i18n installs its tr() (install_translation).
translate: Callable[[str], str] = _same

# How a list value (tuple or list) is joined: the separator is itself looked up ("、" → ", ").
LIST_SEPARATOR = "、"


def install_translation(lookup: Callable[[str], str]) -> None:
    """Called by disclosure_desk.i18n: ``lookup(chinese) -> shown text`` in the current language."""
    global translate
    translate = lookup


def _shown(value: object, lookup: Callable[[str], str]) -> object:
    if isinstance(value, Data):
        return str(value)
    if isinstance(value, Term):
        keyed = lookup(value.key)
        return keyed if keyed != value.key else lookup(value.label)
    if isinstance(value, (Text, DeskError, Sentence)):
        return render(value.template, value.params, lookup)
    if isinstance(value, Seq):
        return lookup(value.separator).join(str(_shown(v, lookup)) for v in value)
    if isinstance(value, (list, tuple)):
        return lookup(LIST_SEPARATOR).join(str(_shown(v, lookup)) for v in value)
    if isinstance(value, str):
        return lookup(value) if value else value
    return value  # numbers keep their format spec ({limit:,})


def render(
    template: str, params: dict[str, object], lookup: Callable[[str], str] | None = None
) -> str:
    """``template`` with ``params`` filled in, both through ``lookup`` (the installed catalogue
    lookup by default; ``_same`` gives the Chinese). Without params the template is taken as it is
    (no brace handling)."""
    lookup = lookup or translate
    text = lookup(template)
    if not params:
        return text
    return text.format(**{k: _shown(v, lookup) for k, v in params.items()})


class Text:
    """A sentence (or part of one) built in domain/ and shown in the interface language:
    ``str(Text("剩余 {n} 个工作日", n=3))``. Usable as a value of another Text or error."""

    __slots__ = ("template", "params")

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return render(self.template, self.params)

    @property
    def chinese(self) -> str:
        """The Chinese text whatever the interface language (for records that are stored)."""
        return render(self.template, self.params, _same)

    def __repr__(self) -> str:
        return f"Text({self.template!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return (self.template, self.params) == (other.template, other.params)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.template)


class Sentence(str):
    """Chinese text built in domain/ that is a plain ``str`` (stored, compared, printed in
    official documents exactly as before) and also remembers its template and values, so the
    window can show it in the interface language: ``i18n.tr_text(sentence)``."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, /, **params: object) -> Sentence:
        self = super().__new__(cls, render(template, params, _same))
        self.template, self.params = template, params
        return self

    def shown(self) -> str:
        """The sentence in the interface language."""
        return render(self.template, self.params)


class Data(str):
    """A value that is data (titles, words the officer typed): shown as it is, never looked up."""


class Seq(tuple):
    """A list value joined by its own separator (looked up like the list separator, "；" → "; ")."""

    separator: str

    def __new__(cls, items, separator: str = LIST_SEPARATOR) -> Seq:
        self = super().__new__(cls, items)
        self.separator = separator
        return self


class Term:
    """A label used as a value where it needs its own wording: looked up as "context|label" first
    (e.g. "permission|发布信息" → "publish items"), then as the label itself."""

    __slots__ = ("context", "label")

    def __init__(self, context: str, label: str) -> None:
        self.context, self.label = context, label

    @property
    def key(self) -> str:
        return f"{self.context}|{self.label}"

    def __str__(self) -> str:
        return str(_shown(self, translate))

    def __repr__(self) -> str:
        return f"Term({self.context!r}, {self.label!r})"


class DeskError(Exception):
    """Base of every error the app reports to a user (CLI exit 1, GUI message box).

    ``message`` is a Chinese template when ``params`` are given (see the module docstring), or a
    finished sentence (services build theirs with tr() already)."""

    exit_code = 1

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__(message)
        self.template = message
        self.params = params

    @property
    def message(self) -> str:
        return render(self.template, self.params)

    @property
    def chinese(self) -> str:
        """The Chinese message whatever the interface language (for records that are stored)."""
        return render(self.template, self.params, _same)

    @message.setter
    def message(self, text: str) -> None:
        self.template, self.params = text, {}

    def __str__(self) -> str:
        return self.message


class InputError(DeskError):
    """The user gave something the app cannot accept (CLI exit 2)."""

    exit_code = 2


class UnknownCalendarYear(InputError):
    """A working-day computation touched a year with no holiday data."""

    def __init__(self, year: int, message: str | None = None) -> None:
        if message is not None:
            super().__init__(message)
        else:
            super().__init__(
                "缺少 {year} 年的节假日和调休数据，无法计算工作日；请先在“设置 → 节假日”导入 {year} 年安排"
                "（命令行：disclosure-desk calendar import 文件）。",
                year=year,
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
