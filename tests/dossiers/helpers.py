"""Drafts ready to send, as the wizard would leave them, and the default catalogue's services."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from catalog.models import Campaign, Service
from dossiers.constants import AttachmentRole
from dossiers.models import Dossier, DossierAttachment
from dossiers.selectors import service_for_request
from dossiers.wizard import CONFIRMED, request_shape
from registry.models import PostingType, Province
from tests.dossiers.factories import DossierFactory, member_document, open_campaign
from tests.factories import SpouseFactory


def complete_draft(
    user: User, campaign: Campaign, *, documents: bool = True, **fields: Any
) -> Dossier:
    """A draft of ``user`` in ``campaign`` with every step confirmed and every document there."""
    assert user.member is not None
    service = service_for_request(campaign.service_id)
    dossier = DossierFactory.create(
        member=user.member,
        service=service,
        campaign=campaign,
        draft_data={CONFIRMED: list(request_shape(service).confirmable_steps)},
        **fields,
    )
    if documents:
        for required in service.documents.all():
            DossierAttachment.objects.create(
                dossier=dossier,
                role=AttachmentRole.REQUIRED_DOCUMENT,
                required_document=required,
                document=member_document(user.member),
                added_by=user,
            )
    return dossier


def default_service(code: str) -> tuple[Service, Campaign]:
    """A service of the default catalogue with a campaign open now (whatever today is)."""
    service = Service.objects.get(code=code)
    existing = service.campaigns.filter(key="test").first()
    return service, existing or open_campaign(service, key="test")


def post_in(user: User, province: str) -> None:
    assert user.member is not None
    user.member.posting_type = PostingType.EXTERNAL
    user.member.posting_province = Province.objects.get(code=province)
    user.member.save()


def air_request(user: User) -> dict[str, Any]:
    """The body of an air-transport request for the member's spouse, with every document."""
    assert user.member is not None
    post_in(user, "oujda-angad")
    service, campaign = default_service("TRANS_AIR")
    spouse = SpouseFactory.create(member=user.member)
    return {
        "campaign": campaign.pk,
        "beneficiary_type": "spouse",
        "spouse": spouse.pk,
        "declared_amount": "2400.00",
        "documents": [
            {"required_document": required.pk, "document": member_document(user.member).pk}
            for required in service.documents.all()
        ],
    }
