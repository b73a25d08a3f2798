"""A new RIB waits for an agent: refused with its message when wrong, applied on approval,
kept out of the registry on rejection; the member hears of either by email."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from documents.models import DocumentKind, MemberDocument
from membership.constants import ChangeKind, ChangeStatus, DataSource
from membership.models import ChangeRequest, ChangeRequestEvent, MemberDataChange
from registry.models import Member
from tests.documents.factories import MemberDocumentFactory
from tests.membership.helpers import GOOD_RIB, SEED_RIB, a_pdf, bad_rib, html_of
from tests.notifications.outbox import queued

pytestmark = pytest.mark.django_db
URL = "/me/info/rib/"


def test_it_is_at_me_info_rib() -> None:
    assert reverse("member_rib_change") == URL


def test_it_creates_a_pending_request_without_touching_the_registry(
    member_client: Client, me: Member
) -> None:
    before = me.rib
    response = member_client.post(
        URL, {"rib": " ".join([SEED_RIB[:6], SEED_RIB[6:]]), "rib_attestation": a_pdf()}
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get(member=me)
    assert change.kind == ChangeKind.RIB
    assert change.status == ChangeStatus.PENDING
    assert change.proposed == {"rib": SEED_RIB}
    attachment = change.attachments.get()
    assert attachment.role == DocumentKind.RIB_ATTESTATION
    assert attachment.document.kind == DocumentKind.RIB_ATTESTATION
    assert ChangeRequestEvent.objects.get(request=change).to_status == ChangeStatus.PENDING
    me.refresh_from_db()
    assert me.rib == before
    html = member_client.get(reverse("member_info")).content.decode()
    assert change.reference in html
    assert "En attente" in html


def test_it_refuses_a_bad_rib_with_its_message_and_loses_nothing(
    member_client: Client, me: Member
) -> None:
    response = member_client.post(URL, {"rib": bad_rib(), "rib_attestation": a_pdf()})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce RIB n&#x27;est pas valide : sa clé ne correspond pas" in html
    assert bad_rib() in html  # what was typed is still there
    assert not ChangeRequest.objects.exists()
    assert not MemberDocument.objects.exists()


def test_it_counts_the_digits_of_a_short_rib(member_client: Client) -> None:
    response = member_client.post(URL, {"rib": "1234", "rib_attestation": a_pdf()})
    assert "Le RIB doit compter exactement 24 chiffres (4 saisis)." in response.content.decode()


def test_it_asks_for_the_attestation(member_client: Client) -> None:
    response = member_client.post(URL, {"rib": GOOD_RIB})
    assert response.status_code == 400
    assert (
        "Joignez ce document : Attestation de RIB ou spécimen de chèque."
        in response.content.decode()
    )
    assert not ChangeRequest.objects.exists()


def test_it_accepts_an_attestation_kept_in_my_documents(member_client: Client, me: Member) -> None:
    kept = MemberDocumentFactory.create(member=me, kind=DocumentKind.RIB_ATTESTATION)
    response = member_client.post(URL, {"rib": GOOD_RIB, "rib_attestation_existing": kept.pk})
    assert response.status_code == 302
    assert ChangeRequest.objects.get().attachments.get().document == kept


def test_it_refuses_the_rib_already_registered(member_client: Client, me: Member) -> None:
    response = member_client.post(URL, {"rib": me.rib, "rib_attestation": a_pdf()})
    assert "C&#x27;est déjà le RIB enregistré au registre." in response.content.decode()


def _request(member_client: Client) -> ChangeRequest:
    member_client.post(URL, {"rib": GOOD_RIB, "rib_attestation": a_pdf()})
    return ChangeRequest.objects.get()


def test_approval_applies_the_rib_and_emails_the_member(
    member_client: Client,
    agent_client: Client,
    agent_user: User,
    ready_member: User,
    me: Member,
    run_on_commit: Any,
) -> None:
    change = _request(member_client)
    old = me.rib
    response = run_on_commit(
        agent_client.post, reverse("backoffice_change", args=[change.pk]), {"action": "approve"}
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.rib == GOOD_RIB
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert change.decided_by == agent_user
    assert (change.before, change.after) == ({"rib": old}, {"rib": GOOD_RIB})
    history = MemberDataChange.objects.get(member=me, source=DataSource.CHANGE_REQUEST)
    assert history.changes == {"rib": [old, GOOD_RIB]}
    assert history.actor == agent_user
    email = queued(to=ready_member.email, template="membership/email/change_decided")
    assert (email.language, email.subject) == ("fr", mail.outbox[0].subject)
    assert [m.to for m in mail.outbox] == [[ready_member.email]]
    assert change.reference in mail.outbox[0].subject
    assert "acceptée" in mail.outbox[0].subject
    assert "le registre de la Fondation est à jour" in html_of(mail.outbox[0])


def test_rejection_keeps_the_registry_and_emails_the_reason(
    member_client: Client, agent_client: Client, ready_member: User, me: Member, run_on_commit: Any
) -> None:
    change = _request(member_client)
    old = me.rib
    reason = "L'attestation est illisible : déposez un scan en couleur."
    response = run_on_commit(
        agent_client.post,
        reverse("backoffice_change", args=[change.pk]),
        {"action": "reject", "reason": reason},
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.rib == old
    change.refresh_from_db()
    assert (change.status, change.reason) == (ChangeStatus.REJECTED, reason)
    assert not MemberDataChange.objects.filter(source=DataSource.CHANGE_REQUEST).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ready_member.email]
    assert reason in str(mail.outbox[0].body)
    assert "rejetée" in mail.outbox[0].subject
    html = member_client.get(reverse("member_info")).content.decode()
    assert "Rejetée" in html


def test_rejection_needs_a_reason(member_client: Client, agent_client: Client) -> None:
    change = _request(member_client)
    response = agent_client.post(
        reverse("backoffice_change", args=[change.pk]), {"action": "reject", "reason": "  "}
    )
    assert response.status_code == 400
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING


def test_the_email_speaks_the_members_language(
    member_client: Client, agent_client: Client, ready_member: User, run_on_commit: Any
) -> None:
    ready_member.preferred_language = "ar"
    ready_member.save(update_fields=["preferred_language"])
    change = _request(member_client)
    run_on_commit(
        agent_client.post,
        reverse("backoffice_change", args=[change.pk]),
        {"action": "reject", "reason": "Pièce illisible"},
    )
    email = queued(to=ready_member.email, template="membership/email/change_decided")
    assert email.language == "ar"
    html = html_of(mail.outbox[0])
    assert 'lang="ar" dir="rtl"' in html
