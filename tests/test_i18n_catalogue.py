"""The English catalogue (gettext .po/.mo inside the package) and the guard on untranslated text."""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

import pytest

from disclosure_desk import i18n

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import i18n_catalog  # noqa: E402

PO = ROOT / "disclosure_desk" / "resources" / "locale" / "en" / "LC_MESSAGES" / "disclosure_desk.po"


def test_catalogue_ships_inside_the_package_and_drives_tr() -> None:
    mo = PO.with_suffix(".mo")
    assert PO.exists() and mo.exists()
    with mo.open("rb") as fh:
        translations = gettext.GNUTranslations(fh)
    assert translations.gettext("信息登记") == "Info register"
    assert i18n.catalogue("en")["发布审查"] == "Publication review"
    i18n.set_language("en")
    try:
        assert i18n.tr("依申请公开") == "Applications"
        assert i18n.tr("打开所在文件夹") == "Open containing folder"
        assert i18n.tr("没有这条文字") == "没有这条文字"  # unknown text stays as written
    finally:
        i18n.set_language("zh_CN")
    assert i18n.tr("依申请公开") == "依申请公开"


def test_residual_dict_wins_over_the_catalogue(monkeypatch) -> None:
    monkeypatch.setitem(i18n.EN, "信息登记", "Register")
    i18n.set_language("en")
    try:
        assert i18n.tr("信息登记") == "Register"
    finally:
        i18n.set_language("zh_CN")


def test_compiled_mo_matches_the_po() -> None:
    pytest.importorskip("babel")
    assert i18n_catalog.compiled_mo(PO) == PO.with_suffix(".mo").read_bytes(), (
        "run: python tools/i18n_catalog.py compile"
    )


def test_fold_moves_dict_entries_into_the_catalogue(tmp_path, monkeypatch) -> None:
    pytest.importorskip("babel")
    source = (
        '"""x"""\nEN: dict[str, str] = {\n    # --- some branch ---\n'
        '    "新条目": "New entry",\n    "信息登记": "Register",\n}\n\n\ndef tr(t):\n    return t\n'
    )
    module = tmp_path / "i18n.py"
    module.write_text(source, encoding="utf-8")
    po, mo = tmp_path / "en.po", tmp_path / "en.mo"
    po.write_bytes(PO.read_bytes())
    monkeypatch.setattr(i18n_catalog, "I18N", module)
    monkeypatch.setattr(i18n_catalog, "PO", po)
    monkeypatch.setattr(i18n_catalog, "MO", mo)
    assert i18n_catalog.fold() == 2
    with mo.open("rb") as fh:
        translations = gettext.GNUTranslations(fh)
    assert translations.gettext("新条目") == "New entry"
    assert translations.gettext("信息登记") == "Register"
    assert translations.gettext("发布审查") == "Publication review"  # kept
    assert i18n_catalog.residual_dict(module.read_text(encoding="utf-8")) == {}
    assert "def tr(t)" in module.read_text(encoding="utf-8")


def test_every_tr_literal_in_ui_services_and_cli_has_english() -> None:
    literals = i18n_catalog.tr_literals()
    assert len(literals) > 300
    missing = {t: where for t, where in literals.items() if t not in i18n.EN}
    assert not missing


def test_no_new_chinese_text_bypasses_tr() -> None:
    """Window text, service errors and CLI messages: a Chinese literal outside tr() fails this
    test unless it is in the (shrinking) list of known untranslated texts."""
    baseline = i18n_catalog.read_baseline()
    new = sorted(i18n_catalog.untranslated() - baseline)
    assert not new, f"wrap in tr() and add English (tools/i18n_catalog.py): {new[:20]}"


def test_the_untranslated_list_is_empty() -> None:
    assert i18n_catalog.read_baseline() == set()
    assert i18n_catalog.untranslated() == set()


def test_every_stays_chinese_scope_exists_and_has_a_reason() -> None:
    import ast

    for category, (reason, scopes) in i18n_catalog.STAYS_CHINESE.items():
        assert len(reason) > 40, category
        for scope in scopes:
            rel, _, name = scope.partition("::")
            path = ROOT / "disclosure_desk" / rel
            assert path.exists(), scope
            if name:
                tree = ast.parse(path.read_text(encoding="utf-8"))
                names = {n for n, _node in i18n_catalog._scopes(tree)}
                assert name in names, f"{scope}: no such name (renamed? update STAYS_CHINESE)"


def test_the_guard_catches_chinese_outside_tr_and_outside_the_exemptions(tmp_path) -> None:
    probe = ROOT / "disclosure_desk" / "ui" / "_i18n_probe.py"
    probe.write_text('LABEL = "未翻译的按钮"\nOK = "数据"  # noqa\n', encoding="utf-8")
    try:
        assert "未翻译的按钮" in i18n_catalog.untranslated()
    finally:
        probe.unlink()
    # a column header of the import format is a key in services/, not window text
    assert "发布机构" in i18n_catalog.file_headers()


def test_column_headers_and_shown_vocabularies_have_english() -> None:
    from disclosure_desk.domain.displayed import displayed_vocabularies

    missing = [h for h in i18n_catalog.file_headers() if h not in i18n.EN]
    assert not missing, missing
    for table, pairs in displayed_vocabularies().items():
        for _code, label in pairs:
            if label:
                assert i18n.tr_value(table, label) == label  # Chinese mode: as stored
                assert label in i18n.EN or f"{table}|{label}" in i18n.EN, (table, label)


def test_tr_value_shows_stored_values_in_english_only_on_screen() -> None:
    i18n.set_language("en")
    try:
        assert i18n.tr_value("secrecy", "非密") == "Not classified"
        assert i18n.tr_value("applicant_type", "other_org") == "Other org."
        assert i18n.tr_value("applicant_type", "其他") == "Other org."
        assert i18n.tr_value("disclosure", "on_request") == "On request"
        assert i18n.tr_value("validity", "废止") == "Repealed"
        assert i18n.tr_value("coordination", "待复") == "Awaiting answer"
        assert i18n.tr_value("role", "officer") == "Officer"
        assert i18n.tr_value("channel", "in_person") == "In person"
        assert i18n.tr_value("secrecy", "自编的密级") == "自编的密级"  # unknown: as stored
    finally:
        i18n.set_language("zh_CN")
    assert i18n.tr_value("applicant_type", "other_org") == "其他"
