"""No template shows a field a member or a visitor writes without ``|isolated`` (issue 12,
item 8): a new page that forgets it fails here, before a probe finds it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Every template is scanned but the terms of use, which the Foundation writes (a "body" too).
NOT_SCANNED = ("accounts/templates/accounts/terms.html",)
# The last part of a variable that holds what someone outside the Foundation typed.
MEMBER_WRITTEN = re.compile(
    r"(?:^|\.)(sender_name|subject|body|original_name|first_name(?:_ar)?|last_name(?:_ar)?"
    r"|full_name|beneficiary_name|beneficiary|display_name|reason|cancel_reason|subject_label"
    r"|current|proposed|person|name_fr|name_ar|names\.[01])$"
)
FILTER_BLOCK = re.compile(r"\{% filter isolated %\}.*?\{% endfilter %\}", re.DOTALL)
BLOCKTRANSLATE = re.compile(
    r"\{% blocktranslate( [^%]*)?%\}.*?\{% endblocktranslate %\}", re.DOTALL
)
ASSIGNMENT = re.compile(r"(\w+)=([\w.]+)((?:\|[\w\"':.]+)*)")
OUTPUT = re.compile(r"\{\{\s*([\w.]+)((?:\|[^}]*)?)\s*\}\}")
IN_ATTRIBUTE = re.compile(r"([\w-]+)=\"[^\"<>]*$")
# Attributes a browser shows as text (a tooltip, an image's replacement, a field's hint).
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}


def _templates() -> list[Path]:
    found = [
        path
        for pattern in ("*/templates/**/*.html", "*/templates/**/*.txt", "templates/**/*.html")
        for path in ROOT.glob(pattern)
        if ".venv" not in path.parts
    ]
    return sorted(p for p in set(found) if not str(p.relative_to(ROOT)).startswith(NOT_SCANNED))


def unisolated(source: str) -> list[str]:
    """The member-written outputs of a template that do not go through ``|isolated``."""
    source = FILTER_BLOCK.sub("", source)
    missing: list[str] = []

    def check_assignments(match: re.Match[str]) -> str:
        for _name, variable, filters in ASSIGNMENT.findall(match.group(1) or ""):
            if MEMBER_WRITTEN.search(variable) and "isolated" not in filters:
                missing.append(f"with {variable}")
        return ""

    source = BLOCKTRANSLATE.sub(check_assignments, source)
    for match in OUTPUT.finditer(source):
        variable, filters = match.group(1), match.group(2)
        line_before = source[: match.start()].rsplit("\n", 1)[-1]
        attribute = IN_ATTRIBUTE.search(line_before)
        # An attribute holds no markup: one a browser shows (alt, title) needs the controls
        # neutralised, |isolated:"text"; a form's value is given back as typed.
        if attribute and attribute.group(1) not in SHOWN_ATTRIBUTES:
            continue
        if MEMBER_WRITTEN.search(variable) and "isolated" not in filters:
            missing.append(match.group(0))
    return missing


def test_the_scanner_finds_a_bare_field_and_accepts_the_isolated_ones() -> None:
    assert unisolated("<td>{{ letter.subject }}</td>") == ["{{ letter.subject }}"]
    assert unisolated("{{ letter.body|linebreaks }}") == ["{{ letter.body|linebreaks }}"]
    assert unisolated(
        "{% blocktranslate with name=member.full_name %}{{ name }}{% endblocktranslate %}"
    ) == ["with member.full_name"]
    assert (
        unisolated(
            '{{ letter.subject|isolated }} {{ letter.body|isolated:"block" }}'
            "{% filter isolated %}{{ m.first_name }} {{ m.last_name }}{% endfilter %}"
            "{% blocktranslate with name=member.full_name|isolated %}{{ name }}"
            "{% endblocktranslate %}"
            '<img alt="{{ attachment.original_name|isolated:"text" }}">'
            '<input value="{{ letter.subject }}">'
        )
        == []
    )
    assert unisolated('<img alt="{{ attachment.original_name }}">') == [
        "{{ attachment.original_name }}"
    ]


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_member_written_field_is_isolated(path: Path) -> None:
    assert unisolated(path.read_text()) == []
