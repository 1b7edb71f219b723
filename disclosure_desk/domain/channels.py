"""Receipt channels (申请方式) and the Art. 31 rule fixing each one's receipt date.

The labels are the values of the 申请方式 import column (PRODUCT.md §3.1); the codes are what the
store keeps. The officer records the receipt date; the app shows which rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure_desk.domain.errors import InputError


@dataclass(frozen=True)
class Channel:
    """One way an application can arrive, with the rule for its receipt date."""

    code: str
    label: str
    receipt_rule: str


CHANNELS: tuple[Channel, ...] = (
    Channel("in_person", "当面", "当面提交的，以提交之日为收到申请之日（条例第三十一条第一项）。"),
    Channel(
        "post",
        "邮寄",
        "以邮寄方式提交需要签收的，以行政机关签收之日为收到申请之日（条例第三十一条第二项）。",
    ),
    Channel(
        "ordinary_mail",
        "平常信函",
        "以平常信函等无需签收的邮寄方式提交的，政府信息公开工作机构应当于收到申请的当日与申请人"
        "确认，确认之日为收到申请之日（条例第三十一条第二项）。",
    ),
    Channel(
        "online",
        "网络",
        "通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）。",
    ),
    Channel(
        "fax",
        "传真",
        "通过政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）。",
    ),
    Channel(
        "email",
        "电子邮件",
        "通过电子邮件等互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）。",
    ),
    Channel(
        "oral",
        "口头",
        "书面形式确有困难、口头提出的，由行政机关代为填写申请；条例未作规定，实务中以登记并经申请人"
        "确认之日为收到申请之日（参照条例第二十九条）。",
    ),
)

_BY_CODE = {c.code: c for c in CHANNELS}
_BY_LABEL = {c.label: c for c in CHANNELS}
# Longer forms officers write in spreadsheets.
_ALIASES = {
    "当面提交": "in_person",
    "现场": "in_person",
    "信函": "post",
    "邮寄信函": "post",
    "挂号信": "post",
    "平信": "ordinary_mail",
    "互联网": "online",
    "网上": "online",
    "网上申请": "online",
    "在线": "online",
    "电邮": "email",
    "邮件": "email",
    "口头申请": "oral",
}


def channel_by_code(code: str) -> Channel:
    try:
        return _BY_CODE[code.strip()]
    except KeyError:
        raise _unknown(code) from None


def channel_by_label(label: str) -> Channel:
    """Look a channel up by its label (also a few common longer forms, or its code)."""
    text = label.strip()
    channel = _BY_LABEL.get(text) or _BY_CODE.get(text)
    if channel is None and text in _ALIASES:
        channel = _BY_CODE[_ALIASES[text]]
    if channel is None:
        raise _unknown(label)
    return channel


def _unknown(value: str) -> InputError:
    allowed = tuple(c.label for c in CHANNELS)
    return InputError("未知的申请方式“{value}”；可选：{allowed}。", value=value, allowed=allowed)
