"""A double click or a retried request never makes two dossiers."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from accounts.models import User
from dossiers.errors import SubmissionRefused
from dossiers.models import Dossier, DossierEvent
from dossiers.services import NewRequest, StepData, create_and_submit, submit_dossier
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import member_document, open_campaign
from tests.dossiers.helpers import complete_draft, default_service, post_in

pytestmark = pytest.mark.django_db


def test_sending_a_draft_twice_returns_the_first_dossier(alice: User) -> None:
    service = ServiceFactory.create(steps=["personal_data", "review"], pays_money=False)
    draft = complete_draft(alice, open_campaign(service))
    first = submit_dossier(dossier=draft, user=alice)
    again = submit_dossier(dossier=draft.pk, user=alice)
    assert again.pk == first.pk
    assert again.number == first.number
    assert DossierEvent.objects.filter(dossier=draft).count() == 1


def test_the_same_key_twice_makes_one_dossier(alice: User) -> None:
    assert alice.member is not None
    post_in(alice, "nador")
    service, campaign = default_service("TRANS_AIR")
    documents = tuple(
        (required.pk, member_document(alice.member).pk) for required in service.documents.all()
    )
    request = NewRequest(
        campaign=campaign,
        idempotency_key=uuid.uuid4(),
        data=StepData(declared_amount=Decimal("1500.00")),
        documents=documents,
    )
    first, created = create_and_submit(member=alice.member, user=alice, request=request)
    again, created_again = create_and_submit(member=alice.member, user=alice, request=request)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert first.computed_amount == Decimal("450.00")
    assert Dossier.objects.filter(member=alice.member).count() == 1


def test_another_key_makes_another_dossier(alice: User) -> None:
    assert alice.member is not None
    service = ServiceFactory.create(steps=["personal_data", "review"], pays_money=False)
    campaign = open_campaign(service)
    for _attempt in range(2):
        create_and_submit(
            member=alice.member,
            user=alice,
            request=NewRequest(campaign=campaign, idempotency_key=uuid.uuid4(), data=StepData()),
        )
    assert Dossier.objects.filter(member=alice.member).count() == 2


def test_a_refused_request_leaves_nothing_and_can_be_retried(alice: User) -> None:
    assert alice.member is not None
    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    request = NewRequest(campaign=campaign, idempotency_key=uuid.uuid4(), data=StepData())
    with pytest.raises(SubmissionRefused):
        create_and_submit(member=alice.member, user=alice, request=request)
    assert not Dossier.objects.filter(member=alice.member).exists()


def test_keys_are_per_member(alice: User, bob: User) -> None:
    assert alice.member is not None and bob.member is not None
    service = ServiceFactory.create(steps=["personal_data", "review"], pays_money=False)
    campaign = open_campaign(service)
    key = uuid.uuid4()
    mine, _ = create_and_submit(
        member=alice.member,
        user=alice,
        request=NewRequest(campaign=campaign, idempotency_key=key, data=StepData()),
    )
    theirs, created = create_and_submit(
        member=bob.member,
        user=bob,
        request=NewRequest(campaign=campaign, idempotency_key=key, data=StepData()),
    )
    assert created
    assert mine.pk != theirs.pk
