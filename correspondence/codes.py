"""Reference numbers (BO-2026-000123) and visitors' access codes, as typed and as stored."""

from __future__ import annotations

import re
import secrets

from django.contrib.auth.hashers import make_password

from correspondence.constants import (
    ACCESS_CODE_ALPHABET,
    ACCESS_CODE_GROUP,
    ACCESS_CODE_LENGTH,
    REFERENCE_DIGITS,
    REFERENCE_PREFIX,
)

REFERENCE_RE = re.compile(r"^\s*BO\s*-?\s*(\d{4})\s*-?\s*(\d{1,9})\s*$", re.IGNORECASE)
ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def format_reference(year: int, number: int) -> str:
    return f"{REFERENCE_PREFIX}-{year}-{number:0{REFERENCE_DIGITS}d}"


def normalize_reference(text: str) -> str:
    """ "bo 2026 123", "BO-2026-000123": the reference as it is stored."""
    match = REFERENCE_RE.match((text or "").translate(ARABIC_INDIC_DIGITS))
    if match is None:
        return (text or "").strip().upper()
    return format_reference(int(match.group(1)), int(match.group(2)))


def new_access_code() -> str:
    """Twelve characters in groups of four, such as K7QM-3XPA-RT9C."""
    raw = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))
    return "-".join(raw[i : i + ACCESS_CODE_GROUP] for i in range(0, len(raw), ACCESS_CODE_GROUP))


def normalize_access_code(text: str) -> str:
    """What was typed, without spaces, dashes or case, Arabic-Indic digits read as digits."""
    typed = (text or "").translate(ARABIC_INDIC_DIGITS).upper()
    return "".join(character for character in typed if character.isascii() and character.isalnum())


def hash_access_code(code: str) -> str:
    # The password hasher (Argon2): a copy of the table does not give the codes back.
    return make_password(normalize_access_code(code))
