"""Receipt channels: the seven 申请方式 labels and their Art. 31 receipt-date rules."""

from __future__ import annotations

import pytest

from disclosure_desk.domain.channels import CHANNELS, channel_by_code, channel_by_label
from disclosure_desk.domain.errors import InputError


def test_labels_are_the_import_values_in_order() -> None:
    assert [c.label for c in CHANNELS] == [
        "当面",
        "邮寄",
        "平常信函",
        "网络",
        "传真",
        "电子邮件",
        "口头",
    ]
    assert len({c.code for c in CHANNELS}) == len(CHANNELS)


@pytest.mark.parametrize(
    ("label", "phrase"),
    [
        ("当面", "提交之日"),
        ("邮寄", "签收之日"),
        ("平常信函", "确认之日"),
        ("网络", "双方确认之日"),
        ("传真", "双方确认之日"),
        ("电子邮件", "双方确认之日"),
        ("口头", "确认之日"),
    ],
)
def test_receipt_rules(label: str, phrase: str) -> None:
    channel = channel_by_label(label)
    assert phrase in channel.receipt_rule
    assert channel_by_code(channel.code) is channel


def test_aliases_and_codes() -> None:
    assert channel_by_label(" 当面提交 ").code == "in_person"
    assert channel_by_label("email").label == "电子邮件"
    assert channel_by_label("平信").code == "ordinary_mail"


@pytest.mark.parametrize("value", ["飞鸽传书", "", "mail"])
def test_unknown_channel(value: str) -> None:
    with pytest.raises(InputError, match="申请方式"):
        channel_by_label(value)
    with pytest.raises(InputError):
        channel_by_code(value)
