"""The demo data covers every value an officer can meet: each of the 22 State Council topic
classes, each genre, each table-三 outcome, each applicant type and each application channel.

The expected sets are written out here from the statute's tables (not read from the demo)."""

from __future__ import annotations

import datetime as dt

from disclosure_desk.services.admin import demo
from disclosure_desk.store.models import Application, Item

# 国务院公文主题分类: the 22 top-level classes.
TOP_CLASSES = {
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
}
# 表三 leaf rows (PRODUCT.md §2.5, 国办公开办函〔2021〕30号 template).
OUTCOMES = {
    "3.1",
    "3.2",
    "3.3.1",
    "3.3.2",
    "3.3.3",
    "3.3.4",
    "3.3.5",
    "3.3.6",
    "3.3.7",
    "3.3.8",
    "3.4.1",
    "3.4.2",
    "3.4.3",
    "3.5.1",
    "3.5.2",
    "3.5.3",
    "3.5.4",
    "3.5.5",
    "3.6.1",
    "3.6.2",
    "3.6.3",
}
APPLICANT_TYPES = {
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
}
CHANNELS = {"当面", "邮寄", "平常信函", "网络", "传真", "电子邮件", "口头"}
REPORT_GENRES = {"规章", "行政规范性文件"}


def test_demo_covers_every_class_genre_outcome_applicant_type_and_channel(db):
    from disclosure_desk.domain.catalogs import GENRES

    demo.generate(db.admin, items=400, applications=200, units=4, seed=7, today=dt.date(2026, 6, 1))
    topics = {t for (t,) in Item.select(Item.topic).distinct().tuples() if t}
    assert {t.split("\\")[0] for t in topics} >= TOP_CLASSES
    genres = {g for (g,) in Item.select(Item.genre).distinct().tuples()}
    assert len(GENRES) == 23 and genres >= set(GENRES) and genres >= REPORT_GENRES
    outcomes = {o for (o,) in Application.select(Application.outcome_code).distinct().tuples()}
    assert outcomes - {""} >= OUTCOMES
    types = {t for (t,) in Application.select(Application.applicant_type).distinct().tuples()}
    assert types == APPLICANT_TYPES
    channels = {c for (c,) in Application.select(Application.channel).distinct().tuples()}
    assert channels == CHANNELS  # stored as the statute's labels, as registration stores them


def test_demo_applicant_names_fit_their_type(db) -> None:
    """A company is never filed as a research body or 其他, a law firm is a 法律服务机构."""
    from disclosure_desk.services.admin import demo
    from disclosure_desk.store.models import Application

    demo.generate(db.admin, items=50, applications=120, units=3)
    suffixes = {
        "commercial": ("有限公司",),
        "research": ("研究院", "研究所"),
        "social_welfare": ("基金会", "服务中心"),
        "legal_service": ("律师事务所", "法律服务所"),
        "other_org": ("合作社", "委员会", "协会"),
    }
    seen = set()
    for atype, name in Application.select(
        Application.applicant_type, Application.applicant_name
    ).tuples():
        if atype == "natural_person":
            assert 2 <= len(name) <= 3, name
            continue
        assert name.endswith(suffixes[atype]), (atype, name)
        seen.add(atype)
    assert seen == set(suffixes)


def test_demo_items_name_their_drafter(db) -> None:
    """Every demo item was drafted by its own unit's 信息员, who also submitted it for review,
    so the review view shows a 起草人 and the drafter cannot approve it."""
    from disclosure_desk.services.admin import demo
    from disclosure_desk.store.models import Item, ItemReview, User

    demo.generate(db.admin, items=60, applications=10, units=3)
    for item in Item.select():
        drafter = User.get_by_id(item.created_by_id)
        assert drafter.login == f"officer{item.unit_id:02d}" and drafter.roles == "officer"
    submitted = ItemReview.select().where(ItemReview.decision.in_(["", "approved", "returned"]))
    assert submitted.count() > 0
    for review in submitted:
        assert review.submitted_by_id == Item.get_by_id(review.item_id).created_by_id
