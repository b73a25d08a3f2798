"""docs/api/openapi.yaml is the schema the code serves (docs/api/README.md: regenerate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db
COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"


def test_it_matches_the_committed_schema(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--lang", "fr")
    assert generated.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        "The API changed: run `FOS_ENV=test .venv/bin/python manage.py spectacular "
        "--lang fr --file docs/api/openapi.yaml` and commit the file."
    )
