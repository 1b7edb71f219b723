"""Lists tab: edits 主题分类 / 体裁 / the review period, and the application numbering rules with
inline plain-Chinese checks; administrators only."""

from __future__ import annotations

import datetime as dt

from disclosure_desk.domain.index_numbers import DEFAULT_APPLICATION_PATTERN
from disclosure_desk.services.applications import (
    cases as applications,
)
from disclosure_desk.services.applications import (
    letters as applications_letters,
)
from disclosure_desk.services.applications.numbering import numbering_rules
from disclosure_desk.services.items import rules as items_rules
from disclosure_desk.store.models import Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.settings.lists import ListsTab

TODAY = dt.date(2026, 3, 5)


def _tab(actor, qtbot) -> ListsTab:
    tab = ListsTab(actor, today=TODAY)
    qtbot.addWidget(tab)
    tab.refresh()
    return tab


def test_edit_lists_and_period(db, qtbot):
    script = dialogs.use(dialogs.ScriptedDialogs())
    tab = _tab(db.admin, qtbot)
    assert tab.topics.toPlainText().splitlines() == list(items_rules.topic_list())
    assert tab.stale.value() == 24  # the declared default (domain/settings.py), nothing stored yet

    tab.topics.setPlainText("综合政务\n  城乡建设、环境保护 \n\n综合政务\n")
    tab.genres.setPlainText("通知\n公告")
    tab.stale.setValue(18)
    tab.save_lists()
    assert items_rules.topic_list() == ("综合政务", "城乡建设、环境保护")
    assert items_rules.genre_list() == ("通知", "公告")
    assert items_rules.stale_months() == 18
    assert tab.topics.toPlainText() == "综合政务\n城乡建设、环境保护"  # reloaded, deduplicated
    assert "体裁 2 项" in tab.lists_status.text()

    tab.genres.setPlainText("  \n")
    tab.save_lists()
    assert script.calls[-1] == ("error", "操作未完成", "体裁列表不能为空。")
    assert items_rules.genre_list() == ("通知", "公告")


def test_patterns_checked_inline_and_saved_per_unit(db, qtbot):
    script = dialogs.use(dialogs.ScriptedDialogs())
    edu = db.unit("EDU", "区教育局", "000014350")
    tab = _tab(db.admin, qtbot)
    assert tab.reg.text() == DEFAULT_APPLICATION_PATTERN
    assert tab.reg_check.text() == "示例：本单位申〔2026〕1号"

    tab.reg.setText("{unit_short}申〔{year}〕号")
    assert "缺少流水号" in tab.reg_check.text() and not tab.save_patterns_button.isEnabled()
    tab.reg.setText("{unit}申{serial}")
    assert "无法识别" in tab.reg_check.text()
    tab.reg.setText("{unit_short}依申〔{year}〕{serial:03}号")
    assert tab.save_patterns_button.isEnabled()

    tab.scope.setCurrentIndex(tab.scope.findData(edu))  # switching reloads the unit's rules
    assert tab.reg.text() == DEFAULT_APPLICATION_PATTERN and "默认规则" in tab.scope_note.text()
    tab.reg.setText("教申〔{year}〕{serial:03}号")
    assert tab.reg_check.text() == "示例：教申〔2026〕001号"
    tab.save_patterns()
    assert applications.reg_pattern(edu) == "教申〔{year}〕{serial:03}号"
    root = Unit.get(Unit.code == "ROOT").id
    assert applications.reg_pattern(root) == DEFAULT_APPLICATION_PATTERN
    # The letter rule was not touched, so the unit still follows the default one.
    assert not numbering_rules(db.admin, edu).letter_own
    assert "本单位有单独的规则" in tab.scope_note.text()
    assert script.calls[-1][0] == "info" and "已保存" in script.calls[-1][2]

    tab.scope.setCurrentIndex(0)
    tab.letter.setText("青公开〔{year}〕{serial}号")
    tab.save_patterns()
    assert applications_letters.letter_pattern(root) == "青公开〔{year}〕{serial}号"

    tab.save_patterns()
    assert script.calls[-1][2] == "编号规则没有改动。"


def test_non_admin_sees_values_read_only(db, qtbot):
    dialogs.use(dialogs.ScriptedDialogs())
    leader = db.user("leader", "supervisor")
    tab = _tab(leader, qtbot)
    assert tab.topics.toPlainText()
    assert tab.topics.isReadOnly()
    assert not tab.save_lists_button.isEnabled()
    assert not tab.save_patterns_button.isEnabled()
    assert not tab.reg.isEnabled()
