"""Unit scoping, tried as an officer of one unit would try to see another's applicants.

Every service entry point that takes an actor and returns (or prints, or changes) applicants'
data, letters or cases is called by an officer of unit A on unit B's case; none may show or
change anything of B. A walk over the modules makes sure no such function is left out: a new
one must be added to a probe below or the test fails.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types

import pytest
from app_helpers import new_app, valid_id

from disclosure_desk.domain.errors import NotFound, PermissionDenied
from disclosure_desk.files import spreadsheet
from disclosure_desk.services.applications import appeals, bulk, letters, query
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.applications import spreadsheets as apps_io
from disclosure_desk.services.common import overview
from disclosure_desk.services.dashboard import todos as reports_todo
from disclosure_desk.store.models import Appeal, Application, ApplicationEvent, Letter

CONTENT = "请公开2024年本单位公务接待费用明细"
SHARED_ID = valid_id(456)  # the same applicant applies to both units
REPLIED = dt.date(2025, 9, 5)

MODULES: tuple[types.ModuleType, ...] = (svc, query, letters, appeals, apps_io, bulk, overview)


@pytest.fixture
def world(db):
    """Unit A (officer ``off_a``) and unit B, one case each by the same applicant with nearly
    the same request; B's case is replied to, has a printed letter and an appeal."""
    a = db.unit("UA", "区教育局")
    b = db.unit("UB", "区卫生健康委")
    off_a = db.user("off_a", "officer", "UA")
    b_case = new_app(db.admin, dt.date(2025, 9, 1), ident=SHARED_ID, content=CONTENT, unit_id=b)
    svc.record_reply(db.admin, b_case, REPLIED, "3.1")
    letters.set_letter_settings(
        db.admin,
        {
            "letters.contact": "王明",
            "letters.phone": "0571-87001234",
            "letters.address": "青山路1号",
        },
    )
    letters.print_letter(db.admin, b_case, "reply_open")
    appeals.add_appeal(db.admin, b_case, "review", dt.date(2025, 9, 20))
    a_case = new_app(
        db.admin, dt.date(2025, 9, 3), ident=SHARED_ID, content=CONTENT + "。", unit_id=a
    )
    return off_a, a_case, b_case


def _b_reg_no(b_case: int) -> str:
    return Application.get_by_id(b_case).reg_no


def _snapshot() -> tuple:
    return (
        [
            (x.id, x.version, x.status, x.extended)
            for x in Application.select().order_by(Application.id)
        ],
        ApplicationEvent.select().count(),
        Letter.select().count(),
        [(x.id, x.result) for x in Appeal.select().order_by(Appeal.id)],
    )


# --- reads ---------------------------------------------------------------------------------------


def test_lists_counts_and_pages_show_only_the_officers_unit(world):
    off_a, a_case, b_case = world
    rows = query.list_applications(off_a)
    assert [r.id for r in rows] == [a_case]
    assert query.count_applications(off_a) == 1
    assert query.count_applications(off_a, query.ApplicationFilter(search=SHARED_ID)) == 1
    assert overview.summary(off_a).applications_year in (0, 1)  # only A's case can count
    assert overview.summary(off_a).applications_open == 1


def test_case_detail_of_another_unit_is_not_found(world):
    off_a, _a_case, b_case = world
    with pytest.raises(NotFound):
        query.case_detail(off_a, b_case)


def test_similar_case_hints_never_name_another_units_case(world, db):
    off_a, a_case, b_case = world
    detail = query.case_detail(off_a, a_case)
    assert detail.similar == []
    assert not any(_b_reg_no(b_case) in p for p in detail.proposals)
    # The same case seen by an account spanning both units does get the hint (the rule works).
    seen_by_admin = query.case_detail(db.admin, a_case)
    assert [s.id for s in seen_by_admin.similar] == [b_case]


def test_letters_of_another_unit_cannot_be_printed_or_reprinted(world):
    off_a, _a_case, b_case = world
    before = _snapshot()
    with pytest.raises(NotFound):
        letters.print_letter(off_a, b_case, "reply_open")  # already numbered: a re-print
    with pytest.raises(NotFound):
        letters.print_letter(off_a, b_case, "receipt")  # not yet numbered
    reg_no = _b_reg_no(b_case)
    with pytest.raises(NotFound):
        letters.case_by_reg_no(off_a, reg_no)
    with pytest.raises(NotFound):
        letters.letter_list(off_a, reg_no)
    assert _snapshot() == before


def test_exports_and_fee_totals_hold_only_the_officers_unit(world, tmp_path):
    off_a, a_case, b_case = world
    path = tmp_path / "apps.csv"
    assert apps_io.export_applications(off_a, path) == 1
    sheet = spreadsheet.read_table(path)
    assert [r.values["申请编号"] for r in sheet.rows] == [Application.get_by_id(a_case).reg_no]
    b_unit = Application.get_by_id(b_case).unit_id
    assert apps_io.export_applications(off_a, tmp_path / "b.csv", unit_id=b_unit) == 0
    Application.update(fee_collected=100, fee_paid_on=REPLIED).where(
        Application.id == b_case
    ).execute()
    assert query.year_fee_total(off_a, 2025, unit_id=b_unit) == (0, 0.0)
    assert query.year_fee_total(off_a, 2025) == (0, 0.0)


def test_todos_show_only_the_officers_unit(world):
    off_a, a_case, b_case = world
    rows = reports_todo.todos(off_a, today=dt.date(2025, 9, 10)).rows
    assert b_case not in {r.record_id for r in rows if r.record_kind == "application"}
    assert a_case in {r.record_id for r in rows if r.record_kind == "application"}


# --- changes -------------------------------------------------------------------------------------

WRITES = {
    "add_note": lambda a, i: svc.add_note(a, i, dt.date(2025, 9, 21), "x"),
    "archive": lambda a, i: svc.archive(a, i, dt.date(2025, 9, 21)),
    "approve_extension": lambda a, i: svc.approve_extension(a, i, dt.date(2025, 9, 2)),
    "end_consultation": lambda a, i: svc.end_consultation(a, i, dt.date(2025, 9, 21)),
    "issue_fee_notice": lambda a, i: svc.issue_fee_notice(
        a, i, dt.date(2025, 9, 2), "per_application"
    ),
    "receive_correction": lambda a, i: svc.receive_correction(a, i, dt.date(2025, 9, 21)),
    "record_fee_paid": lambda a, i: svc.record_fee_paid(a, i, dt.date(2025, 9, 21)),
    "record_reply": lambda a, i: svc.record_reply(a, i, dt.date(2025, 9, 21), "3.1"),
    "request_correction": lambda a, i: svc.request_correction(a, i, dt.date(2025, 9, 2), "x"),
    "start_consultation": lambda a, i: svc.start_consultation(
        a, i, dt.date(2025, 9, 21), "third_party", "某公司"
    ),
    "add_appeal": lambda a, i: appeals.add_appeal(a, i, "litigation_direct", dt.date(2025, 9, 21)),
    "conclude_appeal": lambda a, i: appeals.conclude_appeal(
        a, Appeal.get(Appeal.application == i).id, "upheld", dt.date(2025, 9, 30)
    ),
    "register": lambda a, i: svc.register(
        a,
        svc.NewApplication(
            Application.get_by_id(i).unit_id, dt.date(2025, 9, 2), "当面", "natural_person", "李四"
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_no_change_reaches_another_units_case(world, name):
    off_a, _a_case, b_case = world
    before = _snapshot()
    with pytest.raises((PermissionDenied, NotFound)):
        WRITES[name](off_a, b_case)
    assert _snapshot() == before


# --- nothing left out ----------------------------------------------------------------------------

READS = {
    "list_applications",
    "count_applications",
    "case_detail",
    "print_letter",
    "case_by_reg_no",
    "letter_list",
    "export_applications",
    "year_fee_total",
    "application_page",
    "summary",
}
# Entry points that touch no applicant's data of another unit, and why.
NOT_APPLICANT_DATA = {
    "set_reg_pattern": "settings (administrators)",
    "set_letter_pattern": "settings (administrators)",
    "set_letter_settings": "settings (administrators)",
    "import_applications": "writes into the importer's own unit (rows of other units refused)",
    "insert_rows": "bulk writer behind import_applications",
    "item_page": "items, not applicants",
    "review_queue": "items, not applicants",
    "stats_totals": "statistics ledger, scoped by unit",
    "units": "unit names",
    "users": "user.manage only",
}


def test_every_actor_function_of_the_application_services_is_probed():
    found = set()
    for module in MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "actor":
                found.add(name)
    unprobed = found - READS - set(WRITES) - set(NOT_APPLICANT_DATA)
    assert not unprobed, f"add a unit-scoping probe for: {sorted(unprobed)}"


def test_import_cannot_write_into_another_unit(world, tmp_path, db):
    off_a, _a_case, b_case = world
    path = tmp_path / "in.csv"
    spreadsheet.write_table(
        path,
        apps_io.HEADERS,
        [["", "2025-09-02", "当面", "自然人", "王五"] + [""] * 10],
        sheet_title="x",
    )
    b_unit = Application.get_by_id(b_case).unit_id
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        apps_io.import_applications(off_a, path, unit_id=b_unit)
    assert _snapshot() == before
