"""Validators for the identifiers of the member registry, with messages a person understands."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RIB_LENGTH = 24
CIN_RE = re.compile(r"^[A-Z]{1,2}[0-9]{1,8}$")
MATRICULE_RE = re.compile(r"^[0-9]{1,12}$")
PENSION_RE = re.compile(r"^[0-9A-Z/-]{1,20}$")
MIN_RECRUITMENT_AGE = 16


def _ascii_digits(value: str) -> bool:
    """0 to 9 only: str.isdigit() also takes "²" or Arabic-Indic digits, which int() may refuse."""
    return value.isascii() and value.isdigit()


def rib_is_valid(value: str) -> bool:
    """24 digits (bank 3, city 3, account 16, key 2) whose number is divisible by 97."""
    return len(value) == RIB_LENGTH and _ascii_digits(value) and int(value) % 97 == 0


def rib_key(first_22_digits: str) -> str:
    """The two-digit key that makes a 22-digit bank/city/account prefix a valid RIB."""
    return f"{97 - (int(first_22_digits) * 100) % 97:02d}"


def validate_rib(value: str) -> None:
    if len(value) != RIB_LENGTH or not _ascii_digits(value):
        raise ValidationError(
            _("Le RIB doit compter exactement 24 chiffres (%(count)s saisis)."),
            code="rib_length",
            params={"count": len(value)},
        )
    if int(value) % 97 != 0:
        raise ValidationError(
            _("Ce RIB n'est pas valide : sa clé ne correspond pas (vérifiez chaque chiffre)."),
            code="rib_key",
        )


def validate_cin(value: str) -> None:
    if not CIN_RE.match(value):
        raise ValidationError(
            _(
                "Le numéro de CIN doit comporter une ou deux lettres majuscules suivies "
                "de chiffres (par exemple AB123456)."
            ),
            code="cin_format",
        )


def validate_matricule(value: str) -> None:
    if not MATRICULE_RE.match(value):
        raise ValidationError(
            _("Le matricule ne doit contenir que des chiffres (12 au plus)."),
            code="matricule_format",
        )


def validate_pension_number(value: str) -> None:
    if not PENSION_RE.match(value):
        raise ValidationError(
            _(
                "Le numéro de pension ne doit contenir que des chiffres, des lettres majuscules, "
                "« / » ou « - » (20 caractères au plus)."
            ),
            code="pension_format",
        )


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


PHONE_SEPARATORS = str.maketrans("", "", " .-/()\u00a0")
PHONE_RE = re.compile(r"^\+?[0-9]{8,15}$")


def normalize_phone(value: str) -> str:
    """The number without the spaces, dots, dashes and brackets people type between digits."""
    return value.strip().translate(PHONE_SEPARATORS)


def validate_phone(value: str) -> None:
    """8 to 15 digits, optionally after a "+" (0612345678, +212612345678, a number abroad)."""
    if not PHONE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _(
                "Le numéro de téléphone doit compter de 8 à 15 chiffres, éventuellement "
                "précédés de « + » (par exemple 0612345678 ou +212612345678)."
            ),
            code="phone_format",
        )
