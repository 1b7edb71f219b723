"""Roles and the one permission matrix every service checks (the UI only mirrors it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from disclosure_desk.domain.errors import PermissionDenied, Term

ROLES: tuple[tuple[str, str], ...] = (
    ("officer", "信息员"),
    ("reviewer", "审核人"),
    ("supervisor", "主管领导"),
    ("admin", "系统管理员"),
)
ROLE_LABELS = dict(ROLES)

# Roles that see and change every unit's records; the others are confined to their own unit tree.
SPANNING_ROLES = frozenset({"supervisor", "admin"})

MATRIX: dict[str, frozenset[str]] = {
    "record.view": frozenset({"officer", "reviewer", "supervisor", "admin"}),
    "item.edit": frozenset({"officer", "supervisor", "admin"}),
    "item.submit": frozenset({"officer", "supervisor", "admin"}),
    "item.review": frozenset({"reviewer", "supervisor"}),
    "item.publish": frozenset({"officer", "reviewer", "supervisor"}),
    "keyword.edit": frozenset({"reviewer", "supervisor", "admin"}),
    "item.import": frozenset({"officer", "supervisor", "admin"}),
    "application.edit": frozenset({"officer", "supervisor", "admin"}),
    # 延期 needs the head of the disclosure office (条例 Art. 33): the leader role only.
    "application.extend_approve": frozenset({"supervisor"}),
    "application.import": frozenset({"officer", "supervisor", "admin"}),
    "stats.edit": frozenset({"officer", "supervisor", "admin"}),
    "report.view": frozenset({"officer", "reviewer", "supervisor", "admin"}),
    "report.edit": frozenset({"supervisor", "officer"}),
    "report.lock": frozenset({"supervisor"}),
    "report.unlock": frozenset({"supervisor", "admin"}),
    "user.manage": frozenset({"admin"}),
    "unit.manage": frozenset({"admin"}),
    "settings.edit": frozenset({"admin"}),
    "calendar.edit": frozenset({"admin"}),
    "audit.view": frozenset({"supervisor", "admin"}),
    "backup.run": frozenset({"supervisor", "admin"}),
    "backup.restore": frozenset({"admin"}),
    "demo.generate": frozenset({"admin"}),
    # Exports with 证件号码 and 联系电话 in clear (masked by default, PRODUCT.md §4.1).
    "export.unmasked": frozenset({"supervisor", "admin"}),
}

ACTION_LABELS = {
    "item.edit": "登记和修改信息",
    "item.review": "保密审查",
    "item.publish": "发布信息",
    "keyword.edit": "维护敏感词",
    "application.edit": "办理依申请公开",
    "application.extend_approve": "批准延期答复（须主管领导）",
    "report.lock": "锁定年度报告",
    "report.unlock": "解锁年度报告",
    "user.manage": "管理用户",
    "unit.manage": "管理单位",
    "settings.edit": "修改设置",
    "calendar.edit": "维护节假日",
    "audit.view": "查看审计日志",
    "backup.restore": "恢复备份",
    "demo.generate": "生成演示数据",
    "export.unmasked": "导出未遮盖的个人信息",
}

# Called as hook(actor, action, message) whenever require() refuses; the services layer
# registers one that writes the refusal to the audit log (denied attempts are audited, §4.1).
DENIAL_HOOKS: list[Callable[[Actor, str, str], None]] = []


def _denied(actor: Actor, action: str, message: str, /, **params: object) -> PermissionDenied:
    error = PermissionDenied(message, **params)
    for hook in list(DENIAL_HOOKS):
        try:
            hook(actor, action, error.chinese)  # the audit log keeps the Chinese
        except Exception:  # noqa: BLE001 — auditing a refusal must never hide the refusal
            pass
    return error


@dataclass(frozen=True)
class Actor:
    """Who is acting: the signed-in user, or the system for maintenance commands."""

    login: str
    name: str = ""
    user_id: int | None = None
    unit_id: int | None = None
    roles: frozenset[str] = frozenset()
    # Units this actor may touch; None means every unit (spanning role or system).
    unit_ids: frozenset[int] | None = field(default=None)

    @property
    def spans_units(self) -> bool:
        return self.unit_ids is None

    def can(self, action: str) -> bool:
        allowed = MATRIX.get(action)
        if allowed is None:
            raise KeyError(f"unknown action {action}")
        return bool(self.roles & allowed)

    def can_access_unit(self, unit_id: int | None) -> bool:
        return self.unit_ids is None or unit_id is None or unit_id in self.unit_ids

    def require(self, action: str, unit_id: int | None = None) -> None:
        if not self.can(action):
            label = ACTION_LABELS.get(action, action)
            roles = tuple(ROLE_LABELS.get(r, r) for r in sorted(self.roles)) or "无角色"
            raise _denied(
                self,
                action,
                "当前用户 {login}（{roles}）无权{action}。",
                login=self.login,
                roles=roles,
                action=Term("permission", label),
            )
        if not self.can_access_unit(unit_id):
            raise _denied(self, action, "当前用户 {login} 只能处理本单位的记录。", login=self.login)


SYSTEM = Actor(login="system", name="系统", roles=frozenset({"admin", "supervisor"}))


def parse_roles(text: str) -> frozenset[str]:
    roles = frozenset(r.strip() for r in text.replace("，", ",").split(",") if r.strip())
    unknown = roles - set(ROLE_LABELS)
    if unknown:
        from disclosure_desk.domain.errors import InputError

        raise InputError(
            "未知角色：{roles}（可选 officer、reviewer、supervisor、admin）",
            roles=tuple(sorted(unknown)),
        )
    return roles
