"""Number patterns: 索引号 of items, registration numbers of applications, numbers of letters.

One small template engine serves all three. A pattern mixes literal text with tokens
``{name}`` or ``{name:0N}`` (zero-padded to N digits, for integer tokens). Serial allocation
itself (uniqueness across workstations) belongs to the store; this module only formats,
validates and parses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from disclosure_desk.domain.checkdigits import valid_org_code, valid_uscc
from disclosure_desk.domain.errors import InputError, Sentence

DEFAULT_PATTERN = "{prefix}/{year}-{serial:05}"
DEFAULT_APPLICATION_PATTERN = "{unit_short}申〔{year}〕{serial}号"
DEFAULT_LETTER_PATTERN = "{unit_short}公开〔{year}〕{serial}号"

INDEX_TOKENS: frozenset[str] = frozenset({"prefix", "year", "month", "serial", "category"})
APPLICATION_TOKENS: frozenset[str] = frozenset({"unit_short", "year", "month", "serial"})
INT_TOKENS: frozenset[str] = frozenset({"year", "month", "serial"})

_TOKEN_RE = re.compile(r"\{([a-z_]+)(?::(0\d+))?\}")


def _tokens(pattern: str) -> list[tuple[str, int | None, int, int]]:
    """(name, width, start, end) of every token; InputError on malformed braces."""
    found = []
    for m in _TOKEN_RE.finditer(pattern):
        width = int(m.group(2)) if m.group(2) else None
        found.append((m.group(1), width, m.start(), m.end()))
    literal = _TOKEN_RE.sub("", pattern)
    if "{" in literal or "}" in literal:
        raise InputError(
            "编号规则“{pattern}”中有不完整的占位符；占位符写成 {{名称}} 或 {{serial:05}} 的形式。",
            pattern=pattern,
        )
    return found


def validate_pattern(
    pattern: str, allowed: Iterable[str] = INDEX_TOKENS, *, require_serial: bool = True
) -> None:
    """Raise InputError for unknown tokens, padding on text tokens, or a missing {serial}."""
    allowed_set = frozenset(allowed)
    if not pattern or not pattern.strip():
        raise InputError("编号规则不能为空。")
    toks = _tokens(pattern)
    for name, width, _s, _e in toks:
        if name not in allowed_set:
            names = tuple("{" + t + "}" for t in sorted(allowed_set))
            raise InputError(
                "编号规则“{pattern}”中的占位符 {{{name}}} 无法识别；可用的有：{names}。",
                pattern=pattern,
                name=name,
                names=names,
            )
        if width is not None and name not in INT_TOKENS:
            raise InputError(
                "编号规则“{pattern}”中的 {{{name}}} 是文字，不能补零。", pattern=pattern, name=name
            )
    if require_serial and not any(name == "serial" for name, *_ in toks):
        raise InputError(
            "编号规则“{pattern}”缺少流水号 {{serial}}，编号将无法区分。", pattern=pattern
        )


def format_number(pattern: str, **tokens: object) -> str:
    """Fill every token of ``pattern`` from ``tokens``; InputError if one is missing."""
    out: list[str] = []
    pos = 0
    for name, width, start, end in _tokens(pattern):
        out.append(pattern[pos:start])
        if name not in tokens or tokens[name] is None:
            raise InputError(
                "编号规则“{pattern}”需要 {{{name}}}，但没有提供。", pattern=pattern, name=name
            )
        value = tokens[name]
        if name == "month" and width is None:
            width = 2  # {month} is always two digits: 202503, not 20253.
        if width is not None:
            try:
                number = int(value)  # type: ignore[call-overload]
            except (TypeError, ValueError):
                raise InputError(
                    "{{{name}}} 的值“{value}”不是整数。", name=name, value=value
                ) from None
            if number < 0:
                raise InputError("{{{name}}} 的值不能为负数。", name=name)
            out.append(f"{number:0{width}d}")
        else:
            out.append(str(value))
        pos = end
    out.append(pattern[pos:])
    return "".join(out)


def format_index(
    pattern: str, prefix: str, year: int, month: int, serial: int, category: str = ""
) -> str:
    """Format a 索引号, e.g. ``format_index(DEFAULT_PATTERN, "000014349", 2021, 3, 123)``."""
    validate_pattern(pattern, INDEX_TOKENS)
    if not 1 <= month <= 12:
        raise InputError("月份 {month} 不在 1–12 之间。", month=month)
    if serial < 1:
        raise InputError("流水号从 1 开始。")
    return format_number(
        pattern, prefix=prefix, year=year, month=month, serial=serial, category=category
    )


def number_regex(pattern: str, **fixed: object) -> re.Pattern[str]:
    """A regex matching numbers made by ``pattern``; given tokens are fixed, others captured.

    Used to find the highest serial already present (e.g. imported legacy numbers).
    """
    parts: list[str] = []
    pos = 0
    for name, _width, start, end in _tokens(pattern):
        parts.append(re.escape(pattern[pos:start]))
        if name in fixed:
            parts.append(re.escape(format_number("{" + name + "}", **{name: fixed[name]})))
        elif name in INT_TOKENS:
            digits = r"\d{2}" if name == "month" else r"\d+"
            parts.append(rf"(?P<{name}>{digits})")
        else:
            parts.append(rf"(?P<{name}>.+?)")
        pos = end
    parts.append(re.escape(pattern[pos:]))
    return re.compile("^" + "".join(parts) + "$")


def parse_serial(pattern: str, number: str, **fixed: object) -> int | None:
    """The serial inside ``number`` if it was made by ``pattern`` with ``fixed`` tokens."""
    m = number_regex(pattern, **fixed).match(number.strip())
    if not m or "serial" not in m.groupdict():
        return None
    return int(m.group("serial"))


def prefix_warning(prefix: str) -> str | None:
    """A warning sentence when a code-like prefix fails its check digit; None otherwise.

    9 characters (or ``XXXXXXXX-C``) are read as a 组织机构代码 (GB 11714), 18 as a
    统一社会信用代码 (GB 32100); any other length is a local code and is not checked.
    """
    p = (prefix or "").strip()
    compact = p.replace("-", "") if len(p) == 10 and p[8] == "-" else p
    if len(compact) == 9:
        if not valid_org_code(compact):
            return Sentence(
                "前缀“{prefix}”按 9 位组织机构代码（GB 11714）校验不通过，请核对是否抄错；"
                "如是本地自编代码可忽略此提示。",
                prefix=p,
            )
        return None
    if len(compact) == 18:
        if not valid_uscc(compact):
            return Sentence(
                "前缀“{prefix}”按 18 位统一社会信用代码（GB 32100）校验不通过，请核对是否抄错；"
                "如是本地自编代码可忽略此提示。",
                prefix=p,
            )
        return None
    return None
