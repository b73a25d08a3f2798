"""Typed helpers for payment tests: services an agent handles, dossiers approved as the back
office leaves them (status, amount, second approval, the approval event), batches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from backoffice.models import AgentAssignment
from catalog.models import Service
from dossiers.constants import Actor, DossierStatus
from dossiers.models import Dossier, DossierEvent
from payments import services
from payments.models import PaymentBatch
from registry.models import Member
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import SentDossierFactory
from tests.factories import MemberUserFactory


def service_of(agent: User | None = None, **extra: Any) -> Service:
    """A paying service (second approval above 10,000.00), assigned to ``agent`` if given."""
    service = ServiceFactory.create(**extra)
    if agent is not None:
        AgentAssignment.objects.create(user=agent, service=service)
    return service


def member_with_account(**extra: Any) -> Member:
    """A member with a portal account (the status emails go to the account's address)."""
    user = MemberUserFactory.create(**({"member__" + k: v for k, v in extra.items()}))
    assert user.member is not None
    return user.member


def approved_dossier(
    service: Service,
    *,
    amount: Decimal | str = "1000.00",
    member: Member | None = None,
    approved_at: dt.datetime | None = None,
    second_approval_required: bool = False,
    second_approved_by: User | None = None,
    status: str = DossierStatus.APPROVED,
    **extra: Any,
) -> Dossier:
    """A sent dossier of ``service`` approved for ``amount`` (and its approval event)."""
    moment = approved_at or timezone.now()
    dossier = SentDossierFactory.create(
        service=service,
        member=member or member_with_account(),
        status=status,
        approved_amount=Decimal(amount),
        second_approval_required=second_approval_required,
        second_approved_by=second_approved_by,
        second_approved_at=moment if second_approved_by else None,
        **extra,
    )
    DossierEvent.objects.create(
        dossier=dossier,
        from_status=DossierStatus.IN_REVIEW,
        to_status=DossierStatus.APPROVED,
        actor_role=Actor.AGENT,
        at=moment,
    )
    return dossier


def batch_of(actor: User, *dossiers: Dossier, label: str = "") -> PaymentBatch:
    """A draft batch of exactly these dossiers (each must be payable)."""
    created = services.create_batch(actor=actor, dossiers=dossiers, label=label)
    assert not created.refusals, created.refusals
    return created.batch


def exported(batch: PaymentBatch, actor: User) -> PaymentBatch:
    services.export_batch(batch=batch, actor=actor, file_format="bank")
    batch.refresh_from_db()
    return batch
