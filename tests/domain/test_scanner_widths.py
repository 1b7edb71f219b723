"""Numbers as officers type them (PRODUCT.md §4.2): every width and separator form, each with a
planted item and a decoy in the same form; check characters from outside the code."""

from __future__ import annotations

import pytest

from disclosure_desk.domain.checkdigits import id_check_char, valid_uscc
from disclosure_desk.domain.scanner import Scanner, mask_text

SCANNER = Scanner()

# Published examples: GB 11643-1999's own sample numbers; the GB 32100 code printed on the
# standard's sample business licence is not reproduced here, so USCC check characters come from
# python-stdnum below.
GB11643_EXAMPLES = {"11010519491231002": "X", "44052418800101001": "4"}

ID = "11010519491231002X"  # GB 11643 example (valid date, check X)
ID_BAD = "110105194912310021"  # same with a wrong check digit
MOBILE = "13812345678"
MOBILE_BAD = "12812345678"  # no such prefix
CARD = "4111111111111111"  # Luhn-valid test card
CARD_BAD = "4111111111111112"

FW = str.maketrans("0123456789Xx-.", "０１２３４５６７８９Ｘｘ－．")


def _groups(value: str, sizes: tuple[int, ...], sep: str) -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(value[pos : pos + size])
        pos += size
    return sep.join(out)


FORMS = {
    "ascii": lambda v, g: v,
    "fullwidth": lambda v, g: v.translate(FW),
    "mixed": lambda v, g: "".join(c.translate(FW) if i % 2 else c for i, c in enumerate(v)),
    "space": lambda v, g: _groups(v, g, " "),
    "ideographic_space": lambda v, g: _groups(v, g, "\u3000"),
    "nbsp": lambda v, g: _groups(v, g, "\u00a0"),
    "hyphen": lambda v, g: _groups(v, g, "-"),
    "fullwidth_hyphen": lambda v, g: _groups(v, g, "－"),
    "dot": lambda v, g: _groups(v, g, "."),
    "fullwidth_spaced": lambda v, g: _groups(v, g, " ").translate(FW),
    "line_break": lambda v, g: _groups(v, g, "\n"),
}
CASES = [
    ("id_card", ID, ID_BAD, (6, 8, 4)),
    ("mobile", MOBILE, MOBILE_BAD, (3, 4, 4)),
    ("bank_card", CARD, CARD_BAD, (4, 4, 4, 4)),
]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize(("kind", "good", "bad", "groups"), CASES)
def test_each_width_and_separator_form(form, kind, good, bad, groups) -> None:
    planted = FORMS[form](good, groups)
    decoy = FORMS[form](bad, groups)
    text = f"名单（{planted}）；另有编号（{decoy}）。"
    found = [f for f in SCANNER.scan(text) if f.kind in ("id_card", "mobile", "bank_card")]
    assert [(f.kind, f.text) for f in found] == [(kind, planted)]
    (f,) = found
    assert text[f.start : f.end] == planted  # offsets in the original text
    # The mask keeps the document's own characters: same length, separators and kept digits
    # as written.
    assert len(f.masked) == len(planted)
    kept = {"id_card": (6, 4), "mobile": (3, 4), "bank_card": (0, 4)}[kind]
    sig = [i for i, c in enumerate(planted) if c.isalnum()]
    for n, i in enumerate(sig):
        hidden = kept[0] <= n < len(sig) - kept[1]
        assert (f.masked[i] in "*＊") == hidden, (planted, f.masked)
        if not hidden:
            assert f.masked[i] == planted[i]
    for i, c in enumerate(planted):
        if not c.isalnum():
            assert f.masked[i] == c
    masked, _ = mask_text(text, SCANNER.scan(text))
    assert good not in masked.translate(str.maketrans("０１２３４５６７８９Ｘ", "0123456789X"))


def test_full_width_x_and_lower_case_x_end_an_id() -> None:
    for x in ("X", "x", "Ｘ", "ｘ"):
        text = f"身份证 {ID[:-1]}{x} 备注"
        assert [f.kind for f in SCANNER.scan(text)] == ["id_card"], x


def test_gb11643_published_examples() -> None:
    for body, check in GB11643_EXAMPLES.items():
        assert id_check_char(body) == check


def test_id_check_character_agrees_with_python_stdnum() -> None:
    ric = pytest.importorskip("stdnum.cn.ric")
    import random

    rng = random.Random(7)
    for _ in range(500):
        body = f"{rng.choice(('110105', '350211', '440305'))}19{rng.randint(40, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}{rng.randrange(1000):03d}"
        assert id_check_char(body) == ric.calc_check_digit(body + "?")


def _stdnum_uscc():
    return pytest.importorskip("stdnum.cn.uscc")


def test_every_valid_uscc_is_reported_with_check_from_stdnum() -> None:
    uscc = _stdnum_uscc()
    import random

    rng = random.Random(11)
    seen_letters = set()
    for i in range(300):
        head = rng.choice(("91350200", "12350000", "52350203", "93330106", "11350200"))
        if i % 2:
            body = head + "".join(rng.choice("0123456789") for _ in range(9))
        else:
            body = head + "MA" + "".join(rng.choice("0123456789ABCDEFGH") for _ in range(7))
        code = body + uscc.calc_check_digit(body)
        if body.isdigit() and not code[-1].isdigit():
            seen_letters.add(code[-1])
        wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
        for written in (code, code.translate(FW)):
            text = f"该单位（{written}）"
            assert [(f.kind, f.text) for f in SCANNER.scan(text)] == [("uscc", written)], code
        assert valid_uscc(code) and not valid_uscc(wrong)
        assert [f for f in SCANNER.scan(f"该单位（{wrong}）") if f.kind == "uscc"] == []
    assert "X" in seen_letters or len(seen_letters) >= 3  # 17 digits + a letter check char


def test_uscc_seventeen_digits_and_x() -> None:
    uscc = _stdnum_uscc()
    body = next(b for n in range(10**5) if uscc.calc_check_digit(b := f"91350200{n:09d}") == "X")
    text = f"统一社会信用代码：{body}X，法定代表人"
    assert [(f.kind, f.text) for f in SCANNER.scan(text)] == [("uscc", body + "X")]
    assert SCANNER.scan(f"统一社会信用代码：{body}Y，") == [] or all(
        f.kind != "uscc" for f in SCANNER.scan(f"统一社会信用代码：{body}Y，")
    )


@pytest.mark.parametrize(
    "decoy",
    [
        "２０２５年１０月８日",
        "2025-10-08 至 2025-12-31",
        "金额 13,812,345.67元，合计 13812345678.50元",
        "厦湖民〔２０２５〕１２号",
        "索引号 000014349/2025-00123",
        "统计用区划代码 350203001001",
        "订单号 2025100813812345678",
        "咨询电话 0592-5123456转8001，分机 8001，热线 12345",
        "流水号 20251008000123456789",
        "ISBN 978-7-111-12345-6",
    ],
)
def test_decoys_from_real_documents_stay_quiet(decoy: str) -> None:
    personal = [
        f for f in SCANNER.scan(decoy) if f.kind in ("id_card", "mobile", "bank_card", "uscc")
    ]
    assert personal == []


def test_mobile_after_a_serial_number_on_the_same_line() -> None:
    text = "1 13812345678\n2 139 1234 5678"
    assert [f.text for f in SCANNER.scan(text) if f.kind == "mobile"] == [
        "13812345678",
        "139 1234 5678",
    ]


def test_fast_combined_pattern_matches_a_plain_alternation() -> None:
    # The built-in pattern is rewritten for speed (one leading class, look-behind dispatch); it
    # must find exactly what the plain alternation of its branches finds.
    import random
    import re

    from disclosure_desk.domain import scanner as scanner_module

    plain = re.compile("|".join(scanner_module._BRANCHES))
    rng = random.Random(5)
    pieces = [
        "机密★5年",
        "（草案）",
        "姓名：王某某",
        "幸福路12号3栋201室",
        "闽D12345",
        "0592-5123456",
        "+86 13812345678",
        "a.b@example.com",
        "１３８ １２３４ ５６７８",
        "91350100M000100Y43",
        "内部资料",
        "征求意见稿",
        "2025-10-08",
        "〔2025〕12号",
        "\n",
        "　",
        "的",
        "是",
        "工作秘密",
    ]
    text = "".join(rng.choice(pieces) for _ in range(5000))
    fast = [(m.span(), m.lastgroup) for m in scanner_module._BUILTIN.finditer(text)]
    slow = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
    assert fast == slow and len(fast) > 1000


NUMBER_ALPHABET = "0123456789０１２３４５６７８９Xｘ \u3000\u00a0-－.．\n\t号年元张王路/"


def _numbers_text():
    from hypothesis import strategies as st

    return st.text(alphabet=NUMBER_ALPHABET, max_size=120)


def test_number_findings_slice_mask_in_place_and_never_overlap() -> None:
    from hypothesis import given, settings

    @settings(max_examples=400, deadline=None)
    @given(_numbers_text())
    def check(text: str) -> None:
        found = [
            f for f in SCANNER.scan(text) if f.kind in ("id_card", "mobile", "bank_card", "uscc")
        ]
        end = -1
        for f in found:
            assert text[f.start : f.end] == f.text
            assert len(f.masked) == len(f.text)
            assert f.start >= end  # number findings never overlap
            end = f.end

    check()


def test_shared_sample_in_full_width_gives_the_same_findings() -> None:
    from pathlib import Path

    candidates = [
        Path(__file__).resolve().parents[i] / "shared" / "samples" / "pii-notice-sample.txt"
        for i in (3, 4)
    ]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        pytest.skip("shared samples not present")
    text = path.read_text(encoding="utf-8")
    wide = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    numbers = ("id_card", "mobile", "bank_card")
    plain = [(f.kind, f.start, f.end) for f in SCANNER.scan(text) if f.kind in numbers]
    full = [(f.kind, f.start, f.end) for f in SCANNER.scan(wide) if f.kind in numbers]
    assert plain and full == plain


def test_keywords_match_in_any_width_and_report_the_documents_characters() -> None:
    from disclosure_desk.domain.scanner import Keyword

    scanner = Scanner([Keyword("ABC科技公司", "block"), Keyword("１号文件", "warn")])
    text = "关于ＡＢＣ科技公司与abc科技公司的处理意见（1号文件）"
    hits = [(f.text, f.severity, f.start) for f in scanner.scan(text) if f.kind == "keyword"]
    assert hits == [("ＡＢＣ科技公司", "block", 2), ("1号文件", "warn", text.index("1号文件"))]
