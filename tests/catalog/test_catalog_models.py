"""The catalogue's models refuse inconsistent rows and speak the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from catalog.models import Service
from tests.catalog.factories import (
    CampaignFactory,
    RequiredDocumentFactory,
    RuleFactory,
    ServiceFactory,
    local,
)

pytestmark = pytest.mark.django_db


def test_a_campaign_must_close_after_it_opens() -> None:
    with pytest.raises(IntegrityError):
        CampaignFactory.create(opens_at=local(2026, 5, 1), closes_at=local(2026, 5, 1))


def test_an_invoice_window_must_be_ordered() -> None:
    campaign = CampaignFactory.build(
        service=ServiceFactory.create(),
        invoice_date_from=dt.date(2026, 9, 15),
        invoice_date_to=dt.date(2026, 7, 1),
    )
    with pytest.raises(ValidationError) as caught:
        campaign.full_clean()
    assert "invoice_date_to" in caught.value.message_dict
    with pytest.raises(IntegrityError):
        campaign.save()


def test_a_campaign_is_open_from_opening_until_closing() -> None:
    campaign = CampaignFactory.create(opens_at=local(2026, 3, 1), closes_at=local(2026, 4, 1))
    assert not campaign.is_open(local(2026, 2, 28, 23, 59))
    assert campaign.is_open(local(2026, 3, 1))
    assert not campaign.is_open(local(2026, 4, 1))


def test_a_service_code_allows_letters_digits_and_underscore_only() -> None:
    service = ServiceFactory.build(category=ServiceFactory.create().category, code="Col-E")
    with pytest.raises(ValidationError) as caught:
        service.full_clean()
    assert "code" in caught.value.message_dict


def test_a_service_validates_its_steps_and_originals() -> None:
    service = ServiceFactory.create()
    service.steps = ["rib", "teleport"]
    service.originals_fr = "Facture"
    with pytest.raises(ValidationError) as caught:
        service.full_clean()
    assert set(caught.value.message_dict) == {"steps", "originals_deadline_days"}


def test_a_paying_service_asks_for_the_rib() -> None:
    service = ServiceFactory.create(pays_money=True, steps=["personal_data", "review"])
    with pytest.raises(ValidationError) as caught:
        service.full_clean()
    assert "steps" in caught.value.message_dict


def test_a_document_is_between_1_and_20_mb_and_a_combined_one_is_a_pdf() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RequiredDocumentFactory.create(max_size_mb=21)
    document = RequiredDocumentFactory.build(
        service=ServiceFactory.create(), combined_pdf=True, accepted_types=["pdf", "png"]
    )
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert "accepted_types" in caught.value.message_dict
    document.accepted_types = ["gif"]
    with pytest.raises(ValidationError):
        document.full_clean()


def test_a_rule_refuses_a_campaign_of_another_service() -> None:
    rule = RuleFactory.create()
    rule.campaign = CampaignFactory.create()
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "campaign" in caught.value.message_dict


def test_texts_follow_the_readers_language() -> None:
    service = Service.objects.get(code="ESTIVAGE")
    with translation.override("ar"):
        assert service.name == "الاصطياف العائلي"
        assert service.originals == ["الفاتورة الأصلية للإقامة", "وصل الأداء الأصلي"]
    with translation.override("fr"):
        assert service.name == "Estivage familial"
        assert service.ordered_steps == ["personal_data", "rib", "uploads", "review"]
