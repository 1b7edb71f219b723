"""Sentences built in domain/ (errors, fee arithmetic, checks) have English, found by reading the
source with ast, and are shown in the language current when they are shown."""

from __future__ import annotations

import ast
import pickle
import re
import string
import sys
from pathlib import Path

import pytest

from disclosure_desk import i18n
from disclosure_desk.domain import errors

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "disclosure_desk" / "domain"
REPORTS = ROOT / "disclosure_desk" / "reports"  # below services too: same mechanism
sys.path.insert(0, str(ROOT / "tools"))

import i18n_catalog  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
# The calls whose first argument is a template: every DeskError subclass, Text and Sentence.
ERROR_NAMES = {
    name
    for name, obj in vars(errors).items()
    if isinstance(obj, type) and issubclass(obj, errors.DeskError)
}
TEMPLATE_CALLS = ERROR_NAMES | {"Text", "Sentence"}


def _domain_calls():
    for path in sorted(DOMAIN.glob("*.py")) + sorted(REPORTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "UnknownCalendarYear":
                continue  # (year): its template is in errors.py's super().__init__
            if name in TEMPLATE_CALLS and node.args:
                yield f"{path.name}:{node.lineno}", node.args[0]
            elif name == "_denied" and len(node.args) > 2:
                yield f"{path.name}:{node.lineno}", node.args[2]
            elif name == "__init__" and path.name == "errors.py" and node.args:
                yield f"{path.name}:{node.lineno}", node.args[0]


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


def test_every_domain_template_is_a_literal_with_english() -> None:
    templates, built = {}, []
    for where, arg in _domain_calls():
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            if CJK.search(arg.value):
                templates[arg.value] = where
        elif not (isinstance(arg, ast.Name) and arg.id in ("message", "template")):
            built.append(where)  # an f-string or a variable: would bypass the catalogue
    assert not built, built
    assert len(templates) > 80  # the errors of domain/ and its Sentences (83 when written)
    missing = {t: w for t, w in templates.items() if t not in i18n.EN}
    assert not missing, missing
    for chinese in templates:
        english = i18n.EN[chinese]
        assert _fields(english) == _fields(chinese), chinese
        assert not CJK.search(english.replace("2025年3月5日", "").replace("科技、教育\\科技", "")
                              .replace("予以公开", "")), english  # fmt: skip
    # The tool collects the same templates (so `missing` and the ratchet cover domain/).
    assert set(templates) <= set(i18n_catalog.domain_templates())
    # files/ and store/ use the same mechanism; a few of their messages are still built by a
    # helper first (listed by the tool), but none in domain/ or reports/.
    built_here = [
        w
        for w in i18n_catalog.domain_built_messages()
        if w.startswith(("disclosure_desk/domain/", "disclosure_desk/reports/"))
    ]
    assert not built_here, built_here


def test_the_tool_lists_a_domain_template_without_english(monkeypatch, capsys) -> None:
    template = "日期“{value}”不存在，请检查年、月、日。"
    monkeypatch.setattr(i18n, "EN", {k: v for k, v in i18n.EN.items() if k != template})
    assert i18n_catalog.main(["missing"]) == 1
    assert f"disclosure_desk/domain/dates.py\t{template}" in capsys.readouterr().out


def test_terms_and_values_used_in_domain_sentences_have_english() -> None:
    from disclosure_desk.domain import permissions

    for label in permissions.ACTION_LABELS.values():
        assert f"permission|{label}" in i18n.EN, label
    for key in ("fee unit|页", "fee unit|件", "period|每月", "period|每季度", "、", "；"):
        assert key in i18n.EN, key


def test_an_error_raised_in_chinese_is_shown_in_the_current_language() -> None:
    from disclosure_desk.domain.dates import parse_date

    with pytest.raises(errors.InputError) as caught:
        parse_date("2026-02-30")
    exc = caught.value
    assert str(exc) == exc.message == "日期“2026-02-30”不存在，请检查年、月、日。"
    i18n.set_language("en")
    try:
        assert str(exc) == "The date “2026-02-30” does not exist; check the year, month and day."
        assert exc.chinese == "日期“2026-02-30”不存在，请检查年、月、日。"
    finally:
        i18n.set_language("zh_CN")
    assert str(exc) == "日期“2026-02-30”不存在，请检查年、月、日。"
    copy = pickle.loads(pickle.dumps(exc))
    assert str(copy) == str(exc) and copy.exit_code == 2


def test_labels_and_lists_inside_a_sentence_come_out_in_english(english) -> None:
    from disclosure_desk.domain import app_workflow, fees, review_workflow

    with pytest.raises(errors.InputError) as caught:
        fees.checked_fee("1e400", "缴费金额")
    assert str(caught.value) == (
        "Amount paid “1e400” is more than 10,000,000 yuan, which is not a plausible "
        "information-processing fee; please check it."
    )
    with pytest.raises(errors.WorkflowError) as caught:
        app_workflow.transition("replied", "reply")
    assert str(caught.value) == (
        "The application is “Answered”; “Reply” is not possible now. Possible now: Archive."
    )
    with pytest.raises(errors.WorkflowError) as caught:
        review_workflow.transition("publish", "draft")
    assert str(caught.value) == (
        "The item is “Draft”, so “Publish” is not possible (only items that are “Approved” "
        "allow “Publish”)."
    )
    i18n.set_language("zh_CN")
    assert str(caught.value) == "当前状态为“草稿”，不能发布（只有“已通过”状态的信息可以发布）。"


def test_a_refusal_is_english_on_screen_and_chinese_in_the_audit_log(english) -> None:
    from disclosure_desk.domain import permissions

    heard: list[str] = []
    permissions.DENIAL_HOOKS.append(lambda _actor, _action, message: heard.append(message))
    try:
        officer = permissions.Actor(login="li", name="李", roles=frozenset({"officer"}))
        with pytest.raises(errors.PermissionDenied) as caught:
            officer.require("user.manage")
    finally:
        permissions.DENIAL_HOOKS.pop()
    assert str(caught.value) == "The current user li (Officer) may not manage users."
    assert heard == ["当前用户 li（信息员）无权管理用户。"]


def test_index_number_pattern_errors(english) -> None:
    from disclosure_desk.domain.index_numbers import INDEX_TOKENS, validate_pattern

    with pytest.raises(errors.InputError) as caught:
        validate_pattern("{prefix}/{year}-{foo}", INDEX_TOKENS)
    text = str(caught.value)
    assert text.startswith(
        "The numbering pattern “{prefix}/{year}-{foo}” has an unknown placeholder {foo}; available: {"
    )
    assert not CJK.search(text)
    i18n.set_language("zh_CN")
    assert text != str(caught.value)
    assert str(caught.value).startswith(
        "编号规则“{prefix}/{year}-{foo}”中的占位符 {foo} 无法识别；可用的有：{"
    )
    with pytest.raises(errors.InputError) as caught:
        validate_pattern("{prefix}-{year}", INDEX_TOKENS)
    assert str(caught.value) == "编号规则“{prefix}-{year}”缺少流水号 {serial}，编号将无法区分。"


def test_user_data_that_is_not_a_msgid_passes_unchanged(english) -> None:
    from disclosure_desk.domain.catalogs import check_choice

    with pytest.raises(errors.InputError) as caught:
        check_choice("秘密级？", ("非密", "秘密"), "密级")
    assert str(caught.value) == (
        f"{i18n.EN['密级']} “秘密级？” is not one of the choices: "
        f"{i18n.EN['非密']}, {i18n.EN['秘密']}."
    )


def test_fee_arithmetic_is_a_chinese_str_shown_in_english() -> None:
    from disclosure_desk.domain.fees import per_page_fee, read_explanation

    calc = per_page_fee(150)
    chinese = (
        "共 150 页，前 30 页免费；31–100 页：70 页 × 10 元 = 700 元；"
        "101–150 页：50 页 × 20 元 = 1,000 元。合计 1,700 元。"
    )
    assert calc.explanation == chinese and str(calc.lines[1].range_text) == "101–150 页"
    assert read_explanation(chinese) == chinese  # a stored docket line read back
    i18n.set_language("en")
    try:
        english = (
            "150 pages in total, the first 30 pages free; 31–100 pages: 70 pages × 10 yuan = "
            "700 yuan; 101–150 pages: 50 pages × 20 yuan = 1,000 yuan. Total 1,700 yuan."
        )
        assert i18n.tr_text(calc.explanation) == english
        assert i18n.tr_text(read_explanation(chinese)) == english
        assert calc.explanation == chinese  # the str itself (stored, printed) stays Chinese
    finally:
        i18n.set_language("zh_CN")
    assert i18n.tr_text(calc.explanation) == chinese
