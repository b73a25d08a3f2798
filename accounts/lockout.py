"""django-axes, answered per (account, address) pair, with a wider limit per address.

axes counts failures for each group of AXES_LOCKOUT_PARAMETERS and compares the largest count
with one limit. Locking the matricule alone let anyone lock a member out from anywhere (issue
12, item 5); so axes locks the pair (matricule, address), and this handler adds what axes
cannot say with one limit: an address that failed LOGIN_ADDRESS_FAILURE_LIMIT times on any
accounts within the cool-off is locked too, for every account.
(docs/decisions/api-login-without-captcha.md)
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request: Any) -> int:
    """Failures from the request's address on any account, within the cool-off."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


class PortalAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        limit = int(get_failure_limit(request, credentials))
        if failures < limit and address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return limit
        return failures
