"""A domain error shown in an error dialog is in the interface language: English in English mode
(the data kept as typed), and in the language of the window even when it was raised before a
switch. The Chinese dialog is unchanged."""

from __future__ import annotations

import re

import pytest

from disclosure_desk import i18n
from disclosure_desk.domain.dates import parse_date
from disclosure_desk.domain.errors import InputError
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.items.form import ItemForm

CJK = re.compile(r"[\u4e00-\u9fff]")


def _form_with_bad_date(db, qtbot, scripted):
    form = ItemForm(db.admin, None)
    qtbot.addWidget(form)
    form.title.setText("关于印发养老服务实施方案的通知")
    form.formed_on.setText("2026-02-30")
    assert not form.save()
    kind, title, text = scripted.calls[-1]
    assert kind == "error"
    return title, text


def test_item_form_date_error_dialog_is_english(db, qtbot, english) -> None:
    scripted = dialogs.use(dialogs.ScriptedDialogs())
    title, text = _form_with_bad_date(db, qtbot, scripted)
    assert title == "Not done"
    assert text == "Formed: The date “2026-02-30” does not exist; check the year, month and day."
    assert not CJK.search(text)


def test_item_form_date_error_dialog_is_unchanged_in_chinese(db, qtbot) -> None:
    scripted = dialogs.use(dialogs.ScriptedDialogs())
    title, text = _form_with_bad_date(db, qtbot, scripted)
    assert (title, text) == ("操作未完成", "成文日期：日期“2026-02-30”不存在，请检查年、月、日。")


def test_error_raised_before_a_language_switch_shows_in_the_new_language(qtbot) -> None:
    scripted = dialogs.use(dialogs.ScriptedDialogs())
    with pytest.raises(InputError) as caught:
        parse_date("2025-13-40")  # raised while the window is Chinese
    i18n.set_language("en")
    try:
        dialogs.show_error(None, caught.value)
    finally:
        i18n.set_language("zh_CN")
    dialogs.show_error(None, caught.value)
    assert scripted.calls == [
        (
            "error",
            "Not done",
            "The date “2025-13-40” does not exist; check the year, month and day.",
        ),
        ("error", "操作未完成", "日期“2025-13-40”不存在，请检查年、月、日。"),
    ]


def test_per_page_fee_notice_in_the_docket_is_english(db, english) -> None:
    import datetime as dt

    from app_helpers import new_app

    from disclosure_desk.services.applications import cases
    from disclosure_desk.store.models import ApplicationEvent
    from disclosure_desk.ui.applications.case import _docket_words

    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    cases.issue_fee_notice(db.admin, app_id, dt.date(2025, 9, 3), "per_page", pages=150)
    stored = (
        ApplicationEvent.select()
        .where((ApplicationEvent.application == app_id) & (ApplicationEvent.kind == "fee_notice"))
        .get()
        .detail
    )
    assert stored == (  # the case file keeps the Chinese
        "按量计收：共 150 页，前 30 页免费；31–100 页：70 页 × 10 元 = 700 元；"
        "101–150 页：50 页 × 20 元 = 1,000 元。合计 1,700 元。"
    )
    assert _docket_words(stored) == (
        "Per page: 150 pages in total, the first 30 pages free; 31–100 pages: 70 pages × 10 yuan"
        " = 700 yuan; 101–150 pages: 50 pages × 20 yuan = 1,000 yuan. Total 1,700 yuan."
    )
    with pytest.raises(InputError) as caught:
        cases.issue_fee_notice(db.admin, new_app(db.admin, dt.date(2025, 9, 1)),
                               dt.date(2025, 9, 3), "per_page", pages=20)  # fmt: skip
    assert not CJK.search(str(caught.value)), str(caught.value)
