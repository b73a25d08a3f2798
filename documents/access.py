"""Who may read a member's document: the one access function every view and endpoint uses."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import is_staff_user
from documents.models import MemberDocument


def document_for_user(user: Any, pk: Any) -> MemberDocument:
    """The document ``pk`` if ``user`` may read it, else Http404 (never 403: no existence leak).

    A member reads only their own documents. Supervisors and administrators read any member's
    document. An agent reads the documents of the dossiers of the services they handle, and the
    supporting documents of member-data change requests (every agent reviews those).
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    documents = MemberDocument.objects.select_related("member")
    if not is_staff_user(user):
        member_id = getattr(user, "member_id", None)
        if member_id is None:
            raise Http404
        documents = documents.filter(member_id=member_id)
    else:
        documents = _within_staff_scope(user, documents)
    try:
        return documents.distinct().get(pk=int(pk))
    except (MemberDocument.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def _within_staff_scope(user: Any, documents: QuerySet[MemberDocument]) -> QuerySet[MemberDocument]:
    # Imported here: the back office depends on dossiers, which depend on this app.
    from backoffice.access import assigned_service_ids

    services = assigned_service_ids(user)
    if services is None:
        return documents
    return documents.filter(
        Q(change_request_attachments__isnull=False)
        | Q(dossier_attachments__dossier__service_id__in=services)
    )
