"""Write the staff audit trail. Call ``record`` inside the action's own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from accounts.models import User
from backoffice.models import AuditEntry


def record(
    *,
    actor: User,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """One row per staff action; ``before``/``after`` hold only the fields the action changed,
    as JSON-ready values (Decimal and dates as strings)."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        before=before or {},
        after=after or {},
        reason=reason,
    )


def changes(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of ``instance`` as JSON-ready values, for ``before`` and ``after``."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = value.pk
        values[name] = value if isinstance(value, bool | int | type(None)) else str(value)
    return values
