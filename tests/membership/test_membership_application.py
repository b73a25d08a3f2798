"""Retired and seconded / placed-at-disposal staff apply online; an agent approves (the registry
row is created or updated, the activation link leaves) or rejects with a reason."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.constants import LinkPurpose
from accounts.models import AccountLink, User
from accounts.services import hash_token
from membership.constants import ApplicationStatus, DataSource
from membership.models import MemberDataChange, MembershipApplication
from registry.models import Member, MembershipStatus, Position
from tests.accounts.helpers import token_from_outbox
from tests.documents.corpus import upload, windows_executable
from tests.factories import MemberFactory
from tests.membership.factories import MembershipApplicationFactory
from tests.membership.helpers import application_form, html_of, outbox_to
from tests.notifications.outbox import queued

pytestmark = pytest.mark.django_db
URL = "/membership/apply/"
CODE_RE = re.compile(r"Code de suivi : ([A-Z0-9]{8})")


def apply(client: Client, run_on_commit: Any, **overrides: Any) -> Any:
    return run_on_commit(client.post, URL, application_form(**overrides))


def test_it_is_at_membership_apply(client: Client) -> None:
    assert reverse("membership_apply") == URL
    html = client.get(URL).content.decode()
    assert "Demander l'adhésion" in html
    assert 'name="captcha_1"' in html


def test_it_keeps_the_application_and_emails_reference_and_code(
    client: Client, run_on_commit: Any, media_root: Any
) -> None:
    response = apply(client, run_on_commit)
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.status == ApplicationStatus.PENDING
    assert (application.cin, application.pension_number, application.phone) == (
        "JA112233",
        "P778899",
        "0611223344",
    )
    assert application.member is None
    names = {kept.role: str(kept.file.name) for kept in application.files.all()}
    assert set(names) == {"cin_copy", "position_proof"}
    assert all(name.startswith("membership-applications/") for name in names.values())
    assert not any("cin" in name.split("/")[-1] for name in names.values())
    receipt = client.get(response["Location"]).content.decode()
    assert application.reference in receipt
    email = queued(to="fatima.tazi@example.org", template="membership/email/application_received")
    assert email.language == "fr"
    [message] = mail.outbox
    assert message.to == ["fatima.tazi@example.org"]
    assert application.reference in message.subject
    assert message.subject == email.subject
    code = CODE_RE.search(str(message.body))
    assert code is not None
    assert code.group(1) not in receipt
    assert application.code_hash != code.group(1)
    assert check_password(code.group(1), application.code_hash)


def test_it_links_the_registry_row_that_matches_matricule_and_cin(
    client: Client, run_on_commit: Any
) -> None:
    known = MemberFactory.create(
        matricule="812345",
        cin="JA112233",
        position=Position.RETIRED,
        pension_number="P778899",
        membership_status=MembershipStatus.NOT_MEMBER,
    )
    apply(client, run_on_commit)
    assert MembershipApplication.objects.get().member == known


def test_it_does_not_link_a_row_whose_cin_differs(client: Client, run_on_commit: Any) -> None:
    MemberFactory.create(matricule="812345", cin="XX999999")
    apply(client, run_on_commit)
    assert MembershipApplication.objects.get().member is None


def test_it_refuses_active_staff_and_a_retiree_without_pension_number(
    client: Client, run_on_commit: Any
) -> None:
    response = apply(client, run_on_commit, position=Position.ACTIVE)
    assert response.status_code == 400
    response = apply(client, run_on_commit, pension_number="")
    assert "Un retraité doit indiquer son numéro de pension." in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_it_asks_for_both_documents_and_refuses_bad_files(
    client: Client, run_on_commit: Any
) -> None:
    response = apply(client, run_on_commit, position_proof=None)
    assert response.status_code == 400
    response = apply(client, run_on_commit, cin_copy=upload("cin.pdf", windows_executable()))
    assert "n&#x27;est pas un document PDF, JPEG ou PNG" in response.content.decode()
    assert not MembershipApplication.objects.exists()
    assert mail.outbox == []


def test_it_refuses_a_second_pending_application_for_the_same_matricule(
    client: Client, run_on_commit: Any
) -> None:
    apply(client, run_on_commit)
    response = apply(client, run_on_commit)
    assert response.status_code == 400
    assert "déjà en cours d&#x27;examen pour ce matricule" in response.content.decode()
    assert MembershipApplication.objects.count() == 1


def test_it_needs_the_captcha(client: Client, run_on_commit: Any) -> None:
    response = apply(client, run_on_commit, captcha_1="WRONG")
    assert response.status_code == 400
    assert not MembershipApplication.objects.exists()


def approve(agent_client: Client, application: MembershipApplication, run_on_commit: Any) -> Any:
    return run_on_commit(
        agent_client.post,
        reverse("backoffice_application", args=[application.pk]),
        {"action": "approve"},
    )


def test_approval_creates_the_registry_row_and_sends_the_activation_link(
    agent_client: Client, agent_user: User, run_on_commit: Any
) -> None:
    application = MembershipApplicationFactory.create()
    response = approve(agent_client, application, run_on_commit)
    assert response.status_code == 302
    member = Member.objects.get(matricule=application.matricule)
    assert (member.cin, member.position, member.pension_number) == (
        application.cin,
        Position.RETIRED,
        application.pension_number,
    )
    assert member.membership_status == MembershipStatus.MEMBER
    assert member.membership_since == timezone.localdate()
    assert member.private_email == application.email
    application.refresh_from_db()
    assert (application.status, application.member, application.decided_by) == (
        ApplicationStatus.APPROVED,
        member,
        agent_user,
    )
    change = MemberDataChange.objects.get(member=member)
    assert change.source == DataSource.MEMBERSHIP
    messages = outbox_to(application.email)
    assert len(messages) == 2
    bodies = " ".join(str(m.body) for m in messages)
    assert "/accounts/link/" in bodies
    assert "acceptée" in " ".join(str(m.subject) for m in messages)
    link = AccountLink.objects.get(user__member=member)
    assert link.purpose == LinkPurpose.ACTIVATION
    assert link.email == application.email
    carrying = [i for i, m in enumerate(mail.outbox) if "/accounts/link/" in str(m.body)]
    assert hash_token(token_from_outbox(index=carrying[0])) == link.token_hash


def test_approval_updates_the_registry_row_it_matched(
    agent_client: Client, run_on_commit: Any
) -> None:
    known = MemberFactory.create(
        position=Position.RETIRED,
        pension_number="P1",
        phone="",
        membership_status=MembershipStatus.NOT_MEMBER,
        last_name="Registre",
    )
    application = MembershipApplicationFactory.create(
        matricule=known.matricule,
        cin=known.cin,
        member=known,
        pension_number="P1",
        last_name="Autre",
    )
    approve(agent_client, application, run_on_commit)
    known.refresh_from_db()
    assert known.membership_status == MembershipStatus.MEMBER
    assert known.membership_since == timezone.localdate()
    assert known.last_name == "Registre"  # identity stays the registry's
    assert known.phone == application.phone
    assert Member.objects.count() == 1
    assert "/accounts/link/" in " ".join(str(m.body) for m in mail.outbox)


def test_approval_refuses_a_registry_row_with_another_cin(
    agent_client: Client, run_on_commit: Any
) -> None:
    application = MembershipApplicationFactory.create()
    MemberFactory.create(matricule=application.matricule, cin="QQ123456")
    response = approve(agent_client, application, run_on_commit)
    assert response.status_code == 400
    assert "Le registre connaît ce matricule avec un autre numéro de CIN" in (
        response.content.decode().replace("&#x27;", "'")
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert mail.outbox == []


def test_rejection_emails_the_reason_in_the_applicants_language(
    agent_client: Client, run_on_commit: Any
) -> None:
    application = MembershipApplicationFactory.create(language="ar")
    reason = "La décision de détachement manque."
    run_on_commit(
        agent_client.post,
        reverse("backoffice_application", args=[application.pk]),
        {"action": "reject", "reason": reason},
    )
    application.refresh_from_db()
    assert (application.status, application.reason) == (ApplicationStatus.REJECTED, reason)
    assert not Member.objects.filter(matricule=application.matricule).exists()
    email = queued(to=application.email, template="membership/email/application_decided")
    assert email.language == "ar"
    assert application.reference in email.subject
    [message] = mail.outbox
    assert message.to == [application.email]
    assert reason in str(message.body)
    assert 'lang="ar" dir="rtl"' in html_of(message)
    assert "/accounts/link/" not in str(message.body)


def test_the_agent_sees_the_application_beside_the_registry_row(agent_client: Client) -> None:
    known = MemberFactory.create(position=Position.SECONDED, birth_date=dt.date(1970, 1, 1))
    application = MembershipApplicationFactory.create(
        matricule=known.matricule,
        cin=known.cin,
        member=known,
        position=Position.SECONDED,
        pension_number="",
    )
    html = agent_client.get(
        reverse("backoffice_application", args=[application.pk])
    ).content.decode()
    assert "01/01/1970" in html  # the registry's birth date
    assert "01/03/1955" in html  # the application's
    assert "compare-changed" in html
