"""The French and Arabic catalogues are complete and keep every placeholder."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_there_is_a_catalogue_for_each_language() -> None:
    assert {path.parts[-3] for path in CATALOGUES} == {"ar", "fr"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_string_is_translated(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_translation_keeps_its_placeholders(path: Path) -> None:
    wrong = []
    for entry in polib.pofile(str(path)).translated_entries():
        if not entry.msgid_plural:
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
                PLACEHOLDER.findall(entry.msgstr)
            ):
                wrong.append(entry.msgid)
            continue
        # A plural form may leave the number out ("un jour"), never add an unknown name.
        known = set(PLACEHOLDER.findall(entry.msgid_plural)) | set(PLACEHOLDER.findall(entry.msgid))
        if any(set(PLACEHOLDER.findall(form)) - known for form in entry.msgstr_plural.values()):
            wrong.append(entry.msgid)
    assert wrong == []


def test_arabic_strings_are_in_arabic_script() -> None:
    catalogue = polib.pofile(str(Path(settings.BASE_DIR, "locale/ar/LC_MESSAGES/django.po")))
    arabic = re.compile(r"[\u0600-\u06FF]")
    latin_only = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if not arabic.search(entry.msgstr)
        and re.search(r"[a-z]{4,}", entry.msgid)
        and entry.msgstr == entry.msgid
        and entry.msgid not in {"Français"}
    ]
    assert latin_only == []
