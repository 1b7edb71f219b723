"""Security settings an administrator can tune: session timeout, lockout, backup retention.

Stored as rows of the ``setting`` table (keys below); absent rows mean the defaults. Sign-in
(services/auth.py) reads the lockout values, the main window the timeout, services/backups.py
the number of backups kept per kind.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.services.context import Changes, change
from disclosure_desk.store.models import Setting


@dataclass(frozen=True)
class Policy:
    timeout_minutes: int = 15  # lock the window after this much inactivity; 0 = never
    max_failures: int = 5  # wrong passwords in a row before the account locks
    lock_minutes: int = 15  # how long a lockout lasts before it lifts by itself
    backup_keep: int = 7  # automatic backups kept per kind (daily, on exit, …)


DEFAULT = Policy()
KEYS = {f.name: f"security.{f.name}" for f in fields(Policy)}
# Accepted ranges; outside them a setting is refused (typos like 0 failures would disable lockout).
LIMITS = {
    "timeout_minutes": (0, 480),
    "max_failures": (3, 20),
    "lock_minutes": (1, 1440),
    "backup_keep": (1, 100),
}
LABELS = {
    "timeout_minutes": "无操作自动锁定（分钟）",
    "max_failures": "密码连续错误锁定次数",
    "lock_minutes": "账户锁定时长（分钟）",
    "backup_keep": "每类自动备份保留份数",
}


def load() -> Policy:
    """The current policy; values that are missing or unreadable fall back to the defaults."""
    stored = {s.key: s.value for s in Setting.select().where(Setting.key.in_(list(KEYS.values())))}
    values = {}
    for name, key in KEYS.items():
        raw = stored.get(key)
        if raw is None:
            continue
        try:
            number = int(raw)
        except ValueError:
            continue
        low, high = LIMITS[name]
        if low <= number <= high:
            values[name] = number
    return replace(DEFAULT, **values)


def save(actor: Actor, **values: int) -> tuple[Policy, Changes]:
    """Change some of the policy values (admin only), validated against LIMITS, audited."""
    unknown = set(values) - set(KEYS)
    if unknown:
        raise InputError(f"未知的安全设置：{'、'.join(sorted(unknown))}")
    for name, value in values.items():
        low, high = LIMITS[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InputError(f"“{LABELS[name]}”须为 {low}–{high} 之间的整数。")
    with change(actor, "settings.edit") as tx:
        before = load()
        for name, value in values.items():
            key = KEYS[name]
            updated = Setting.update(value=str(value)).where(Setting.key == key).execute()
            if not updated:
                Setting.create(key=key, value=str(value))
        after = load()
        tx.audit("settings.security", "setting", "security", asdict(before), asdict(after))
    return after, tx.changes
