"""Unit scoping, in one place: which units an actor sees and which units a report covers.

``visible(actor, field)`` is the one condition every list, count and search uses to keep a
unit-bound officer to their own units; ``descendants`` is the one walk down the unit tree (an
officer's units at sign-in, a report's units); ``resolve_scope`` turns a report's unit code into
its units, checked against the actor, the same way in the annual report, the quarterly sheet,
the catalogue and the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure_desk.domain.errors import InputError, PermissionDenied
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.store.models import Unit


def visible(actor: Actor, field):
    """A peewee condition keeping ``field`` (a unit id or unit foreign key) to the actor's units."""
    return True if actor.unit_ids is None else field.in_(sorted(actor.unit_ids))


@dataclass(frozen=True)
class Scope:
    """The units a report covers; ``unit_ids`` None means every unit of the body."""

    unit_code: str | None
    unit_id: int | None
    unit_name: str
    agency_name: str
    unit_ids: frozenset[int] | None

    def where(self, field):
        """A peewee condition restricting ``field`` (a unit foreign key) to the scope."""
        return True if self.unit_ids is None else field.in_(sorted(self.unit_ids))

    def covers(self, unit_id: int | None) -> bool:
        return self.unit_ids is None or unit_id in self.unit_ids


def unit_tree() -> tuple[dict[int, int | None], dict[int, tuple[str, str]]]:
    """(parent by id, (code, name) by id) for every unit — a small table, read whole."""
    parents: dict[int, int | None] = {}
    names: dict[int, tuple[str, str]] = {}
    for uid, parent, code, name in Unit.select(Unit.id, Unit.parent, Unit.code, Unit.name).tuples():
        parents[uid] = parent
        names[uid] = (code, name)
    return parents, names


def descendants(unit_id: int, parents: dict[int, int | None]) -> frozenset[int]:
    """``unit_id`` and every unit below it."""
    children: dict[int | None, list[int]] = {}
    for uid, parent in parents.items():
        children.setdefault(parent, []).append(uid)
    out, todo = {unit_id}, [unit_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return frozenset(out)


def ancestors(unit_id: int | None, parents: dict[int, int | None]) -> list[int]:
    """``unit_id`` and its parents up to the root (guarding against cycles)."""
    out: list[int] = []
    while unit_id is not None and unit_id not in out:
        out.append(unit_id)
        unit_id = parents.get(unit_id)
    return out


def resolve_scope(actor: Actor, unit_code: str | None) -> Scope:
    """The report scope for ``unit_code`` (None = the whole body, or the actor's own units)."""
    parents, names = unit_tree()
    roots = [uid for uid, p in parents.items() if p is None]
    agency = names[min(roots)][1] if roots else ""
    if unit_code:
        unit = Unit.get_or_none(Unit.code == unit_code)
        if unit is None:
            raise InputError(tr("没有代码为“{unit_code}”的单位。").format(unit_code=unit_code))
        ids = descendants(unit.id, parents)
        if actor.unit_ids is not None and not ids <= actor.unit_ids:
            raise PermissionDenied(
                tr("当前用户 {login} 只能查看本单位的报表。").format(login=actor.login)
            )
        return Scope(unit.code, unit.id, unit.name, agency, ids)
    if actor.unit_ids is None:
        return Scope(None, None, agency, agency, None)
    # A unit-bound officer without --unit gets their own unit's report.
    if actor.unit_id is None:
        return Scope(None, None, agency, agency, frozenset(actor.unit_ids))
    code, name = names[actor.unit_id]
    return Scope(code, actor.unit_id, name, agency, frozenset(actor.unit_ids))
