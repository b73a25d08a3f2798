"""Which services' statistics a member of staff sees: supervisors and administrators every
service, an agent the services assigned to them (``backoffice.models.AgentAssignment``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from backoffice.access import assigned_service_ids
from catalog.models import Service


def services_in_scope(user: Any) -> QuerySet[Service] | None:
    """None for every service; else the agent's services (none for an agent without any)."""
    allowed = assigned_service_ids(user)
    if allowed is None:
        return None
    return Service.objects.filter(pk__in=list(allowed))
