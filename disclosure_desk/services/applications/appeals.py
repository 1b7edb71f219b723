"""行政复议 / 行政诉讼 records linked to an application case (annual report section 四)."""

from __future__ import annotations

import datetime as dt

from disclosure_desk.domain.errors import InputError, NotFound, WorkflowError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.vocabulary import APPEAL_KINDS, APPEAL_RESULTS
from disclosure_desk.i18n import tr
from disclosure_desk.services.applications import cases as core
from disclosure_desk.services.common.context import Changes, change, row_dict
from disclosure_desk.services.reporting.year_lock_guard import guard_appeal
from disclosure_desk.store.models import Appeal


def add_appeal(
    actor: Actor, app_id: int, kind: str, filed_on: dt.date, note: str = ""
) -> tuple[int, Changes]:
    """Record a 复议 or 诉讼 about the reply to this case."""
    if kind not in APPEAL_KINDS:
        raise InputError(tr("类型应为行政复议、未经复议直接起诉或复议后起诉。"))
    app = core._load(app_id)
    actor.require("application.edit", app.unit_id)  # before anything about the case is said
    if app.replied_on is None:
        raise WorkflowError(tr("申请尚未答复，不能登记行政复议或诉讼。"))
    if filed_on < app.replied_on:
        raise InputError(
            tr("提起日期 {filed_on} 早于答复日期 {replied_on}。").format(
                filed_on=filed_on.isoformat(), replied_on=app.replied_on
            )
        )
    with change(actor, "application.edit", app.unit_id) as tx:
        appeal = Appeal.create(
            application=app.id, unit=app.unit_id, kind=kind, filed_on=filed_on, note=note
        )
        guard_appeal(None, appeal)  # 表四 counts appeals in their filing year
        tx.audit("appeal.create", "appeal", appeal.id, None, row_dict(appeal))
    return appeal.id, tx.changes


def conclude_appeal(actor: Actor, appeal_id: int, result: str, concluded_on: dt.date) -> Changes:
    """The result (维持 / 纠正 / 其他) and the date the case concluded."""
    if result not in APPEAL_RESULTS:
        raise InputError(tr("结果应为维持、纠正或其他。"))
    appeal = Appeal.get_or_none(Appeal.id == appeal_id)
    if appeal is None:
        raise NotFound(tr("该复议或诉讼记录不存在。"))
    actor.require("application.edit", appeal.unit_id)
    if concluded_on < appeal.filed_on:
        raise InputError(tr("审结日期早于提起日期。"))
    if appeal.result:
        raise WorkflowError(tr("该复议或诉讼已经登记过结果。"))
    with change(actor, "application.edit", appeal.unit_id) as tx:
        before = row_dict(appeal)
        Appeal.update(result=result, concluded_on=concluded_on).where(
            Appeal.id == appeal.id
        ).execute()
        fresh = Appeal.get_by_id(appeal.id)
        # A conclusion dated in the filing year moves the case out of 尚未审结 of that year.
        guard_appeal(appeal, fresh)
        tx.audit("appeal.conclude", "appeal", appeal.id, before, row_dict(fresh))
    return tx.changes
