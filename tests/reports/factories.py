"""Typed helpers for statistics tests: dossiers sent at a known time, decided after a known
delay, as the history records them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from catalog.models import Service
from dossiers.constants import Actor, DossierStatus
from dossiers.models import Dossier, DossierEvent
from tests.dossiers.factories import SentDossierFactory

CASABLANCA = ZoneInfo("Africa/Casablanca")


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CASABLANCA)


def sent(
    service: Service,
    *,
    at: dt.datetime,
    status: str = DossierStatus.SUBMITTED,
    amount: str | None = None,
    decided_after: dt.timedelta | None = None,
    decision: str = DossierStatus.APPROVED,
    overridden: bool = False,
) -> Dossier:
    """A dossier of ``service`` sent at ``at``, now in ``status``; ``decided_after`` writes the
    first decision (``decision``) that long after sending."""
    dossier = SentDossierFactory.create(
        service=service,
        status=status,
        submitted_at=at,
        approved_amount=Decimal(amount) if amount is not None else None,
        amount_overridden=overridden,
    )
    DossierEvent.objects.create(
        dossier=dossier,
        from_status=DossierStatus.DRAFT,
        to_status=DossierStatus.SUBMITTED,
        actor_role=Actor.MEMBER,
        at=at,
    )
    if decided_after is not None:
        DossierEvent.objects.create(
            dossier=dossier,
            from_status=DossierStatus.IN_REVIEW,
            to_status=decision,
            actor_role=Actor.AGENT,
            at=at + decided_after,
        )
    return dossier


def days(value: float) -> dt.timedelta:
    return dt.timedelta(days=value)
