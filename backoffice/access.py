"""Who may enter the back office: the Foundation's staff, never a member.

Every back-office view is wrapped in ``staff_required``; finer checks (an agent sees only the
services assigned to them) live in each section's own access function.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from accounts.roles import ADMINISTRATORS, SUPERVISORS, is_staff_user

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
