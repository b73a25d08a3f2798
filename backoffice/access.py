"""Who may enter the back office: the Foundation's staff, never a member.

Every back-office view is wrapped in ``staff_required``; finer checks (an agent sees only the
services assigned to them) live in each section's own access function: for dossiers,
``service_for_queue`` (403 on a service that is not the agent's) and ``dossier_for_staff``
(404 on a dossier of such a service: nothing leaks of what exists).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from accounts.roles import ADMINISTRATORS, SUPERVISORS, is_staff_user
from backoffice.models import AgentAssignment
from catalog.models import Service
from dossiers.models import Dossier

View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def has_role(user: Any, *groups: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    names = getattr(user, "_fos_groups", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._fos_groups = names
    return bool(names.intersection(groups))


def is_supervisor(user: Any) -> bool:
    """Supervisors and administrators see every service and take the supervisor's actions."""
    return has_role(user, SUPERVISORS, ADMINISTRATORS)


# Services and dossiers -----------------------------------------------------------------------


def assigned_service_ids(user: Any) -> frozenset[int] | None:
    """The services whose dossiers ``user`` handles; None for every service (supervisors and
    administrators); empty for anyone who is not staff. Asked once per request."""
    if not is_staff_user(user):
        return frozenset()
    if is_supervisor(user):
        return None
    cached = getattr(user, "_fos_service_ids", None)
    if cached is None:
        cached = frozenset(
            AgentAssignment.objects.filter(user=user).values_list("service_id", flat=True)
        )
        user._fos_service_ids = cached
    return frozenset(cached)


def may_handle_service(user: Any, service_id: int) -> bool:
    allowed = assigned_service_ids(user)
    return allowed is None or service_id in allowed


def visible_services(user: Any) -> QuerySet[Service]:
    """The services whose queues ``user`` may open, in the catalogue's order."""
    allowed = assigned_service_ids(user)
    services = Service.objects.select_related("category")
    return services if allowed is None else services.filter(pk__in=allowed)


def service_for_queue(user: Any, code: str) -> Service:
    """The service of a queue page: Http404 if it does not exist, PermissionDenied (403) if it
    is not one of the agent's services."""
    service = Service.objects.filter(code=code).first()
    if service is None:
        raise Http404
    if not may_handle_service(user, service.pk):
        raise PermissionDenied
    return service


def dossier_for_staff(user: Any, pk: Any) -> Dossier:
    """The sent dossier ``pk`` if ``user`` handles its service, else Http404 (never 403).

    Every back-office dossier view and action goes through here; drafts are the member's own
    business and are never shown.
    """
    allowed = assigned_service_ids(user)
    if allowed is not None and not allowed:
        raise Http404
    dossiers = Dossier.objects.submitted().select_related(
        "service",
        "campaign",
        "motive",
        "member",
        "member__posting_province",
        "spouse",
        "child",
        "second_approved_by",
    )
    if allowed is not None:
        dossiers = dossiers.filter(service_id__in=allowed)
    try:
        return dossiers.get(pk=int(pk))
    except (Dossier.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
