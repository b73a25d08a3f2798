"""The queue's filters: status, campaign, submission dates, posting province, position, amount."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from catalog.models import Service
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from registry.models import Position, Province
from tests.backoffice.helpers import days_ago
from tests.dossiers.factories import SentDossierFactory, open_campaign
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _sent(service: Service, **extra: Any) -> Dossier:
    member_fields = {
        k.removeprefix("member__"): extra.pop(k) for k in list(extra) if k.startswith("member__")
    }
    member = MemberFactory.create(**member_fields)
    extra.setdefault("campaign", service.campaigns.first() or open_campaign(service))
    return SentDossierFactory.create(member=member, service=service, **extra)


def _numbers(client: Client, service: Service, **params: Any) -> set[str]:
    response = client.get(f"/backoffice/dossiers/queue/{service.code}/", params)
    assert response.status_code == 200
    return {d.number for d in response.context["page"].rows}


def test_it_shows_the_open_dossiers_by_default_and_filters_by_status(
    agent_client: Client, service: Service, assigned: None
) -> None:
    sent = _sent(service)
    review = _sent(service, status=DossierStatus.IN_REVIEW)
    paid = _sent(service, status=DossierStatus.PAID)
    assert _numbers(agent_client, service) == {sent.number, review.number}
    assert _numbers(agent_client, service, status="paid") == {paid.number}
    assert _numbers(agent_client, service, status="all") == {
        sent.number,
        review.number,
        paid.number,
    }


def test_it_never_shows_another_services_dossiers_or_drafts(
    agent_client: Client, service: Service, other_service: Service, assigned: None
) -> None:
    mine = _sent(service)
    _sent(other_service)
    from tests.dossiers.factories import DossierFactory

    DossierFactory.create(service=service, campaign=mine.campaign)
    assert _numbers(agent_client, service, status="all") == {mine.number}


def test_it_filters_by_campaign(agent_client: Client, service: Service, assigned: None) -> None:
    first = _sent(service)
    second_campaign = open_campaign(service, key="second")
    second = _sent(service, campaign=second_campaign)
    assert _numbers(agent_client, service, campaign=second_campaign.pk) == {second.number}
    assert first.number not in _numbers(agent_client, service, campaign=second_campaign.pk)


def test_it_filters_by_submission_dates(
    agent_client: Client, service: Service, assigned: None
) -> None:
    old = _sent(service, submitted_at=days_ago(40))
    recent = _sent(service, submitted_at=days_ago(5))
    since = days_ago(10).date().isoformat()
    until = days_ago(20).date().isoformat()
    assert _numbers(agent_client, service, submitted_from=since) == {recent.number}
    assert _numbers(agent_client, service, submitted_to=until) == {old.number}


def test_it_filters_by_posting_province_and_position(
    agent_client: Client, service: Service, assigned: None
) -> None:
    oujda = Province.objects.get(code="oujda-angad")
    in_oujda = _sent(service, member__posting_province=oujda)
    retired = _sent(service, member__position=Position.RETIRED, member__pension_number="10007919")
    _sent(service)
    assert _numbers(agent_client, service, province=oujda.pk) == {in_oujda.number}
    assert _numbers(agent_client, service, position="retired") == {retired.number}
    both = {"province": oujda.pk, "position": "retired"}
    assert _numbers(agent_client, service, **both) == set()


def test_it_filters_by_amount_granted_or_computed(
    agent_client: Client, service: Service, assigned: None
) -> None:
    small = _sent(service, computed_amount=Decimal("100.00"))
    large = _sent(service, computed_amount=Decimal("900.00"))
    granted = _sent(
        service,
        status=DossierStatus.APPROVED,
        computed_amount=Decimal("100.00"),
        approved_amount=Decimal("5000.00"),
    )
    assert _numbers(agent_client, service, amount_max="500") == {small.number}
    everything = {"status": "all", "amount_min": "800"}
    assert _numbers(agent_client, service, **everything) == {large.number, granted.number}


def test_a_wrong_filter_value_is_shown_and_ignored(
    agent_client: Client, service: Service, assigned: None
) -> None:
    sent = _sent(service)
    response = agent_client.get(
        f"/backoffice/dossiers/queue/{service.code}/",
        {"submitted_from": "demain", "amount_min": "-3"},
    )
    assert response.status_code == 200
    assert {d.number for d in response.context["page"].rows} == {sent.number}
    assert response.context["form"].errors
