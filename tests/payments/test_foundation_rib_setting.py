"""FOUNDATION_RIB, the account the transfer files debit, is checked at start-up."""

from __future__ import annotations

from pathlib import Path

from tests.fos.test_settings import run_manage


def test_a_rib_that_fails_its_key_stops_the_start_up(tmp_path: Path) -> None:
    result = run_manage(
        "check", env={"FOUNDATION_RIB": "011000000000000001234541"}, tmp_path=tmp_path
    )

    assert result.returncode != 0
    assert "FOUNDATION_RIB must be 24 digits" in result.stderr


def test_a_valid_rib_starts(tmp_path: Path) -> None:
    result = run_manage(
        "check", env={"FOUNDATION_RIB": "011000000000000001234540"}, tmp_path=tmp_path
    )

    assert result.returncode == 0, result.stderr
