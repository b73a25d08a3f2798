"""Helpers of the back office's tests: services with rules, sent dossiers, posting an action."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import User
from catalog.constants import RulePurpose
from catalog.models import Service
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from tests.catalog.factories import ServiceFactory
from tests.dossiers.factories import SentDossierFactory, open_campaign, rule


def paying_service(threshold: str | None = "1000.00", **extra: Any) -> Service:
    """30 % of the declared amount; above ``threshold`` a supervisor's second approval."""
    service = ServiceFactory.create(
        approval_threshold=Decimal(threshold) if threshold else None, **extra
    )
    rule(service, "percent_with_ceiling", RulePurpose.AMOUNT, percent="30")
    return service


def sent_dossier(
    user: User,
    service: Service,
    *,
    status: str = DossierStatus.SUBMITTED,
    declared: str = "2000.00",
    **extra: Any,
) -> Dossier:
    """A dossier of ``user``'s member as ``submit_dossier`` leaves it (30 % computed)."""
    assert user.member is not None
    campaign = extra.pop("campaign", None) or service.campaigns.first() or open_campaign(service)
    amount = Decimal(declared)
    return SentDossierFactory.create(
        member=user.member,
        service=service,
        campaign=campaign,
        status=status,
        declared_amount=amount,
        computed_amount=(amount * Decimal("0.30")).quantize(Decimal("0.01")),
        **extra,
    )


def act(client: Client, dossier: Dossier, action: str, **data: Any) -> Any:
    """POST an action's form as the page would, with the version the page showed."""
    version = data.pop("version", dossier.version)
    fields = {f"{action}-version": version, **{f"{action}-{k}": v for k, v in data.items()}}
    return client.post(f"/backoffice/dossiers/{dossier.pk}/{action}/", fields)


def png_bytes() -> bytes:
    """A small valid PNG image (a boarding pass, as far as the tests care)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 93, 75)).save(buffer, format="PNG")
    return buffer.getvalue()


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)
