"""``payable_dossiers()``: what a payment batch may take. Approved with an amount, and confirmed
by a supervisor when the approval needed a second one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import User
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from dossiers.selectors import payable_dossiers
from tests.dossiers.factories import SentDossierFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _approved(alice: User, **extra: object) -> Dossier:
    values: dict[str, object] = {
        "member": alice.member,
        "status": DossierStatus.APPROVED,
        "approved_amount": Decimal("600.00"),
        **extra,
    }
    return SentDossierFactory.create(**values)


def test_it_takes_approved_dossiers_with_an_amount(alice: User) -> None:
    plain = _approved(alice)
    _approved(alice, approved_amount=None)
    _approved(alice, approved_amount=Decimal("0.00"))
    SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    SentDossierFactory.create(
        member=alice.member, status=DossierStatus.PAID, approved_amount=Decimal("600.00")
    )
    assert list(payable_dossiers()) == [plain]


def test_a_second_approval_must_be_given_first(alice: User, supervisor: User) -> None:
    waiting = _approved(alice, approved_amount=Decimal("15000.00"), second_approval_required=True)
    assert not payable_dossiers().filter(pk=waiting.pk).exists()
    assert list(Dossier.objects.awaiting_second_approval()) == [waiting]
    waiting.second_approved_by = supervisor
    waiting.save()
    assert list(payable_dossiers()) == [waiting]
    assert not Dossier.objects.awaiting_second_approval().exists()


def test_the_database_refuses_a_second_approval_nobody_asked_for(alice: User) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        _approved(alice, second_approved_by=UserFactory.create())


def test_oldest_first_with_what_a_payment_line_needs(alice: User) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.backoffice.helpers import days_ago

    newer = _approved(alice, submitted_at=days_ago(1))
    older = _approved(alice, submitted_at=days_ago(9))
    with CaptureQueriesContext(connection) as queries:
        rows = list(payable_dossiers())
        names = [(d.member.last_name, d.service.code, d.campaign.pk) for d in rows]
    assert rows == [older, newer]
    assert len(names) == 2
    assert len(queries) == 1
