"""What a submission locks, and for how long (PostgreSQL; make test-postgres).

The numbering row of a service and year is locked only for the few statements that number,
save and record a dossier, so that members submitting to the same service do not wait for each
other's rule checks; the member's own row is locked for the whole submission, so that two
submissions of one member at once count each other in their quotas.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any
from unittest import mock

from django.db import connection, connections, transaction

from accounts.models import User
from catalog.constants import RulePurpose
from catalog.models import Campaign, Rule
from dossiers import services
from dossiers.errors import SubmissionRefused
from dossiers.models import Dossier
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import open_campaign
from tests.factories import MemberUserFactory
from tests.helpers import POSTGRES_RACE

pytestmark = POSTGRES_RACE
WAIT = 20.0


def bench_campaign(code: str) -> Campaign:
    service = ServiceFactory.create(code=code, steps=["personal_data", "review"], pays_money=False)
    return open_campaign(service)


def submit(user: User, campaign: Campaign) -> Dossier:
    assert user.member is not None
    dossier, _created = services.create_and_submit(
        member=user.member,
        user=user,
        request=services.NewRequest(
            campaign=campaign, idempotency_key=uuid.uuid4(), data=services.StepData()
        ),
    )
    return dossier


def test_another_member_is_numbered_while_a_submission_checks_its_rules() -> None:
    campaign = bench_campaign("LOCKS")
    slow, quick = MemberUserFactory.create(), MemberUserFactory.create()
    checking, release = threading.Event(), threading.Event()
    real = services.request_refusals
    sent: dict[str, Any] = {}

    def slow_refusals(dossier: Dossier, **kwargs: Any) -> list[str]:
        if dossier.member_id == slow.member_id:
            checking.set()
            release.wait(WAIT)
        return real(dossier, **kwargs)

    def submit_slowly() -> None:
        try:
            sent["slow"] = submit(slow, campaign)
        except BaseException as error:
            sent["slow"] = error
        finally:
            connections.close_all()

    with mock.patch("dossiers.services.request_refusals", slow_refusals):
        thread = threading.Thread(target=submit_slowly)
        thread.start()
        try:
            assert checking.wait(WAIT)
            started = time.monotonic()
            with transaction.atomic():
                with connection.cursor() as cursor:  # waiting on a lock fails instead of hanging
                    cursor.execute("SET LOCAL lock_timeout = '5s'")
                sent["quick"] = submit(quick, campaign)
            waited = time.monotonic() - started
        finally:
            release.set()
            thread.join(WAIT)
    assert waited < 5
    assert isinstance(sent["slow"], Dossier), sent["slow"]
    assert (sent["quick"].sequence, sent["slow"].sequence) == (1, 2)


def test_two_submissions_of_one_member_at_once_count_each_other() -> None:
    campaign = bench_campaign("ONCE")
    Rule.objects.create(
        service=campaign.service,
        purpose=RulePurpose.ELIGIBILITY,
        kind="max_count_per_campaign_per_beneficiary",
        params={"max_count": 1},
    )
    user = MemberUserFactory.create()
    start = threading.Barrier(2)
    outcomes: list[Any] = []

    def send() -> None:
        try:
            start.wait(WAIT)
            outcomes.append(submit(user, campaign))
        except BaseException as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert sorted(type(o).__name__ for o in outcomes) == ["Dossier", "SubmissionRefused"]
    assert Dossier.objects.filter(member=user.member, campaign=campaign).count() == 1
    assert any(isinstance(o, SubmissionRefused) for o in outcomes)
