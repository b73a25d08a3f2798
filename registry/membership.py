"""Who is a member today, for every app that offers member services.

``is_current_member(member)`` is the one test: the registry row says "member"
(``Member.membership_status``) and the person is alive. Active staff are members by law; retired
and seconded / placed-at-disposal staff become members when the foundation approves their
membership request (membership.applications). A person whose membership is "not_member" or
"ended" may still sign in (to keep their contact data, to follow a request) but must not be
offered member services: dossiers, cards, attestations. ``CURRENT_MEMBERS`` is the same test as
a filter, for querysets of members (``Member.objects.filter(CURRENT_MEMBERS)``) and, prefixed,
of rows that point at a member (``member_is_current("member")``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from registry.models import Member, MembershipStatus

CURRENT_MEMBERS = Q(membership_status=MembershipStatus.MEMBER, is_deceased=False)


def is_current_member(member: Member | None) -> bool:
    return (
        member is not None
        and member.membership_status == MembershipStatus.MEMBER
        and not member.is_deceased
    )


def user_is_current_member(user: Any) -> bool:
    """For a signed-in user: a member account whose registry row is a current member."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "member_id", None) is None:
        return False
    return is_current_member(user.member)


def member_is_current(prefix: str) -> Q:
    """CURRENT_MEMBERS through a relation: ``Card.objects.filter(member_is_current("member"))``.

    The same test as ``is_current_member``, for rows that point at a member.
    """
    return Q(
        **{
            f"{prefix}__membership_status": MembershipStatus.MEMBER,
            f"{prefix}__is_deceased": False,
        }
    )
