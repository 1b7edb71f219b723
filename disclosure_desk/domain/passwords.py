"""Password hashing with scrypt (memory-hard KDF from the standard library) and the policy of
PRODUCT.md §4.1: at least 10 characters, letters and digits, not a common password."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from disclosure_desk.domain.common_passwords import COMMON_PASSWORDS
from disclosure_desk.domain.errors import InputError

# OWASP Password Storage Cheat Sheet (2024): scrypt N=2^17, r=8, p=1 (128 MiB, ~0.3 s here).
# Tests lower COST through a fixture; a stored hash with a lower cost is upgraded at sign-in.
COST: tuple[int, int, int] = (2**17, 8, 1)
MIN_LENGTH = 10
_DKLEN = 32


def _maxmem(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p + 2) + 1024 * 1024


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=_maxmem(n, r, p)
    )


def hash_password(password: str) -> str:
    n, r, p = COST
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, n, r, p, _DKLEN)
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def _dummy_hash() -> str:
    n, r, p = COST
    return f"scrypt${n}${r}${p}${base64.b64encode(b'0' * 16).decode()}${base64.b64encode(b'0' * _DKLEN).decode()}"


def burn_time() -> None:
    """Do the work of one verification for a login that does not exist (equal timing)."""
    verify_password("unknown-user", _dummy_hash())


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` uses a lower cost than today's (upgrade it after a good sign-in)."""
    try:
        scheme, n, r, p, _salt, _digest = stored.split("$")
        return scheme != "scrypt" or (int(n), int(r), int(p)) < COST
    except ValueError:
        return True


def is_common(password: str) -> bool:
    return password.strip().lower() in COMMON_PASSWORDS


def check_strength(password: str) -> None:
    """Raise InputError (never quoting the password) when it breaks the policy."""
    if len(password) < MIN_LENGTH:
        raise InputError("密码至少需要 {n} 个字符。", n=MIN_LENGTH)
    if not any(c.isdigit() for c in password) or not any(c.isalpha() for c in password):
        raise InputError("密码必须同时包含字母和数字。")
    if is_common(password):
        raise InputError("这个密码过于常见，容易被猜中，请换一个。")
