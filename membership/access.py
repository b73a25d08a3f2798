"""One access function per resource, used by every view and endpoint (Http404, never 403, so
that nothing tells whether another member's row exists)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from accounts.roles import is_staff_user
from fos.fields import parse_id
from membership.models import ApplicationFile, ChangeRequest, MembershipApplication
from registry.models import Child, Member, Spouse


def _pk(value: Any) -> int:
    number = parse_id(str(value))
    if number is None:
        raise Http404
    return number


def member_of(user: Any) -> Member:
    """The signed-in member's registry row (members only: staff are never members here)."""
    if not getattr(user, "is_authenticated", False) or is_staff_user(user):
        raise Http404
    member = getattr(user, "member", None)
    if member is None:
        raise Http404
    return member


def change_request_for_member(user: Any, pk: Any) -> ChangeRequest:
    member = member_of(user)
    request = (
        ChangeRequest.objects.select_related("member", "spouse", "child", "decided_by")
        .filter(member=member, pk=_pk(pk))
        .first()
    )
    if request is None:
        raise Http404
    return request


def spouse_for_member(user: Any, pk: Any) -> Spouse:
    spouse = Spouse.objects.filter(member=member_of(user), pk=_pk(pk)).first()
    if spouse is None:
        raise Http404
    return spouse


def child_for_member(user: Any, pk: Any) -> Child:
    child = Child.objects.filter(member=member_of(user), pk=_pk(pk)).first()
    if child is None:
        raise Http404
    return child


def _staff(user: Any) -> None:
    if not is_staff_user(user):
        raise Http404


def change_request_for_staff(user: Any, pk: Any) -> ChangeRequest:
    _staff(user)
    request = (
        ChangeRequest.objects.select_related(
            "member", "member__posting_province", "spouse", "child", "decided_by", "created_by"
        )
        .filter(pk=_pk(pk))
        .first()
    )
    if request is None:
        raise Http404
    return request


def application_for_staff(user: Any, pk: Any) -> MembershipApplication:
    _staff(user)
    application = (
        MembershipApplication.objects.select_related("member", "decided_by")
        .filter(pk=_pk(pk))
        .first()
    )
    if application is None:
        raise Http404
    return application


def application_file_for_staff(user: Any, pk: Any, file_pk: Any) -> ApplicationFile:
    application = application_for_staff(user, pk)
    kept = application.files.filter(pk=_pk(file_pk)).first()
    if kept is None:
        raise Http404
    return kept
