"""Default value lists for item metadata: 主题分类, 体裁, 公开属性, 密级, 有效性, channels, unit kinds.

These are defaults seeded into the editable lists; local sites rename classes, so other code
should read the database lists and use these only to seed and to validate imports.
"""

from __future__ import annotations

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.vocabulary import DISCLOSURES

# The 22 top-level classes of the State Council policy library with their sub-classes.
TOPIC_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "国务院组织机构",
        (
            "国务院",
            "国务院办公厅",
            "国务院组成部门",
            "国务院直属特设机构",
            "国务院直属机构",
            "国务院办事机构",
            "国务院直属事业单位",
            "国务院部委管理的国家局",
            "国务院议事协调机构",
            "其他",
        ),
    ),
    (
        "综合政务",
        (
            "政务公开",
            "政务督查",
            "应急管理",
            "电子政务",
            "文秘工作",
            "保密工作",
            "信访",
            "参事、文史",
            "其他",
        ),
    ),
    (
        "国民经济管理、国有资产监管",
        ("宏观经济", "经济体制改革", "统计", "物价", "国有资产监管", "重大建设项目", "其他"),
    ),
    (
        "财政、金融、审计",
        (
            "财政",
            "税务",
            "银行",
            "货币（含外汇）",
            "证券",
            "保险",
            "社会信用体系建设",
            "审计",
            "其他",
        ),
    ),
    (
        "国土资源、能源",
        ("土地", "矿产", "水资源", "海洋", "煤炭", "石油与天然气", "电力", "其他"),
    ),
    ("农业、林业、水利", ("农业、畜牧业、渔业", "林业", "水利", "其他")),
    (
        "工业、交通",
        (
            "机械制造与重工业",
            "轻工纺织",
            "化工",
            "国防工业",
            "航天、航空",
            "信息产业（含电信）",
            "公路",
            "水运",
            "铁路",
            "民航",
            "邮政",
            "其他",
        ),
    ),
    (
        "商贸、海关、旅游",
        ("对外经贸合作", "国内贸易（含供销）", "海关", "检验、检疫", "旅游", "其他"),
    ),
    (
        "市场监管、安全生产监管",
        ("工商", "质量监督", "标准", "食品药品监管", "安全生产监管", "其他"),
    ),
    (
        "城乡建设、环境保护",
        (
            "城市规划",
            "城乡建设（含住房）",
            "环境监测、保护与治理",
            "节能与资源综合利用",
            "气象、水文、测绘、地震",
            "其他",
        ),
    ),
    ("科技、教育", ("科技", "教育", "知识产权", "其他")),
    ("文化、广电、新闻出版", ("文化", "文物", "新闻出版", "广播、电影、电视", "其他")),
    ("卫生、体育", ("卫生", "医药管理", "体育", "其他")),
    ("人口与计划生育、妇女儿童工作", ("人口与计划生育", "妇女儿童", "其他")),
    (
        "劳动、人事、监察",
        (
            "劳动就业",
            "社会保障",
            "人事工作",
            "军转安置",
            "监察",
            "纠正行业不正之风",
            "其他",
        ),
    ),
    ("公安、安全、司法", ("公安", "国家安全", "司法", "其他")),
    (
        "民政、扶贫、救灾",
        ("减灾救灾", "优抚安置", "社会福利", "行政区划与地名", "社团管理", "扶贫", "其他"),
    ),
    ("民族、宗教", ("民族事务", "宗教事务")),
    ("对外事务", ("外交、外事", "国际条约、国际组织", "其他")),
    ("港澳台侨工作", ("港澳工作", "对台工作", "侨务工作")),
    ("国防", ("国防建设", "国防动员")),
    ("其他", ()),
)

TOPIC_SEPARATOR = "\\"


def topic_names() -> tuple[str, ...]:
    """Every selectable topic name: each class, then its "class\\sub" names, in order."""
    names: list[str] = []
    for cls, subs in TOPIC_CLASSES:
        names.append(cls)
        names.extend(f"{cls}{TOPIC_SEPARATOR}{sub}" for sub in subs)
    return tuple(names)


TOPIC_NAMES: tuple[str, ...] = topic_names()
_TOPIC_SET = frozenset(TOPIC_NAMES)


def normalize_topic(text: str, names: tuple[str, ...] = TOPIC_NAMES) -> str:
    """Accept a class or "class\\sub" name (also with "/" or "＼"); InputError otherwise."""
    s = (text or "").strip()
    for sep in ("＼", "/", "／"):
        s = s.replace(sep, TOPIC_SEPARATOR)
    s = TOPIC_SEPARATOR.join(part.strip() for part in s.split(TOPIC_SEPARATOR))
    if s in names:
        return s
    raise InputError(
        "主题分类“{text}”不在分类表中；请填写一级分类名称或“一级\\二级”形式（如“科技、教育\\科技”）。",
        text=text,
    )


# 15 公文 genres of 《党政机关公文处理工作条例》 followed by common non-公文 genres.
OFFICIAL_DOCUMENT_GENRES: tuple[str, ...] = (
    "决议",
    "决定",
    "命令（令）",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
)
GENRES: tuple[str, ...] = OFFICIAL_DOCUMENT_GENRES + (
    "规章",
    "行政规范性文件",
    "规划",
    "计划",
    "总结",
    "公示",
    "解读",
    "其他",
)
# Genres counted in section 二 of the annual report.
GENRE_RULES = "规章"
GENRE_NORMATIVE = "行政规范性文件"

# 公开属性 labels for lists and templates; the stored codes are in domain/vocabulary.py.
DISCLOSURE_ATTRS: tuple[str, ...] = tuple(label for _, label in DISCLOSURES)
SECRECY_LEVELS: tuple[str, ...] = ("非密", "内部", "秘密", "机密", "绝密")
NOT_SECRET = SECRECY_LEVELS[0]  # 非密: the default, and the only level that may be published
STATE_SECRETS: tuple[str, ...] = SECRECY_LEVELS[2:]  # 秘密 / 机密 / 绝密: never disclosed
VALIDITY: tuple[str, ...] = ("有效", "失效", "废止")
VALID, EXPIRED, REPEALED = VALIDITY
PUBLISH_CHANNELS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "公开栏",
    "政务新媒体",
    "新闻发布会",
    "档案馆",
    "图书馆",
    "其他",
)
UNIT_KINDS: tuple[str, ...] = ("政府", "部门", "乡镇街道")
UNIT_GOVERNMENT, UNIT_DEPARTMENT, UNIT_TOWN = UNIT_KINDS
TOPIC_OTHER = "其他"  # the 主题分类 category of an item without a topic (in its 索引号)


def check_choice(value: str, choices: tuple[str, ...], field: str) -> str:
    """Return ``value`` stripped if it is one of ``choices``; InputError naming the field."""
    s = (value or "").strip()
    if s in choices:
        return s
    raise InputError(
        "{field}“{value}”不是可选值；可选：{choices}。", field=field, value=s, choices=choices
    )
