"""Seeded corpus for the scanner's recall/precision test, built WITHOUT the code under test.

Check characters come from python-stdnum (a test-only oracle: ``stdnum.cn.ric`` for GB 11643,
``stdnum.cn.uscc`` for GB 32100, ``stdnum.luhn`` for cards), nnever from the app under test. Every
planted item appears in several *forms* — bare on its own line, after a label, in prose without
a label, in full or mixed width, with separators between digit groups, in a table cell, broken
across a line — and every snippet also carries decoys an officer's documents are full of: dates,
money, 统计用区划代码, order and serial numbers, 文号, 索引号, phone extensions and hotlines,
and look-alikes with a wrong check character, written in the same form. All data are invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum import luhn
from stdnum.cn import ric, uscc

SCORED_KINDS = ("id_card", "mobile", "bank_card", "uscc")
FORMS = ("plain", "labelled", "unlabelled", "fullwidth", "spaced", "table", "linebreak")

REGIONS = ("110105", "310104", "330106", "350211", "350203", "440305", "510104", "320102")
CARD_PREFIXES = ("622202", "621700", "622848", "436742", "518710", "622588", "625965")
USCC_HEADS = ("91350200", "91110108", "12350000", "52350203", "11350200", "93330106")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文红玉兰志新海波"
LABELS = {
    "id_card": ("身份证号：", "公民身份号码 ", "证件号码："),
    "mobile": ("联系电话：", "手机 ", "手机号码："),
    "bank_card": ("银行卡号：", "开户账号 ", "收款账户："),
    "uscc": ("统一社会信用代码：", "信用代码 ", "统一社会信用代码 "),
}
# Where a number is broken into groups when written with separators.
GROUPS = {"id_card": (6, 8, 4), "mobile": (3, 4, 4), "uscc": (6, 6, 6)}
SEPARATORS = (" ", "\u3000", "\u00a0", "-", "\uff0d", ".", " - ")
FULL = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－．",
)


@dataclass(frozen=True)
class Snippet:
    text: str
    form: str
    expected: tuple[tuple[str, int, int], ...]  # (kind, start, end) of SCORED_KINDS only


# --- planted values (check characters from python-stdnum) ----------------------------------------


def birth(rng: random.Random) -> date:
    start = date(1935, 1, 1)
    return start + timedelta(days=rng.randrange((date(2015, 12, 31) - start).days))


def id_number(rng: random.Random) -> str:
    body = f"{rng.choice(REGIONS)}{birth(rng):%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "?")


def card_number(rng: random.Random) -> str:
    length = rng.choice((16, 19))
    partial = rng.choice(CARD_PREFIXES)
    partial += "".join(rng.choice("0123456789") for _ in range(length - 1 - len(partial)))
    return partial + luhn.calc_check_digit(partial)


def mobile_number(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def uscc_code(rng: random.Random, digits_only: bool = False) -> str:
    """All-digit bodies and bodies whose only letter may be the check character (the cases the
    old scanner missed), plus ordinary codes with letters."""
    while True:
        head = rng.choice(USCC_HEADS)
        style = rng.random()
        if style < 0.6 or digits_only:
            body = head + "".join(rng.choice("0123456789") for _ in range(9))
        else:
            body = head + "MA" + "".join(rng.choice("0123456789ABCDEFGH") for _ in range(7))
        code = body + uscc.calc_check_digit(body)
        if not _shadowed_by_id(code):
            return code


def _shadowed_by_id(code: str) -> bool:
    # An all-digit code that is also a valid ID number is rightly reported as an ID: skip those.
    if not code[:17].isdigit() or code[17] not in "0123456789X":
        return False
    try:
        return ric.calc_check_digit(code[:17] + "?") == code[17] and 1900 <= int(code[6:10])
    except ValueError:
        return False


def wrong_last(rng: random.Random, value: str, alphabet: str) -> str:
    return value[:-1] + rng.choice([c for c in alphabet if c != value[-1]])


PLANTERS = {
    "id_card": id_number,
    "mobile": mobile_number,
    "bank_card": card_number,
    "uscc": uscc_code,
}


def look_alike(rng: random.Random, kind: str) -> str:
    """The same shape with a wrong check character (or, for mobiles, a wrong prefix)."""
    if kind == "id_card":
        return wrong_last(rng, id_number(rng), "0123456789X")
    if kind == "bank_card":
        return wrong_last(rng, card_number(rng), "0123456789")
    if kind == "uscc":
        code = uscc_code(rng)
        while True:
            bad = wrong_last(rng, code, "0123456789ABCDEFGHJKLMNPQRTUWXY")
            if not _shadowed_by_id(bad) and not (bad.isdigit() and _luhn_ok(bad)):
                return bad
    return "1" + rng.choice("012") + "".join(rng.choice("0123456789") for _ in range(9))


def _luhn_ok(s: str) -> bool:
    try:
        return luhn.is_valid(s)
    except Exception:  # noqa: BLE001
        return False


# --- forms ------------------------------------------------------------------------------------


def _grouped(rng: random.Random, kind: str, value: str, sep: str | None = None) -> str:
    sizes = GROUPS.get(kind) or (4,) * (len(value) // 4) + (
        (len(value) % 4,) if len(value) % 4 else ()
    )
    sep = sep or rng.choice(SEPARATORS)
    out, pos = [], 0
    for size in sizes:
        out.append(value[pos : pos + size])
        pos += size
    return sep.join(out)


def _width(rng: random.Random, value: str) -> str:
    if rng.random() < 0.5:
        return value.translate(FULL)
    # Mixed widths inside one number, as a Chinese input method leaves them.
    return "".join(c.translate(FULL) if rng.random() < 0.5 else c for c in value)


def written(rng: random.Random, kind: str, value: str, form: str) -> str:
    """``value`` as it appears in a document of the given form."""
    if form == "fullwidth":
        return _width(rng, value)
    if form == "spaced":
        return _grouped(rng, kind, value)
    if form == "linebreak":
        return _grouped(rng, kind, value, "\n")
    return value


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "某" + rng.choice(GIVEN)


DECOYS = (
    lambda r: f"日期{r.randint(2019, 2025)}年{r.randint(1, 12)}月{r.randint(1, 28)}日",
    lambda r: f"于{r.randint(2019, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}办结",
    lambda r: f"成文日期 {r.randint(2019, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}",
    lambda r: f"金额 {r.randint(1000, 10**8):,}.{r.randint(0, 99):02d}元",
    lambda r: f"合计 {r.randint(10**9, 10**11)}.{r.randint(10, 99)}元",
    lambda r: f"统计用区划代码 {r.choice(REGIONS)}{r.randint(1, 999):03d}{r.randint(1, 999):03d}",
    lambda r: f"订单号 2025{r.randint(1, 12):02d}{r.randint(1, 28):02d}{mobile_number(r)}",
    lambda r: f"流水号 {r.randint(10**19, 10**20 - 1)}",
    lambda r: (
        f"{r.choice(('厦湖民', '杭上政', '京朝财', '粤深人社'))}〔{r.randint(2018, 2025)}〕{r.randint(1, 300)}号"
    ),
    lambda r: f"索引号 000014349/{r.randint(2019, 2025)}-{r.randint(1, 99999):05d}",
    lambda r: f"索引号 11350200MB0123456X/{r.randint(2019, 2025)}-{r.randint(1, 999):05d}",
    lambda r: f"咨询电话 0592-{r.randint(2000000, 8999999)}转{r.randint(100, 9999)}",
    lambda r: f"服务热线 {r.choice(('12345', '95588', '400-820-8820', '12315'))}",
    lambda r: f"分机 {r.randint(8000, 8999)}",
    lambda r: f"电表户号 {r.randint(10**11, 10**12 - 1)}",
    lambda r: f"ISBN 978-7-{r.randint(100, 999)}-{r.randint(10000, 99999)}-{r.randint(0, 9)}",
    lambda r: f"第{r.randint(1, 40)}期共{r.randint(100, 9999)}户{r.randint(1000, 99999)}人",
)


class _Builder:
    def __init__(self, form: str) -> None:
        self.form = form
        self.parts: list[str] = []
        self.size = 0
        self.expected: list[tuple[str, int, int]] = []

    def add(self, text: str, kind: str | None = None) -> None:
        if kind is not None:
            self.expected.append((kind, self.size, self.size + len(text)))
        self.parts.append(text)
        self.size += len(text)

    def build(self) -> Snippet:
        return Snippet("".join(self.parts), self.form, tuple(self.expected))


def _decoy(rng: random.Random, form: str) -> str:
    text = rng.choice(DECOYS)(rng)
    return _width(rng, text) if form == "fullwidth" else text


def snippet(rng: random.Random, form: str) -> Snippet:
    b = _Builder(form)
    kinds = rng.sample(SCORED_KINDS, k=rng.randint(1, 3))
    if form == "table":
        b.add("序号\t姓名\t证件或账号\t发放日期\t金额（元）\n")
        for i, kind in enumerate(kinds, start=1):
            b.add(f"{i}\t{name(rng)}\t")
            b.add(PLANTERS[kind](rng), kind)
            b.add(
                f"\t{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-01\t{rng.randint(100, 9999)}.00\n"
            )
            b.add(f"{i + 10}\t{name(rng)}\t{look_alike(rng, kind)}\t{_decoy(rng, form)}\t0\n")
        return b.build()
    b.add(
        rng.choice(("关于", ""))
        + rng.choice(("低保对象", "补贴发放", "行政处罚", "资金发放"))
        + "的公示\n"
    )
    for kind in kinds:
        # Separators go between digit groups; a USCC with letters inside is written unbroken.
        plain_value = (
            uscc_code(rng, digits_only=True)
            if kind == "uscc" and form in ("spaced", "linebreak")
            else PLANTERS[kind](rng)
        )
        value = written(rng, kind, plain_value, form)
        decoy = written(rng, kind, look_alike(rng, kind), form)
        if form == "labelled":
            b.add(f"{name(rng)}，{rng.choice(LABELS[kind])}")
            b.add(value, kind)
            b.add(f"；{_decoy(rng, form)}；核对号 {decoy}。\n")
        elif form == "plain":
            b.add(_decoy(rng, form) + "\n")
            b.add(value, kind)
            b.add("\n" + decoy + "\n")
        else:
            b.add(f"{name(rng)}（")
            b.add(value, kind)
            b.add(f"）{_decoy(rng, form)}，另 {decoy} 一份，{_decoy(rng, form)}。\n")
    return b.build()


def build_corpus(seed: int = 20261130, per_form: int = 80) -> list[Snippet]:
    rng = random.Random(seed)
    return [snippet(rng, form) for form in FORMS for _ in range(per_form)]
