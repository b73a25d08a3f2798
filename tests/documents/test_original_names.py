"""The member's file name is only shown: no folders, no control characters, not too long."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.constants import ORIGINAL_NAME_MAX_LENGTH
from documents.validation import safe_original_name


@pytest.mark.parametrize(
    ("given_name", "shown"),
    [
        ("attestation.pdf", "attestation.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Sami\\Documents\\rib.pdf", "rib.pdf"),
        ("/var/www/../rib.pdf", "rib.pdf"),
        ("rib\x00.pdf", "rib .pdf"),
        ("ligne 1\nligne 2.pdf", "ligne 1 ligne 2.pdf"),
        ("facture\u202efdp.exe", "facturefdp.exe"),
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
        ("  espaces   multiples  .pdf", "espaces multiples .pdf"),
        ("...", "document"),
        ("", "document"),
        (None, "document"),
        ("شهادة مدرسية.pdf", "شهادة مدرسية.pdf"),
        ("Relevé.pdf", "Relevé.pdf"),
        (".htaccess", "htaccess"),
    ],
)
def test_it_cleans_names(given_name: str | None, shown: str) -> None:
    assert safe_original_name(given_name) == shown


def test_it_caps_a_long_name_and_keeps_its_extension() -> None:
    name = safe_original_name("a" * 500 + ".pdf")
    assert len(name) == ORIGINAL_NAME_MAX_LENGTH
    assert name.endswith("a.pdf")


def test_it_caps_a_long_name_without_extension() -> None:
    assert len(safe_original_name("b" * 500)) == ORIGINAL_NAME_MAX_LENGTH


@given(st.text(max_size=400))
def test_it_never_returns_a_path_a_control_character_or_too_much(name: str) -> None:
    shown = safe_original_name(name)
    assert shown
    assert len(shown) <= ORIGINAL_NAME_MAX_LENGTH
    assert "/" not in shown and "\\" not in shown
    assert not any(unicodedata.category(character).startswith("C") for character in shown)
    assert shown == shown.strip()
