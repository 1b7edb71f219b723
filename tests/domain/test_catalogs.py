"""Default metadata lists."""

from __future__ import annotations

import pytest

from disclosure_desk.domain.catalogs import (
    DISCLOSURE_ATTRS,
    GENRES,
    OFFICIAL_DOCUMENT_GENRES,
    PUBLISH_CHANNELS,
    SECRECY_LEVELS,
    TOPIC_CLASSES,
    TOPIC_NAMES,
    UNIT_KINDS,
    VALIDITY,
    check_choice,
    normalize_topic,
)
from disclosure_desk.domain.errors import InputError


def test_22_topic_classes_with_subclasses() -> None:
    assert len(TOPIC_CLASSES) == 22
    assert TOPIC_CLASSES[0][0] == "国务院组织机构"
    assert TOPIC_CLASSES[-1] == ("其他", ())
    assert dict(TOPIC_CLASSES)["科技、教育"] == ("科技", "教育", "知识产权", "其他")
    assert "科技、教育\\科技" in TOPIC_NAMES
    assert "城乡建设、环境保护\\气象、水文、测绘、地震" in TOPIC_NAMES
    assert len(TOPIC_NAMES) == len(set(TOPIC_NAMES))


def test_normalize_topic() -> None:
    assert normalize_topic("科技、教育") == "科技、教育"
    assert normalize_topic("科技、教育 / 教育") == "科技、教育\\教育"
    assert normalize_topic("综合政务＼政务公开") == "综合政务\\政务公开"
    with pytest.raises(InputError):
        normalize_topic("科技、教育\\航天")


def test_genres() -> None:
    assert len(OFFICIAL_DOCUMENT_GENRES) == 15
    assert OFFICIAL_DOCUMENT_GENRES[2] == "命令（令）"
    assert GENRES[15:] == ("规章", "行政规范性文件", "规划", "计划", "总结", "公示", "解读", "其他")


def test_small_lists() -> None:
    assert DISCLOSURE_ATTRS == ("主动公开", "依申请公开", "不予公开")
    assert SECRECY_LEVELS == ("非密", "内部", "秘密", "机密", "绝密")
    assert VALIDITY == ("有效", "失效", "废止")
    assert PUBLISH_CHANNELS[0] == "政府网站" and len(PUBLISH_CHANNELS) == 8
    assert UNIT_KINDS == ("政府", "部门", "乡镇街道")


def test_check_choice() -> None:
    assert check_choice(" 有效 ", VALIDITY, "有效性") == "有效"
    with pytest.raises(InputError, match="有效性"):
        check_choice("作废", VALIDITY, "有效性")
