"""Reference numbers BO-YYYY-NNNNNN: one gapless sequence per year, in the Foundation's time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO
from unittest import mock

import pytest
from django.utils import timezone

from accounts.models import User
from correspondence import services
from correspondence.codes import format_reference, normalize_reference
from correspondence.models import Letter, LetterSequence
from tests.correspondence.files import pdf

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def send(user: User, *, attachments: Sequence[IO[bytes]] = ()) -> Letter:
    return services.send_letter(
        subject="Objet",
        body="Texte du courrier.",
        language="fr",
        user=user,
        attachments=attachments,
    ).letter


def test_it_numbers_the_letters_of_a_year_one_after_the_other(ready_member: User) -> None:
    year = timezone.localdate().year
    references = [send(ready_member).reference for _ in range(3)]
    assert references == [f"BO-{year}-000001", f"BO-{year}-000002", f"BO-{year}-000003"]


def test_it_starts_again_at_one_each_year(ready_member: User) -> None:
    with mock.patch(
        "correspondence.services.timezone.now",
        return_value=dt.datetime(2025, 6, 1, 10, 0, tzinfo=UTC),
    ):
        assert send(ready_member).reference == "BO-2025-000001"
        assert send(ready_member).reference == "BO-2025-000002"
    with mock.patch(
        "correspondence.services.timezone.now",
        return_value=dt.datetime(2026, 2, 1, 10, 0, tzinfo=UTC),
    ):
        assert send(ready_member).reference == "BO-2026-000001"
    assert dict(LetterSequence.objects.values_list("year", "last_value")) == {2025: 2, 2026: 1}


def test_it_counts_the_year_in_the_foundations_time(ready_member: User) -> None:
    # 23:30 UTC on 31 December is already New Year's Day in Casablanca (UTC+1).
    with mock.patch(
        "correspondence.services.timezone.now",
        return_value=dt.datetime(2025, 12, 31, 23, 30, tzinfo=UTC),
    ):
        assert send(ready_member).reference == "BO-2026-000001"


def test_it_leaves_no_gap_when_a_letter_fails_to_be_written(ready_member: User) -> None:
    year = timezone.localdate().year
    first = send(ready_member)
    with (
        mock.patch("correspondence.services._store", side_effect=OSError("disk full")),
        pytest.raises(OSError),
    ):
        send(ready_member, attachments=[pdf()])
    second = send(ready_member)
    assert (first.number, second.number) == (1, 2)
    assert second.reference == f"BO-{year}-000002"
    assert Letter.objects.count() == 2


def test_it_reads_a_reference_however_it_is_typed() -> None:
    assert format_reference(2026, 123) == "BO-2026-000123"
    assert normalize_reference(" bo-2026-000123 ") == "BO-2026-000123"
    assert normalize_reference("BO 2026 123") == "BO-2026-000123"
    assert normalize_reference("bo2026-٠٠٠١٢٣") == "BO-2026-000123"
    assert normalize_reference("nothing") == "NOTHING"
