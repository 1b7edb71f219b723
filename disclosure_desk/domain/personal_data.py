"""Masking 证件号码 and 联系电话 (PRODUCT.md §4.1): in exports by default and always in the audit log.

One rule, used by every layer: an ID number keeps its first 3 and last 4 characters
(330***********123X), a phone number its first 3 and last 4 digits (138****5678), anything
shorter than 8 characters is starred out except its last character.
"""

from __future__ import annotations

import re
from typing import Any

# Record fields (model names and template headers) that hold personal identifiers.
PERSONAL_FIELDS = frozenset({"id_number", "contact_phone", "phone_number", "证件号码", "联系电话"})

# In free text (item bodies, notes, audit payloads): 18-character ID numbers and the 15-digit
# old form, and mainland mobile numbers, in half or full width, with optional separators.
_ID_RE = re.compile(
    r"(?<![0-9０-９A-Za-z])[1-9１-９][0-9０-９]{5}(?:[0-9０-９]{9}|[0-9０-９]{11}[0-9０-９Xx×Ｘｘ])(?![0-9０-９A-Za-z])"
)
_MOBILE_RE = re.compile(
    r"(?<![0-9０-９])(?:\+?86[- ]?)?1[3-9３-９][0-9０-９](?:[- ]?[0-9０-９]{4}){2}(?![0-9０-９])"
)


def mask_value(value: str) -> str:
    """The masked form of one identifier (ID number, credit code or phone number)."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) < 8:
        return "*" * (len(text) - 1) + text[-1]
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def mask_text(text: str) -> str:
    """``text`` with every ID number and mobile number in it masked."""
    if not text or not any(c.isdigit() for c in text):
        return text
    text = _ID_RE.sub(lambda m: mask_value(m.group(0)), text)
    return _MOBILE_RE.sub(lambda m: _mask_phone(m.group(0)), text)


def _mask_phone(found: str) -> str:
    digits = "".join(c for c in found if c.isdigit())
    return mask_value(digits[-11:])


def mask_payload(value: Any) -> Any:
    """A copy of an audit before/after value with personal identifiers masked: fields named in
    PERSONAL_FIELDS entirely, every other text by :func:`mask_text`."""
    if isinstance(value, dict):
        return {
            k: (
                mask_value(str(v))
                if k in PERSONAL_FIELDS and v not in (None, "")
                else mask_payload(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [mask_payload(v) for v in value]
    if isinstance(value, str):
        return mask_text(value)
    return value
