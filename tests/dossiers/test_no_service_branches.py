"""The dossiers app names no service: no comparison of a code with a literal."""

from __future__ import annotations

from pathlib import Path

from tests.catalog.test_no_service_branches import BRANCH

DOSSIERS = Path(__file__).resolve().parents[2] / "dossiers"


def test_it_finds_no_comparison_of_a_code_with_a_literal() -> None:
    offenders = [
        f"{path.relative_to(DOSSIERS)}:{number}: {line.strip()}"
        for path in DOSSIERS.rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BRANCH.search(line)
    ]
    assert offenders == []


def test_no_template_compares_a_service_code() -> None:
    offenders = [
        str(path.relative_to(DOSSIERS))
        for path in DOSSIERS.rglob("*.html")
        if "service.code ==" in path.read_text() or "service.code !=" in path.read_text()
    ]
    assert offenders == []
