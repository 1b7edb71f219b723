"""Pre-publication scanner: corpus precision/recall, the shared samples, each rule, masking,
keywords, speed smoke test and a fuzz test of offsets."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.scanner import (
    DEFAULT_SEVERITY,
    KIND_LABELS,
    SEVERITY_LABELS,
    Finding,
    Keyword,
    MaskLogEntry,
    Scanner,
    _keyword_matches,
    _keyword_regexes,
    _trie_pattern,
    mask_text,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # shipped with the tests


SCANNER = Scanner()


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in SCANNER.scan(text)]


def only(text: str, kind: str) -> list[Finding]:
    return [f for f in SCANNER.scan(text) if f.kind == kind]


# The corpus (recall/precision per kind and form) is test_scanner_corpus.py.


# --- shared samples -------------------------------------------------------------------------


needs_samples = pytest.mark.skipif(
    not (SAMPLES / "pii-notice-sample.txt").is_file(), reason="shared samples not present"
)


@needs_samples
def test_reports_collection_has_no_secret_marks_or_personal_numbers() -> None:
    text = (SAMPLES / "disclosure-reports-collection.txt").read_text(encoding="utf-8")
    assert "涉密" in text and "泄密" in text and "国家秘密" in text
    found = SCANNER.scan(text)
    assert [f for f in found if f.kind == "secret_marker"] == []
    assert [f for f in found if f.kind in ("id_card", "mobile", "bank_card")] == []


@needs_samples
def test_pii_notice_sample_yields_planted_items_only() -> None:
    text = (SAMPLES / "pii-notice-sample.txt").read_text(encoding="utf-8")
    found = SCANNER.scan(text)
    by_kind: dict[str, list[str]] = {}
    for f in found:
        assert text[f.start : f.end] == f.text
        by_kind.setdefault(f.kind, []).append(f.text)
    assert by_kind["person_name"] == ["陈某华", "林某强", "黄某英", "吴某明"]
    assert by_kind["id_card"] == [
        "350211196201208674",
        "350203201409256054",
        "350203201009217793",
        "350205199505026032",
    ]
    assert by_kind["mobile"] == ["13373878287", "13440837476", "19411150634", "13615639791"]
    assert by_kind["bank_card"] == [
        "6222027631706690745",
        "6222026360837783531",
        "6222022415868344977",
        "6222026258517812861",
    ]
    assert by_kind["address"] == [
        "幸福路31号16栋1659室",
        "幸福路8号1栋153室",
        "幸福路6号14栋1240室",
        "幸福路63号24栋1734室",
    ]
    assert by_kind["secret_marker"] == ["内部资料 注意保存"]
    assert by_kind["landline"] == ["0592-5551234"]
    assert set(by_kind) == {
        "person_name",
        "id_card",
        "mobile",
        "bank_card",
        "address",
        "secret_marker",
        "landline",
    }
    # The look-alike line (文号, 索引号, statistics code, amount, date) stays quiet.
    line_start = text.index("（以下为非个人信息")
    line_end = text.index("\n", line_start)
    assert [f for f in found if line_start <= f.start < line_end] == []
    blocks = [f for f in found if f.severity == "block"]
    assert {f.kind for f in blocks} == {"id_card", "mobile", "bank_card", "secret_marker"}


# --- numbers --------------------------------------------------------------------------------


def test_id_card_rules_and_mask() -> None:
    (f,) = only("身份证号：11010519491231002X。", "id_card")
    assert f.masked == "110105********002X"
    assert f.severity == "block"
    assert only("身份证号：110105194912310021。", "id_card") == []  # wrong check digit
    assert only("编号 11010519491331002X", "id_card") == []  # month 13
    assert kinds("A11010519491231002X") == []  # inside a longer run of letters/digits
    assert kinds("11010519491231002X7") == []


def test_old_fifteen_digit_id_needs_context() -> None:
    (f,) = only("公民身份证号码：110105491231002", "id_card")
    assert f.note and f.masked == "110105*****1002"
    assert only("档案号 110105491231002", "id_card") == []


def test_mobile_formats_and_mask() -> None:
    assert [
        (f.text, f.masked)
        for f in only("电话13812341234，或 139-1234-5678、+86 13712345678", "mobile")
    ] == [
        ("13812341234", "138****1234"),
        ("139-1234-5678", "139-****-5678"),
        ("+86 13712345678", "+86 137****5678"),
    ]
    assert (
        only("编号12812341234、1381234123、订单2025093013812341234、13812341234.50元", "mobile")
        == []
    )


def test_bank_card_rules_and_mask() -> None:
    (f,) = only("退款卡 4111111111111111 请核对", "bank_card")
    assert f.masked == "************1111"
    assert only("流水号 4111111111111112", "bank_card") == []  # Luhn fails
    # A 12-digit Luhn-valid number counts only right after an account word.
    assert [f.text for f in only("账号：123456789015", "bank_card")] == ["123456789015"]
    assert only("编号：123456789015", "bank_card") == []
    # Date-led order numbers are not cards even when Luhn happens to pass.
    order = next(f"2025093012345{n:03d}" for n in range(1000) if _luhn(f"2025093012345{n:03d}"))
    assert only(f"订单号 {order}", "bank_card") == []


def _luhn(digits: str) -> bool:
    from disclosure_desk.domain.checkdigits import luhn_ok

    return luhn_ok(digits)


def test_document_numbers_dates_amounts_are_not_personal_data() -> None:
    text = (
        "厦湖民〔2024〕12号 索引号 000014349/2021-00123 日期 20250930 2025-09-30 "
        "金额 1,234,567.89元 发票代码 044031900111 国务院令第711号"
    )
    assert kinds(text) == []


def test_landlines() -> None:
    assert [
        (f.text, f.masked) for f in only("0571-88889999，010-12345678，(0571)8888999", "landline")
    ] == [
        ("0571-88889999", "0571-****9999"),
        ("010-12345678", "010-****5678"),
        ("(0571)8888999", "(0571)***8999"),
    ]
    assert only("2025-10-08 和 011-12345678", "landline") == []


def test_email_uscc_plate() -> None:
    assert [(f.kind, f.masked) for f in SCANNER.scan("邮箱 abc.def@example.com")] == [
        ("email", "a***@example.com")
    ]
    (u,) = only("统一社会信用代码：91350100M000100Y43", "uscc")
    assert u.severity == "info"
    assert only("代码 91350100M000100Y44", "uscc") == []
    plates = only("车辆浙A12345、京A·D12345 与 粤BD12345F", "license_plate")
    assert [p.text for p in plates] == ["浙A12345", "京A·D12345"]
    assert plates[0].masked == "浙A***45"


def test_person_names_after_labels() -> None:
    found = only(
        "姓名：王五，申请人 李小明。联系人：张三丰同志；当事人：某某某；申请人数量为5件",
        "person_name",
    )
    assert [(f.text, f.masked) for f in found] == [("王五", "王*"), ("李小明", "李**")]


def test_addresses_below_street_level() -> None:
    found = only("家庭住址：某镇某某村3组12号；阳光小区3栋2单元501室；某街道幸福路31号", "address")
    assert [(f.text, f.masked) for f in found] == [
        ("某某村3组12号", "某某村****"),
        ("阳光小区3栋2单元501室", "阳光小区****"),
        ("幸福路31号", "幸福路****"),
    ]
    assert only("共3栋楼，第5号文件", "address") == []


# --- marks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("机密★5年\n关于……的通知", "机密★5年"),
        ("秘密★一年", "秘密★一年"),
        ("绝密★启用前", "绝密★启用前"),
        ("  机密  \n正文", "机密"),
        ("标题（秘密）", "秘密"),
        ("【工作秘密】", "工作秘密"),
        ("密级：绝密", "绝密"),
        ("（内部资料 注意保存）", "内部资料 注意保存"),
        ("本材料不得外传", "不得外传"),
        ("仅限内部使用", "内部使用"),
    ],
)
def test_secret_marks(text: str, mark: str) -> None:
    found = only(text, "secret_marker")
    assert [f.text for f in found] == [mark]
    assert found[0].severity == "block"


@pytest.mark.parametrize(
    "text",
    [
        "确保上网信息不涉密，涉密信息不上网，不发生泄密问题",
        "除涉及国家秘密、商业秘密或个人隐私外，应当公开",
        "加强保密工作和工作秘密管理",
        "秘密文件的管理办法\n",
        "做好国家秘密\n的保护",
    ],
)
def test_secrecy_words_in_prose_are_not_marks(text: str) -> None:
    assert only(text, "secret_marker") == []


def test_draft_marks() -> None:
    found = only(
        "《某某办法（征求意见稿）》及条例（草案）、讨论稿、《规划纲要（草案）》", "draft_marker"
    )
    assert [f.text for f in found] == ["征求意见稿", "草案", "讨论稿"]
    assert all(f.severity == "warn" for f in found)
    assert only("预算草案的报告", "draft_marker") == []


# --- keywords -------------------------------------------------------------------------------


def test_keywords_longest_first_with_own_severity() -> None:
    scanner = Scanner(
        [Keyword("低保", "warn"), Keyword("低保金额", "block"), Keyword("病历", "info")]
    )
    found = [(f.kind, f.text, f.severity, f.masked) for f in scanner.scan("低保金额与病历、低保")]
    assert found == [
        ("keyword", "低保金额", "block", "****"),
        ("keyword", "病历", "info", "**"),
        ("keyword", "低保", "warn", "**"),
    ]


def test_keyword_configured_twice_keeps_strictest_severity_and_blank_is_ignored() -> None:
    scanner = Scanner([Keyword("病历", "info"), Keyword("病历", "block"), Keyword("  ", "warn")])
    assert [(f.text, f.severity) for f in scanner.scan("病历 ")] == [("病历", "block")]


def test_keyword_with_bad_severity_is_refused() -> None:
    with pytest.raises(InputError):
        Scanner([Keyword("病历", "fatal")])


def test_keywords_with_regex_characters_are_literal() -> None:
    scanner = Scanner([Keyword("a.b(", "warn"), Keyword("★", "info")])
    assert [f.text for f in scanner.scan("axb( a.b( ★")] == ["a.b(", "★"]


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="甲乙丙丁戊己庚辛壬癸子丑寅卯", min_size=1, max_size=4),
        min_size=1,
        max_size=80,
    ),
    text=st.text(alphabet="甲乙丙丁戊己庚辛壬癸子丑寅卯，", max_size=200),
)
def test_grouped_keyword_regexes_match_one_combined_regex(words: list[str], text: str) -> None:
    import disclosure_desk.domain.scanner as scanner_module

    single = [m.span() for m in re.finditer(_trie_pattern(set(words)), text)] if words else []
    old = scanner_module._FIRST_CHARS_PER_REGEX
    scanner_module._FIRST_CHARS_PER_REGEX = 2  # force several groups so the merge is exercised
    try:
        grouped = [m.span() for m in _keyword_matches(_keyword_regexes(set(words)), text)]
    finally:
        scanner_module._FIRST_CHARS_PER_REGEX = old
    assert grouped == single


# --- masking --------------------------------------------------------------------------------


def test_mask_text_redacts_personal_data_and_logs_reasons() -> None:
    text = "户主：张三，电话13812341234，卡号4111111111111111，机密★5年"
    masked, log = mask_text(text, SCANNER.scan(text))
    assert masked == "户主：张*，电话138****1234，卡号************1111，机密★5年"
    assert [e.kind for e in log] == ["person_name", "mobile", "bank_card"]
    assert all(isinstance(e, MaskLogEntry) and e.reason for e in log)
    assert all(text[e.start : e.end] == e.original for e in log)


def test_mask_text_kind_filter_and_overlaps() -> None:
    text = "电话13812341234"
    scanner = Scanner([Keyword("电话1381", "warn")])
    findings = scanner.scan(text)
    masked, log = mask_text(text, findings)
    # The keyword covers the start of the mobile; the rest of the number is starred, not leaked.
    assert masked == "*************"
    assert [(e.kind, e.original) for e in log] == [("keyword", "电话1381"), ("mobile", "2341234")]
    masked, log = mask_text(text, findings, kinds=["mobile"])
    assert masked == "电话138****1234" and len(log) == 1


def test_labels_and_default_severities_cover_every_kind() -> None:
    assert set(KIND_LABELS) == set(DEFAULT_SEVERITY) | {"keyword"}
    assert KIND_LABELS["id_card"] == "身份证号码" and KIND_LABELS["mobile"] == "手机号码"
    assert set(SEVERITY_LABELS) == {"block", "warn", "info"}


# --- speed and robustness -------------------------------------------------------------------


def test_scanner_speed_smoke_with_1000_keywords() -> None:
    # The full benchmark is bench/bench_scanner.py (target ≥ 10 MB/s); this only catches a
    # pathological regression, with a floor low enough for a busy test machine.
    rng = random.Random(7)
    base = (SAMPLES / "disclosure-reports-collection.txt").read_text(encoding="utf-8")
    text = base * 40
    han = "".join(sorted(set(re.findall(r"[\u4e00-\u9fff]", base))))
    words = {"".join(rng.choices(han, k=rng.randint(2, 5))) for _ in range(1000)}
    scanner = Scanner([Keyword(w, "warn") for w in words])
    t0 = time.perf_counter()
    scanner.scan(text)
    mb_s = len(text.encode("utf-8")) / 1e6 / (time.perf_counter() - t0)
    assert mb_s >= 2.0, mb_s


_FUZZ_ALPHABET = st.sampled_from(
    list("0123456789Xx -./@+()（）【】★：:，。\n\t")
    + list(
        "身份证号账卡户主姓名申请人联系被处罚当事绝机秘密工作内部资料注意保存不得外传征求意见稿草案初"
    )
    + list("路街巷村组栋幢单元室号浙京粤AD·某张")
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=_FUZZ_ALPHABET, max_size=120)))
def test_scanner_never_crashes_and_offsets_slice(text: str) -> None:
    scanner = Scanner([Keyword("秘密", "warn"), Keyword("张三", "info")])
    found = scanner.scan(text)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.kind in KIND_LABELS and f.severity in SEVERITY_LABELS
    masked, log = mask_text(text, found)
    assert all(text[e.start : e.end] == e.original for e in log)
    assert isinstance(masked, str)
