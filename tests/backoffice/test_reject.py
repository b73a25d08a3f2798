"""Rejecting: a reason from the administrators' list, in the member's language, and free text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from backoffice.models import AuditEntry, RejectionReason
from dossiers.constants import DossierStatus
from dossiers.models import Dossier, DossierEvent
from tests.backoffice.helpers import act

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(dossier: Dossier) -> Dossier:
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.IN_REVIEW)
    dossier.refresh_from_db()
    return dossier


def test_it_rejects_with_a_reason_of_the_list_and_tells_the_member(
    agent_client: Client,
    agent_user: User,
    ready_member: User,
    in_review: Dossier,
    run_on_commit: Callable[..., Any],
) -> None:
    reason = RejectionReason.objects.get(code="pieces_non_conformes")
    response = run_on_commit(
        act, agent_client, in_review, "reject", reason=reason.pk, text="La facture est illisible."
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == DossierStatus.REJECTED
    event = DossierEvent.objects.get(dossier=in_review, to_status=DossierStatus.REJECTED)
    assert event.reason == "Pièces justificatives non conformes\nLa facture est illisible."
    assert event.details == {
        "rejection_reason": "pieces_non_conformes",
        "text": "La facture est illisible.",
    }
    (email,) = mail.outbox
    assert email.to == [ready_member.email]
    assert "Pièces justificatives non conformes" in str(email.body)
    entry = AuditEntry.objects.get(action="dossier.reject")
    assert entry.actor == agent_user
    assert (entry.before["status"], entry.after["status"]) == ("in_review", "rejected")


def test_the_member_reads_the_reason_in_arabic_when_that_is_their_language(
    agent_user: User, ready_member: User, in_review: Dossier
) -> None:
    from backoffice.services import reject

    ready_member.preferred_language = "ar"
    ready_member.save()
    reason = RejectionReason.objects.get(code="hors_delai")
    reject(dossier=in_review, user=agent_user, expected_version=in_review.version, reason=reason)
    event = DossierEvent.objects.get(dossier=in_review, to_status=DossierStatus.REJECTED)
    assert event.reason == "طلب خارج الآجال"


def test_it_needs_a_reason_of_the_list(agent_client: Client, in_review: Dossier) -> None:
    retired = RejectionReason.objects.get(code="doublon")
    retired.is_active = False
    retired.save()
    for value in ("", retired.pk):
        response = act(agent_client, in_review, "reject", reason=value, text="Doublon.")
        assert response.status_code == 400
    in_review.refresh_from_db()
    assert in_review.status == DossierStatus.IN_REVIEW
    assert not AuditEntry.objects.exists()


def test_the_list_is_seeded_with_realistic_reasons(db: None) -> None:
    codes = set(RejectionReason.objects.values_list("code", flat=True))
    assert {
        "dossier_incomplet",
        "hors_delai",
        "conditions_non_remplies",
        "pieces_non_conformes",
        "doublon",
        "plafond_atteint",
    } <= codes
    assert all(r.name_ar for r in RejectionReason.objects.all())


def test_administrators_edit_the_list_in_the_admin(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/backoffice/rejectionreason/add/",
        {
            "code": "rib_invalide",
            "name_fr": "RIB invalide",
            "name_ar": "رقم الحساب غير صالح",
            "order": 90,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert RejectionReason.objects.filter(
        code="rib_invalide", name_ar="رقم الحساب غير صالح"
    ).exists()
