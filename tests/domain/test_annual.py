"""Annual report structure, counting rules and consistency checks (hand-built data with known answers)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_desk.domain.annual import (
    CHECK_NOTE,
    COLUMNS,
    DATA_ROW_CODES,
    LEAF_ROW_CODES,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    ROW_BY_CODE,
    ROWS,
    SECTION_HEADINGS,
    AnnualReport,
    AppealFact,
    CaseFact,
    DocFact,
    FeeFigures,
    GenreFigures,
    ProactiveFigures,
    appeals_behind_cell,
    build_application_table,
    build_review_table,
    cases_behind_cell,
    check_invariants,
    genre_figures,
    yuan_to_wan,
)
from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.outcomes import APPLICANT_TYPE_CODES, OUTCOMES

TYPES = APPLICANT_TYPE_CODES


def dataset() -> list[CaseFact]:
    """21 cases replied in 2025 (one per outcome, types cycling) plus cross-year cases."""
    cases = [
        CaseFact(
            f"k{k}", TYPES[k % 6], date(2025, 2, 1) + timedelta(days=k), date(2025, 6, 1), o.code
        )
        for k, o in enumerate(OUTCOMES)
    ]
    cases += [
        CaseFact("A", "natural_person", date(2024, 12, 10), date(2025, 1, 8), "3.1"),  # carried in
        CaseFact("B", "commercial", date(2024, 11, 1), date(2024, 12, 1), "3.4.1"),  # done in 2024
        CaseFact("C", "research", date(2024, 12, 28)),  # open across two year ends
        CaseFact("E", "social_welfare", date(2025, 12, 25), date(2026, 1, 5), "3.2"),  # carried out
        CaseFact("F", "legal_service", date(2026, 1, 2)),  # next year only
        CaseFact("G", "other_org", date(2025, 3, 1), date(2025, 3, 20), "3.5.2"),
        CaseFact("H", "other_org", date(2025, 12, 31), date(2025, 12, 31), "3.1"),  # same-day reply
        CaseFact("I", "commercial", date(2024, 12, 31), date(2025, 1, 1), "3.3.4"),
    ]
    return cases


def test_rows_structure() -> None:
    # 25 numeric rows: the spec's row codes (domain-facts' "26 rows / 182 cells" is a miscount).
    assert len(DATA_ROW_CODES) == 25
    assert DATA_ROW_CODES[:3] == ("1", "2", "3.1") and DATA_ROW_CODES[-2:] == ("3.7", "4")
    assert len(LEAF_ROW_CODES) == 21
    assert [r.code for r in ROWS if r.is_group] == ["3", "3.3", "3.4", "3.5", "3.6"]
    assert ROW_BY_CODE["1"].label == "一、本年新收政府信息公开申请数量"
    assert ROW_BY_CODE["3.3.1"].label == "1.属于国家秘密"
    assert ROW_BY_CODE["3.6.3"].label == "3.其他"
    assert ROW_BY_CODE["3.7"].label == "（七）总计"
    assert ROW_BY_CODE["4"].label == "四、结转下年度继续办理"
    assert ROW_BY_CODE["3.3.1"].level == 2 and ROW_BY_CODE["3.1"].level == 1
    for o in OUTCOMES:  # leaf labels are the outcome labels with their number
        assert ROW_BY_CODE[o.code].label.endswith(o.label)
    assert CHECK_NOTE == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [h for _k, h in SECTION_HEADINGS][4] == "五、存在的主要问题及改进情况"
    assert [c for c, _l, _p in COLUMNS][-1] == "total"
    assert dict((c, p) for c, _l, p in COLUMNS)["research"] == "法人或其他组织"
    assert [c for c, _ in REVIEW_GROUPS] == [
        "review",
        "litigation_direct",
        "litigation_after_review",
    ]
    assert [c for c, _ in REVIEW_COLUMNS] == ["upheld", "corrected", "other", "pending", "total"]


def test_known_answers_2025() -> None:
    t = build_application_table(dataset(), 2025)
    assert t["1"] == {
        "natural_person": 4,
        "commercial": 4,
        "research": 4,
        "social_welfare": 4,
        "legal_service": 3,
        "other_org": 5,
        "total": 24,
    }
    assert t["2"] == {
        "natural_person": 1,
        "commercial": 1,
        "research": 1,
        "social_welfare": 0,
        "legal_service": 0,
        "other_org": 0,
        "total": 3,
    }
    assert t["3.1"]["natural_person"] == 2 and t["3.1"]["other_org"] == 1 and t["3.1"]["total"] == 3
    assert t["3.2"]["commercial"] == 1 and t["3.2"]["social_welfare"] == 0
    assert t["3.3.4"]["commercial"] == 1 and t["3.3.4"]["total"] == 2
    assert t["3.5.2"]["other_org"] == 1 and t["3.5.2"]["total"] == 2
    assert t["3.4.1"]["commercial"] == 0  # B was replied in 2024
    for code in LEAF_ROW_CODES:
        assert t[code]["total"] >= 1  # every outcome appears
    assert t["3.7"]["total"] == 21 + 4
    assert t["4"] == {
        "natural_person": 0,
        "commercial": 0,
        "research": 1,
        "social_welfare": 1,
        "legal_service": 0,
        "other_org": 0,
        "total": 2,
    }
    assert t["1"]["total"] + t["2"]["total"] == t["3.7"]["total"] + t["4"]["total"]


def test_neighbouring_years() -> None:
    t24 = build_application_table(dataset(), 2024)
    assert t24["1"]["total"] == 4  # A, B, C, I
    assert t24["3.4.1"]["commercial"] == 1
    assert t24["4"]["total"] == 3  # A, C, I
    t26 = build_application_table(dataset(), 2026)
    assert t26["2"]["total"] == 2  # C, E
    assert t26["2"]["total"] == build_application_table(dataset(), 2025)["4"]["total"]
    assert t26["3.2"]["social_welfare"] == 1
    assert t26["1"]["legal_service"] == 1
    assert t26["4"]["total"] == 2  # C, F


def test_drill_down() -> None:
    cases = dataset()
    assert cases_behind_cell(cases, 2025, "3.1", "natural_person") == ["k0", "A"]
    assert sorted(cases_behind_cell(cases, 2025, "2", "total")) == ["A", "C", "I"]
    assert sorted(cases_behind_cell(cases, 2025, "4", "total")) == ["C", "E"]
    assert len(cases_behind_cell(cases, 2025, "3.7", "total")) == 25
    t = build_application_table(cases, 2025)
    for row in DATA_ROW_CODES:
        for col in ("natural_person", "total"):
            assert len(cases_behind_cell(cases, 2025, row, col)) == t[row][col]
    with pytest.raises(InputError):
        cases_behind_cell(cases, 2025, "3.3", "total")
    with pytest.raises(InputError):
        cases_behind_cell(cases, 2025, "1", "citizen")


def test_bad_case_facts_are_refused() -> None:
    with pytest.raises(InputError, match="X1"):
        build_application_table(
            [CaseFact("X1", "natural_person", date(2025, 1, 2), date(2025, 1, 3))], 2025
        )
    with pytest.raises(InputError, match="早于"):
        build_application_table(
            [CaseFact("X2", "natural_person", date(2025, 2, 2), date(2025, 1, 3), "3.1")], 2025
        )
    with pytest.raises(InputError):
        build_application_table([CaseFact("X3", "citizen", date(2025, 2, 2))], 2025)
    with pytest.raises(InputError):
        build_application_table(
            [CaseFact("X4", "natural_person", date(2025, 2, 2), date(2025, 3, 3), "3.9")], 2025
        )


def appeals() -> list[AppealFact]:
    return [
        AppealFact(1, "review", date(2025, 2, 1), "upheld", date(2025, 4, 1)),
        AppealFact(
            2, "review", date(2025, 11, 1), "corrected", date(2026, 1, 10)
        ),  # pending at year end
        AppealFact(3, "review", date(2024, 11, 1), "other", date(2025, 1, 10)),  # counted in 2024
        AppealFact(4, "litigation_direct", date(2025, 5, 1), "other", date(2025, 9, 1)),
        AppealFact(5, "litigation_after_review", date(2025, 6, 1)),
        AppealFact(6, "litigation_after_review", date(2025, 6, 2), "corrected", date(2025, 12, 31)),
    ]


def test_review_table() -> None:
    t = build_review_table(appeals(), 2025)
    assert t["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert t["litigation_direct"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 1,
        "pending": 0,
        "total": 1,
    }
    assert t["litigation_after_review"] == {
        "upheld": 0,
        "corrected": 1,
        "other": 0,
        "pending": 1,
        "total": 2,
    }
    # Filed in 2024, concluded in 2025: counted in 2024 as still pending at that year end.
    assert build_review_table(appeals(), 2024)["review"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }
    assert appeals_behind_cell(appeals(), 2025, "review", "pending") == [2]
    assert appeals_behind_cell(appeals(), 2025, "review", "total") == [1, 2]
    with pytest.raises(InputError):
        build_review_table([AppealFact(9, "appeal", date(2025, 1, 1))], 2025)
    with pytest.raises(InputError):
        build_review_table(
            [AppealFact(9, "review", date(2025, 1, 1), None, date(2025, 2, 1))], 2025
        )


def make_report() -> AnnualReport:
    return AnnualReport(
        year=2025,
        unit="U01",
        unit_name="某区人民政府办公室",
        proactive=ProactiveFigures(
            GenreFigures(2, 1, 30), GenreFigures(15, 3, 120), 345, 67, 8, yuan_to_wan(123456)
        ),
        applications=build_application_table(dataset(), 2025),
        reviews_litigation=build_review_table(appeals(), 2025),
        fees=FeeFigures(2, 5500),
        narratives={"overview": "概况", "problems": "问题", "other": "其他"},
        agency_name="某区人民政府",
        date=date(2026, 1, 20),
    )


def test_to_json_shape() -> None:
    j = make_report().to_json()
    assert {"year", "unit", "proactive", "applications", "reviews_litigation", "fees"} <= set(j)
    assert j["year"] == 2025 and j["unit"] == "U01"
    assert j["proactive"]["rules"] == {"issued": 2, "repealed": 1, "in_force": 30}
    assert j["proactive"]["normative_documents"]["in_force"] == 120
    assert (j["proactive"]["licensing"], j["proactive"]["penalty"], j["proactive"]["coercion"]) == (
        345,
        67,
        8,
    )
    assert j["proactive"]["fees_wan"] == pytest.approx(12.3456)
    assert list(j["applications"]) == list(DATA_ROW_CODES)
    assert all(list(v) == [c for c, _l, _p in COLUMNS] for v in j["applications"].values())
    assert j["applications"]["3.7"]["total"] == 25
    assert j["reviews_litigation"]["review"]["pending"] == 1
    assert j["fees"] == {"count": 2, "amount_yuan": 5500}
    import json

    json.dumps(j)  # serialisable (no Decimal, no date)


def test_yuan_to_wan_rounds_half_up() -> None:
    assert yuan_to_wan(123456) == Decimal("12.3456")
    assert yuan_to_wan(0.5) == Decimal("0.0001")
    assert yuan_to_wan(0) == Decimal("0.0000")


def test_genre_figures() -> None:
    docs = [
        DocFact(date(2025, 3, 1)),
        DocFact(date(2025, 5, 1), date(2025, 11, 1)),
        DocFact(date(2020, 1, 1), date(2025, 12, 31)),
        DocFact(date(2019, 1, 1)),
        DocFact(date(2018, 1, 1), date(2026, 1, 1)),
        DocFact(date(2026, 1, 5)),
        DocFact(date(2017, 1, 1), date(2024, 6, 1)),
    ]
    assert genre_figures(docs, 2025) == GenreFigures(issued=2, repealed=2, in_force=3)


def test_consistent_report_has_no_violations() -> None:
    assert check_invariants(make_report()) == []


def test_violations_name_cells() -> None:
    r = make_report()
    apps = {k: dict(v) for k, v in r.applications.items()}
    apps["3.1"]["research"] += 1
    bad = dataclasses.replace(r, applications=apps)
    cells = {c for v in check_invariants(bad) for c in v.cells}
    assert "3.1/total" in cells  # row total no longer the sum of the six types
    assert "3.7/research" in cells  # 3.7 no longer the sum of leaves
    apps2 = {k: dict(v) for k, v in r.applications.items()}
    apps2["4"]["commercial"] += 1
    apps2["4"]["total"] += 1
    v2 = check_invariants(dataclasses.replace(r, applications=apps2))
    assert [v.cells for v in v2] == [
        ("1/commercial", "2/commercial", "3.7/commercial", "4/commercial")
    ] + [("1/total", "2/total", "3.7/total", "4/total")]
    assert "商业企业" in v2[0].message
    rev = {k: dict(v) for k, v in r.reviews_litigation.items()}
    rev["litigation_direct"]["total"] = 5
    v3 = check_invariants(dataclasses.replace(r, reviews_litigation=rev))
    assert [v.cells for v in v3] == [("litigation_direct/total",)]
    apps3 = {k: dict(v) for k, v in r.applications.items()}
    del apps3["3.3.8"]["legal_service"]
    assert check_invariants(dataclasses.replace(r, applications=apps3))[0].cells == (
        "3.3.8/legal_service",
    )


case_strategy = st.builds(
    lambda t, start, reply_after, outcome, replied: CaseFact(
        None,
        t,
        start,
        start + timedelta(days=reply_after) if replied else None,
        outcome.code,
    ),
    st.sampled_from(TYPES),
    st.dates(min_value=date(2023, 6, 1), max_value=date(2026, 6, 1)),
    st.integers(min_value=0, max_value=400),
    st.sampled_from(OUTCOMES),
    st.booleans(),
)


@given(st.lists(case_strategy, max_size=40), st.integers(min_value=2023, max_value=2026))
def test_built_tables_always_balance(cases: list[CaseFact], year: int) -> None:
    r = dataclasses.replace(
        make_report(), year=year, applications=build_application_table(cases, year)
    )
    assert check_invariants(r) == []
    nxt = build_application_table(cases, year + 1)
    assert nxt["2"] == r.applications["4"]  # carried over = carried forward


def test_refusal_names_cells_in_chinese_and_in_english() -> None:
    from disclosure_desk import i18n
    from disclosure_desk.domain.annual import require_consistent
    from disclosure_desk.domain.errors import InputError, Text

    r = make_report()
    apps = {k: dict(v) for k, v in r.applications.items()}
    apps["4"]["commercial"] += 1
    apps["4"]["total"] += 1
    with pytest.raises(InputError) as caught:
        require_consistent(
            dataclasses.replace(r, applications=apps), Text("，不能生成 {what}", what="Word 文件")
        )
    assert str(caught.value) == (
        "年度报告数据不一致，不能生成 Word 文件（涉及单元格：1/commercial、2/commercial、"
        "3.7/commercial、4/commercial、1/total、2/total、3.7/total、4/total）。"
        "表三商业企业列不平衡：第一项加第二项为 5，第三项总计加第四项为 6。；"
        "表三总计列不平衡：第一项加第二项为 27，第三项总计加第四项为 28。"  # 3.7 total is 25
    )
    i18n.set_language("en")
    try:
        text = str(caught.value)
    finally:
        i18n.set_language("zh_CN")
    assert text.startswith(
        "The annual report figures are inconsistent, so the Word file cannot be made (cells: "
        "1/commercial, 2/commercial, 3.7/commercial, 4/commercial, 1/total, 2/total, 3.7/total,"
        " 4/total). Table 3, column "
    )
    assert "does not balance: items 1 + 2 are 5, item 3 total + item 4 are 6.; Table 3" in text
