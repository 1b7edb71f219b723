"""Every vocabulary of stored values the window shows, gathered from the domain modules that
define them (kept out of ``vocabulary`` so that module stays a leaf others may import)."""

from __future__ import annotations

import functools

from disclosure_desk.domain import app_workflow, catalogs, channels, duties, outcomes, vocabulary
from disclosure_desk.domain.permissions import ROLES


@functools.cache
def displayed_vocabularies() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every vocabulary of stored values the window shows, as (stored value, Chinese label)
    pairs — the one list behind ``i18n.tr_value``. Values stored as written (密级, 有效性, …)
    are their own label. Statutory labels (outcomes, annual-report rows) and the editable
    主题分类 / 体裁 lists are not here: they are legal text or the site's own data."""

    def same(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        return tuple((v, v) for v in values)

    return {
        **vocabulary.TABLES,
        "coordination": same(vocabulary.COORDINATION_ANSWERS),
        "secrecy": same(catalogs.SECRECY_LEVELS),
        "validity": same(catalogs.VALIDITY),
        "publish_channel": same(catalogs.PUBLISH_CHANNELS),
        "unit_kind": same(catalogs.UNIT_KINDS),
        "applicant_type": outcomes.APPLICANT_TYPES,
        "withhold_ground": tuple((g.code, g.label) for g in outcomes.WITHHOLD_GROUNDS),
        "channel": tuple((c.code, c.label) for c in channels.CHANNELS),
        "role": ROLES,
        "application_status": tuple(app_workflow.STATUS_LABELS.items()),
        "event": tuple(app_workflow.EVENT_LABELS.items()),
        # table 三's outcomes and groups: legal text in reports and letters, translated on screen
        "outcome": tuple((o.code, o.label) for o in outcomes.OUTCOMES)
        + tuple((g.code, g.label) for g in outcomes.GROUPS),
        "recipient": same(duties.HANDOVER_RECIPIENTS),
    }
