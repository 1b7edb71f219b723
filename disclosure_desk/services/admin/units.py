"""Administration of units (bodies and sub-units) and their 索引号 prefix and pattern.

Admin-only (``unit.manage``); every change is one audited transaction. A prefix that fails its
check digit (domain/index_numbers.py ``prefix_warning``) is saved but returned as a warning,
because local codes are legitimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure_desk.domain import catalogs
from disclosure_desk.domain.errors import ConflictError, InputError, NotFound
from disclosure_desk.domain.index_numbers import (
    DEFAULT_PATTERN,
    INDEX_TOKENS,
    prefix_warning,
    validate_pattern,
)
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.context import Changes, change, row_dict
from disclosure_desk.services.common.scope import visible
from disclosure_desk.store.models import Unit

UNIT_KINDS = catalogs.UNIT_KINDS
_UNIT_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
_UNIT_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "parent",
    "index_prefix",
    "index_pattern",
    "address",
    "phone",
    "active",
)


@dataclass(frozen=True)
class UnitResult:
    """The saved unit and, when its 索引号 prefix fails a check digit, a warning to show."""

    unit_id: int
    prefix_warning: str | None


def _unit(unit_id: int) -> Unit:
    unit = Unit.get_or_none(Unit.id == unit_id)
    if unit is None:
        raise NotFound(tr("没有编号为 {unit_id} 的单位。").format(unit_id=unit_id))
    return unit


# ---------------------------------------------------------------- units


def _check_unit_fields(code: str, name: str, kind: str, index_pattern: str) -> None:
    if not _UNIT_CODE_RE.match(code):
        raise InputError(tr("单位代码须为 1–20 个字母、数字、下划线或连字符。"))
    if not name:
        raise InputError(tr("请填写单位名称。"))
    if kind not in UNIT_KINDS:
        raise InputError(tr("单位类型只能是{value}。").format(value="、".join(UNIT_KINDS)))
    validate_pattern(index_pattern, INDEX_TOKENS)


def _check_parent(unit_id: int | None, parent_id: int | None) -> Unit | None:
    if parent_id is None:
        return None
    parent = _unit(parent_id)
    # Walk up from the new parent: reaching the unit itself would make a cycle.
    seen: set[int] = set()
    node: Unit | None = parent
    while node is not None and node.id not in seen:
        if unit_id is not None and node.id == unit_id:
            raise InputError(tr("上级单位不能是本单位或其下级单位。"))
        seen.add(node.id)
        node = Unit.get_or_none(Unit.id == node.parent_id) if node.parent_id else None
    return parent


def create_unit(
    actor: Actor,
    code: str,
    name: str,
    *,
    kind: str = catalogs.UNIT_DEPARTMENT,
    parent_id: int | None = None,
    short_name: str = "",
    index_prefix: str = "",
    index_pattern: str = DEFAULT_PATTERN,
    address: str = "",
    phone: str = "",
) -> tuple[UnitResult, Changes]:
    """Add a unit; a 索引号 prefix that fails its check digit is saved but warned about."""
    code, name, index_prefix = code.strip(), name.strip(), index_prefix.strip()
    _check_unit_fields(code, name, kind, index_pattern)
    with change(actor, "unit.manage") as tx:
        if Unit.select().where(Unit.code == code).exists():
            raise ConflictError(tr("单位代码 {code} 已被占用。").format(code=code))
        parent = _check_parent(None, parent_id)
        unit = Unit.create(
            code=code,
            name=name,
            short_name=short_name.strip() or name[:6],
            kind=kind,
            parent=parent,
            index_prefix=index_prefix,
            index_pattern=index_pattern,
            address=address.strip(),
            phone=phone.strip(),
        )
        tx.audit("unit.create", "unit", unit.id, None, row_dict(unit, _UNIT_FIELDS))
    return UnitResult(unit.id, prefix_warning(index_prefix)), tx.changes


def update_unit(actor: Actor, unit_id: int, **fields) -> tuple[UnitResult, Changes]:
    """Edit a unit's fields (any of code, name, short_name, kind, parent_id, index_prefix,
    index_pattern, address, phone, active)."""
    allowed = {
        "code",
        "name",
        "short_name",
        "kind",
        "parent_id",
        "index_prefix",
        "index_pattern",
        "address",
        "phone",
        "active",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise InputError(tr("无法修改的单位字段：{value}").format(value="、".join(sorted(unknown))))
    with change(actor, "unit.manage") as tx:
        unit = _unit(unit_id)
        before = row_dict(unit, _UNIT_FIELDS)
        for key, value in fields.items():
            if key == "parent_id":
                if unit.parent_id is None and value is not None:
                    raise InputError(tr("机关（根单位）不能设置上级单位。"))
                unit.parent = _check_parent(unit.id, value)
            elif key == "active":
                unit.active = bool(value)
            else:
                setattr(unit, key, str(value).strip())
        _check_unit_fields(unit.code, unit.name, unit.kind, unit.index_pattern)
        if Unit.select().where((Unit.code == unit.code) & (Unit.id != unit.id)).exists():
            raise ConflictError(tr("单位代码 {code} 已被占用。").format(code=unit.code))
        unit.save()
        tx.audit("unit.edit", "unit", unit.id, before, row_dict(unit, _UNIT_FIELDS))
    return UnitResult(unit.id, prefix_warning(unit.index_prefix)), tx.changes


@dataclass(frozen=True)
class UnitDetail:
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    index_prefix: str
    index_pattern: str
    address: str
    phone: str
    active: bool


def unit_detail(actor: Actor, unit_id: int) -> UnitDetail:
    actor.require("record.view", unit_id)
    return _detail(_unit(unit_id))


def _detail(u: Unit) -> UnitDetail:
    return UnitDetail(
        u.id,
        u.code,
        u.name,
        u.short_name,
        u.kind,
        u.parent_id,
        u.index_prefix,
        u.index_pattern,
        u.address,
        u.phone,
        bool(u.active),
    )


def list_units(actor: Actor) -> list[UnitDetail]:
    """All units (administrators see every unit; others their own tree)."""
    actor.require("record.view")
    return [_detail(u) for u in Unit.select().where(visible(actor, Unit.id)).order_by(Unit.id)]
