"""Who may read a member's document: the one access function every view and endpoint uses."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.roles import is_staff_user
from documents.models import MemberDocument
from fos.fields import parse_id


def document_for_user(user: Any, pk: Any) -> MemberDocument:
    """The document ``pk`` if ``user`` may read it, else Http404 (never 403: no existence leak).

    ``readable_documents`` decides; an id outside it answers exactly as an id that does not exist,
    so walking sequential ids tells an agent nothing.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    document_id = parse_id(str(pk))
    document = None
    if document_id is not None:
        document = readable_documents(user).select_related("member").filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document


def readable_documents(user: Any) -> QuerySet[MemberDocument]:
    """Every document ``user`` may read: the one decision for pages, files and the API.

    - A member: their own documents.
    - Supervisors and administrators: every member's document.
    - An agent: the documents attached to a dossier that was *sent* (never a draft, even a
      discarded one) of a service they handle, and those of a member-data change request that
      is still *pending* (every agent reviews those). A withdrawn or decided request, or the
      same file attached to another service's dossier, opens nothing.

    Each condition is one subquery over one attachment row: a document attached to a sent
    dossier of another service and to a draft of the agent's service matches neither.
    """
    documents = MemberDocument.objects.all()
    if not getattr(user, "is_authenticated", False):
        return documents.none()
    if not is_staff_user(user):
        member_id = getattr(user, "member_id", None)
        if member_id is None:
            return documents.none()
        return documents.filter(member_id=member_id)
    # Imported here: the back office depends on dossiers, which depend on this app.
    from backoffice.access import assigned_service_ids
    from dossiers.models import DossierAttachment
    from membership.constants import ChangeStatus
    from membership.models import ChangeRequestDocument

    services = assigned_service_ids(user)
    if services is None:
        return documents
    in_sent_dossier = DossierAttachment.objects.filter(
        document_id=OuterRef("pk"),
        dossier__service_id__in=services,
        dossier__submitted_at__isnull=False,
    )
    in_pending_change = ChangeRequestDocument.objects.filter(
        document_id=OuterRef("pk"), request__status=ChangeStatus.PENDING
    )
    return documents.filter(Exists(in_sent_dossier) | Exists(in_pending_change))
