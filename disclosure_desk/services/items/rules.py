"""Item data as the services accept it, its validation, and the editable catalogue lists.

Validation returns every problem at once as (column label, message) pairs, so the form can
show them together and the importer can report each bad cell with its column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from dateutil.relativedelta import relativedelta

from disclosure_desk.domain import catalogs, outcomes, vocabulary
from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import settings as settings_registry
from disclosure_desk.services.common.context import Changes

NOT_PROACTIVE = vocabulary.NOT_PROACTIVE
COORDINATION_ANSWERS = vocabulary.COORDINATION_ANSWERS
TOPICS_KEY = "item.topics"
GENRES_KEY = "item.genres"
STALE_MONTHS_KEY = "item.validity_review_months"


@dataclass(frozen=True)
class ItemInput:
    """Everything an officer fills in for one item; ``index_no`` only for legacy numbers."""

    title: str
    unit_id: int
    doc_no: str = ""
    publisher: str = ""
    formed_on: dt.date | None = None
    published_on: dt.date | None = None
    disclosure: str = vocabulary.PROACTIVE  # a code; the label is accepted and normalised
    withhold_ground: str = ""
    withhold_reason: str = ""
    topic: str = ""
    genre: str = ""
    secrecy: str = catalogs.NOT_SECRET
    validity: str = catalogs.VALID
    repealed_on: dt.date | None = None
    repealed_by: str = ""
    validity_reviewed_on: dt.date | None = None
    changed_on: dt.date | None = None
    keywords: str = ""
    summary: str = ""
    body: str = ""
    channels: tuple[str, ...] = ()
    related_id: int | None = None
    index_no: str = ""


Problem = tuple[str, str]  # (column label, message)


def topic_list() -> tuple[str, ...]:
    """The 主题分类 list in use: the database's edited list, else the 22 State Council classes."""
    return settings_registry.get(TOPICS_KEY)  # type: ignore[return-value]


def genre_list() -> tuple[str, ...]:
    return settings_registry.get(GENRES_KEY)  # type: ignore[return-value]


def stale_months() -> int:
    """Months after which an item's validity is due for review (register filter and dashboard)."""
    return settings_registry.get(STALE_MONTHS_KEY)  # type: ignore[return-value]


def stale_cutoff(today: dt.date) -> dt.date:
    """Items last reviewed (or formed) before this day are due for a validity review."""
    return today - relativedelta(months=stale_months())


def set_lists(
    actor: Actor,
    topics: tuple[str, ...] | None = None,
    genres: tuple[str, ...] | None = None,
    stale_after_months: int | None = None,
) -> Changes:
    """Replace the editable 主题分类 / 体裁 lists or the validity-review period."""
    updates: dict[str, object] = {}
    if topics is not None:
        updates[TOPICS_KEY] = topics
    if genres is not None:
        updates[GENRES_KEY] = genres
    if stale_after_months is not None:
        updates[STALE_MONTHS_KEY] = stale_after_months
    return settings_registry.save(actor, updates)


def check(
    data: ItemInput, topics: tuple[str, ...] | None = None, genres: tuple[str, ...] | None = None
) -> tuple[ItemInput, list[Problem]]:
    """Normalise ``data`` and list every problem; the returned input is only valid without problems."""
    problems: list[Problem] = []
    topics = topic_list() if topics is None else topics
    genres = genre_list() if genres is None else genres
    title = (data.title or "").strip()
    if not title:
        problems.append(("标题", tr("标题不能为空。")))
    elif len(title) > 500:
        problems.append(("标题", tr("标题超过 500 字。")))
    disclosure = (data.disclosure or "").strip() or vocabulary.PROACTIVE
    try:
        disclosure = vocabulary.code_of("disclosure", disclosure)
    except InputError:
        problems.append(
            (
                "公开属性",
                tr("“{disclosure}”不是可选值；可选：{value}。").format(
                    disclosure=disclosure, value="、".join(catalogs.DISCLOSURE_ATTRS)
                ),
            )
        )
    ground, reason = (data.withhold_ground or "").strip(), (data.withhold_reason or "").strip()
    if disclosure in NOT_PROACTIVE:
        shown = vocabulary.disclosure_label(disclosure)
        if ground and ground not in {g.code for g in outcomes.WITHHOLD_GROUNDS}:
            problems.append(
                ("不公开理由", tr("不公开的法定理由“{ground}”无法识别。").format(ground=ground))
            )
        if not ground and not reason:
            problems.append(
                (
                    "不公开理由",
                    tr("公开属性为“{shown}”时必须填写不公开理由（条例第十四至十六条）。").format(
                        shown=shown
                    ),
                )
            )
        ground = ground or outcomes.ground_from_text(reason) or ""
    else:
        ground, reason = "", ""
    topic = (data.topic or "").strip()
    if topic:
        try:
            topic = catalogs.normalize_topic(topic, topics)
        except InputError as exc:
            problems.append(("主题分类", exc.message))
    genre = (data.genre or "").strip()
    if genre and genre not in genres:
        problems.append(("体裁", tr("体裁“{genre}”不在体裁列表中。").format(genre=genre)))
    secrecy = (data.secrecy or "").strip() or catalogs.NOT_SECRET
    if secrecy not in catalogs.SECRECY_LEVELS:
        problems.append(
            (
                "密级",
                tr("密级“{secrecy}”不是可选值；可选：{value}。").format(
                    secrecy=secrecy, value="、".join(catalogs.SECRECY_LEVELS)
                ),
            )
        )
    elif secrecy in catalogs.STATE_SECRETS and disclosure != vocabulary.WITHHELD:
        problems.append(
            (
                "公开属性",
                tr("密级为“{secrecy}”的国家秘密不得公开，公开属性应为“不予公开”。").format(
                    secrecy=secrecy
                ),
            )
        )
    validity = (data.validity or "").strip() or catalogs.VALID
    if validity not in catalogs.VALIDITY:
        problems.append(
            (
                "有效性",
                tr("有效性“{validity}”不是可选值；可选：{value}。").format(
                    validity=validity, value="、".join(catalogs.VALIDITY)
                ),
            )
        )
    if validity == catalogs.REPEALED and data.repealed_on is None:
        problems.append(("废止日期", tr("有效性为“废止”时必须填写废止日期。")))
    if data.repealed_on is not None and validity != catalogs.REPEALED:
        problems.append(("废止日期", tr("填写了废止日期，有效性应为“废止”。")))
    if data.formed_on and data.published_on and data.published_on < data.formed_on:
        problems.append(("发布日期", tr("发布日期早于成文日期。")))
    if data.formed_on and data.repealed_on and data.repealed_on < data.formed_on:
        problems.append(("废止日期", tr("废止日期早于成文日期。")))
    channels = tuple(dict.fromkeys(c.strip() for c in data.channels if c and c.strip()))
    bad = [c for c in channels if c not in catalogs.PUBLISH_CHANNELS]
    if bad:
        problems.append(
            (
                "公开方式",
                tr("公开方式“{value}”不是可选值；可选：{value2}。").format(
                    value="、".join(bad), value2="、".join(catalogs.PUBLISH_CHANNELS)
                ),
            )
        )
    for label, value, limit in (
        ("文号", data.doc_no, 200),
        ("发布机构", data.publisher, 200),
        ("关键词", data.keywords, 500),
        ("索引号", data.index_no, 100),
    ):
        if len((value or "").strip()) > limit:
            problems.append(
                (label, tr("{label}超过 {limit} 字。").format(label=label, limit=limit))
            )
    clean = replace(
        data,
        title=title,
        doc_no=(data.doc_no or "").strip(),
        publisher=(data.publisher or "").strip(),
        disclosure=disclosure,
        withhold_ground=ground,
        withhold_reason=reason,
        topic=topic,
        genre=genre,
        secrecy=secrecy,
        validity=validity,
        repealed_by=(data.repealed_by or "").strip(),
        keywords=(data.keywords or "").strip(),
        summary=(data.summary or "").strip(),
        body=data.body or "",
        channels=channels,
        index_no=(data.index_no or "").strip(),
    )
    return clean, problems


def require_valid(data: ItemInput) -> ItemInput:
    """``check`` for the form: one InputError listing every problem."""
    clean, problems = check(data)
    if problems:
        raise InputError(
            tr("；").join(
                tr("{field}：{message}").format(field=tr(col), message=msg) for col, msg in problems
            )
        )
    return clean
