"""Letters of an application case: numbering (〔YYYY〕N号 per unit and year), the data a letter
template is filled from, and the PDF. A letter keeps its number and date once issued; printing
it again reproduces the same letter."""

from __future__ import annotations

import datetime as dt
import re

from disclosure_desk.domain.channels import CHANNELS
from disclosure_desk.domain.clocks import (
    Pause,
    compute_application_clocks,
    fee_payment_due,
    third_party_answer_due,
)
from disclosure_desk.domain.errors import InputError, NotFound, WorkflowError
from disclosure_desk.domain.index_numbers import (
    APPLICATION_TOKENS,
    DEFAULT_LETTER_PATTERN,
    format_number,
    validate_pattern,
)
from disclosure_desk.domain.outcomes import outcome_by_code
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.reports.letters import LETTER_KINDS, LetterData, cn_date, remedies_text
from disclosure_desk.reports.letters import render_letter as _render
from disclosure_desk.services import applications as core
from disclosure_desk.services import applications_query as query
from disclosure_desk.services.context import Changes, change, row_dict
from disclosure_desk.store.models import Application, ApplicationEvent, Letter, Setting, Unit

LETTER_PATTERN_KEY = "application.letter_pattern"
REVIEW_BODY_KEY = "application.review_body"
PHONE_KEY = "application.phone"


def letter_pattern(unit_id: int) -> str:
    return core._setting(f"{LETTER_PATTERN_KEY}.{unit_id}") or core._setting(
        LETTER_PATTERN_KEY, DEFAULT_LETTER_PATTERN
    )


def _events(app_id: int, kind: str) -> list[ApplicationEvent]:
    return list(
        ApplicationEvent.select()
        .where((ApplicationEvent.application == app_id) & (ApplicationEvent.kind == kind))
        .order_by(ApplicationEvent.on, ApplicationEvent.id)
    )


def available_letters(app: Application) -> list[str]:
    """Letter kinds that make sense for the case as it stands."""
    kinds = ["receipt"]
    if app.correction_requested_on is not None:
        kinds.append("correction")
    if _events(app.id, "consultation_start"):
        kinds.append("consultation")
    if app.extended:
        kinds.append("extension")
    if app.fee_method:
        kinds.append("fee_notice")
    if app.outcome_code:
        kinds.append("reply_" + outcome_by_code(app.outcome_code).letter_group)
    return kinds


def _issue_date(app: Application, kind: str) -> dt.date:
    if kind == "receipt":
        return app.received_on
    if kind == "correction":
        return app.correction_requested_on
    if kind == "extension":
        return app.extension_on
    if kind == "consultation":
        return _events(app.id, "consultation_start")[-1].on
    if kind == "fee_notice":
        return _events(app.id, "fee_notice")[-1].on
    return app.replied_on


def _review_body(unit: Unit) -> str:
    configured = core._setting(REVIEW_BODY_KEY)
    if configured:
        return configured
    # A department's acts go to 本级人民政府 (行政复议法 Art. 24); a government's to the next level.
    if unit.parent_id is not None and unit.kind != "乡镇街道":
        return Unit.get_by_id(unit.parent_id).name
    return "上一级人民政府"


def _agency(unit: Unit) -> str:
    return unit.name


def letter_data(app: Application, kind: str, number: str, issued_on: dt.date) -> LetterData:
    """The placeholder values of one letter, all taken from the case itself."""
    unit = Unit.get_by_id(app.unit_id)
    cal = query.calendar()
    # The dates as they stood on the letter's day: later pauses do not rewrite an issued letter.
    pauses = [
        Pause(p.start, p.end if p.end is not None and p.end <= issued_on else None, p.kind)
        for p in query.pauses_by_case([app.id])[app.id]
        if p.start <= issued_on
    ]
    corrected = app.correction_received_on
    clocks = compute_application_clocks(
        cal,
        app.received_on,
        corrected if corrected is not None and corrected <= issued_on else None,
        pauses,
        bool(app.extended),
        issued_on,
        explain=False,
    )
    rule = next((c.receipt_rule for c in CHANNELS if c.label == app.channel), "")
    fields: dict[str, str] = {
        "number": number,
        "agency": _agency(unit),
        "unit_name": unit.name,
        "applicant": app.applicant_name,
        "reg_no": app.reg_no,
        "received_on": cn_date(app.received_on),
        "channel": app.channel,
        "receipt_rule": rule,
        "content": app.content or "（未填写）",
        "issued_on": cn_date(issued_on),
        "clock_start": cn_date(clocks.clock_start),
        "due": cn_date(clocks.due),
        "extended_due": cn_date(clocks.extended_due),
        "correction_due": cn_date(clocks.correction_notice_due),
        "correction_deadline": "",
        "correction_items": "",
        "third_party": "",
        "third_party_due": "",
        "fee_method": "",
        "fee_amount": "",
        "fee_arithmetic": "",
        "fee_due": "",
        "extension_approver": app.extension_approver,
        "outcome_code": app.outcome_code,
        "outcome_label": "",
        "legal_ground": app.outcome_ground,
        "reply_detail": "",
        "remedies": "",
        "phone": core._setting(PHONE_KEY) or unit.phone or "（见本机关政府信息公开指南）",
    }
    if kind == "correction":
        ev = _events(app.id, "correction_requested")[-1]
        deadline = ev.end_on or cal.nth_workday_after(ev.on, 15)
        fields["correction_deadline"] = cn_date(deadline)
        fields["correction_items"] = ev.detail.split("；补正期限")[0]
    if kind == "consultation":
        ev = _events(app.id, "consultation_start")[-1]
        m = re.search(r"“(.+?)”", ev.detail)
        fields["third_party"] = m.group(1) if m else "第三方"
        fields["third_party_due"] = cn_date(third_party_answer_due(cal, ev.on))
    if kind == "fee_notice":
        ev = _events(app.id, "fee_notice")[-1]
        calc = core.fee_quote(app, app.fee_method, app.fee_pages)
        fields["fee_method"] = core.FEE_METHODS.get(app.fee_method, "")
        fields["fee_amount"] = f"{float(app.fee_amount):,.2f}"
        fields["fee_arithmetic"] = calc.explanation
        fields["fee_due"] = cn_date(fee_payment_due(cal, ev.on))
    if kind.startswith("reply_"):
        outcome = outcome_by_code(app.outcome_code)
        fields["outcome_label"] = outcome.label
        reply_ev = _events(app.id, "reply")
        detail = reply_ev[-1].detail if reply_ev else ""
        default = f"{outcome.code} {outcome.label}"
        fields["reply_detail"] = "" if detail in ("", default) else detail
        if kind == "reply_withhold" and not fields["reply_detail"]:
            fields["reply_detail"] = outcome.explanation
        fields["remedies"] = remedies_text(
            outcome.letter_group, app.replied_on or issued_on, _review_body(unit)
        )
    return LetterData(kind, fields)


def print_letter(
    actor: Actor, app_id: int, kind: str, issued_on: dt.date | None = None
) -> tuple[bytes, str, Changes]:
    """(PDF bytes, letter number, changes). The first print numbers the letter."""
    if kind not in LETTER_KINDS:
        raise InputError(f"未知的文书种类“{kind}”。")
    actor.require("record.view")
    app = core._load(app_id)
    if not actor.can_access_unit(app.unit_id):  # a re-print is a read: scoped like one
        raise NotFound(f"申请（编号 {app_id}）不存在。")
    if kind not in available_letters(app):
        raise WorkflowError(f"本申请目前没有需要出具的“{LETTER_KINDS[kind]}”。")
    existing = (
        Letter.select()
        .where((Letter.application == app.id) & (Letter.kind == kind))
        .order_by(Letter.id)
        .first()
    )
    changes = Changes()
    if existing is None:
        day = issued_on or _issue_date(app, kind) or dt.date.today()
        with change(actor, "application.edit", app.unit_id) as tx:
            unit = Unit.get_by_id(app.unit_id)
            pattern = letter_pattern(unit.id)
            validate_pattern(pattern, APPLICATION_TOKENS)
            serial = core.next_serial(unit.id, day.year, "letter")
            number = format_number(
                pattern,
                unit_short=unit.short_name or unit.name,
                year=day.year,
                month=day.month,
                serial=serial,
            )
            existing = Letter.create(application=app.id, kind=kind, number=number, issued_on=day)
            tx.audit("application.letter", "letter", existing.id, None, row_dict(existing))
        changes = tx.changes
    pdf = _render(letter_data(app, kind, existing.number, existing.issued_on))
    return pdf, existing.number, changes


def set_letter_pattern(actor: Actor, pattern: str, unit_id: int | None = None) -> Changes:
    validate_pattern(pattern, APPLICATION_TOKENS)
    key = LETTER_PATTERN_KEY if unit_id is None else f"{LETTER_PATTERN_KEY}.{unit_id}"
    with change(actor, "settings.edit") as tx:
        row = Setting.get_or_none(Setting.key == key)
        if row is None:
            Setting.create(key=key, value=pattern)
        else:
            Setting.update(value=pattern).where(Setting.id == row.id).execute()
        tx.audit("setting.edit", "setting", key, None if row is None else row.value, pattern)
    return tx.changes
