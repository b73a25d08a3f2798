"""No code branches on a service's code: services differ only by their rows."""

from __future__ import annotations

import re
from pathlib import Path

CATALOG = Path(__file__).resolve().parents[2] / "catalog"
BRANCH = re.compile(r"""code\s*(==|!=|\bin\b|\bnot in\b)\s*[\[\(\{]?\s*["']""")


def test_it_finds_no_comparison_of_a_code_with_a_literal() -> None:
    offenders = [
        f"{path.relative_to(CATALOG)}:{number}: {line.strip()}"
        for path in CATALOG.rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BRANCH.search(line)
    ]
    assert offenders == []


def test_the_pattern_catches_a_branch() -> None:
    assert BRANCH.search('if service.code == "TRANS_AIR":')
    assert BRANCH.search("if code in ('Col_E', 'Col_A'):")
    assert not BRANCH.search("if rule.kind in self.params.types:")
