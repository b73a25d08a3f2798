"""The catalogue admin lists services and refuses a rule whose parameters are invalid."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import Rule, Service
from tests.factories import UserFactory
from tests.registry.staff_login import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    return login_staff(client, UserFactory.create(is_staff=True, is_superuser=True))


def rule_form(
    service: Service, kind: str, params: object, purpose: str = "eligibility"
) -> dict[str, str]:
    return {
        "service": str(service.pk),
        "purpose": purpose,
        "kind": kind,
        "params": json.dumps(params),
        "order": "0",
        "is_active": "on",
        "message_fr": "",
        "message_ar": "",
    }


def test_it_refuses_invalid_params_on_the_params_field(admin_client: Client) -> None:
    service = Service.objects.get(code="TRANS_AIR")
    url = reverse("admin:catalog_rule_add")
    response = admin_client.post(
        url, rule_form(service, "max_count_per_year_per_beneficiary", {"max_count": 0})
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["params"] == ["Paramètre « max_count » : la valeur doit être au moins 1."]
    assert not Rule.objects.filter(params={"max_count": 0}).exists()


def test_it_refuses_an_amount_kind_as_eligibility(admin_client: Client) -> None:
    service = Service.objects.get(code="TRANS_AIR")
    response = admin_client.post(
        reverse("admin:catalog_rule_add"), rule_form(service, "fixed_amount", {"amount": "10"})
    )
    assert "purpose" in response.context["adminform"].form.errors


def test_it_saves_valid_params(admin_client: Client) -> None:
    service = Service.objects.get(code="TRANS_AIR")
    response = admin_client.post(
        reverse("admin:catalog_rule_add"),
        rule_form(service, "fixed_amount", {"amount": "10.00"}, purpose="amount"),
    )
    assert response.status_code == 302
    assert Rule.objects.filter(service=service, kind="fixed_amount").exists()


def test_the_service_page_shows_its_inlines_and_the_kinds_help(admin_client: Client) -> None:
    service = Service.objects.get(code="AIDE_SANTE")
    response = admin_client.get(reverse("admin:catalog_service_change", args=[service.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Maladie oncologique" in content
    assert "share_of_cost_with_ceiling" in content
    assert "annual_ceiling: nombre" in content


def test_the_lists_search_and_filter(admin_client: Client) -> None:
    found = admin_client.get(reverse("admin:catalog_service_changelist"), {"q": "اصطياف"})
    assert [service.code for service in found.context["cl"].result_list] == ["ESTIVAGE"]
    campaigns = admin_client.get(reverse("admin:catalog_campaign_changelist"), {"year": "2026"})
    assert campaigns.status_code == 200
    rules = admin_client.get(reverse("admin:catalog_rule_changelist"), {"kind": "fixed_amount"})
    assert rules.status_code == 200
