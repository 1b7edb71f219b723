"""Letters of an application case: numbering (〔YYYY〕N号 per unit and year), the data a letter
template is filled from, and the PDF or .docx. A letter keeps its number and date once issued;
printing it again reproduces the same letter.

Letters carry the body's contact details (联系人, 联系电话, 通信地址) from the settings, which must
be filled in before the first letter; they read the stored fields of the case's events (the
consulted party, the items to correct), never text parsed back out of an event's description."""

from __future__ import annotations

import datetime as dt

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
    format_number,
    validate_pattern,
)
from disclosure_desk.domain.letter_wording import decision_sentence
from disclosure_desk.domain.outcomes import outcome_by_code
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr
from disclosure_desk.reports.letters import LETTER_KINDS, LetterData, cn_date, remedies_text
from disclosure_desk.reports.letters import render_letter as _render
from disclosure_desk.reports.letters import render_letter_docx as _render_docx
from disclosure_desk.services.applications import cases as core
from disclosure_desk.services.applications import query
from disclosure_desk.services.common import settings as settings_registry
from disclosure_desk.services.common.context import Changes, change, row_dict
from disclosure_desk.store.models import Application, ApplicationEvent, Letter, Unit

LETTER_PATTERN_KEY = "application.letter_pattern"
REVIEW_BODY_KEY = "application.review_body"
PHONE_KEY = "application.phone"  # legacy key, read when letters.phone is unset

# The settings a letter needs, in the order the settings tab shows them: key → label.
CONTACT_SETTINGS: dict[str, str] = {
    "letters.contact": N_("联系人"),
    "letters.phone": N_("联系电话"),
    "letters.address": N_("通信地址"),
}
WORD_TEMPLATE_KEY = settings_registry.WORD_TEMPLATE_KEY
LETTER_SETTINGS: dict[str, str] = {
    **CONTACT_SETTINGS,
    WORD_TEMPLATE_KEY: N_("Word 模板（.docx，含本机关版头，可不填）"),
}
DEFAULT_CORRECTION_ITEMS = "请写明您所需政府信息的名称、文号或者便于本机关查询的其他特征性描述"


def letter_settings() -> dict[str, str]:
    """Current values of the letter settings ("" when unset)."""
    values = {key: str(v) for key, v in settings_registry.get_many(list(LETTER_SETTINGS)).items()}
    if not values["letters.phone"]:
        values["letters.phone"] = str(settings_registry.get(PHONE_KEY))
    return values


def missing_letter_settings() -> list[str]:
    """Labels of the contact settings still empty."""
    values = letter_settings()
    return [label for key, label in CONTACT_SETTINGS.items() if not values[key].strip()]


def require_letter_settings() -> dict[str, str]:
    missing = missing_letter_settings()
    if missing:
        raise InputError(
            tr(
                "出具文书前请先在“设置 → 文书”中填写本机关的{missing}"
                "（命令行：applications letter-settings）；文书会印上这些联系方式。"
            ).format(missing=tr("、").join(tr(m) for m in missing))
        )
    return letter_settings()


def set_letter_settings(actor: Actor, values: dict[str, str]) -> Changes:
    """Save letter settings (audited); unknown keys are refused."""
    unknown = set(values) - set(LETTER_SETTINGS)
    if unknown:
        raise InputError(tr("未知的文书设置：{value}").format(value="、".join(sorted(unknown))))
    return settings_registry.save(actor, {k: (v or "").strip() for k, v in values.items()})


def letter_pattern(unit_id: int) -> str:
    return settings_registry.get(LETTER_PATTERN_KEY, unit_id)  # type: ignore[return-value]


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
    configured = settings_registry.get(REVIEW_BODY_KEY)
    if configured:
        return configured
    # A department's acts go to 本级人民政府 (行政复议法 Art. 24); a government's to the next level.
    if unit.parent_id is not None and unit.kind != "乡镇街道":
        return Unit.get_by_id(unit.parent_id).name
    return "上一级人民政府"


def _agency(unit: Unit) -> str:
    return unit.name


def letter_data(app: Application, kind: str, number: str, issued_on: dt.date) -> LetterData:
    """The placeholder values of one letter, taken from the case itself and the settings."""
    contact = require_letter_settings()
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
        "decision": "",
    }
    fields.update(
        {
            "contact": contact["letters.contact"],
            "phone": contact["letters.phone"],
            "address": contact["letters.address"],
        }
    )
    if kind == "correction":
        ev = _events(app.id, "correction_requested")[-1]
        deadline = ev.end_on or cal.nth_workday_after(ev.on, 15)
        fields["correction_deadline"] = cn_date(deadline)
        fields["correction_items"] = ev.requested or DEFAULT_CORRECTION_ITEMS
    if kind == "consultation":
        ev = _events(app.id, "consultation_start")[-1]
        fields["third_party"] = ev.counterpart or "第三方"
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
        fields["decision"] = decision_sentence(
            outcome.code, app.outcome_ground or outcome.legal_ground
        )
        fields["remedies"] = remedies_text(
            outcome.letter_group, app.replied_on or issued_on, _review_body(unit)
        )
    return LetterData(kind, fields)


def print_letter(
    actor: Actor, app_id: int, kind: str, issued_on: dt.date | None = None, fmt: str = "pdf"
) -> tuple[bytes, str, Changes]:
    """(PDF or .docx bytes, letter number, changes). The first print numbers the letter."""
    if fmt not in ("pdf", "docx"):
        raise InputError(tr("文书格式应为 pdf 或 docx，不是“{fmt}”。").format(fmt=fmt))
    require_letter_settings()
    if kind not in LETTER_KINDS:
        raise InputError(tr("未知的文书种类“{kind}”。").format(kind=kind))
    actor.require("record.view")
    app = core._load(app_id)
    if not actor.can_access_unit(app.unit_id):  # a re-print is a read: scoped like one
        raise NotFound(tr("申请（编号 {app_id}）不存在。").format(app_id=app_id))
    if kind not in available_letters(app):
        raise WorkflowError(
            tr("本申请目前没有需要出具的“{value}”。").format(value=LETTER_KINDS[kind])
        )
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
    data = letter_data(app, kind, existing.number, existing.issued_on)
    if fmt == "docx":
        template = settings_registry.word_template()
        return _render_docx(data, template), existing.number, changes
    return _render(data), existing.number, changes


def set_letter_pattern(actor: Actor, pattern: str, unit_id: int | None = None) -> Changes:
    validate_pattern(pattern, APPLICATION_TOKENS)
    return settings_registry.save(actor, {LETTER_PATTERN_KEY: pattern}, unit_id)


def case_by_reg_no(actor: Actor, reg_no: str) -> Application:
    """The case with this 申请编号, if the actor may see it (NotFound otherwise)."""
    from disclosure_desk.domain.errors import NotFound

    actor.require("record.view")
    app = Application.get_or_none(Application.reg_no == reg_no.strip())
    if app is None or not actor.can_access_unit(app.unit_id):
        raise NotFound(
            tr("申请编号“{reg_no}”不存在（或不属于您可以查看的单位）。").format(reg_no=reg_no)
        )
    return app


def letter_list(actor: Actor, reg_no: str) -> list[dict[str, str]]:
    """The letters the case has: kind, title, and number/date once issued."""
    app = case_by_reg_no(actor, reg_no)
    issued = {
        row.kind: row
        for row in Letter.select().where(Letter.application == app.id).order_by(Letter.id.desc())
    }
    out = []
    for kind in available_letters(app):
        row = issued.get(kind)
        out.append(
            {
                "kind": kind,
                "title": LETTER_KINDS[kind],
                "number": row.number if row else "",
                "issued_on": row.issued_on.isoformat() if row else "",
            }
        )
    return out
