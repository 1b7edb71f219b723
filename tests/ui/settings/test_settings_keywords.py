"""Keywords tab: lists the words that apply to a unit, adds and re-grades, removes, and is
read-only for users without ``keyword.edit``."""

from __future__ import annotations

from disclosure_desk.services.reviews import scan as review_scan
from disclosure_desk.store.models import ScanKeyword, Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.settings.keywords import KeywordsTab


def _tab(actor, qtbot) -> KeywordsTab:
    tab = KeywordsTab(actor)
    qtbot.addWidget(tab)
    tab.refresh()
    return tab


def test_add_regrade_and_remove(db, qtbot):
    script = dialogs.use(dialogs.ScriptedDialogs())
    before = len(review_scan.list_keywords(db.admin))
    tab = _tab(db.admin, qtbot)
    assert tab.model.rowCount() == before
    assert tab.scope.itemData(0) is None  # a spanning role may set words for every unit

    tab.word.setText("内部传阅")
    tab.severity.setCurrentIndex(tab.severity.findData("block"))
    tab.add()
    kw = ScanKeyword.get(ScanKeyword.word == "内部传阅")
    assert kw.unit_id is None and kw.severity == "block"
    assert tab.word.text() == "" and tab.model.rowCount() == before + 1
    shown = [r for r in tab.model.rows if r.word == "内部传阅"]
    assert tab.model.data(tab.model.index(tab.model.rows.index(shown[0]), 1)) == "禁止发布"

    tab.word.setText("内部传阅")  # the same word again re-grades it instead of duplicating
    tab.severity.setCurrentIndex(tab.severity.findData("info"))
    tab.add()
    assert ScanKeyword.select().where(ScanKeyword.word == "内部传阅").count() == 1
    assert ScanKeyword.get(ScanKeyword.word == "内部传阅").severity == "info"

    tab.word.setText("   ")
    tab.add()
    assert script.calls[-1][0] == "error" and "不能为空" in script.calls[-1][2]

    row = tab.model.rows.index(next(r for r in tab.model.rows if r.word == "内部传阅"))
    tab.table.selectRow(row)
    script.confirm_answers.append(False)
    tab.remove()
    assert ScanKeyword.get_or_none(ScanKeyword.word == "内部传阅") is not None
    script.confirm_answers.append(True)
    tab.remove()
    assert ScanKeyword.get_or_none(ScanKeyword.word == "内部传阅") is None
    assert tab.model.rowCount() == before


def test_unit_reviewer_edits_own_unit_only(db, qtbot):
    script = dialogs.use(dialogs.ScriptedDialogs())
    other = db.unit("EDU", "区教育局", "000014350")
    reviewer = db.user("rev", "reviewer", "EDU")
    tab = _tab(reviewer, qtbot)
    assert tab.add_button.isEnabled()
    assert [tab.scope.itemData(i) for i in range(tab.scope.count())] == [other]

    tab.word.setText("考生名单")
    tab.add()
    kw = ScanKeyword.get(ScanKeyword.word == "考生名单")
    assert kw.unit_id == other and kw.severity == "block"

    root = Unit.get(Unit.code == "ROOT").id
    review_scan.add_keyword(db.admin, root, "机关内部")
    tab.view_unit.setCurrentIndex(tab.view_unit.findData(other))
    assert "机关内部" not in [r.word for r in tab.model.rows]
    assert "考生名单" in [r.word for r in tab.model.rows]
    assert script.calls == []


def test_officer_sees_list_read_only(db, qtbot):
    dialogs.use(dialogs.ScriptedDialogs())
    review_scan.add_keyword(db.admin, None, "绝密")
    officer = db.user("o1", "officer")
    tab = _tab(officer, qtbot)
    assert "绝密" in [r.word for r in tab.model.rows]
    assert not tab.add_button.isEnabled() and not tab.remove_button.isEnabled()
    assert not tab.word.isEnabled()
