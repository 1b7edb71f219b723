"""The "export full ID and phone numbers" checkbox is shown only to those with the permission."""

from __future__ import annotations

import csv
import datetime as dt

from app_helpers import new_app, valid_id

from disclosure_desk.ui.applications.view import ApplicationsView
from disclosure_desk.ui.common import dialogs


def test_checkbox_only_with_permission_and_it_takes_effect(db, qtbot, tmp_path, monkeypatch):
    new_app(db.admin, dt.date(2025, 9, 1), ident=valid_id(5), contact_phone="13912345678")
    officer = db.user("officer5", "officer")
    plain = ApplicationsView(officer)
    qtbot.addWidget(plain)
    assert plain.unmasked_box.isHidden()
    view = ApplicationsView(db.admin)
    qtbot.addWidget(view)
    assert not view.unmasked_box.isHidden()
    out = tmp_path / "full.csv"
    monkeypatch.setattr(dialogs.current, "save_file", lambda *a, **k: str(out))
    monkeypatch.setattr(dialogs.current, "info", lambda *a, **k: None)
    view.export_file()
    assert "13912345678" not in out.read_text(encoding="utf-8-sig")  # masked by default
    view.unmasked_box.setChecked(True)
    view.export_file()
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert "13912345678" in list(csv.reader(fh))[1]


def test_settings_audit_tab_exports_an_anchor(db, qtbot, tmp_path, monkeypatch):
    from disclosure_desk.services.admin import audit as audit_service
    from disclosure_desk.ui.settings.audit import AuditTab

    tab = AuditTab(db.admin)
    qtbot.addWidget(tab)
    out = tmp_path / "主管留存.anchor"
    shown = []
    monkeypatch.setattr(dialogs.current, "save_file", lambda *a, **k: str(out))
    monkeypatch.setattr(dialogs.current, "info", lambda *a, **k: shown.append(a[2]))
    tab.export_anchor()
    assert out.is_file() and "第" in shown[0]
    result = audit_service.verify(db.admin, anchor_file=out)
    assert result.ok and str(out) in result.message
