"""Concurrent submissions on PostgreSQL: 8 threads x 10 dossiers get 1..80, no gap, no twin.

The sequence row is locked (SELECT ... FOR UPDATE) in the submitting transaction; SQLite has no
row locks (its IMMEDIATE transactions serialize every writer instead), so this runs only where
the database is PostgreSQL (`make test-postgres`, CI).
"""

from __future__ import annotations

import uuid

from django.db import connection

from accounts.models import User
from dossiers.models import Dossier
from dossiers.services import NewRequest, StepData, create_and_submit, submit_dossier
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import open_campaign, this_year
from tests.dossiers.helpers import complete_draft
from tests.factories import MemberUserFactory
from tests.helpers import POSTGRES_RACE, run_together

THREADS = 8
PER_THREAD = 10

pytestmark = POSTGRES_RACE


def test_it_is_skipped_only_off_postgresql() -> None:
    assert connection.vendor == "postgresql"


def test_concurrent_submissions_get_numbers_1_to_80() -> None:
    service = ServiceFactory.create(
        code="CONC", steps=["personal_data", "review"], pays_money=False
    )
    campaign = open_campaign(service)
    users: list[User] = [MemberUserFactory.create() for _ in range(THREADS)]
    drafts = [[complete_draft(user, campaign).pk for _ in range(PER_THREAD)] for user in users]

    def submit_all(index: int) -> None:
        for pk in drafts[index]:
            submit_dossier(dossier=pk, user=users[index])

    assert run_together(THREADS, submit_all) == []
    sent = Dossier.objects.filter(service=service)
    assert sorted(s or 0 for s in sent.values_list("sequence", flat=True)) == list(
        range(1, THREADS * PER_THREAD + 1)
    )
    assert len(set(sent.values_list("number", flat=True))) == THREADS * PER_THREAD
    assert f"{THREADS * PER_THREAD}/CONC/{this_year()}" in set(
        sent.values_list("number", flat=True)
    )


def test_the_same_idempotency_key_at_once_makes_one_dossier() -> None:
    service = ServiceFactory.create(
        code="IDEM", steps=["personal_data", "review"], pays_money=False
    )
    campaign = open_campaign(service)
    user = MemberUserFactory.create()
    assert user.member is not None
    key = uuid.uuid4()
    results: list[tuple[int, bool]] = []

    def send(_index: int) -> None:
        dossier, created = create_and_submit(
            member=user.member,  # type: ignore[arg-type]
            user=user,
            request=NewRequest(campaign=campaign, idempotency_key=key, data=StepData()),
        )
        results.append((dossier.pk, created))

    assert run_together(THREADS, send) == []
    assert Dossier.objects.filter(member=user.member).count() == 1
    assert len({pk for pk, _created in results}) == 1
    assert sum(created for _pk, created in results) == 1
