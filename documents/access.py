"""Who may read a member's document: the one access function every view and endpoint uses."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from accounts.roles import is_staff_user
from documents.models import MemberDocument


def document_for_user(user: Any, pk: Any) -> MemberDocument:
    """The document ``pk`` if ``user`` may read it, else Http404 (never 403: no existence leak).

    A member reads only their own documents. Staff (accounts.roles.is_staff_user) may read any
    member's document, because the back office examines them; an agent's narrower scope (the
    services they handle) is enforced by the back office's own access function, which calls
    this one and then checks the dossier's service.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    documents = MemberDocument.objects.select_related("member")
    if not is_staff_user(user):
        member_id = getattr(user, "member_id", None)
        if member_id is None:
            raise Http404
        documents = documents.filter(member_id=member_id)
    try:
        return documents.get(pk=int(pk))
    except (MemberDocument.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
