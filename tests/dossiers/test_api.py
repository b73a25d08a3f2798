"""/api/v1/ services, campaigns and dossiers over HTTP with a token, as the mobile app uses them."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from catalog.services import open_due_campaigns
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from dossiers.services import transition
from tests.dossiers.factories import SentDossierFactory, member_document
from tests.dossiers.helpers import air_request, default_service, post_in
from tests.factories import SpouseFactory
from tests.helpers import api_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _this_years_campaigns(db: None) -> None:
    # What the daily task has done by now, whatever today is (the migrations ran on another day).
    open_due_campaigns()


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


@pytest.fixture
def api(alice: User) -> APIClient:
    return api_for(alice)


def test_it_lists_the_services_with_what_they_ask_and_why_not(api: APIClient) -> None:
    response = api.get(reverse("api_services"))
    assert response.status_code == 200
    services = {row["code"]: row for row in response.json()}
    air = services["TRANS_AIR"]
    assert air["asks_amount"] is True
    assert air["steps"] == ["personal_data", "rib", "beneficiary", "motive", "uploads", "review"]
    assert [d["name"] for d in air["documents"]] == [
        "Carte d'embarquement",
        "Justificatif de paiement du billet",
    ]
    assert air["available"] is False
    assert (
        "Ce service est réservé aux adhérents affectés dans : Services extérieurs."
        in air["reasons"]
    )
    assert {m["code"] for m in services["AIDE_SANTE"]["motives"]} == {
        "oncologie",
        "surcout",
        "hors-cnops",
    }


def test_it_lists_the_open_campaigns(api: APIClient, alice: User) -> None:
    post_in(alice, "nador")
    _service, campaign = default_service("TRANS_AIR")
    campaigns = {row["id"]: row for row in api.get(reverse("api_campaigns")).json()}
    assert campaigns[campaign.pk]["service"] == "TRANS_AIR"
    assert campaigns[campaign.pk]["available"] is True
    assert campaigns[campaign.pk]["refusals"] == []


def test_it_makes_and_sends_a_dossier_in_one_call(api: APIClient, alice: User) -> None:
    key = str(uuid.uuid4())
    response = api.post(
        reverse("api_dossiers"), air_request(alice), format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("1/TRANS_AIR/")
    assert body["computed_amount"] == "720.00"
    assert body["status"] == "submitted" and body["status_label"] == "Envoyée"
    assert body["beneficiary"]["type"] == "spouse"
    assert body["timeline"][0]["status"] == "submitted"
    assert len(body["attachments"]) == 2
    assert body["can_cancel"] is True

    again = api.post(
        reverse("api_dossiers"), air_request(alice), format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Dossier.objects.filter(member=alice.member).count() == 1


def test_the_key_may_be_a_field(api: APIClient, alice: User) -> None:
    payload = {**air_request(alice), "idempotency_key": str(uuid.uuid4())}
    first = api.post(reverse("api_dossiers"), payload, format="json")
    second = api.post(reverse("api_dossiers"), payload, format="json")
    assert (first.status_code, second.status_code) == (201, 200)


def test_a_key_is_required(api: APIClient, alice: User) -> None:
    response = api.post(reverse("api_dossiers"), air_request(alice), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"


def test_a_refusal_lists_every_reason(api: APIClient, alice: User) -> None:
    payload = {**air_request(alice), "documents": [], "idempotency_key": str(uuid.uuid4())}
    post_in(alice, "rabat")
    response = api.post(reverse("api_dossiers"), payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "submission_refused"
    assert "Document manquant : « Carte d'embarquement »." in body["messages"]
    assert any(
        m.startswith("Ce service est réservé aux adhérents affectés dans les provinces")
        for m in body["messages"]
    )
    assert not Dossier.objects.filter(member=alice.member).exists()


def test_someone_elses_document_or_person_is_refused(
    api: APIClient, alice: User, bob: User
) -> None:
    assert bob.member is not None
    payload = air_request(alice)
    payload["spouse"] = SpouseFactory.create(member=bob.member).pk
    payload["idempotency_key"] = str(uuid.uuid4())
    response = api.post(reverse("api_dossiers"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["messages"] == ["Ce conjoint n'est pas enregistré dans votre famille."]


def test_it_lists_my_dossiers_paginated_in_fixed_queries(api: APIClient, alice: User) -> None:
    SentDossierFactory.create(member=alice.member)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(reverse("api_dossiers"))
            assert response.status_code == 200
        return len(queries)

    with_one = count()
    SentDossierFactory.create_batch(199, member=alice.member)
    assert count() == with_one
    body = api.get(reverse("api_dossiers")).json()
    assert body["count"] == 200
    assert len(body["results"]) == 50
    assert {"number", "status", "status_label", "computed_amount", "beneficiary"} <= set(
        body["results"][0]
    )


def test_the_detail_has_the_timeline_and_the_agents_request(
    api: APIClient, alice: User, agent: User
) -> None:
    dossier = SentDossierFactory.create(
        member=alice.member, status=DossierStatus.IN_REVIEW, computed_amount=Decimal("10.00")
    )
    transition(
        dossier=dossier, to=DossierStatus.DOCUMENTS_REQUESTED, actor=agent, reason="La facture"
    )
    body = api.get(reverse("api_dossier", args=[dossier.pk])).json()
    assert body["documents_request"] == "La facture"
    assert [e["status"] for e in body["timeline"]] == ["documents_requested"]
    assert body["timeline"][0]["reason"] == "La facture"
    assert body["can_cancel"] is False


def test_the_member_answers_with_documents(api: APIClient, alice: User, agent: User) -> None:
    assert alice.member is not None
    dossier = SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    transition(dossier=dossier, to=DossierStatus.DOCUMENTS_REQUESTED, actor=agent)
    document = member_document(alice.member)
    response = api.post(
        reverse("api_dossier_answer", args=[dossier.pk]),
        {"documents": [document.pk], "message": "Voici"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "in_review"


def test_it_cancels_before_review_and_refuses_after(
    api: APIClient, alice: User, agent: User
) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    response = api.post(reverse("api_dossier_cancel", args=[dossier.pk]), {"reason": "Erreur"})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    taken = SentDossierFactory.create(member=alice.member, status=DossierStatus.IN_REVIEW)
    refused = api.post(reverse("api_dossier_cancel", args=[taken.pk]))
    assert refused.status_code == 409
    assert refused.json()["code"] == "transition_not_allowed"


def test_a_stale_version_is_a_conflict(api: APIClient, alice: User, agent: User) -> None:
    dossier = SentDossierFactory.create(member=alice.member)
    seen = dossier.version
    transition(dossier=dossier, to=DossierStatus.IN_REVIEW, actor=agent)
    response = api.post(
        reverse("api_dossier_cancel", args=[dossier.pk]), {"version": seen}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_staff_are_not_served_member_endpoints(agent: User) -> None:
    response = api_for(agent).get(reverse("api_dossiers"))
    assert response.status_code == 403


def test_a_member_who_has_not_accepted_the_terms_is_stopped(member_user: User) -> None:
    response = api_for(member_user).get(reverse("api_services"))
    assert response.status_code == 403
    assert response.json()["code"] == "terms_not_accepted"


def test_the_answer_to_a_new_dossier_is_what_a_get_reads(api: APIClient, alice: User) -> None:
    # Without documents the answer is built from what the submission wrote, not read back.
    from tests.catalog.factories import ServiceFactory
    from tests.dossiers.factories import open_campaign

    service = ServiceFactory.create(
        pays_money=False, steps=["personal_data", "beneficiary", "review"]
    )
    campaign = open_campaign(service)
    made = api.post(
        reverse("api_dossiers"),
        {"campaign": campaign.pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert made.status_code == 201, made.json()
    read = api.get(reverse("api_dossier", args=[made.json()["id"]]))
    assert read.status_code == 200
    assert made.json() == read.json()
    assert made.json()["timeline"][0]["status"] == "submitted"


def test_the_answers_fields_are_built_once_and_each_answer_has_its_own(
    api: APIClient, alice: User
) -> None:
    """api.serializers.FieldsBuiltOnce: the same answer as DRF building the fields each time."""
    from rest_framework import serializers

    from api.serializers import FieldsBuiltOnce
    from dossiers.api import DossierRowSerializer

    class Plain(serializers.ModelSerializer[Dossier]):  # DRF's own way, every time
        service = serializers.CharField(source="service.code")
        service_name = serializers.CharField(source="service.name")
        campaign = serializers.IntegerField(source="campaign_id")
        status_label = serializers.CharField(source="get_status_display")
        beneficiary = serializers.SerializerMethodField()
        get_beneficiary = DossierRowSerializer.get_beneficiary

        class Meta(DossierRowSerializer.Meta):
            pass

    assert FieldsBuiltOnce in DossierRowSerializer.__mro__
    dossiers = SentDossierFactory.create_batch(2, member=alice.member)
    first, second = DossierRowSerializer(dossiers[0]), DossierRowSerializer(dossiers[1])
    assert first.data == Plain(dossiers[0]).data
    assert second.data == Plain(dossiers[1]).data
    assert first.data["id"] != second.data["id"]
    assert first.fields["number"] is not second.fields["number"]  # a copy each
    assert first.fields["number"].parent is first and second.fields["number"].parent is second
