"""Bulk statutory clocks for reports and the dashboard: pauses read from the case events in one
query, Art. 26 due dates cached per date (many items share a 成文日期)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from disclosure_desk.domain.clocks import Pause, proactive_due
from disclosure_desk.domain.errors import UnknownCalendarYear
from disclosure_desk.domain.workcal import WorkCalendar
from disclosure_desk.store.models import ApplicationEvent
from disclosure_desk.store.report_sql import raw_rows

# Event kinds that stop the reply clock; consultation events carry their party (0004).
FEE_PAUSE_KINDS = frozenset({"fee_notice", "fee"})
PAUSE_KINDS = frozenset({"pause", "consultation"}) | FEE_PAUSE_KINDS


def pause_kind(kind: str, party: str) -> str | None:
    """The domain pause kind of an event, or None when the event is not a pause."""
    if party in ("third_party", "other_body"):
        return party
    if kind in FEE_PAUSE_KINDS:
        return "fee"
    if kind in PAUSE_KINDS:
        return "third_party"
    return None


def pauses_by_application(app_ids: Iterable[int]) -> dict[int, list[Pause]]:
    """Pauses of the given applications. Pause events are rare, so one filtered scan of the
    event table beats IN-lists of thousands of ids."""
    wanted = set(app_ids)
    out: dict[int, list[Pause]] = {}
    if not wanted:
        return out
    q = ApplicationEvent.select(
        ApplicationEvent.application,
        ApplicationEvent.kind,
        ApplicationEvent.party,
        ApplicationEvent.on,
        ApplicationEvent.end_on,
    ).where((ApplicationEvent.party != "") | ApplicationEvent.kind.in_(sorted(PAUSE_KINDS)))
    for app_id, kind, party, on, end_on in raw_rows(q, (3, 4)):
        if app_id not in wanted:
            continue
        pk = pause_kind(kind, party or "")
        if pk is None or on is None or (end_on is not None and end_on < on):
            continue
        out.setdefault(app_id, []).append(Pause(on, end_on, pk))
    return out


class ProactiveDue:
    """Art. 26 due dates with a per-date cache; None when the calendar cannot tell."""

    def __init__(self, cal: WorkCalendar) -> None:
        self.cal = cal
        self._cache: dict[dt.date, dt.date | None] = {}

    def __call__(self, formed: dt.date, changed: dt.date | None = None) -> dt.date | None:
        start = max(formed, changed) if changed else formed
        if start not in self._cache:
            try:
                self._cache[start] = proactive_due(self.cal, start)
            except UnknownCalendarYear:
                self._cache[start] = None
        return self._cache[start]
