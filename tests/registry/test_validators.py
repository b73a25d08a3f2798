import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from registry.validators import (
    add_years,
    age_on,
    rib_is_valid,
    rib_key,
    validate_cin,
    validate_matricule,
    validate_rib,
)

SEED_RIB = "190170211110374226001507"


def test_it_accepts_the_seed_rib() -> None:
    validate_rib(SEED_RIB)
    assert rib_is_valid(SEED_RIB)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("19017021111037422600150", "rib_length"),
        ("1901702111103742260015077", "rib_length"),
        ("19017021111037422600150A", "rib_length"),
        ("19017021111037422600150\u00b2", "rib_length"),  # "²": isdigit() but not int()
        ("190170211110374226001508", "rib_key"),
        ("290170211110374226001507", "rib_key"),
    ],
)
def test_it_refuses_a_bad_rib_with_its_reason(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_rib(value)
    assert excinfo.value.code == code
    assert not rib_is_valid(value)


@given(st.text(alphabet="0123456789", min_size=22, max_size=22))
def test_it_computes_a_key_that_makes_any_prefix_valid(prefix: str) -> None:
    assert rib_is_valid(prefix + rib_key(prefix))


@given(
    st.text(alphabet="0123456789", min_size=22, max_size=22), st.integers(0, 21), st.integers(1, 9)
)
def test_it_detects_any_single_digit_error(prefix: str, position: int, delta: int) -> None:
    rib = prefix + rib_key(prefix)
    changed = rib[:position] + str((int(rib[position]) + delta) % 10) + rib[position + 1 :]
    assert not rib_is_valid(changed)


@pytest.mark.parametrize("value", ["A1", "AB123456", "J512345", "BK98765432"])
def test_it_accepts_cin_letters_then_digits(value: str) -> None:
    validate_cin(value)


@pytest.mark.parametrize("value", ["123456", "ABC12345", "ab123456", "AB", "AB12 345", "A-12345"])
def test_it_refuses_a_malformed_cin(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_cin(value)


@pytest.mark.parametrize("value", ["12A45", "", "1234567890123", " 12345"])
def test_it_refuses_a_matricule_that_is_not_digits(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_matricule(value)


def test_it_counts_age_in_whole_years() -> None:
    assert age_on(dt.date(2000, 3, 15), dt.date(2021, 3, 14)) == 20
    assert age_on(dt.date(2000, 3, 15), dt.date(2021, 3, 15)) == 21


def test_it_moves_29_february_to_28_february() -> None:
    assert add_years(dt.date(2004, 2, 29), 16) == dt.date(2020, 2, 29)
    assert add_years(dt.date(2004, 2, 29), 1) == dt.date(2005, 2, 28)
