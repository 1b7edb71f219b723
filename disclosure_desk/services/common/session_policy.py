"""Security settings an administrator can tune: session timeout, lockout, backup retention.

Stored as rows of the ``setting`` table (keys below); absent rows mean the defaults. Sign-in
(services/common/auth.py) reads the lockout values, the main window the timeout, services/admin/backups.py
the number of backups kept per kind.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.settings import REGISTRY
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import settings as settings_registry
from disclosure_desk.services.common.context import Changes, change

KEYS = {
    "timeout_minutes": "security.timeout_minutes",  # lock the window after inactivity; 0 = never
    "max_failures": "security.max_failures",  # wrong passwords in a row before the account locks
    "lock_minutes": "security.lock_minutes",  # how long a lockout lasts before it lifts by itself
    "backup_keep": "security.backup_keep",  # automatic backups kept per kind (daily, on exit, …)
}


@dataclass(frozen=True)
class Policy:
    timeout_minutes: int = REGISTRY[KEYS["timeout_minutes"]].default  # type: ignore[assignment]
    max_failures: int = REGISTRY[KEYS["max_failures"]].default  # type: ignore[assignment]
    lock_minutes: int = REGISTRY[KEYS["lock_minutes"]].default  # type: ignore[assignment]
    backup_keep: int = REGISTRY[KEYS["backup_keep"]].default  # type: ignore[assignment]


DEFAULT = Policy()
assert set(KEYS) == {f.name for f in fields(Policy)}
# Accepted ranges and labels come from the declarations in domain/settings.py.
LIMITS = {name: (REGISTRY[key].low, REGISTRY[key].high) for name, key in KEYS.items()}
LABELS = {name: REGISTRY[key].label for name, key in KEYS.items()}


def load() -> Policy:
    """The current policy; values that are missing or unreadable fall back to the defaults."""
    values = settings_registry.get_many(list(KEYS.values()))
    return replace(DEFAULT, **{name: values[key] for name, key in KEYS.items()})


def save(actor: Actor, **values: int) -> tuple[Policy, Changes]:
    """Change some of the policy values (admin only), validated against LIMITS, audited."""
    unknown = set(values) - set(KEYS)
    if unknown:
        raise InputError(tr("未知的安全设置：{value}").format(value="、".join(sorted(unknown))))
    for name, value in values.items():
        REGISTRY[KEYS[name]].encode(value)  # refuse before opening the transaction
    with change(actor, "settings.edit") as tx:
        before = load()
        for name, value in values.items():
            settings_registry.store(tx, KEYS[name], value)
        after = load()
        tx.audit("settings.security", "setting", "security", asdict(before), asdict(after))
    return after, tx.changes
