"""Staff roles are Django groups with these names (created by a data migration in accounts)."""

from __future__ import annotations

from typing import Any

AGENTS = "agents"
SUPERVISORS = "supervisors"
ADMINISTRATORS = "administrators"

STAFF_GROUPS = (AGENTS, SUPERVISORS, ADMINISTRATORS)


def is_staff_user(user: Any) -> bool:
    """Staff are users with the admin flag, superusers, or members of a staff group.

    The answer is kept on the user object so that a request asks the database at most once.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_fos_is_staff", None)
    if cached is None:
        cached = bool(
            user.is_staff or user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()
        )
        user._fos_is_staff = cached
    return bool(cached)
