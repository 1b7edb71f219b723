"""The audit log in words: who (name and login), what (a verb, not ``application.letter``),
which record (its 索引号, 申请编号, login or name, not ``user 2``) and what changed
(``字段：旧值 → 新值`` instead of raw JSON)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from disclosure_desk.domain.app_workflow import EVENT_LABELS
from disclosure_desk.i18n import N_, tr, tr_value
from disclosure_desk.services.admin.audit import AuditRow
from disclosure_desk.store.models import Application, Item, Unit, User

ACTION_WORDS: dict[str, str] = {
    "init": N_("创建数据库"),
    "demo.generate": N_("生成演示数据"),
    "signin": N_("登录"),
    "signin.failed": N_("登录失败"),
    "appeal.create": N_("登记复议诉讼"),
    "appeal.conclude": N_("登记复议诉讼结果"),
    "application.register": N_("登记申请"),
    "application.edit": N_("修改申请"),
    "application.import": N_("导入申请"),
    "application.letter": N_("出具文书"),
    "application.event": N_("办理环节"),
    "application.extend_approve": N_("批准延期"),
    "application.reg_pattern": N_("修改申请编号格式"),
    "application.letter_pattern": N_("修改文书编号格式"),
    "application.phone": N_("修改咨询电话"),
    "application.review_body": N_("修改复议机关"),
    "application.repeat_window_days": N_("修改重复申请期间"),
    "backup.run": N_("备份数据库"),
    "backup.restore": N_("恢复备份"),
    "restore": N_("恢复备份"),
    "calendar.edit": N_("修改节假日"),
    "calendar.delete": N_("删除节假日"),
    "calendar.import": N_("导入节假日"),
    "item.create": N_("新建信息"),
    "item.edit": N_("修改信息"),
    "item.import": N_("导入信息"),
    "item.mask": N_("脱敏替换"),
    "item.publish": N_("发布信息"),
    "item.repeal": N_("废止信息"),
    "item.submit": N_("提交审查"),
    "item.attachment_add": N_("添加附件"),
    "item.attachment_remove": N_("删除附件"),
    "item.coordination_add": N_("登记协调"),
    "item.coordination_edit": N_("修改协调"),
    "item.coordination_remove": N_("删除协调"),
    "item.validity_reviewed": N_("复核有效性"),
    "item.withdraw": N_("撤回信息"),
    "item.topics": N_("修改主题分类"),
    "item.genres": N_("修改体裁"),
    "keyword.set": N_("修改敏感词"),
    "keyword.edit": N_("修改敏感词"),
    "keyword.remove": N_("删除敏感词"),
    "report.edit": N_("修改年度报告"),
    "report.lock": N_("锁定年度"),
    "report.unlock": N_("解锁年度"),
    "report.narratives": N_("修改报告文字"),
    "review.submit": N_("提交审查"),
    "review.approve": N_("审查通过"),
    "review.return": N_("审查退回"),
    "review.override": N_("放行"),
    "review.recall": N_("撤回审查"),
    "setting.edit": N_("修改设置"),
    "settings.edit": N_("修改设置"),
    "settings.security": N_("修改安全设置"),
    "stats.set": N_("填报统计台账"),
    "stats.edit": N_("修改统计台账"),
    "stats.delete": N_("删除统计台账"),
    "unit.create": N_("新增单位"),
    "unit.edit": N_("修改单位"),
    "user.create": N_("新增用户"),
    "user.edit": N_("修改用户"),
    "user.activate": N_("启用用户"),
    "user.deactivate": N_("停用用户"),
    "user.password": N_("修改密码"),
    "user.password_reset": N_("重置密码"),
    "user.unlock": N_("解除锁定"),
}
TABLE_WORDS: dict[str, str] = {
    "item": N_("信息"),
    "application": N_("申请"),
    "application_event": N_("办理环节"),
    "appeal": N_("复议诉讼"),
    "letter": N_("文书"),
    "user": N_("用户"),
    "unit": N_("单位"),
    "item_review": N_("审查"),
    "attachment": N_("附件"),
    "coordination": N_("协调"),
    "holiday": N_("节假日"),
    "setting": N_("设置"),
    "stat_entry": N_("统计台账"),
    "report_year": N_("年度报告"),
    "scan_keyword": N_("敏感词"),
}
FIELD_WORDS: dict[str, str] = {
    "title": N_("标题"),
    "status": N_("状态"),
    "index_no": N_("索引号"),
    "doc_no": N_("文号"),
    "publisher": N_("发布机构"),
    "formed_on": N_("成文日期"),
    "published_on": N_("发布日期"),
    "disclosure": N_("公开属性"),
    "topic": N_("主题分类"),
    "genre": N_("体裁"),
    "validity": N_("有效性"),
    "repealed_on": N_("废止日期"),
    "keywords": N_("关键词"),
    "summary": N_("内容概述"),
    "body": N_("正文"),
    "unit": N_("单位"),
    "unit_id": N_("单位"),
    "name": N_("名称"),
    "login": N_("登录名"),
    "roles": N_("角色"),
    "active": N_("启用"),
    "reg_no": N_("申请编号"),
    "applicant_name": N_("申请人"),
    "received_on": N_("收到日期"),
    "replied_on": N_("答复日期"),
    "outcome_code": N_("办理结果"),
    "decision": N_("审查结论"),
    "comment": N_("意见"),
    "short_name": N_("简称"),
    "value": N_("值"),
    "kind": N_("类型"),
    "number": N_("编号"),
    "on": N_("日期"),
    "detail": N_("说明"),
    "party": N_("第三方"),
    "end_on": N_("结束日期"),
    "note": N_("备注"),
    "channel": N_("方式"),
    "secrecy": N_("密级"),
    "channels": N_("公开方式"),
    "applicant_type": N_("申请人类型"),
    "answer": N_("答复"),
    "recipient": N_("移交对象"),
    "content": N_("申请内容"),
    "extended": N_("已延期"),
    "fee_amount": N_("收费金额"),
    "index_prefix": N_("索引号前段码"),
    "seed": N_("随机种子"),
    "items": N_("信息"),
    "units": N_("单位"),
    "applications": N_("申请"),
}
# Bookkeeping and references by id: never shown.
HIDDEN_FIELDS = frozenset(
    {"id", "created_at", "updated_at", "actor", "password_hash", "hash", "prev_hash", "search_text"}
)
MAX_VALUE = 40


@dataclass(frozen=True)
class AuditText:
    when: str
    who: str
    what: str
    record: str
    changes: str  # "状态：草稿 → 待审；标题：…" or the one value recorded
    action: str = ""  # the stored code (filters, tests)


# Fields holding a stored vocabulary value: shown in the interface language (the log keeps them).
FIELD_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "status": ("item_status", "application_status"),
    "disclosure": ("disclosure",),
    "decision": ("decision",),
    "secrecy": ("secrecy",),
    "validity": ("validity",),
    "channel": ("channel",),
    "channels": ("publish_channel",),
    "applicant_type": ("applicant_type",),
    "answer": ("coordination",),
    "outcome_code": ("outcome",),
    "recipient": ("recipient",),
}


def _vocabulary(key: str, v: str) -> str:
    for table in FIELD_VOCABULARIES.get(key, ()):
        shown = tr_value(table, v)
        if shown != v:
            return shown
    return v


def _value(v: object, key: str = "") -> str:
    if v is None or v == "":
        return tr("（空）")
    if isinstance(v, bool):
        return tr("是") if v else tr("否")
    if isinstance(v, list | tuple):
        return tr("、").join(_value(x, key) for x in v)
    if isinstance(v, dict):
        return tr("；").join(
            f"{tr(FIELD_WORDS.get(k, k))}{tr('：')}{_value(x, k)}" for k, x in v.items()
        )
    if isinstance(v, str) and key in FIELD_VOCABULARIES:
        v = _vocabulary(key, v)
    text = str(v).replace("\\", " › ") if isinstance(v, str) and "\\" in str(v) else str(v)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _roles(value: object) -> object:
    """ "admin,supervisor" → "系统管理员、主管领导"."""
    if not isinstance(value, str) or not value:
        return value
    from disclosure_desk.domain.permissions import ROLE_LABELS

    return "、".join(
        tr(ROLE_LABELS.get(r.strip(), r.strip())) for r in value.split(",") if r.strip()
    )


def _parse(text: str) -> object:
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        return text


def changes_text(before: str, after: str) -> str:
    """``字段：旧 → 新`` for every field that differs; a single value when not a mapping."""
    old, new = _parse(before), _parse(after)
    if isinstance(old, dict) or isinstance(new, dict):
        old = old if isinstance(old, dict) else {}
        new = new if isinstance(new, dict) else {}
        parts = []
        for key in list(dict.fromkeys([*old, *new])):
            if old.get(key) == new.get(key) or _hidden(key, old.get(key, new.get(key))):
                continue
            label = tr(FIELD_WORDS.get(key, key))
            if key == "roles":
                old, new = {**old, key: _roles(old.get(key))}, {**new, key: _roles(new.get(key))}
            if key in old and key in new:
                parts.append(f"{label}{tr('：')}{_value(old[key], key)} → {_value(new[key], key)}")
            elif key in new:
                parts.append(f"{label}{tr('：')}{_value(new[key], key)}")
            else:
                parts.append(f"{label}{tr('：')}{_value(old[key], key)} → {tr('（删除）')}")
        return tr("；").join(parts)
    if old is not None and new is not None:
        return f"{_value(old)} → {_value(new)}"
    return _value(new if new is not None else old) if (old or new) else ""


def _hidden(key: str, value: object) -> bool:
    if key in HIDDEN_FIELDS or (key.endswith("_id") and key != "unit_id"):
        return True
    # A reference to another record by its id ("application": 12): the record column names it.
    return key in TABLE_WORDS and key != "unit" and isinstance(value, int)


def action_text(action: str) -> str:
    if action in ACTION_WORDS:
        return tr(ACTION_WORDS[action])
    prefix, _dot, rest = action.partition(".")
    if prefix == "application" and rest in EVENT_LABELS:
        return tr(EVENT_LABELS[rest])
    return action


def _refs(rows: list[AuditRow]) -> dict[tuple[str, str], str]:
    """Human references for the records of these rows, in one query per table."""
    wanted: dict[str, set[int]] = {}
    for r in rows:
        if r.record_id and str(r.record_id).isdigit():
            wanted.setdefault(r.table, set()).add(int(r.record_id))
    refs: dict[tuple[str, str], str] = {}
    sources = {
        "item": (Item, lambda x: x.index_no or x.title),
        "application": (Application, lambda x: x.reg_no),
        "user": (User, lambda x: f"{x.name}（{x.login}）" if x.name else x.login),
        "unit": (Unit, lambda x: x.name),
    }
    for table, ids in wanted.items():
        if table not in sources:
            continue
        model, ref = sources[table]
        for rec in model.select().where(model.id.in_(sorted(ids))):
            refs[(table, str(rec.id))] = ref(rec)
    return refs


def describe(rows: list[AuditRow]) -> list[AuditText]:
    """The rows in words, same order."""
    refs = _refs(rows)
    names = dict(User.select(User.login, User.name).tuples())
    out = []
    for r in rows:
        who = f"{names[r.user]}（{r.user}）" if names.get(r.user) else (r.user or tr("系统"))
        noun = tr(TABLE_WORDS.get(r.table, r.table))
        ref = refs.get((r.table, str(r.record_id)))
        if ref:
            record = f"{noun} {ref}"
        elif r.table and r.table in TABLE_WORDS:
            record = (
                noun if not r.record_id or str(r.record_id).isdigit() else f"{noun} {r.record_id}"
            )
        else:
            record = f"{noun} {r.record_id}".strip()
        out.append(
            AuditText(
                r.ts.replace("T", " "),
                who,
                action_text(r.action),
                record,
                changes_text(r.before, r.after),
                r.action,
            )
        )
    return out
