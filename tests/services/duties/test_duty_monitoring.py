"""Duty monitoring and records on a real database: hand-made registers, counted by hand."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile

import pytest

from disclosure_desk.domain import duties as d
from disclosure_desk.domain.errors import InputError, LockedYearError, PermissionDenied
from disclosure_desk.domain.review_workflow import PUBLISHED
from disclosure_desk.services.duties import monitoring as svc
from disclosure_desk.services.duties import records as rec
from disclosure_desk.services.reporting.year_lock import lock_year
from disclosure_desk.store.models import Application, AuditEntry, Item, Unit

D = dt.date


def _unit_id(code: str) -> int:
    return Unit.get(Unit.code == code).id


def _item(
    n: int,
    unit: str,
    title: str,
    formed=None,
    published=None,
    genre="通知",
    related=None,
    disclosure="proactive",
) -> int:
    return Item.create(
        index_no=f"T/{n:05d}",
        title=title,
        unit=_unit_id(unit),
        formed_on=formed,
        published_on=published,
        genre=genre,
        disclosure=disclosure,
        status=PUBLISHED if published else "draft",
        related=related,
    ).id


def _app(n: int, unit: str, who: str, content: str, outcome="3.1", replied=None):
    return Application.create(
        reg_no=f"申〔2025〕{n}号",
        unit=_unit_id(unit),
        serial_year=2025,
        serial=n,
        received_on=D(2025, 9, 1),
        channel="网络",
        applicant_type="natural_person",
        applicant_name=who,
        content=content,
        outcome_code=outcome,
        replied_on=replied or D(2025, 10, 20),
        status="replied",
    ).id


@pytest.fixture
def register(db):
    db.unit("EDU", "区教育局")
    db.unit("FIN", "区财政局")
    # October 2025, unit EDU: penalty decision formed 09-26 is due 10-13 (7 working days).
    _item(1, "EDU", "行政处罚决定书（2025）12号", formed=D(2025, 9, 26), published=D(2025, 10, 13))
    _item(2, "EDU", "行政处罚决定书（2025）13号", formed=D(2025, 9, 26), published=D(2025, 10, 15))
    _item(3, "EDU", "行政处罚决定书（2025）14号", formed=D(2025, 9, 26))
    # FIN: a normative document published 09-30 (due 10-11 for its 解读) and its late 解读.
    policy = _item(
        4,
        "FIN",
        "关于规范财政专项资金管理的通知",
        genre="行政规范性文件",
        formed=D(2025, 9, 29),
        published=D(2025, 9, 30),
    )
    _item(
        5,
        "FIN",
        "《关于规范财政专项资金管理的通知》解读",
        genre="解读",
        formed=D(2025, 10, 14),
        published=D(2025, 10, 14),
        related=policy,
    )
    # FIN: Q3 special funds report published 10-20, in time (Q3 due 10-21).
    _item(
        6,
        "FIN",
        "2025年第三季度专项资金使用情况",
        formed=D(2025, 10, 20),
        published=D(2025, 10, 20),
    )
    return db


def test_monitor_october_counts_per_unit(register):
    sheet = svc.monitor(register.admin, 2025, 10, as_of=D(2025, 11, 3))
    by = {line.unit_name: line.tally for line in sheet.lines}
    edu, fin = by["区教育局"], by["区财政局"]
    # EDU: three penalty decisions due 10-13 -> met, late, missing.
    # Art. 26 (20 working days from 09-26 -> 10-30): items 1, 2 met, item 3 missing.
    # Special funds Q3 (due 10-21): EDU published none -> missing.
    assert (edu.due, edu.met, edu.late, edu.missing) == (7, 3, 1, 3)
    # FIN: 解读 due 10-11 came 10-14 (late); special funds Q3 due 10-21 met; Art. 26 for the
    # policy (from 09-29, due 11-04) is not due in October; its 解读 formed 10-14 neither.
    assert (fin.due, fin.met, fin.late, fin.missing) == (2, 1, 1, 0)
    assert sheet.complete
    # the root unit's Q3 special funds report is missing (every unit has the periodic duty)
    root = by["青山区人民政府"]
    assert root.missing == 1 and root.problems[0].rule_code == "special_funds"
    totals = sheet.totals()
    assert totals.due == sum(line.tally.due for line in sheet.lines)
    # Limiting the special-funds duty to FIN removes it from EDU and the root unit.
    rule = next(r for r in svc.rules() if r.code == "special_funds")
    svc.save_rule(register.admin, d.DutyRule(**{**rule.__dict__, "unit_codes": ("FIN",)}))
    sheet = svc.monitor(register.admin, 2025, 10, as_of=D(2025, 11, 3))
    by = {line.unit_name: line.tally for line in sheet.lines}
    assert (by["区教育局"].due, by["区教育局"].missing) == (6, 2)
    assert by["青山区人民政府"].due == 0 and by["区财政局"].due == 2


def test_officer_sees_only_own_unit(register):
    officer = register.user("edu01", "officer", "EDU")
    sheet = svc.monitor(officer, 2025, 10, as_of=D(2025, 11, 3))
    assert [line.unit_name for line in sheet.lines] == ["区教育局"]
    assert all(ob.unit_id == _unit_id("EDU") for ob in sheet.obligations)
    with pytest.raises(PermissionDenied):
        svc.monitor(officer, 2025, 10, unit_code="FIN")
    assert svc.interpretation_gaps(officer, as_of=D(2025, 11, 3)) == []


def test_interpretation_gaps_lists_late_and_missing(register):
    _item(7, "FIN", "某区级规章", genre="规章", formed=D(2025, 10, 27), published=D(2025, 10, 28))
    gaps = svc.interpretation_gaps(register.admin, as_of=D(2025, 11, 3))
    assert [(ob.ref, state) for ob, state in gaps] == [("T/00007", d.MISSING), ("T/00004", d.LATE)]


def test_edited_rule_is_versioned_audited_and_used(register):
    admin = register.admin
    rule = next(r for r in svc.rules() if r.code == "penalty_7")
    svc.save_rule(admin, d.DutyRule(**{**rule.__dict__, "days": 3}))
    svc.save_rule(admin, d.DutyRule(**{**rule.__dict__, "days": 5}))
    row = next(r for r in svc.rule_rows() if r.rule.code == "penalty_7")
    assert row.customised and row.version == 2 and row.rule.days == 5
    audit = [
        json.loads(e.after)["days"]
        for e in AuditEntry.select().where(AuditEntry.action == "duty.save").order_by(AuditEntry.id)
    ]
    assert audit == [3, 5]
    # 5 working days from 09-26: 09-28, 09-29, 09-30, 10-09, 10-10 -> due 10-10
    sheet = svc.monitor(admin, 2025, 10, as_of=D(2025, 11, 3))
    pen = [ob for ob in sheet.obligations if ob.rule_code == "penalty_7"]
    assert {ob.due for ob in pen} == {D(2025, 10, 10)}
    svc.reset_rule(admin, "penalty_7")
    assert next(r for r in svc.rules() if r.code == "penalty_7").days == 7
    officer = register.user("edu02", "officer", "EDU")
    with pytest.raises(PermissionDenied):
        svc.save_rule(officer, rule)
    with pytest.raises(InputError, match="期限"):
        svc.save_rule(admin, d.DutyRule(**{**rule.__dict__, "days": 0}))


def test_art44_proposal_adopt_and_reject_recorded(register):
    text = "2025年区级教育专项资金分配结果"
    _app(1, "EDU", "甲", "申请公开" + text)
    _app(2, "EDU", "乙", text + "及明细")
    _app(3, "EDU", "丙", text)
    _app(4, "FIN", "丁", text)  # another unit's case never joins EDU's group
    views = rec.proposals(register.admin, since=D(2025, 1, 1))
    assert [(v.unit_name, v.proposal.applicants) for v in views] == [("区教育局", 3)]
    key = views[0].proposal.key
    with pytest.raises(InputError, match="理由"):
        rec.decide_proposal(register.admin, _unit_id("EDU"), key, "reject")
    rec.decide_proposal(register.admin, _unit_id("EDU"), key, "adopt", item_index_no="T/00001")
    (v,) = rec.proposals(register.admin, since=D(2025, 1, 1))
    assert v.decision == "adopt" and v.item_index_no == "T/00001"
    year = dt.date.today().year
    assert rec.proposal_counts(register.admin, year) == {"adopt": 1, "reject": 0}
    sheet = svc.monitor(register.admin, year, 1)
    assert f"{year}年依申请转主动公开（条例第四十四条）：纳入 1 项，不纳入 0 项。" in sheet.notes
    fin_officer = register.user("fin01", "officer", "FIN")
    assert rec.proposals(fin_officer, since=D(2025, 1, 1)) == []
    with pytest.raises(PermissionDenied):
        rec.decide_proposal(fin_officer, _unit_id("EDU"), key, "reject", "不同意")


def test_handover_package_has_a_manifest_of_true_hashes(register, tmp_path):
    out = tmp_path / "2025移交.zip"
    pkg = rec.build_handover_package(register.admin, 2025, out)
    assert pkg.items == 5 and out.is_file() and not (tmp_path / "2025移交.zip.part").exists()
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for entry in manifest["files"]:
            assert hashlib.sha256(zf.read(entry["file"])).hexdigest() == entry["sha256"]
        catalogue = zf.read("目录.csv").decode("utf-8-sig")
    assert "T/00001" in catalogue and "T/00003" not in catalogue  # unpublished stays out
    assert pkg.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    rec.record_handover(register.admin, 2025, "档案馆", D(2026, 1, 10), pkg)
    (h,) = rec.handovers(register.admin, 2025)
    assert (h.recipient, h.items, h.package_sha256) == ("档案馆", 5, pkg.sha256)
    with pytest.raises(InputError, match="移交对象"):
        rec.record_handover(register.admin, 2025, "博物馆", D(2026, 1, 10), pkg)
    with pytest.raises(InputError):
        rec.build_handover_package(register.admin, 2019, tmp_path / "none.zip")


def test_cancelled_package_leaves_nothing(register, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InputError, match="取消"):
        rec.build_handover_package(
            register.admin, 2025, folder / "p.zip", progress=lambda n, total: n < 2
        )
    assert list(folder.iterdir()) == []


def test_training_summary_and_year_lock(register):
    admin = register.admin
    edu = _unit_id("EDU")
    rec.add_training(admin, edu, "plan", "2025年度培训计划", D(2025, 2, 1))
    rec.add_training(admin, edu, "session", "条例专题培训", D(2025, 5, 20), "2", "张三、李四，王五")
    rec.add_training(admin, edu, "session", "保密审查培训", D(2025, 9, 2), 1.5, attendees=30)
    assert rec.training_summary(admin, 2025) == (
        "2025年制定培训计划 1 项，组织政府信息公开学习培训 2 次，累计 3.5 学时，参训 33 人次。"
    )
    with pytest.raises(InputError, match="学时"):
        rec.add_training(admin, edu, "session", "x", D(2025, 6, 1), "inf")
    supervisor = register.user("boss", "supervisor")
    lock_year(supervisor, 2025)
    with pytest.raises(LockedYearError):
        rec.add_training(admin, edu, "session", "补记", D(2025, 12, 1), 1, attendees=3)
    officer = register.user("fin02", "officer", "FIN")
    with pytest.raises(PermissionDenied):
        rec.add_training(officer, edu, "session", "x", D(2026, 1, 5), 1)
    assert rec.trainings(officer, 2025) == []


def test_catalogue_shows_the_interpretation_link(register):
    from disclosure_desk.services.reporting import catalogue as reports_catalogue

    cat = reports_catalogue.catalogue(register.admin, 2025)
    by = {row.index_no: row for row in cat.rows}
    assert by["T/00004"].related == "解读：T/00005"
    assert by["T/00005"].related == "解读对象：T/00004"
    assert by["T/00001"].related == ""
    assert cat.rows[0].cells()[-1] == cat.rows[0].related
