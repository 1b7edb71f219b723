"""Seeded synthetic corpus for the scanner's precision/recall test.

Snippets imitate what officers publish — 公示, 低保 lists, 行政处罚决定书, 采购公告, 人事公告 —
with planted personal data whose ground truth is known (ID numbers built with a correct check
digit, Luhn-valid cards, real mobile prefixes) and look-alikes that must stay quiet (wrong check
digits, impossible birth dates, 文号, 索引号, dates, amounts, order numbers, mobiles buried in
longer digit runs). All persons and numbers are invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from disclosure_desk.domain.checkdigits import id_check_char

SCORED_KINDS = ("id_card", "bank_card", "mobile")

REGIONS = ("110105", "310104", "330106", "350211", "350203", "440305", "510104", "320102", "420106")
CARD_PREFIXES = ("622202", "621700", "622848", "436742", "518710", "622588", "625965")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文红玉兰志新海波"
STREETS = ("幸福路", "人民路", "建设街", "解放路", "湖滨路", "文化巷", "朝阳路")
UNITS = (
    "某某街道办事处",
    "某某镇人民政府",
    "区民政局",
    "区市场监督管理局",
    "区财政局",
    "区人力资源和社会保障局",
)


@dataclass(frozen=True)
class Snippet:
    text: str
    expected: tuple[tuple[str, int, int], ...]  # (kind, start, end) for SCORED_KINDS only


class _Builder:
    """Concatenates pieces and records where the planted ones land."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.expected: list[tuple[str, int, int]] = []

    def add(self, text: str, kind: str | None = None) -> _Builder:
        if kind is not None:
            self.expected.append((kind, self.size, self.size + len(text)))
        self.parts.append(text)
        self.size += len(text)
        return self

    def build(self) -> Snippet:
        return Snippet("".join(self.parts), tuple(self.expected))


# --- generators of planted items -----------------------------------------------------------


def birth(rng: random.Random, first: int = 1935, last: int = 2015) -> date:
    start = date(first, 1, 1)
    return start + timedelta(days=rng.randrange((date(last, 12, 31) - start).days))


def valid_id(rng: random.Random) -> str:
    body = f"{rng.choice(REGIONS)}{birth(rng):%Y%m%d}{rng.randrange(1000):03d}"
    return body + id_check_char(body)


def bad_check_id(rng: random.Random) -> str:
    good = valid_id(rng)
    wrong = rng.choice([c for c in "0123456789X" if c != good[-1]])
    return good[:-1] + wrong


def bad_date_id(rng: random.Random) -> str:
    # Correct MOD 11-2 check digit, but the birth date cannot exist (month 13, 31 Feb …).
    bad = rng.choice(("13", "00")) + f"{rng.randint(1, 28):02d}"
    if rng.random() < 0.5:
        bad = "0231"
    body = f"{rng.choice(REGIONS)}19{rng.randint(40, 99)}{bad}{rng.randrange(1000):03d}"
    return body + id_check_char(body)


def old_id(rng: random.Random) -> str:
    return f"{rng.choice(REGIONS)}{birth(rng, 1930, 1990):%y%m%d}{rng.randrange(1000):03d}"


def _luhn_digit(partial: str) -> str:
    total = 0
    for i, c in enumerate(reversed(partial)):
        d = int(c)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def valid_card(rng: random.Random, length: int | None = None) -> str:
    length = length or rng.choice((16, 19))
    partial = rng.choice(CARD_PREFIXES)
    partial += "".join(rng.choice("0123456789") for _ in range(length - 1 - len(partial)))
    return partial + _luhn_digit(partial)


def bad_card(rng: random.Random, length: int | None = None) -> str:
    good = valid_card(rng, length)
    return good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)


def mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def spaced_mobile(rng: random.Random) -> str:
    m = mobile(rng)
    sep = rng.choice((" ", "-"))
    return f"{m[:3]}{sep}{m[3:7]}{sep}{m[7:]}"


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "某" + rng.choice(GIVEN)


def address(rng: random.Random) -> str:
    return f"某街道{rng.choice(STREETS)}{rng.randint(1, 200)}号{rng.randint(1, 30)}栋{rng.randint(101, 2505)}室"


def order_no(rng: random.Random) -> str:
    # Date-led order numbers: long digit runs that contain mobile-like stretches.
    return (
        f"2025{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + mobile(rng)[: rng.randint(6, 11)]
    )


def wenhao(rng: random.Random) -> str:
    return f"{rng.choice(('厦湖民', '杭上政', '京朝财', '粤深人社'))}〔{rng.randint(2018, 2025)}〕{rng.randint(1, 300)}号"


def index_no(rng: random.Random) -> str:
    return f"{rng.choice(('000014349', '00001333-8', '11350200MB0123456X'))}/{rng.randint(2019, 2025)}-{rng.randint(1, 99999):05d}"


def amount(rng: random.Random) -> str:
    return f"{rng.randint(100, 10**9) / 100:,.2f}元"


# --- snippet templates ---------------------------------------------------------------------


def _dibao(rng: random.Random) -> Snippet:
    b = _Builder().add(
        f"关于{rng.randint(2021, 2025)}年第{rng.choice('一二三四')}季度最低生活保障对象的公示\n"
    )
    for _ in range(rng.randint(1, 4)):
        b.add(f"户主：{name(rng)}，身份证号：").add(valid_id(rng), "id_card")
        b.add("，联系电话：").add(mobile(rng), "mobile")
        b.add(f"，家庭住址：{address(rng)}，保障人数{rng.randint(1, 6)}人，月保障金")
        b.add(f"{rng.randint(300, 2000)}元，发放账号：").add(valid_card(rng), "bank_card").add(
            "。\n"
        )
    b.add(f"统计编号 {bad_check_id(rng)}；文号 {wenhao(rng)}；索引号 {index_no(rng)}。\n")
    b.add(
        f"公示期：{rng.randint(2021, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日起7日。\n"
    )
    return b.build()


def _penalty(rng: random.Random) -> Snippet:
    b = _Builder().add(f"行政处罚决定书\n{wenhao(rng)}\n当事人：{name(rng)}，公民身份号码：")
    if rng.random() < 0.2:
        b.add(old_id(rng), "id_card")
    else:
        b.add(valid_id(rng), "id_card")
    b.add(f"，住所：{address(rng)}，联系方式：").add(spaced_mobile(rng), "mobile")
    b.add(
        f"。\n经查，当事人于{rng.randint(2023, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    )
    b.add(f"销售不合格产品，货值金额{amount(rng)}，违法所得{rng.randint(100, 99999)}元。")
    b.add(f"依据《中华人民共和国产品质量法》第四十九条，决定罚款{rng.randint(1, 50)}万元。")
    b.add(f"罚款缴入国库，缴款单号 {order_no(rng)}。\n")
    return b.build()


def _procurement(rng: random.Random) -> Snippet:
    b = _Builder().add(f"{rng.choice(UNITS)}办公设备采购项目公开招标公告\n")
    b.add(
        f"项目编号：ZFCG-{rng.randint(2023, 2025)}-{rng.randint(1, 999):04d}；预算金额：{amount(rng)}；"
    )
    b.add(
        f"索引号：{index_no(rng)}。\n采购人联系人：{name(rng)}，电话：0592-{rng.randint(2000000, 8999999)}，"
    )
    b.add("手机：").add(mobile(rng), "mobile").add("。\n")
    b.add(f"投标保证金账户：{rng.choice(UNITS)}，开户行：中国工商银行某支行，账号：")
    if rng.random() < 0.5:
        b.add(valid_card(rng, rng.randint(12, 19)), "bank_card")
    else:
        b.add(bad_card(rng, rng.randint(12, 19)))
    b.add(
        f"。\n获取文件时间：{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}，"
    )
    b.add(f"发票代码 {rng.randint(10**11, 10**12 - 1)}，订单号 {order_no(rng)}。\n")
    return b.build()


def _personnel(rng: random.Random) -> Snippet:
    b = _Builder().add(
        f"{rng.choice(UNITS)}{rng.randint(2023, 2025)}年公开招聘工作人员拟聘用人员公示\n"
    )
    for i in range(rng.randint(1, 3)):
        b.add(f"{i + 1}. 姓名：{name(rng)}，性别：{rng.choice('男女')}，出生年月：")
        b.add(f"{birth(rng, 1985, 2002):%Y.%m}，准考证号：2025{rng.randint(10**6, 10**7 - 1)}")
        b.add(f"，笔试成绩{rng.randint(60, 95)}.{rng.randint(0, 9)}分。\n")
    b.add("如有异议，请于公示期内向监督电话反映：").add(mobile(rng), "mobile")
    b.add(f"（工作日），或 0592-{rng.randint(2000000, 8999999)}。\n")
    b.add(f"附：报名序号 {bad_date_id(rng)}、档案编号 {bad_check_id(rng)}，金额 {amount(rng)}。\n")
    return b.build()


def _notice(rng: random.Random) -> Snippet:
    b = _Builder().add(
        f"关于{rng.choice(('冬季供暖', '道路施工', '疫苗接种', '医保缴费'))}有关事项的通知\n"
    )
    b.add(f"根据{wenhao(rng)}文件精神，现将有关事项通知如下。咨询电话：")
    if rng.random() < 0.3:
        b.add(rng.choice(("+86 ", "+86-", "+86")) + mobile(rng), "mobile")
    else:
        b.add(mobile(rng), "mobile")
    b.add(f"。编号 {mobile(rng)[:10]}，流水号 {order_no(rng)}{rng.randint(10, 99)}，")
    b.add(f"日期 {rng.randint(2023, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}，")
    b.add(f"旧证号 {old_id(rng)}（无证件字样，不是身份证）。\n")
    if rng.random() < 0.3:
        card = valid_card(rng, 16)
        grouped = " ".join(card[i : i + 4] for i in range(0, 16, 4))
        b.add("退款银行卡：").add(grouped, "bank_card").add("。\n")
    b.add(
        f"{rng.choice(UNITS)}\n{rng.randint(2023, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日\n"
    )
    return b.build()


TEMPLATES = (_dibao, _penalty, _procurement, _personnel, _notice)


def build_corpus(count: int = 400, seed: int = 20251008) -> list[Snippet]:
    rng = random.Random(seed)
    return [TEMPLATES[i % len(TEMPLATES)](rng) for i in range(count)]
