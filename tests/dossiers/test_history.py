"""The engine's History, answered from one query over the dossiers that count, made when a rule
first asks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from catalog.rules import Beneficiary
from dossiers.constants import DossierStatus
from dossiers.selectors import DossierHistory
from tests.catalog.factories import MotiveFactory, ServiceFactory
from tests.dossiers.factories import DossierFactory, SentDossierFactory, open_campaign
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_it_counts_amounts_and_years_per_service_person_and_year(alice: User) -> None:
    member = alice.member
    assert member is not None
    service, other = ServiceFactory.create(), ServiceFactory.create()
    campaign = open_campaign(service)
    child = ChildFactory.create(member=member)
    motive = MotiveFactory.create(service=service)
    sent = {"member": member, "service": service, "campaign": campaign}
    SentDossierFactory.create(**sent, computed_amount=Decimal("100.00"))
    SentDossierFactory.create(
        **sent, status=DossierStatus.APPROVED, approved_amount=Decimal("80.00"), motive=motive
    )
    SentDossierFactory.create(**sent, status=DossierStatus.PAID, year=2020)
    SentDossierFactory.create(**sent, status=DossierStatus.REJECTED)
    SentDossierFactory.create(**sent, status=DossierStatus.CANCELLED)
    SentDossierFactory.create(**sent, beneficiary_type="child", child=child)
    SentDossierFactory.create(member=member, service=other, campaign=open_campaign(other))
    DossierFactory.create(member=member, service=service, campaign=campaign)
    with CaptureQueriesContext(connection) as queries:
        history = DossierHistory.of_member(member)
    assert len(queries) == 0  # nothing read until a rule asks
    me, kid = Beneficiary.of_member(member), Beneficiary.of_child(child)
    year = campaign.year or 0
    with CaptureQueriesContext(connection) as queries:
        assert history.count_for(service, me, year) == 2
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert history.amount_for(service, me, year) == Decimal("180.00")
    assert len(queries) == 0  # read once
    assert history.count_for(service, kid, year) == 1
    assert history.count_for(other, me, year) == 1
    assert history.count_for(service, me, year - 1) == 0
    assert history.amount_for(service, me, year) == Decimal("180.00")
    assert history.amount_for(service, me, year, motive) == Decimal("80.00")
    assert history.years_granted(service, me) == 2
    assert history.count_in_campaign(campaign, me) == 3


def test_it_leaves_out_the_dossier_being_sent(alice: User) -> None:
    assert alice.member is not None
    dossier = SentDossierFactory.create(member=alice.member)
    history = DossierHistory.of_member(alice.member, exclude=dossier.pk)
    assert history.requests == []
