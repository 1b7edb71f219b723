"""The one way services read and write the ``setting`` table (declarations in domain/settings.py).

``get`` returns the parsed value (default when absent or unreadable); ``store`` writes one value
inside a caller's ``change()`` transaction and returns (before, after) texts; ``save`` is the
usual entry point: checks every value, writes them in one transaction and audits each change as
``settings.edit``.
"""

from __future__ import annotations

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.settings import Value, spec
from disclosure_desk.services.common.context import Changes, Tx, change
from disclosure_desk.store.models import Setting


def _key(key: str, unit_id: int | None) -> str:
    return key if unit_id is None else f"{key}.{unit_id}"


def raw(key: str, unit_id: int | None = None) -> str | None:
    row = Setting.get_or_none(Setting.key == _key(key, unit_id))
    return None if row is None else row.value


def get(key: str, unit_id: int | None = None) -> Value:
    """The value in force; for a per-unit setting the unit's own value wins over the agency's."""
    s = spec(key)
    if unit_id is not None and s.per_unit:
        own = raw(key, unit_id)
        if own is not None and own.strip():
            return s.parse(own)
    return s.parse(raw(key))


def get_many(keys: list[str]) -> dict[str, Value]:
    stored = dict(Setting.select(Setting.key, Setting.value).where(Setting.key.in_(keys)).tuples())
    return {k: spec(k).parse(stored.get(k)) for k in keys}


def store(tx: Tx, key: str, value: object, unit_id: int | None = None) -> tuple[str | None, str]:
    """Check and write one value within ``tx``; returns the stored text before and after."""
    s = spec(key)
    if unit_id is not None and not s.per_unit:
        raise ValueError(f"{key} is not a per-unit setting")
    text = s.encode(value)
    full = _key(key, unit_id)
    row = Setting.get_or_none(Setting.key == full)
    if row is None:
        Setting.create(key=full, value=text)
    else:
        Setting.update(value=text).where(Setting.key == full).execute()
    tx.touch("setting")
    return (None if row is None else row.value), text


def save(actor: Actor, values: dict[str, object], unit_id: int | None = None) -> Changes:
    """Write several settings in one transaction (settings.edit permission), each one audited."""
    for key, value in values.items():
        spec(key).encode(value)  # refuse before opening the transaction
    with change(actor, "settings.edit") as tx:
        for key, value in values.items():
            before, after = store(tx, key, value, unit_id)
            if before != after:
                tx.audit("settings.edit", "setting", _key(key, unit_id), before, after)
    return tx.changes


# The body's Word template (its 版头): used by every .docx the app makes — letters and reports.
WORD_TEMPLATE_KEY = "letters.word_template"


def word_template() -> str | None:
    """Path of the body's Word template, or None when none is set."""
    return str(get(WORD_TEMPLATE_KEY) or "").strip() or None
