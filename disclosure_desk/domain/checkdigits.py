"""Check-digit rules for Chinese identifiers (domain-facts §5.6).

Pure functions used by the pre-publication scanner and by 索引号 prefix checks:
GB 11643 居民身份证号码 (MOD 11-2 plus a real birth date), GB 32100 统一社会信用代码,
GB 11714 组织机构代码 and the Luhn check of bank card numbers.
"""

from __future__ import annotations

from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100 alphabet: digits and capitals without I, O, S, V, Z; a character's value is its index.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Nobody alive was born before this; it also rejects digit runs that merely look like dates.
_EARLIEST_BIRTH_YEAR = 1900


def _ascii_digits(s: str) -> bool:
    # str.isdigit() accepts full-width and other Unicode digits; check digits are ASCII only.
    return s.isascii() and s.isdigit()


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        born = date(year, month, day)
    except ValueError:
        return None
    if born.year < _EARLIEST_BIRTH_YEAR or born > date.today():
        return None
    return born


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits (used to build test data too)."""
    if len(first17) != 17 or not _ascii_digits(first17):
        raise ValueError("身份证号码前17位必须是数字")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_birth_date(s: str) -> date | None:
    """Birth date encoded in an 18- or 15-digit ID number, or None when it is not a real date."""
    s = s.strip()
    if len(s) == 18 and _ascii_digits(s[:17]):
        return _real_date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    if len(s) == 15 and _ascii_digits(s):
        # Old 15-digit numbers carry YYMMDD; they were issued to people born in the 1900s.
        return _real_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    return None


def valid_id_card(s: str) -> bool:
    """True for an 18-digit number with a correct MOD 11-2 check and a real birth date,
    or a 15-digit old number with a real birth date (those carry no check digit)."""
    s = s.strip()
    if len(s) == 18:
        body, check = s[:17], s[17].upper()
        if not _ascii_digits(body) or body[0] == "0":
            return False
        return id_check_char(body) == check and id_birth_date(s) is not None
    if len(s) == 15:
        return _ascii_digits(s) and s[0] != "0" and id_birth_date(s) is not None
    return False


def valid_uscc(s: str) -> bool:
    """True for an 18-character 统一社会信用代码 whose GB 32100 check character is right."""
    s = s.strip().upper()
    if len(s) != 18 or any(c not in _USCC_VALUE for c in s):
        return False
    total = sum(_USCC_VALUE[c] * w for c, w in zip(s[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == s[17]


def org_code_check_char(body8: str) -> str:
    """The GB 11714 check character for an 8-character body."""
    body8 = body8.upper()
    if len(body8) != 8 or not body8.isascii() or not body8.isalnum():
        raise ValueError("组织机构代码本体必须是8位数字或字母")
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def valid_org_code(s: str) -> bool:
    """True for a 组织机构代码 like ``00001434-9`` or ``000014349`` with a correct check char."""
    s = s.strip().upper()
    if len(s) == 10 and s[8] == "-":
        s = s[:8] + s[9]
    if len(s) != 9 or not s.isascii() or not s.isalnum():
        return False
    return org_code_check_char(s[:8]) == s[8]


def luhn_ok(s: str) -> bool:
    """Luhn (ISO/IEC 7812) mod-10 check; spaces and hyphens between digit groups are ignored."""
    digits = s.replace(" ", "").replace("-", "")
    if len(digits) < 2 or not _ascii_digits(digits):
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
