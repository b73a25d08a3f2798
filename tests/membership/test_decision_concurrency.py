"""Agents deciding the same request at the same moment on PostgreSQL: one decision wins, every
other agent gets the conflict, the registry is written once. And one member's RIB requests sent
together: one pending request, the others refused with the message.

The request row is locked (SELECT ... FOR UPDATE) before its status is read; SQLite has no row
locks, so this runs only where the database is PostgreSQL (`make test-postgres`, CI).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection

from membership.constants import ChangeStatus
from membership.models import ChangeRequest, MemberDataChange
from membership.services import AlreadyDecidedError, approve_change, reject_change, request_change
from tests.documents.factories import MemberDocumentFactory
from tests.factories import MemberUserFactory, UserFactory, make_rib
from tests.helpers import POSTGRES_RACE, run_together
from tests.membership.factories import RibChangeFactory

THREADS = 6

pytestmark = POSTGRES_RACE


def test_it_is_skipped_only_off_postgresql() -> None:
    assert connection.vendor == "postgresql"


def test_one_decision_wins_the_others_get_the_conflict() -> None:
    change = RibChangeFactory.create()
    agents = [UserFactory.create(is_staff=True) for _ in range(THREADS)]

    def decide(index: int) -> None:
        if index % 2:
            approve_change(agent=agents[index], request_id=change.pk)
        else:
            reject_change(agent=agents[index], request_id=change.pk, reason="Non")

    errors = run_together(THREADS, decide)
    assert len(errors) == THREADS - 1
    assert all(isinstance(error, AlreadyDecidedError) for error in errors)
    change.refresh_from_db()
    assert change.status in {ChangeStatus.APPROVED, ChangeStatus.REJECTED}
    assert change.events.exclude(to_status=ChangeStatus.PENDING).count() == 1
    written = MemberDataChange.objects.filter(member=change.member).count()
    assert written == (1 if change.status == ChangeStatus.APPROVED else 0)


def test_rib_requests_sent_together_leave_one_pending() -> None:
    user = MemberUserFactory.create()
    member = user.member
    assert member is not None
    attestations = [MemberDocumentFactory.create(member=member) for _ in range(THREADS)]

    def send(index: int) -> None:
        request_change(
            member=member,
            user=user,
            kind="rib",
            data={"rib": make_rib(500 + index)},
            documents={"rib_attestation": attestations[index]},
        )

    errors = run_together(THREADS, send)
    assert len(errors) == THREADS - 1
    assert all(isinstance(error, ValidationError) for error in errors)
    assert ChangeRequest.objects.filter(member=member, status=ChangeStatus.PENDING).count() == 1
