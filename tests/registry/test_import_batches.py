"""Rows are written in batches: one lookup query and one transaction per batch, none per row."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Member
from tests.registry.import_csv import csv_bytes, reasons, run_import, valid_row

pytestmark = pytest.mark.django_db


def member_selects(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "registry_member"' in q["sql"]
    ]


def test_it_imports_five_rows_in_three_batches_of_two() -> None:
    with CaptureQueriesContext(connection) as queries:
        report = run_import(csv_bytes([valid_row(n) for n in range(1, 6)]), batch_size=2)

    assert (report.created, report.rejected) == (5, 0)
    assert Member.objects.count() == 5
    assert len(member_selects(queries)) == 3


def test_it_uses_the_batch_size_from_the_settings(settings: Any) -> None:
    settings.REGISTRY_IMPORT_BATCH_SIZE = 3
    with CaptureQueriesContext(connection) as queries:
        run_import(csv_bytes([valid_row(n) for n in range(1, 8)]))

    assert len(member_selects(queries)) == 3


def test_the_number_of_queries_does_not_grow_with_the_rows() -> None:
    def count(rows: int) -> int:
        Member.objects.all().delete()
        data = csv_bytes([valid_row(n) for n in range(1, rows + 1)])
        with CaptureQueriesContext(connection) as queries:
            run_import(data)
        return len(queries.captured_queries)

    assert count(3) == count(30)


def test_a_rejected_row_in_a_batch_does_not_keep_the_others_out() -> None:
    rows = [valid_row(1), valid_row(2, rib="0" * 24 + "1"), valid_row(3), valid_row(4)]

    report = run_import(csv_bytes(rows), batch_size=2)

    assert [line for line, _, _ in reasons(report)] == [3]
    assert sorted(Member.objects.values_list("matricule", flat=True)) == [
        "500001",
        "500003",
        "500004",
    ]


def test_a_batch_that_fails_to_write_leaves_the_earlier_batches_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_bulk_create: Callable[..., list[Member]] = Member.objects.bulk_create
    calls = []

    def bulk_create_then_fail_on_second_batch(objs: list[Member], **kwargs: Any) -> list[Member]:
        calls.append(len(objs))
        created = real_bulk_create(objs, **kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return created

    monkeypatch.setattr(Member.objects, "bulk_create", bulk_create_then_fail_on_second_batch)

    with pytest.raises(RuntimeError):
        run_import(csv_bytes([valid_row(n) for n in range(1, 6)]), batch_size=2)

    assert sorted(Member.objects.values_list("matricule", flat=True)) == ["500001", "500002"]


def test_it_updates_and_creates_in_the_same_batch() -> None:
    run_import(csv_bytes([valid_row(1), valid_row(2)]))

    report = run_import(
        csv_bytes([valid_row(1, step="9"), valid_row(2), valid_row(3)]), batch_size=3
    )

    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert Member.objects.get(matricule="500001").step == 9
