"""Application case files (依申请公开): registration and every dated step up to the archive.

Each function is one change through ``services.context.change`` (permission check, one
transaction, chained audit entries) and returns ``(result, Changes)``. The allowed steps come
from ``domain.app_workflow``; nothing is deleted — corrections are later notes.
Read-only queries (lists, case detail, clocks) live in ``applications_query``; letters and fees
in ``applications_letters``; appeals in ``applications_appeals``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from disclosure_desk.domain import app_workflow
from disclosure_desk.domain.channels import channel_by_code, channel_by_label
from disclosure_desk.domain.checkdigits import valid_id_card, valid_org_code, valid_uscc
from disclosure_desk.domain.errors import InputError, NotFound, PermissionDenied, WorkflowError
from disclosure_desk.domain.fees import checked_fee, per_application_fee, per_page_fee
from disclosure_desk.domain.index_numbers import (
    format_number,
)
from disclosure_desk.domain.letter_wording import REGULATION
from disclosure_desk.domain.outcomes import APPLICANT_TYPE_CODES, outcome_by_code
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr, tr_from, tr_text
from disclosure_desk.services.common import settings as settings_registry
from disclosure_desk.services.common.context import Changes, change, row_dict
from disclosure_desk.services.reporting.year_lock_guard import guard_application
from disclosure_desk.store import counters
from disclosure_desk.store.models import (
    Application,
    ApplicationEvent,
    Unit,
    User,
)

PATTERN_KEY = "application.reg_pattern"  # + ".<unit id>" for a unit's own pattern
PAUSE_PARTIES = {"third_party": N_("第三方"), "other_body": N_("其他机关")}
FEE_METHODS = {"per_application": N_("按件计收"), "per_page": N_("按量计收")}
# The case's docket lines are stored in Chinese as written (the case file); the window shows them
# through tr_from(detail, *DOCKET_TEMPLATES). A line matching no template shows as typed.
RECEIVED = N_("{channel}收到申请")
CORRECTION_NOTICE = N_("一次性告知需要补正的事项")
CORRECTION_UNTIL = N_("{text}；补正期限至 {day}")
CORRECTION_RECEIVED = N_("收到补正后的申请，答复期限重新计算")
CONSULTATION = N_("向{party}“{name}”征求意见")
CONSULTATION_END = N_("征求意见结束，恢复计算答复期限")
EXTENSION = N_("经{approver}同意延长答复期限 20 个工作日")
WITH_REASON = N_("{text}：{reason}")
FEE_NTH = N_("申请人 {name} 本自然月第 {nth} 件申请，{rest}")
FEE_FREE = N_("在免费件数内，不收费。")
FEE_CHARGED = N_("按件计收 {fee} 元。")
FEE_LINE = N_("第 {nth} 件")
FEE_NOTICE = N_("{method}：{explanation}")
FEE_PAID = N_("收到信息处理费 {amount} 元")
ARCHIVED = N_("案卷归档")
IMPORTED = N_("导入台账")
DOCKET_TEMPLATES: tuple[str, ...] = (
    WITH_REASON,
    CORRECTION_UNTIL,
    FEE_NOTICE,
    FEE_NTH,
    RECEIVED,
    CONSULTATION,
    EXTENSION,
    FEE_PAID,
    FEE_CHARGED,
    FEE_LINE,
)


@dataclass(frozen=True)
class NewApplication:
    """What the registration form (or an import row) supplies."""

    unit_id: int
    received_on: dt.date
    channel: str  # code or label of domain.channels
    applicant_type: str  # code of domain.outcomes.APPLICANT_TYPES
    applicant_name: str
    id_number: str = ""
    contact_phone: str = ""
    address: str = ""
    email: str = ""
    content: str = ""
    requested_form: str = ""
    delivery: str = ""
    note: str = ""


def reg_pattern(unit_id: int) -> str:
    """The registration-number pattern of a unit (its own, else the agency-wide default)."""
    return settings_registry.get(PATTERN_KEY, unit_id)  # type: ignore[return-value]


def set_reg_pattern(actor: Actor, pattern: str, unit_id: int | None = None) -> Changes:
    """Set the registration-number pattern for one unit (or the default when unit_id is None)."""
    return settings_registry.save(actor, {PATTERN_KEY: pattern}, unit_id)


def next_serial(unit_id: int, year: int, kind: str) -> int:
    """Draw the next serial of (unit, year, kind) inside the caller's transaction (gap-free:
    the increment commits or rolls back with the record that uses it; store/counters.py)."""
    return counters.reserve_case(unit_id, year, kind)


def check_identity(applicant_type: str, id_number: str) -> str:
    """Normalise and check an ID number (自然人) or 统一社会信用代码 (organisations)."""
    value = (id_number or "").strip().upper().replace(" ", "")
    if not value:
        return ""
    if applicant_type == "natural_person":
        if not valid_id_card(value):
            raise InputError(
                tr("身份证号码“{value}”无效：校验位或出生日期不正确，请核对后重新输入。").format(
                    value=value
                )
            )
    elif not (valid_uscc(value) or valid_org_code(value.replace("-", ""))):
        raise InputError(
            tr(
                "统一社会信用代码“{value}”无效：校验位不正确，请核对后重新输入（18 位，GB 32100）。"
            ).format(value=value)
        )
    return value


def _check_new(data: NewApplication) -> tuple[str, str]:
    if data.applicant_type not in APPLICANT_TYPE_CODES:
        raise InputError(
            tr("未知的申请人类型“{applicant_type}”。").format(applicant_type=data.applicant_type)
        )
    if not data.applicant_name.strip():
        raise InputError(tr("请填写申请人姓名或名称。"))
    try:
        channel = channel_by_code(data.channel)
    except InputError:
        channel = channel_by_label(data.channel)
    ident = check_identity(data.applicant_type, data.id_number)
    return channel.label, ident


def register(
    actor: Actor, data: NewApplication, *, reg_no: str = "", import_batch: str | None = None
) -> tuple[int, Changes]:
    """Register an application; draws its number from the unit's pattern unless ``reg_no``."""
    channel, ident = _check_new(data)
    with change(actor, "application.edit", data.unit_id) as tx:
        app = _insert(actor, data, channel, ident, reg_no, import_batch)
        guard_application(None, app)  # refused when a locked year's figures would change
        tx.audit("application.register", "application", app.id, None, row_dict(app))
        tx.touch("application_event")
    return app.id, tx.changes


def _insert(
    actor: Actor,
    data: NewApplication,
    channel: str,
    ident: str,
    reg_no: str,
    import_batch: str | None,
) -> Application:
    unit = Unit.get_or_none(Unit.id == data.unit_id)
    if unit is None:
        raise NotFound(tr("所选单位不存在。"))
    year = data.received_on.year
    serial = next_serial(unit.id, year, "application")
    if not reg_no:
        pattern = reg_pattern(unit.id)
        tokens = {
            "unit_short": unit.short_name or unit.name,
            "year": year,
            "month": data.received_on.month,
        }
        reg_no = format_number(pattern, serial=serial, **tokens)
        # A legacy number imported earlier may already hold this text: skip to the next serial.
        while Application.select().where(Application.reg_no == reg_no).exists():
            serial = next_serial(unit.id, year, "application")
            reg_no = format_number(pattern, serial=serial, **tokens)
    elif Application.select().where(Application.reg_no == reg_no).exists():
        raise InputError(tr("申请编号“{reg_no}”已存在。").format(reg_no=reg_no))
    app = Application.create(
        reg_no=reg_no,
        unit=unit.id,
        serial_year=year,
        serial=serial,
        received_on=data.received_on,
        channel=channel,
        applicant_type=data.applicant_type,
        applicant_name=data.applicant_name.strip(),
        id_number=ident,
        contact_phone=data.contact_phone.strip(),
        address=data.address.strip(),
        email=data.email.strip(),
        content=data.content.strip(),
        requested_form=data.requested_form,
        delivery=data.delivery,
        note=data.note,
        status="registered",
        created_by=actor.user_id,
        import_batch=import_batch,
    )
    ApplicationEvent.create(
        application=app.id,
        kind="receipt",
        on=data.received_on,
        detail=RECEIVED.format(channel=channel),
        actor=actor.user_id,
    )
    return app


# --- events ------------------------------------------------------------------------------------


def _load(app_id: int) -> Application:
    app = Application.get_or_none(Application.id == app_id)
    if app is None:
        raise NotFound(tr("申请（编号 {app_id}）不存在。").format(app_id=app_id))
    return app


def _load_for(actor: Actor, app_id: int) -> Application:
    """``_load`` for a step: another unit's case is "not found" before anything about its
    state (replied, fee notice sent, pauses…) can show in an error."""
    app = _load(app_id)
    if not actor.can_access_unit(app.unit_id):
        raise NotFound(tr("申请（编号 {app_id}）不存在。").format(app_id=app_id))
    return app


def _not_before(day: dt.date, earliest: dt.date, what: str, ref: str) -> None:
    if day < earliest:
        raise InputError(
            tr("{what}日期 {day} 早于{ref} {earliest}。").format(
                what=tr(what), day=day.isoformat(), ref=tr(ref), earliest=earliest.isoformat()
            )
        )


def _step(
    actor: Actor,
    app_id: int,
    event: str,
    on: dt.date,
    detail: str,
    updates: dict,
    *,
    action: str = "application.edit",
    party: str = "",
    end_on: dt.date | None = None,
    counterpart: str = "",
    requested: str = "",
    check=None,
    then=None,
) -> tuple[int, Changes]:
    """The common frame of an event: load, check transition, update, record event, audit."""
    app = _load(app_id)
    with change(actor, action, app.unit_id) as tx:
        app = Application.select().where(Application.id == app_id).get()  # fresh, in the tx
        new_status = app_workflow.transition(app.status, event)
        _not_before(on, app.received_on, app_workflow.event_label(event), N_("收到申请日期"))
        if check is not None:
            check(app)
        before = row_dict(app)
        fields = {**updates, "status": new_status, "version": app.version + 1}
        # Optimistic lock: a concurrent change of the same case makes this update miss.
        n = (
            Application.update(**fields)
            .where((Application.id == app.id) & (Application.version == app.version))
            .execute()
        )
        if n != 1:
            raise WorkflowError(tr("该申请刚被其他用户修改，请刷新后重试。"))
        ev = ApplicationEvent.create(
            application=app.id,
            kind=event,
            on=on,
            end_on=end_on,
            detail=detail,
            party=party,
            counterpart=counterpart,
            requested=requested,
            actor=actor.user_id,
        )
        if then is not None:
            then()
        fresh = Application.get_by_id(app.id)
        # Reply, fee payment… may alter a locked year's report; a 补正 or note never does.
        guard_application(app, fresh)
        after = row_dict(fresh)
        tx.audit(f"application.{event}", "application", app.id, before, after)
        tx.audit(f"application.{event}", "application_event", ev.id, None, row_dict(ev))
    return ev.id, tx.changes


def request_correction(
    actor: Actor, app_id: int, on: dt.date, detail: str = "", deadline: dt.date | None = None
) -> tuple[int, Changes]:
    """补正告知 (Art. 30): once only; ``deadline`` is the correction period given."""

    def check(app: Application) -> None:
        if app.correction_requested_on is not None:
            raise WorkflowError(tr("补正只能一次性告知，本申请已经告知过补正。"))
        if deadline is not None and deadline <= on:
            raise InputError(tr("补正期限应晚于告知日期。"))

    text = detail or CORRECTION_NOTICE
    if deadline is not None:
        text = CORRECTION_UNTIL.format(text=text, day=deadline.isoformat())
    return _step(
        actor,
        app_id,
        "correction_requested",
        on,
        text,
        {"correction_requested_on": on},
        end_on=deadline,
        requested=detail.strip(),
        check=check,
    )


def receive_correction(
    actor: Actor, app_id: int, on: dt.date, detail: str = ""
) -> tuple[int, Changes]:
    """Corrected application received: the reply clock restarts from this day."""

    def check(app: Application) -> None:
        _not_before(on, app.correction_requested_on, N_("收到补正"), N_("告知补正日期"))

    return _step(
        actor,
        app_id,
        "correction_received",
        on,
        detail or CORRECTION_RECEIVED,
        {"correction_received_on": on},
        check=check,
    )


def start_consultation(
    actor: Actor, app_id: int, on: dt.date, party: str, body_name: str, detail: str = ""
) -> tuple[int, Changes]:
    """Consultation of a third party (Art. 32) or another body (Art. 34): the clock pauses."""
    if party not in PAUSE_PARTIES:
        raise InputError(tr("征求意见对象应为第三方或其他机关。"))
    if not body_name.strip():
        raise InputError(tr("请填写被征求意见的第三方或机关名称。"))
    text = CONSULTATION.format(party=PAUSE_PARTIES[party], name=body_name.strip())
    text = WITH_REASON.format(text=text, reason=detail) if detail else text
    return _step(
        actor,
        app_id,
        "consultation_start",
        on,
        text,
        {},
        party=party,
        counterpart=body_name.strip(),
    )


def end_consultation(
    actor: Actor, app_id: int, on: dt.date, detail: str = ""
) -> tuple[int, Changes]:
    """The consultation ended (answer received or period over): the clock resumes."""
    _load_for(actor, app_id)
    start = _open_pause(app_id, "consultation_start")

    def check(app: Application) -> None:
        _not_before(on, start.on, N_("征求意见结束"), N_("征求意见开始日期"))

    return _step(
        actor,
        app_id,
        "consultation_end",
        on,
        detail or CONSULTATION_END,
        {},
        party=start.party,
        check=check,
        then=lambda: _close_pause(start.id, on),
    )


def _close_pause(event_id: int, on: dt.date) -> None:
    ApplicationEvent.update(end_on=on).where(ApplicationEvent.id == event_id).execute()


def _open_pause(app_id: int, kind: str) -> ApplicationEvent:
    ev = (
        ApplicationEvent.select()
        .where(
            (ApplicationEvent.application == app_id)
            & (ApplicationEvent.kind == kind)
            & ApplicationEvent.end_on.is_null()
        )
        .order_by(ApplicationEvent.id.desc())
        .first()
    )
    if ev is None:
        raise WorkflowError(tr("没有尚未结束的暂停。"))
    return ev


def approve_extension(
    actor: Actor, app_id: int, on: dt.date, reason: str = ""
) -> tuple[int, Changes]:
    """Extension by up to 20 working days (Art. 33), once only, approved by the head of the
    disclosure office: only an account with the leader role (主管领导) may do it, signed in as
    itself, and the case records that account — never a name typed by someone else."""
    if actor.user_id is None:
        raise PermissionDenied(tr("延期答复须由主管领导本人登录后批准。"))
    user = User.get_or_none(User.id == actor.user_id)
    approver = (user.name or user.login) if user is not None else actor.login

    def check(app: Application) -> None:
        if app.extended:
            raise WorkflowError(
                tr(
                    "本申请已于 {extension_on} 经 {extension_approver} 同意延期，延期只能一次（不超过 20 个工作日）。"
                ).format(extension_on=app.extension_on, extension_approver=app.extension_approver)
            )
        from disclosure_desk.services.applications.query import case_clocks

        clocks = case_clocks(app)
        if clocks.due is not None and on > clocks.due:
            raise WorkflowError(
                tr("答复期限已于 {due} 届满，不能在期满后再批准延期。").format(
                    due=clocks.due.isoformat()
                )
            )

    reason = (reason or "").strip()
    text = EXTENSION.format(approver=approver)
    text = WITH_REASON.format(text=text, reason=reason) if reason else text
    return _step(
        actor,
        app_id,
        "extension",
        on,
        text,
        {
            "extended": True,
            "extension_approver": approver,
            "extension_approved_by": actor.user_id,
            "extension_on": on,
        },
        action="application.extend_approve",
        check=check,
    )


def fee_quote(app: Application, method: str, pages: int | None = None):
    """The fee for this application by ``method``, with its arithmetic (domain.fees.FeeCalc)."""
    from disclosure_desk.domain.fees import FeeCalc, FeeLine

    if method == "per_page":
        if pages is None or pages < 0:
            raise InputError(tr("按量计收须填写页数。"))
        return per_page_fee(pages)
    if method == "per_application":
        from disclosure_desk.services.applications.query import month_position

        nth, _total = month_position(app)
        fee = per_application_fee(nth)
        rest = FEE_FREE if fee == 0 else FEE_CHARGED.format(fee=f"{fee:,}")
        text = FEE_NTH.format(name=app.applicant_name, nth=nth, rest=rest)
        lines = (FeeLine(FEE_LINE.format(nth=nth), 1, fee, fee),) if fee else ()
        return FeeCalc(fee, lines, text)
    raise InputError(tr("收费方式应为按件计收或按量计收（二者只能选其一）。"))


def fee_words(explanation: str) -> str:
    """A fee's arithmetic (FeeCalc.explanation, or the explanation part of a stored fee-notice
    docket line) in the interface language."""
    from disclosure_desk.domain.fees import read_explanation

    sentence = explanation if hasattr(explanation, "shown") else read_explanation(explanation)
    if sentence is not None:
        return tr_text(sentence)
    return tr_from(explanation, *DOCKET_TEMPLATES)


def month_fee_total(app_id: int):
    """The applicant's 按件 total for the calendar month of this application (FeeCalc)."""
    from disclosure_desk.domain.fees import per_application_month_total
    from disclosure_desk.services.applications.query import month_position

    _nth, total = month_position(_load(app_id))
    return per_application_month_total(total)


def issue_fee_notice(
    actor: Actor, app_id: int, on: dt.date, method: str, pages: int | None = None
) -> tuple[int, Changes]:
    """收费通知: the amount is computed, and the clock pauses until payment."""
    app = _load_for(actor, app_id)
    if app.fee_method:
        raise WorkflowError(tr("本申请已发出过收费通知，同一申请只能选择一种收费方式收费一次。"))
    calc = fee_quote(app, method, pages)
    if calc.amount_yuan <= 0:
        raise InputError(
            tr("{explanation} 无需发出收费通知。").format(explanation=fee_words(calc.explanation))
        )

    def check(a: Application) -> None:
        if a.fee_method:
            raise WorkflowError(
                tr("本申请已发出过收费通知，同一申请只能选择一种收费方式收费一次。")
            )

    return _step(
        actor,
        app_id,
        "fee_notice",
        on,
        FEE_NOTICE.format(method=FEE_METHODS[method], explanation=calc.explanation),
        {"fee_method": method, "fee_amount": Decimal(calc.amount_yuan), "fee_pages": pages},
        check=check,
    )


def record_fee_paid(
    actor: Actor, app_id: int, on: dt.date, amount: Decimal | int | None = None
) -> tuple[int, Changes]:
    """Payment received: records the amount collected and ends the fee pause."""
    app = _load_for(actor, app_id)
    start = _open_pause(app_id, "fee_notice")
    paid = checked_fee(app.fee_amount if amount is None else amount, N_("缴费金额"))

    def check(a: Application) -> None:
        _not_before(on, start.on, N_("缴费"), N_("收费通知日期"))

    return _step(
        actor,
        app_id,
        "fee_paid",
        on,
        FEE_PAID.format(amount=f"{paid:,.2f}"),
        {"fee_paid_on": on, "fee_collected": paid},
        check=check,
        then=lambda: _close_pause(start.id, on),
    )


def record_reply(
    actor: Actor,
    app_id: int,
    on: dt.date | None,
    outcome_code: str,
    legal_ground: str = "",
    detail: str = "",
) -> tuple[int, Changes]:
    """答复 with exactly one outcome of table 三 and its legal ground; once only."""
    if not (outcome_code or "").strip():
        raise InputError(tr("答复必须选择一个办理结果（年度报告表三中的一项）。"))
    if on is None:
        raise InputError(tr("请填写答复日期。"))
    outcome = outcome_by_code(outcome_code.strip())
    ground = (legal_ground or "").strip() or f"{REGULATION}{outcome.legal_ground}"
    app = _load_for(actor, app_id)
    if app.status in ("replied", "archived"):
        raise WorkflowError(
            tr(
                "本申请已于 {replied_on} 答复（{outcome_code}），不能重复答复；如需更正，请添加备注说明。"
            ).format(replied_on=app.replied_on, outcome_code=app.outcome_code)
        )

    def check(a: Application) -> None:
        app_workflow.check_reply_outcome(a.status, outcome.code)
        if a.correction_received_on is not None:
            _not_before(on, a.correction_received_on, N_("答复"), N_("收到补正日期"))

    return _step(
        actor,
        app_id,
        "reply",
        on,
        detail or f"{outcome.code} {outcome.label}",
        {"outcome_code": outcome.code, "outcome_ground": ground, "replied_on": on},
        check=check,
    )


def archive(actor: Actor, app_id: int, on: dt.date, detail: str = "") -> tuple[int, Changes]:
    """归档: the case file is complete; it stays in the database for good."""

    def check(a: Application) -> None:
        _not_before(on, a.replied_on, N_("归档"), N_("答复日期"))

    return _step(actor, app_id, "archive", on, detail or ARCHIVED, {"archived_on": on}, check=check)


def add_note(actor: Actor, app_id: int, on: dt.date, text: str) -> tuple[int, Changes]:
    if not text.strip():
        raise InputError(tr("备注内容不能为空。"))
    return _step(actor, app_id, "note", on, text.strip(), {})
