"""Every setting the app stores in its ``setting`` table, declared once: key, default, range, label.

Services read and write settings only through services/common/settings.py, which uses these
declarations to parse a stored text (anything unreadable or out of range falls back to the
default) and to check a new value before it is stored (plain-words InputError otherwise).
A setting with ``per_unit`` may also be stored as ``key.<unit id>``; that unit's value wins over
the agency-wide one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from disclosure_desk.domain import catalogs
from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.index_numbers import (
    APPLICATION_TOKENS,
    DEFAULT_APPLICATION_PATTERN,
    DEFAULT_LETTER_PATTERN,
    validate_pattern,
)

Value = int | str | tuple[str, ...]


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    kind: str  # "int" | "text" | "list" (a JSON list of names)
    default: Value
    low: int | None = None
    high: int | None = None
    per_unit: bool = False
    check: Callable[[str], None] | None = None  # extra validation of a text value

    def parse(self, raw: str | None) -> Value:
        """The value of a stored text; the default when missing, unreadable or out of range."""
        if raw is None or not raw.strip():
            return self.default
        if self.kind == "int":
            try:
                number = int(raw)
            except ValueError:
                return self.default
            return number if self._in_range(number) else self.default
        if self.kind == "list":
            try:
                values = json.loads(raw)
            except ValueError:
                return self.default
            if not isinstance(values, list):
                return self.default
            return tuple(str(v) for v in values if str(v).strip()) or self.default
        return raw

    def _in_range(self, number: int) -> bool:
        return (self.low is None or number >= self.low) and (
            self.high is None or number <= self.high
        )

    def encode(self, value: object) -> str:
        """The text to store for ``value``; InputError when it is not acceptable."""
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or not self._in_range(value):
                raise InputError(
                    "“{label}”须为 {low}–{high} 之间的整数。",
                    label=self.label,
                    low=self.low,
                    high=self.high,
                )
            return str(value)
        if self.kind == "list":
            if isinstance(value, str) or not hasattr(value, "__iter__"):
                raise InputError("“{label}”须为一组名称。", label=self.label)
            clean = tuple(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
            if not clean:
                raise InputError("{label}不能为空。", label=self.label)
            return json.dumps(clean, ensure_ascii=False)
        text = str(value).strip()
        if self.check is not None:
            self.check(text)
        return text


def _application_pattern(text: str) -> None:
    validate_pattern(text, APPLICATION_TOKENS)


SPECS: tuple[SettingSpec, ...] = (
    # security (设置 → 安全)
    SettingSpec("security.timeout_minutes", "无操作自动锁定（分钟）", "int", 15, 0, 480),
    SettingSpec("security.max_failures", "密码连续错误锁定次数", "int", 5, 3, 20),
    SettingSpec("security.lock_minutes", "账户锁定时长（分钟）", "int", 15, 1, 1440),
    SettingSpec("security.backup_keep", "每类自动备份保留份数", "int", 7, 1, 100),
    # items (设置 → 列表与规则)
    SettingSpec("item.topics", "主题分类列表", "list", catalogs.TOPIC_NAMES),
    SettingSpec("item.genres", "体裁列表", "list", catalogs.GENRES),
    # one period for the register's "待复核" filter and the dashboard's reminder
    SettingSpec("item.validity_review_months", "有效性复核周期（月）", "int", 24, 1, 120),
    # applications
    SettingSpec(
        "application.reg_pattern",
        "申请登记号规则",
        "text",
        DEFAULT_APPLICATION_PATTERN,
        per_unit=True,
        check=_application_pattern,
    ),
    SettingSpec(
        "application.letter_pattern",
        "告知书文书编号规则",
        "text",
        DEFAULT_LETTER_PATTERN,
        per_unit=True,
        check=_application_pattern,
    ),
    SettingSpec("application.review_body", "行政复议机关（告知书）", "text", ""),
    SettingSpec("application.phone", "咨询电话（告知书）", "text", ""),
    SettingSpec("application.repeat_window_days", "重复申请提示窗口（天）", "int", 180, 1, 3660),
    # letters (设置 → 文书): printed on every letter; required before the first one
    SettingSpec("letters.contact", "联系人", "text", ""),
    SettingSpec("letters.phone", "联系电话", "text", ""),
    SettingSpec("letters.address", "通信地址", "text", ""),
    SettingSpec("letters.word_template", "Word 模板（.docx，含本机关版头，可不填）", "text", ""),
)
REGISTRY: dict[str, SettingSpec] = {s.key: s for s in SPECS}


def spec(key: str) -> SettingSpec:
    try:
        return REGISTRY[key]
    except KeyError:
        raise InputError("未知的设置项：{key}", key=key) from None
