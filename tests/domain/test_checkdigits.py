"""Check-digit rules against the published examples of domain-facts §5.6."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure_desk.domain.checkdigits import (
    id_birth_date,
    id_check_char,
    luhn_ok,
    org_code_check_char,
    valid_id_card,
    valid_org_code,
    valid_uscc,
)


def test_standard_id_example_validates_with_x_in_either_case() -> None:
    assert valid_id_card("11010519491231002X")
    assert valid_id_card("11010519491231002x")
    assert id_check_char("11010519491231002") == "X"


@pytest.mark.parametrize("wrong", "0123456789")
def test_id_with_any_other_check_char_fails(wrong: str) -> None:
    assert not valid_id_card("11010519491231002" + wrong)


def test_id_check_digit_right_but_birth_date_impossible() -> None:
    for body in (
        "11010519490231002",
        "11010519491331002",
        "11010518991231002",
        "11010530001231002",
    ):
        assert not valid_id_card(body + id_check_char(body)), body


def test_id_birth_date_in_future_is_rejected() -> None:
    next_year = date.today().year + 1
    body = f"110105{next_year}0101002"
    assert not valid_id_card(body + id_check_char(body))


def test_id_birth_date_and_structure() -> None:
    assert id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert id_birth_date("350211196201208674") == date(1962, 1, 20)
    assert id_birth_date("110105491231002") == date(1949, 12, 31)
    assert id_birth_date("110105491331002") is None
    assert id_birth_date("1101051949123") is None
    assert not valid_id_card("01010519491231002X")  # no address code starts with 0
    assert not valid_id_card("1101051949123100")
    assert not valid_id_card(
        "１１０１０５１９４９１２３１００２Ｘ"
    )  # full-width digits are not ASCII


def test_old_fifteen_digit_numbers_need_a_real_date() -> None:
    assert valid_id_card("110105491231002")
    assert not valid_id_card("110105490230002")
    assert not valid_id_card("11010549123100A")


@pytest.mark.parametrize("code", ["91350100M000100Y43", "11341702486344515H"])
def test_uscc_examples_validate(code: str) -> None:
    assert valid_uscc(code)
    assert valid_uscc(code.lower())


def test_uscc_rejects_changed_check_and_forbidden_letters() -> None:
    assert not valid_uscc("91350100M000100Y44")
    assert not valid_uscc("11341702486344515J")
    assert not valid_uscc("91350100M000100YI3")  # I is not in the GB 32100 alphabet
    assert not valid_uscc("91350100M000100Y4")


@pytest.mark.parametrize(
    "code", ["00001434-9", "000014349", "00001333-8", "01527918-X", "M000100Y-4"]
)
def test_org_code_examples_validate(code: str) -> None:
    assert valid_org_code(code)


def test_org_code_rejects_wrong_check_and_shape() -> None:
    assert not valid_org_code("00001434-8")
    assert not valid_org_code("0000143-49")
    assert not valid_org_code("00001434")
    assert org_code_check_char("01527918") == "X"
    assert org_code_check_char("00001434") == "9"


def test_org_code_check_value_eleven_maps_to_zero() -> None:
    # Find a body whose weighted sum is a multiple of 11, so the check value is 11 → "0".
    body = next(f"{n:08d}" for n in range(100000) if org_code_check_char(f"{n:08d}") == "0")
    assert valid_org_code(body + "0")
    assert not valid_org_code(body + "1")


def test_luhn() -> None:
    assert luhn_ok("4111111111111111")
    assert luhn_ok("6222027631706690745")
    assert luhn_ok("4111 1111 1111 1111")
    assert not luhn_ok("4111111111111112")
    assert not luhn_ok("")
    assert not luhn_ok("41111111111111a1")
