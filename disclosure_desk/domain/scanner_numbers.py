"""Numbers as officers really type them, for the pre-publication scanner (PRODUCT.md §4.2).

Digits and letters come in any width (１１０１０５…, Ｘ), widths mix inside one number, and digit
groups are separated by spaces, ideographic spaces (U+3000), non-breaking spaces, hyphens (also
full-width and typographic ones), dots, or a line break where a table cell or a PDF line wrapped.

The scanner matches a *number token* — digit groups joined by such separators, optionally ending
in an X — on the original text, so offsets stay offsets in the extracted text. This module then
reads the token through a same-length width map (full-width → ASCII), tries the whole token and,
when it is no known kind, the runs of whole groups inside it (a 序号 or a year written before a
mobile on the same line must not hide it). A digit group is never split: a mobile buried inside a
longer order number stays unreported. Masks keep the document's own characters: separators stay,
kept digits keep their width, hidden ones become * (＊ for a full-width character).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_desk.domain.checkdigits import id_birth_date, luhn_ok, valid_id_card, valid_uscc

# Full-width digits, capital and small letters, hyphen and dot map one to one onto ASCII (same
# length, so an offset into the normalised copy is an offset into the original).
_FULL = (
    "".join(chr(0xFF10 + i) for i in range(10))
    + "".join(chr(0xFF21 + i) for i in range(26))
    + "".join(chr(0xFF41 + i) for i in range(26))
    + "\uff0d\uff0e\u3000\u00a0\u2010\u2011\u2012\u2013\u2014\u2015"
)
_HALF = "0123456789" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz" + "-.  ------"
WIDTH_MAP = str.maketrans(_FULL, _HALF)
# The ASCII characters that to_ascii produces, and a search for any character it would change:
# a (folded) keyword can only meet a folded character of a text if it contains one of the former.
FOLD_TARGETS = frozenset(_HALF)
FOLDABLE = re.compile("[" + re.escape(_FULL) + "]")


def to_ascii(s: str) -> str:
    """``s`` with full-width digits/letters/hyphen/dot and wide spaces as ASCII (same length)."""
    return s.translate(WIDTH_MAP)


# --- regex fragments (used by the scanner's combined pattern) ---------------------------------
DIGIT = "[0-9\uff10-\uff19]"
ALNUM = "[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
X_CHAR = "[Xx\uff38\uff58]"
# What may end a number: X (ID numbers) or any letter of the GB 32100 alphabet, since a USCC's
# check character is the only letter of many codes (17 digits + X, P, C …).
LAST_CHAR = (
    "[Xx\uff38\uff58A-HJ-NP-RTUWY\uff21-\uff28\uff2a-\uff2e\uff30-\uff32\uff34\uff35\uff37\uff39]"
)
_SPACE = "[ \u3000\u00a0\r]"
_HYPHEN = "[\\-\uff0d\u2010-\u2015]"
_DOT = "[.\uff0e]"
# One separator between two digit groups: spaces, a hyphen with optional spaces, a dot directly
# followed by at least three digits (so 13812341234.50元 stays an amount), or one line break.
SEPARATOR = (
    "(?:" + _SPACE + "{1,3}(?:" + _HYPHEN + _SPACE + "{0,2})?"
    "|" + _HYPHEN + _SPACE + "{0,2}"
    "|" + _DOT + "(?=" + DIGIT + "{3})"
    "|" + _SPACE + "{0,3}\\n" + _SPACE + "{0,3})"
)
# The token: starts where no letter/digit run continues on the left (and not right after "3." or
# "2025/", the tail of a decimal or a path-like 索引号), ends where none continues on the right.
NOT_AFTER = "(?<!" + ALNUM + ALNUM + ")(?<!" + DIGIT + "[./\uff0f\uff0e]" + DIGIT + ")"
NOT_BEFORE = "(?!" + ALNUM + ")(?![./\uff0f\uff0e]" + DIGIT + ")"
# At least ten more digits or separators must follow the first digit (no kind has fewer than
# eleven digits), so years, dates and 序号 cost one cheap look ahead and no classification.
_LONG_ENOUGH = "(?=[0-9\uff10-\uff19 \u3000\u00a0\r\n.\uff0e\\-\uff0d\u2010-\u2015]{10})"
# The branch consumes its first digit before the (?P<num>) group (so the scanner's combined
# pattern can lead with one character class); the whole match is the token.
NUMBER_TOKEN = (
    DIGIT
    + _LONG_ENOUGH
    + NOT_AFTER
    + "(?P<num>"
    + DIGIT
    + "*(?:"
    + SEPARATOR
    + DIGIT
    + "+)*"
    + LAST_CHAR
    + "?"
    + NOT_BEFORE
    + ")"
)

_GROUP_RE = re.compile(DIGIT + "+" + LAST_CHAR + "?")
_SIGNIFICANT = re.compile("[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")

_ID_CONTEXT = ("身份证", "公民身份号码", "证件号", "身份号码")
_USCC_CONTEXT = ("信用代码", "代码", "登记证号", "注册号")
_BANK_CONTEXT = ("账号", "卡号", "开户", "银行账户", "账户", "银行卡")
# Digit counts any reported kind can have: mobiles 11 (13 with 86), old IDs 15, IDs/USCCs 18,
# bank cards 12–19 (12–15 only after an account word).
_INTERESTING = frozenset(range(11, 20))
_MAX_GROUPS = 6


@dataclass(frozen=True)
class NumberHit:
    """One classified number: ``start``/``end`` are offsets in the original text."""

    kind: str
    start: int
    end: int
    masked: str
    note: str = ""


def _preceded_by(text: str, pos: int, words: Iterable[str], window: int) -> bool:
    before = text[max(0, pos - window) : pos]
    return any(w in before for w in words)


def mask_chars(raw: str, keep_head: int, keep_tail: int) -> str:
    """``raw`` with its digits/letters after the first ``keep_head`` and before the last
    ``keep_tail`` replaced by * (＊ for a full-width one); separators stay as written."""
    if raw.isascii() and raw.isalnum():  # the common case: one plain run
        hidden = len(raw) - keep_head - keep_tail
        return raw[:keep_head] + "*" * hidden + raw[-keep_tail:] if hidden > 0 else raw
    positions = [m.start() for m in _SIGNIFICANT.finditer(raw)]
    hide = set(positions[keep_head : max(keep_head, len(positions) - keep_tail)])
    return "".join(
        ("\uff0a" if ch >= "\uff00" else "*") if i in hide else ch for i, ch in enumerate(raw)
    )


_PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 "
    "65 71 81 82".split()
)


def _id_shaped(digits: str) -> bool:
    """Province code first and a 19xx/20xx year where the birth date goes."""
    return digits[:2] in _PROVINCE_CODES and digits[6:8] in ("19", "20")


def _classify(text: str, start: int, end: int, digits: str) -> NumberHit | None:
    """What the digits ``digits`` (ASCII, separators removed) written at text[start:end] are."""
    raw = text[start:end]
    n = len(digits)
    if n == 11 and digits[0] == "1" and digits[1] in "3456789":
        return NumberHit("mobile", start, end, mask_chars(raw, 3, 4))
    if n == 13 and digits.startswith("86") and digits[2] == "1" and digits[3] in "3456789":
        return NumberHit("mobile", start, end, mask_chars(raw, 5, 4))
    if n == 18 and valid_id_card(digits):
        return NumberHit("id_card", start, end, mask_chars(raw, 6, 4))
    if n == 15 and valid_id_card(digits) and _preceded_by(text, start, _ID_CONTEXT, 20):
        return NumberHit("id_card", start, end, mask_chars(raw, 6, 4), "15位旧身份证号码")
    labelled = _preceded_by(text, start, _BANK_CONTEXT, 12)
    if n == 18 and not labelled and valid_uscc(digits):
        # All-digit codes and codes whose only letter is the check character (…X). One shaped
        # like an ID number (a mistyped ID passes the USCC check once in 31) needs its label.
        if not _id_shaped(digits) or _preceded_by(text, start, _USCC_CONTEXT, 16):
            return NumberHit("uscc", start, end, raw)
    if not digits.isdigit():
        return None
    if n == 18 and digits.endswith("000") and _id_shaped(digits) and id_birth_date(digits):
        # A spreadsheet number cell keeps 15 digits: the ID lost its last three, the person is
        # still identified by region, birth date and sequence number.
        return NumberHit(
            "id_card", start, end, mask_chars(raw, 6, 4), "表格把身份证号码存成了数值，末3位已丢失"
        )
    if n == 18 and not labelled and _id_shaped(digits):
        # Shaped like an ID number but failing its check: a typo or a statistics code, not a card.
        return None
    if not luhn_ok(digits):
        return None
    # Without an account label only card-length numbers with a card-issuer first digit count;
    # order numbers and serials usually start with a year (2…), a zero or a one.
    if labelled and 12 <= n <= 19:
        return NumberHit("bank_card", start, end, mask_chars(raw, 0, 4), "紧随账号字样")
    if 16 <= n <= 19 and digits[0] in "345689":
        return NumberHit("bank_card", start, end, mask_chars(raw, 0, 4))
    return None


def classify_token(text: str, start: int, end: int) -> list[NumberHit]:
    """Hits inside the number token text[start:end]: the whole token when it is a known kind,
    else the runs of whole digit groups inside it that are (see below)."""
    token = to_ascii(text[start:end])
    groups = [(m.start(), m.end()) for m in _GROUP_RE.finditer(token)]
    whole = "".join(token[a:b] for a, b in groups).upper()
    if len(whole) in _INTERESTING and whole[:-1].isdigit():
        hit = _classify(text, start + groups[0][0], start + groups[-1][1], whole)
        if hit is not None:
            return [hit]
    if len(groups) == 1:
        return []
    sizes = [e - s for s, e in groups]
    # Every run of whole groups that is a known kind is a candidate; the ones proven by a check
    # character win over shape-only ones (a stray "6" before an ID number must not turn the pair
    # into a "bank card"), then the longer, then the leftmost; chosen runs never overlap.
    candidates: list[tuple[int, int, int, NumberHit]] = []
    count = len(groups)
    for i in range(count):
        total = 0
        for j in range(i, min(count, i + _MAX_GROUPS)):
            total += sizes[j]
            if total > 19:
                break
            if total not in _INTERESTING:
                continue
            s, e = groups[i][0], groups[j][1]
            digits = "".join(token[a:b] for a, b in groups[i : j + 1]).upper()
            if not digits[:-1].isdigit():
                continue
            hit = _classify(text, start + s, start + e, digits)
            if hit is not None and hit.kind in _SHAPE_ONLY and j > i:
                # A mobile or card proven by nothing but its shape must stand apart from its
                # neighbours: "5187 1024 1832 8643 297" (a card with a wrong check digit) holds
                # no mobile "1832 8643 297".
                inner = {token[groups[k][1] : groups[k + 1][0]] for k in range(i, j)}
                left = token[groups[i - 1][1] : groups[i][0]] if i > 0 else None
                if left is not None and sizes[i - 1] <= 3:
                    # A short 序号 at the start of a line ("2 139 1234 5678") is no group.
                    before = token[groups[i - 2][1] : groups[i - 1][0]] if i > 1 else "\n"
                    if before != left:
                        left = None
                right = token[groups[j][1] : groups[j + 1][0]] if j + 1 < count else None
                if any(b in inner for b in (left, right) if b is not None):
                    continue
            if hit is not None:
                candidates.append((_RANK[hit.kind], -(j - i), i, hit))
    chosen: list[NumberHit] = []
    taken: list[tuple[int, int]] = []
    for _rank, _span, _i, hit in sorted(candidates, key=lambda c: c[:3]):
        if all(hit.end <= a or hit.start >= b for a, b in taken):
            chosen.append(hit)
            taken.append((hit.start, hit.end))
    chosen.sort(key=lambda h: h.start)
    return chosen


_SHAPE_ONLY = frozenset({"mobile", "bank_card"})
_RANK = {"id_card": 0, "uscc": 1, "mobile": 2, "bank_card": 3}
