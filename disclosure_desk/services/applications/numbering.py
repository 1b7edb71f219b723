"""Read-only view of the application numbering rules (登记号 / 文书编号) for the settings screen.

The setters live beside the numbering code (applications.set_reg_pattern,
applications_letters.set_letter_pattern); this only answers "which rule is in force here, and is
it the unit's own or the agency-wide default", which the settings tab needs to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_
from disclosure_desk.services.applications import cases as core
from disclosure_desk.services.applications.letters import LETTER_PATTERN_KEY
from disclosure_desk.services.common import settings as settings_registry

TOKEN_HELP: dict[str, str] = {
    "unit_short": N_("单位简称"),
    "year": N_("年份"),
    "month": N_("月份（两位）"),
    "serial": N_("流水号"),
}


@dataclass(frozen=True)
class NumberingRules:
    reg_pattern: str
    letter_pattern: str
    reg_own: bool  # False: the unit uses the agency-wide default
    letter_own: bool


def numbering_rules(actor: Actor, unit_id: int | None = None) -> NumberingRules:
    """The rules in force for ``unit_id``; for None, the agency-wide defaults."""
    actor.require("record.view")
    reg_default = str(settings_registry.get(core.PATTERN_KEY))
    letter_default = str(settings_registry.get(LETTER_PATTERN_KEY))
    if unit_id is None:
        return NumberingRules(reg_default, letter_default, True, True)
    reg_own = (settings_registry.raw(core.PATTERN_KEY, unit_id) or "").strip()
    letter_own = (settings_registry.raw(LETTER_PATTERN_KEY, unit_id) or "").strip()
    return NumberingRules(
        reg_own or reg_default, letter_own or letter_default, bool(reg_own), bool(letter_own)
    )
