"""Duty rules on hand-made cases: on time, late, missing, around the 2025 National Day holiday.

Expected dates are counted by hand from the 2025 schedule (国办发明电〔2024〕12号): 10-01 to 10-08
off, Sunday 09-28 and Saturday 10-11 worked.
"""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure_desk.domain import duties as d
from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.workcal import WorkCalendar

D = dt.date
CAL = WorkCalendar()
RULES = {r.code: r for r in d.DEFAULT_RULES}
SEP26 = D(2025, 9, 26)


def nth(start: dt.date, n: int) -> dt.date:
    return CAL.nth_workday_after(start, n)


def item(
    i,
    title="关于某事项的通知",
    genre="通知",
    formed=SEP26,
    published=None,
    unit=1,
    disclosure="proactive",
    changed=None,
    related=None,
) -> d.ItemFacts:
    return d.ItemFacts(
        i, unit, f"X/2025-{i:05d}", title, genre, disclosure, formed, changed, published, related
    )


def test_judge_states_on_the_due_day_and_after():
    due = D(2025, 10, 13)
    assert d.judge(due, D(2025, 10, 13), D(2025, 12, 1)) == d.MET  # on the due day itself
    assert d.judge(due, D(2025, 10, 14), D(2025, 12, 1)) == d.LATE
    assert d.judge(due, None, D(2025, 10, 13)) == d.PENDING
    assert d.judge(due, None, D(2025, 10, 14)) == d.MISSING
    # done after the day we look from: not done yet as seen that day
    assert d.judge(due, D(2025, 10, 20), D(2025, 10, 14)) == d.MISSING


def test_seven_working_days_across_national_day():
    # Formed Fri 09-26: 09-28 (Sun, worked) 1, 09-29 2, 09-30 3, 10-09 4, 10-10 5, 10-11 (Sat,
    # worked) 6, 10-13 7.
    rule = RULES["penalty_7"]
    obs = d.item_obligations(
        rule,
        [
            item(1, "区市场监管局行政处罚决定书（2025）12号", published=D(2025, 10, 13)),
            item(2, "行政处罚决定书（2025）13号", published=D(2025, 10, 14)),
            item(3, "行政处罚决定书（2025）14号"),
            item(4, "关于召开会议的通知", published=D(2025, 12, 1)),  # not a penalty decision
        ],
        nth,
    )
    assert [o.due for o in obs] == [D(2025, 10, 13)] * 3
    assert [o.state(D(2025, 11, 1)) for o in obs] == [d.MET, d.LATE, d.MISSING]


def test_art26_counts_from_the_last_change_and_only_proactive_items():
    rule = RULES["art26"]
    obs = d.item_obligations(
        rule,
        [
            # formed 2025-09-01 (Mon): 20th working day = 09-28? no: 09-02..09-26 are 19 weekdays,
            # 09-28 (Sun, worked) is the 20th.
            item(1, formed=D(2025, 9, 1), published=D(2025, 9, 28)),
            item(2, formed=D(2025, 6, 1), changed=D(2025, 9, 1), published=D(2025, 9, 29)),
            item(3, disclosure="on_request", formed=D(2025, 9, 1)),
            item(4, formed=None),
        ],
        nth,
    )
    assert [(o.item_id, o.due) for o in obs] == [(1, D(2025, 9, 28)), (2, D(2025, 9, 28))]
    assert [o.state(D(2025, 10, 31)) for o in obs] == [d.MET, d.LATE]


def test_budget_counts_calendar_days():
    rule = RULES["budget_20"]
    (ob,) = d.item_obligations(
        rule, [item(1, "2025年部门预算公开", formed=D(2025, 1, 20), published=D(2025, 2, 9))], nth
    )
    assert ob.due == D(2025, 2, 9)  # 20 calendar days, Spring Festival included
    assert ob.state(D(2025, 3, 1)) == d.MET


def test_periodic_quarters_with_working_day_grace():
    rule = RULES["special_funds"]  # quarterly, 10 working days after the quarter
    items = [
        item(1, "2025年第二季度专项资金使用情况", published=D(2025, 7, 10), unit=1),
        item(2, "2025年第三季度专项资金使用情况", published=D(2025, 10, 20), unit=1),
    ]
    obs = d.periodic_obligations(rule, [1, 2], items, D(2025, 6, 1), D(2025, 9, 30), nth)
    by = {(o.unit_id, o.ref): o for o in obs}
    assert set(by) == {(1, "2025-Q2"), (1, "2025-Q3"), (2, "2025-Q2"), (2, "2025-Q3")}
    # Q2 ends Mon 06-30: 10th working day after = 07-14.
    assert by[(1, "2025-Q2")].due == D(2025, 7, 14)
    assert by[(1, "2025-Q2")].state(D(2025, 12, 1)) == d.MET
    # Q3 ends Tue 09-30: 10-09 1, 10-10 2, 10-11 3, 10-13 4, 10-14 5, 10-15 6, 10-16 7,
    # 10-17 8, 10-20 9, 10-21 10.
    assert by[(1, "2025-Q3")].due == D(2025, 10, 21)
    assert by[(1, "2025-Q3")].state(D(2025, 12, 1)) == d.MET
    assert by[(2, "2025-Q3")].state(D(2025, 12, 1)) == d.MISSING
    assert by[(2, "2025-Q3")].state(D(2025, 10, 21)) == d.PENDING


def test_annual_report_due_dates_by_kind_of_unit():
    rule = RULES["annual_report"]
    units = [d.UnitFacts(1, "区政府", True), d.UnitFacts(2, "区教育局", False)]
    obs = d.annual_report_obligations(
        rule, units, {(2, 2025): D(2026, 2, 2)}, D(2026, 1, 1), D(2026, 3, 31)
    )
    by = {o.unit_id: o for o in obs}
    assert by[1].due == D(2026, 3, 31) and by[2].due == D(2026, 1, 31)
    assert by[2].state(D(2026, 4, 1)) == d.LATE
    assert by[1].state(D(2026, 3, 31)) == d.PENDING
    assert by[1].state(D(2026, 4, 1)) == d.MISSING
    # January only: the government's report is not due in that month.
    assert [
        o.unit_id
        for o in d.annual_report_obligations(rule, units, {}, D(2026, 1, 1), D(2026, 1, 31))
    ] == [2]


def test_interpretation_in_step():
    rule = RULES["interpretation"]  # 3 working days after the policy is published
    items = [
        item(1, "关于加强某管理的规定", genre="行政规范性文件", published=D(2025, 9, 30)),
        item(
            2,
            "《关于加强某管理的规定》政策解读",
            genre="解读",
            published=D(2025, 10, 10),
            related=1,
        ),
        item(3, "某办法", genre="规章", published=D(2025, 9, 30)),
        item(4, "解读：某办法", genre="解读", published=D(2025, 10, 14), related=3),
        item(5, "未发布的规范性文件", genre="行政规范性文件"),
    ]
    obs = d.interpretation_obligations(rule, items, nth)
    by = {o.item_id: o for o in obs}
    assert set(by) == {1, 3}
    # 09-30 (Tue): 10-09 1, 10-10 2, 10-11 (Sat, worked) 3.
    assert by[1].due == D(2025, 10, 11)
    assert by[1].state(D(2025, 11, 1)) == d.MET
    assert by[3].state(D(2025, 11, 1)) == d.LATE


def test_tally_counts_every_unit_and_lists_problems():
    obs = [
        d.Obligation("art26", 1, "a", "A", None, D(2025, 10, 13), D(2025, 10, 13)),
        d.Obligation("art26", 1, "b", "B", None, D(2025, 10, 13), D(2025, 10, 20)),
        d.Obligation("art26", 1, "c", "C", None, D(2025, 10, 13), None),
        d.Obligation("art26", 1, "e", "E", None, D(2025, 10, 31), None),
        d.Obligation("art26", 9, "x", "X", None, D(2025, 10, 31), None),  # unit not asked for
    ]
    t = d.tally(obs, [1, 2], D(2025, 10, 20))
    assert (t[1].due, t[1].met, t[1].late, t[1].missing, t[1].pending) == (4, 1, 1, 1, 1)
    assert [o.ref for o in t[1].problems] == ["B", "C"]
    assert t[1].rate == pytest.approx(1 / 3)
    assert t[2].due == 0 and t[2].rate is None
    assert 9 not in t


def test_art44_groups_alike_disclosed_requests_by_distinct_applicants():
    def r(i, who, text, outcome="3.1", unit=1):
        return d.ReplyFacts(i, unit, f"申{i}", who, text, outcome, D(2025, 3, i))

    replies = [
        r(1, "甲", "请公开2024年本区城乡低保资金发放明细"),
        r(2, "乙", "申请公开2024年本区城乡低保资金发放明细表"),
        r(3, "丙", "2024年本区城乡低保资金发放明细"),
        r(4, "甲", "请公开2024年本区城乡低保资金发放明细"),  # same applicant again
        r(5, "丁", "2024年本区城乡低保资金发放明细", outcome="3.4.1"),  # not disclosed
        r(6, "戊", "2024年本区城乡低保资金发放明细", unit=2),  # other unit
        r(7, "己", "某路段拆迁补偿标准"),
    ]
    (p,) = d.art44_proposals(replies, min_applicants=3)
    assert p.key == "申1" and [c.id for c in p.cases] == [1, 2, 3, 4]
    assert p.applicants == 3
    assert d.art44_proposals(replies, min_applicants=4) == []
    with pytest.raises(InputError):
        d.art44_proposals(replies, min_applicants=1)


def test_training_summary_sentence():
    rows = [
        d.TrainingFacts(D(2025, 3, 1), "plan", 0, 0),
        d.TrainingFacts(D(2025, 5, 1), "session", 2, 15),
        d.TrainingFacts(D(2025, 9, 1), "session", 1.5, 20),
        d.TrainingFacts(D(2024, 9, 1), "session", 3, 99),
    ]
    assert d.training_summary(rows, 2025) == (
        "2025年制定培训计划 1 项，组织政府信息公开学习培训 2 次，累计 3.5 学时，参训 35 人次。"
    )
    assert d.training_summary(rows, 2023) == "2023年未登记政府信息公开学习培训。"


@pytest.mark.parametrize(
    "bad, word",
    [
        ({"code": "a b"}, "代码"),
        ({"name": " "}, "名称"),
        ({"days": 0}, "期限"),
        ({"kind": d.PERIODIC, "period": "week"}, "每月"),
        ({"kind": d.PERIODIC, "period": "month", "title_words": ()}, "关键词"),
    ],
)
def test_rule_validation_in_plain_words(bad, word):
    base = d.DutyRule("x_1", "测试", d.ITEM_DEADLINE, "来源", days=5)
    with pytest.raises(InputError, match=word):
        d.validate_rule(d.DutyRule(**{**base.__dict__, **bad}))
    assert d.validate_rule(base) == base
