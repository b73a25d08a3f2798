"""Bounded input fields shared by every form and serializer: an id, a date, an amount.

Each value a person or a program sends has limits past which Python or the database fails
rather than answers: ids are 64-bit signed integers (SQLite raises OverflowError beyond them),
``datetime.date`` stops at the years 1 and 9999 (a filter's "to" date plus one day, or a period
shifted by a year, raised OverflowError at 9999-12-31), and an amount must fit its column and
its constraint (above zero). These fields refuse such values with a message in the reader's
language, before any query or date arithmetic sees them: a form error or a 400, never a 500.
Every form and serializer that takes an id, a date or an amount uses them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_ID = 2**63 - 1
# No date the portal deals with (births, invoices, payments, filters) is outside these; both are
# far enough from datetime's limits for any arithmetic the portal does on them.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
MONEY_DIGITS = 12
MONEY_PLACES = 2
SMALLEST_AMOUNT = Decimal("0.01")
LARGEST_AMOUNT = Decimal("9999999999.99")

ID_MESSAGES = {
    "min_value": _("Cet identifiant n'existe pas."),
    "max_value": _("Cet identifiant n'existe pas."),
    "invalid": _("Un identifiant est un nombre entier."),
    "max_string_length": _("Cet identifiant n'existe pas."),
}


def validate_date_in_range(value: dt.date) -> None:
    """A date between EARLIEST_DATE and LATEST_DATE, else a ValidationError that says so."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Indiquez une date entre le %(earliest)s et le %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                "latest": date_format(LATEST_DATE, "SHORT_DATE_FORMAT"),
            },
        )


def parse_id(text: object) -> int | None:
    """A row id written in a query string or a form (ASCII digits, 1 to MAX_ID), else None.

    ``str.isdigit`` also takes "²" and "١٢", which ``int`` refuses or reads; and a 2**63 reached
    SQLite as an OverflowError."""
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def page_number(text: object, *, last: int = 1_000_000) -> int:
    """A page number from a query string; the first page for anything else."""
    number = parse_id(text)
    return number if number is not None and number < last else 1


# Forms ------------------------------------------------------------------------------------------


class DateField(forms.DateField):
    """A form's date, refused outside EARLIEST_DATE..LATEST_DATE."""

    default_validators = [validate_date_in_range]

    def to_python(self, value: Any) -> dt.date | None:
        try:
            return super().to_python(value)
        except (OverflowError, ValueError):  # "99999-01-01" and the like
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class MoneyField(forms.DecimalField):
    """A form's amount in dirhams: above zero, at most two decimals, within its column.

    Typed as people type it: "1 250,50", "1250.50", "1 250".
    """

    def __init__(self, *, allow_zero: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_PLACES)
        kwargs.setdefault("min_value", Decimal(0) if allow_zero else SMALLEST_AMOUNT)
        kwargs.setdefault("max_value", LARGEST_AMOUNT)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


# API --------------------------------------------------------------------------------------------


class ApiDateField(serializers.DateField):
    """An API date (YYYY-MM-DD), refused outside EARLIEST_DATE..LATEST_DATE."""

    default_validators = [validate_date_in_range]


class ApiIdField(serializers.IntegerField):
    """An API id of a row: a whole number from 1 to MAX_ID (a 400 otherwise, never a 500)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
        self.error_messages = {**self.error_messages, **ID_MESSAGES}


class ApiMoneyField(serializers.DecimalField):
    """An API amount: a decimal string above zero, at most two decimals, within its column."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_PLACES)
        kwargs.setdefault("min_value", SMALLEST_AMOUNT)
        kwargs.setdefault("max_value", LARGEST_AMOUNT)
        super().__init__(**kwargs)
