"""Records of the duties beyond the register: Art. 44 proposals, hand-overs, training.

Each change goes through the change envelope (permission, one transaction, audit) and respects
the actor's units; training records of a locked report year are refused like any other record
that feeds the annual report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from disclosure_desk.domain import duties as d
from disclosure_desk.domain.errors import Cancelled, InputError, PermissionDenied
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.review_workflow import PUBLISHED
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.context import change, row_dict
from disclosure_desk.services.common.scope import resolve_scope
from disclosure_desk.services.reporting.year_lock import check_year_unlocked
from disclosure_desk.store.models import (
    Application,
    Attachment,
    DisclosureProposal,
    Handover,
    Item,
    TrainingSession,
    Unit,
)

MIN_APPLICANTS_DEFAULT = 3
RECIPIENTS = d.HANDOVER_RECIPIENTS


def unit_id_by_code(code: str) -> int:
    unit = Unit.get_or_none(Unit.code == code.strip())
    if unit is None:
        raise InputError(tr("没有代码为“{code}”的单位。").format(code=code))
    return unit.id


def _check_unit(actor: Actor, unit_id: int | None) -> None:
    if not actor.can_access_unit(unit_id):
        raise PermissionDenied(
            tr("当前用户 {login} 只能处理本单位的记录。").format(login=actor.login)
        )


# --- Art. 44 ----------------------------------------------------------------------------------


@dataclass
class ProposalView:
    proposal: d.Proposal
    unit_name: str
    decision: str  # "" undecided / adopt / reject
    reason: str
    decided_by: str
    decided_on: dt.date | None
    item_index_no: str


def proposals(
    actor: Actor,
    since: dt.date | None = None,
    min_applicants: int = MIN_APPLICANTS_DEFAULT,
    unit_code: str | None = None,
) -> list[ProposalView]:
    """Groups of disclosed replies (since ``since``, default the last 12 months) that several
    applicants asked for, with any decision already recorded; undecided first."""
    actor.require("record.view")
    scope = resolve_scope(actor, unit_code)
    since = since or dt.date.today() - dt.timedelta(days=365)
    q = Application.select(
        Application.id,
        Application.unit,
        Application.reg_no,
        Application.id_number,
        Application.applicant_name,
        Application.content,
        Application.outcome_code,
        Application.replied_on,
    ).where(
        Application.replied_on >= since,
        Application.outcome_code.in_(d.DISCLOSED_OUTCOMES),
        scope.where(Application.unit),
    )
    replies = [
        d.ReplyFacts(i, u, reg, (ident or "").upper() or name, content or "", code, replied)
        for i, u, reg, ident, name, content, code, replied in q.tuples()
    ]
    groups = d.art44_proposals(replies, min_applicants)
    stored = {
        (p.unit_id, p.key): p
        for p in DisclosureProposal.select().where(scope.where(DisclosureProposal.unit))
    }
    names = dict(Unit.select(Unit.id, Unit.name).tuples())
    out = []
    for g in groups:
        row = stored.get((g.unit_id, g.key))
        out.append(
            ProposalView(
                g,
                names.get(g.unit_id, ""),
                row.decision if row else "",
                row.reason if row else "",
                row.decided_by if row else "",
                row.decided_on if row else None,
                row.item.index_no if row and row.item_id else "",
            )
        )
    return sorted(out, key=lambda v: (v.decision != "", -v.proposal.applicants, v.proposal.key))


def decide_proposal(
    actor: Actor,
    unit_id: int,
    key: str,
    decision: str,
    reason: str = "",
    item_index_no: str = "",
    min_applicants: int = MIN_APPLICANTS_DEFAULT,
):
    """Record adopt (with the published item, if already registered) or reject (with a reason)."""
    if decision not in ("adopt", "reject"):
        raise InputError(tr("决定只能是“纳入主动公开”或“不纳入”。"))
    if decision == "reject" and not reason.strip():
        raise InputError(tr("不纳入主动公开时须写明理由。"))
    _check_unit(actor, unit_id)
    group = next(
        (
            v.proposal
            for v in proposals(actor, dt.date(2000, 1, 1), min_applicants)
            if v.proposal.unit_id == unit_id and v.proposal.key == key
        ),
        None,
    )
    if group is None:
        raise InputError(tr("没有以 {key} 开头的待决定建议。").format(key=key))
    item = None
    if item_index_no.strip():
        item = Item.get_or_none(Item.index_no == item_index_no.strip())
        if item is None:
            raise InputError(
                tr("没有索引号为 {item_index_no} 的信息。").format(item_index_no=item_index_no)
            )
    with change(actor, "application.edit", unit_id) as tx:
        row = DisclosureProposal.get_or_none(
            (DisclosureProposal.unit == unit_id) & (DisclosureProposal.key == key)
        )
        before = row_dict(row) if row else None
        values = dict(
            content=group.content,
            case_ids=",".join(str(c.id) for c in group.cases),
            applicants=group.applicants,
            decision=decision,
            reason=reason.strip(),
            item=item,
            decided_by=actor.login,
            decided_on=dt.date.today(),
        )
        if row is None:
            row = DisclosureProposal.create(unit=unit_id, key=key, **values)
        else:
            DisclosureProposal.update(**values).where(DisclosureProposal.id == row.id).execute()
            row = DisclosureProposal.get_by_id(row.id)
        tx.audit("proposal.decide", "disclosure_proposal", row.id, before, row_dict(row))
    return tx.changes


def proposal_counts(actor: Actor, year: int, unit_code: str | None = None) -> dict[str, int]:
    """Decisions recorded in ``year``: adopted and rejected (for the monthly sheet and section 五)."""
    scope = resolve_scope(actor, unit_code)
    q = DisclosureProposal.select(DisclosureProposal.decision).where(
        DisclosureProposal.decided_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        scope.where(DisclosureProposal.unit),
    )
    out = {"adopt": 0, "reject": 0}
    for (decision,) in q.tuples():
        if decision in out:
            out[decision] += 1
    return out


# --- hand-over to the archive and the public library (Art. 25) --------------------------------


@dataclass(frozen=True)
class Package:
    path: Path
    sha256: str
    items: int
    files: int


def build_handover_package(
    actor: Actor,
    year: int,
    path: Path,
    unit_code: str | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> Package:
    """A zip of the year's published items: catalogue.csv, each item's text and attachments, and
    a manifest with a SHA-256 per file. Written to a temporary name, renamed when whole."""
    actor.require("record.view")
    scope = resolve_scope(actor, unit_code)
    q = (
        Item.select(
            Item.id,
            Item.index_no,
            Item.title,
            Item.doc_no,
            Item.publisher,
            Item.published_on,
            Item.genre,
            Item.body,
        )
        .where(
            Item.status == PUBLISHED,
            Item.published_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            scope.where(Item.unit),
        )
        .order_by(Item.published_on, Item.index_no)
    )
    rows = list(q.tuples())
    if not rows:
        raise InputError(tr("{year} 年没有已发布的信息，无需移交。").format(year=year))
    manifest: list[dict[str, object]] = []
    catalogue = io.StringIO()
    catalogue.write("\ufeff索引号,标题,文号,发布机构,发布日期,体裁,文件\n")
    tmp = path.with_name(path.name + ".part")
    files = 0
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:

            def put(name: str, data: bytes) -> None:
                zf.writestr(name, data)
                manifest.append(
                    {"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                )

            for n, (iid, index_no, title, doc_no, publisher, pub, genre, body) in enumerate(
                rows, 1
            ):
                if progress and not progress(n, len(rows)):
                    raise Cancelled(tr("已取消，未生成移交包。"))
                folder = f"items/{index_no.replace('/', '_')}"
                put(f"{folder}/正文.txt", f"{title}\n{doc_no}\n\n{body}".encode())
                names = ["正文.txt"]
                for fname, data in (
                    Attachment.select(Attachment.filename, Attachment.data)
                    .where(Attachment.item == iid)
                    .tuples()
                ):
                    if data is not None:
                        put(f"{folder}/附件/{fname}", bytes(data))
                        names.append(f"附件/{fname}")
                files += len(names)
                cells = [index_no, title, doc_no, publisher, str(pub), genre, "；".join(names)]
                catalogue.write(",".join('"' + c.replace('"', '""') + '"' for c in cells) + "\n")
            put("目录.csv", catalogue.getvalue().encode("utf-8"))
            zf.writestr(
                "manifest.json",
                json.dumps(
                    {"year": year, "scope": scope.unit_name, "items": len(rows), "files": manifest},
                    ensure_ascii=False,
                    indent=1,
                ),
            )
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    with change(actor, None) as tx:
        tx.audit(
            "handover.package",
            "item",
            "",
            None,
            {"year": year, "items": len(rows), "file": path.name, "sha256": digest},
        )
    return Package(path, digest, len(rows), files)


def record_handover(
    actor: Actor,
    year: int,
    recipient: str,
    handed_on: dt.date,
    package: Package | None,
    note: str = "",
    unit_code: str | None = None,
):
    """Record that the year's package was handed to ``recipient`` (档案馆 / 公共图书馆)."""
    if recipient not in RECIPIENTS:
        raise InputError(tr("移交对象应为“档案馆”或“公共图书馆”。"))
    if handed_on > dt.date.today():
        raise InputError(tr("移交日期不能晚于今天。"))
    scope = resolve_scope(actor, unit_code)
    with change(actor, "item.edit", scope.unit_id) as tx:
        row = Handover.create(
            unit=scope.unit_id,
            year=year,
            recipient=recipient,
            handed_on=handed_on,
            items=package.items if package else 0,
            files=package.files if package else 0,
            package_name=package.path.name if package else "",
            package_sha256=package.sha256 if package else "",
            note=note.strip(),
            recorded_by=actor.login,
        )
        tx.audit("handover.record", "handover", row.id, None, row_dict(row))
    return tx.changes


def handovers(actor: Actor, year: int | None = None) -> list[Handover]:
    actor.require("record.view")
    q = Handover.select().order_by(Handover.handed_on.desc())
    if year:
        q = q.where(Handover.year == year)
    # A body-wide hand-over (no unit) is visible to everyone who may view records.
    return [h for h in q if actor.can_access_unit(h.unit_id)]


# --- training (学习培训) -------------------------------------------------------------------------


def _hours(text: str | float | Decimal) -> Decimal:
    try:
        value = Decimal(str(text).strip() or "0")
    except InvalidOperation:
        raise InputError(tr("学时应为数字：{text}").format(text=text)) from None
    if not value.is_finite() or value < 0 or value > 1000:
        raise InputError(tr("学时应在 0 到 1000 之间：{text}").format(text=text))
    return value


def add_training(
    actor: Actor,
    unit_id: int,
    kind: str,
    title: str,
    held_on: dt.date,
    hours: str | float = 0,
    attendee_names: str = "",
    attendees: int | None = None,
    note: str = "",
):
    """A training plan or a held session; attendance from a name list (、，, or new lines)."""
    if kind not in ("plan", "session"):
        raise InputError(tr("类型应为“培训计划”或“培训”。"))
    if not title.strip():
        raise InputError(tr("请填写培训主题。"))
    names = [
        n.strip()
        for n in attendee_names.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")
        if n.strip()
    ]
    count = len(names) if attendees is None else attendees
    if count < 0 or count > 100000:
        raise InputError(tr("参训人数不正确。"))
    _check_unit(actor, unit_id)
    check_year_unlocked(held_on, unit_id)
    with change(actor, "item.edit", unit_id) as tx:
        row = TrainingSession.create(
            unit=unit_id,
            kind=kind,
            title=title.strip(),
            held_on=held_on,
            hours=_hours(hours),
            attendees=count,
            attendee_names="、".join(names),
            note=note.strip(),
            created_by=actor.user_id,
        )
        tx.audit("training.add", "training_session", row.id, None, row_dict(row))
    return tx.changes


def delete_training(actor: Actor, session_id: int):
    row = TrainingSession.get_or_none(TrainingSession.id == session_id)
    if row is None:
        raise InputError(tr("这条培训记录不存在。"))
    _check_unit(actor, row.unit_id)
    check_year_unlocked(row.held_on, row.unit_id)
    with change(actor, "item.edit", row.unit_id) as tx:
        before = row_dict(row)
        row.delete_instance()
        tx.audit("training.delete", "training_session", session_id, before, None)
    return tx.changes


def trainings(actor: Actor, year: int, unit_code: str | None = None) -> list[TrainingSession]:
    actor.require("record.view")
    scope = resolve_scope(actor, unit_code)
    return list(
        TrainingSession.select()
        .where(
            TrainingSession.held_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            scope.where(TrainingSession.unit),
        )
        .order_by(TrainingSession.held_on)
    )


def training_summary(actor: Actor, year: int, unit_code: str | None = None) -> str:
    rows = [
        d.TrainingFacts(t.held_on, t.kind, float(t.hours), t.attendees)
        for t in trainings(actor, year, unit_code)
    ]
    return d.training_summary(rows, year)
