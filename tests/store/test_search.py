"""Search answers exactly what a plain substring scan over the searchable fields answers."""

from __future__ import annotations

import random

import pytest

from disclosure_desk.domain.permissions import SYSTEM
from disclosure_desk.services import items, items_extras
from disclosure_desk.services.items_rules import ItemInput
from disclosure_desk.store import search
from disclosure_desk.store.models import Attachment, Item, Unit

ALPHABET = "政府信息公开老旧小区改造通知城市道路养护%_\"'a"


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(n))


@pytest.fixture
def corpus(db):
    rng = random.Random(7)
    unit = Unit.get(Unit.code == "ROOT").id
    ids = []
    for _ in range(120):
        data = ItemInput(
            title=_text(rng, 12) or "标题",
            unit_id=unit,
            doc_no=_text(rng, 5),
            keywords=_text(rng, 4),
            summary=_text(rng, 10),
            body=_text(rng, 40),
        )
        ids.append(items.create_item(SYSTEM, data)[0])
    for item_id in ids[:10]:
        items_extras.add_attachment(SYSTEM, item_id, "a.txt", _text(rng, 30).encode("utf-8"))
    return rng


def _scan(query: str) -> set[int]:
    """The reference: Python substring over every searchable field and attachment text."""
    atts: dict[int, list[str]] = {}
    for a in Attachment.select(Attachment.item, Attachment.text):
        atts.setdefault(a.item_id, []).append(a.text)
    return {
        i.id
        for i in Item.select()
        if any(
            query in f
            for f in (i.title, i.doc_no, i.keywords, i.summary, i.body, *atts.get(i.id, []))
        )
    }


def _found(query: str) -> set[int]:
    total, rows = items.search_items(SYSTEM, query, limit=0)
    assert total == len(rows)
    return {r.id for r in rows}


def test_three_and_two_character_chinese_phrases_match_a_substring_scan(corpus):
    for query in (
        "老旧小",
        "政府信",
        "道路养",
        "旧小区改造",
        "老旧",
        "公开",
        "通知",
        "区",
        "改",
        "%_",
        "\"'",
        "a%",
    ):
        assert _found(query) == _scan(query), query
    some = 0
    for _ in range(60):
        n = corpus.choice((1, 2, 3, 4))
        query = _text(corpus, n).strip() or "区"
        expected = _scan(query)
        some += bool(expected)
        assert _found(query) == expected, query
    assert some > 20  # the queries really hit items


def test_no_match_and_blank_query(corpus):
    assert _found("绝不出现的词") == set()
    with pytest.raises(Exception, match="不能为空"):
        items.search_items(SYSTEM, "  ")


def test_scan_baseline_agrees_for_chinese(corpus):
    for query in ("老旧小", "公开"):
        assert set(search.scan_ids(query)) == _scan(query)


def test_search_text_follows_edits(db):
    unit = Unit.get(Unit.code == "ROOT").id
    item_id, _ = items.create_item(SYSTEM, ItemInput(title="甲乙丙丁", unit_id=unit))
    detail = items.get_item(SYSTEM, item_id)
    from dataclasses import replace

    items.update_item(SYSTEM, item_id, replace(detail.data, title="戊己庚辛"), detail.version)
    assert (
        _found("乙丙丁") == set() and _found("己庚辛") == {item_id} and _found("己庚") == {item_id}
    )
