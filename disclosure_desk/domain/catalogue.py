"""The catalogue (政府信息公开目录) as plain data: the columns and one row per published item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

HEADERS: tuple[str, ...] = (
    "索引号",
    "名称",
    "文号",
    "发布机构",
    "生成日期",
    "发布日期",
    "主题分类",
    "体裁",
    "内容概述",
    "关联信息",  # a 解读 names the policy it explains; a policy names its 解读
)


@dataclass(frozen=True)
class CatalogueRow:
    index_no: str
    title: str
    doc_no: str
    publisher: str
    formed_on: dt.date | None
    published_on: dt.date | None
    topic: str
    genre: str
    summary: str
    related: str = ""

    def cells(self) -> tuple[str, ...]:
        def d(v: dt.date | None) -> str:
            return v.isoformat() if v else ""

        return (
            self.index_no,
            self.title,
            self.doc_no,
            self.publisher,
            d(self.formed_on),
            d(self.published_on),
            self.topic.replace("\\", "/"),
            self.genre,
            self.summary,
            self.related,
        )


@dataclass(frozen=True)
class Catalogue:
    title: str
    agency_name: str
    unit_name: str
    year: int | None
    generated_on: dt.date
    rows: list[CatalogueRow]
