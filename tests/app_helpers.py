"""Shared builders for the application-service tests (valid ID numbers, a standard case)."""

from __future__ import annotations

import datetime as dt

from disclosure_desk.domain.checkdigits import id_check_char
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.store.models import Unit

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def valid_id(seq: int = 123) -> str:
    first = f"330102199003{7:02d}{seq:03d}"
    return first + id_check_char(first)


def valid_uscc(body: str = "91330100MA27XYB12") -> str:
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def root_id() -> int:
    return Unit.get(Unit.code == "ROOT").id


def new_app(
    actor,
    received=dt.date(2025, 9, 1),
    name="张三",
    ident=None,
    content="2024年区级财政预算执行情况",
    **kw,
):
    data = svc.NewApplication(
        unit_id=kw.pop("unit_id", None) or root_id(),
        received_on=received,
        channel=kw.pop("channel", "当面"),
        applicant_type=kw.pop("applicant_type", "natural_person"),
        applicant_name=name,
        id_number=valid_id() if ident is None else ident,
        content=content,
        **kw,
    )
    app_id, _ = svc.register(actor, data)
    return app_id


# The acceptance case: 补正, a third-party pause and an extension (PRODUCT.md §2.2).
RECEIVED = dt.date(2025, 9, 1)
CORR_REQUESTED = dt.date(2025, 9, 3)
CORRECTED = dt.date(2025, 9, 8)
PAUSE_START, PAUSE_END = dt.date(2025, 9, 10), dt.date(2025, 9, 19)
EXTENDED_ON = dt.date(2025, 10, 9)
# Counted by hand: clock starts 9-8; 9-9, 9-10 count; 9-11..9-19 paused (7 working days);
# 9-28 (Sun) and 10-11 (Sat) are 调休 working days; 10-1..10-8 National Day holidays.
EXPECTED_DUE = dt.date(2025, 10, 21)
EXPECTED_EXTENDED_DUE = dt.date(2025, 11, 18)


def acceptance_case(actor) -> int:
    app_id = new_app(actor, RECEIVED)
    svc.request_correction(actor, app_id, CORR_REQUESTED, "请写明文件名称或文号")
    svc.receive_correction(actor, app_id, CORRECTED)
    svc.start_consultation(actor, app_id, PAUSE_START, "third_party", "青山建设有限公司")
    svc.end_consultation(actor, app_id, PAUSE_END)
    svc.approve_extension(actor, app_id, EXTENDED_ON)
    return app_id


LETTER_CONTACT = {
    "letters.contact": "区政府信息公开办公室 王明",
    "letters.phone": "0571-87654321",
    "letters.address": "青山区人民路1号（邮政编码310000）",
}


def set_letter_contact(actor) -> None:
    """Fill in the contact settings every letter needs (letters are refused without them)."""
    from disclosure_desk.services.applications.letters import set_letter_settings

    set_letter_settings(actor, dict(LETTER_CONTACT))
