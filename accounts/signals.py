"""Write login, logout, failure and lockout events to the audit trail."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from accounts import services
from accounts.models import User
from accounts.requests import RequestInfo


def _channel(request: HttpRequest | None) -> str:
    path = getattr(request, "path", "") or ""
    return "api" if path.startswith("/api/") else "web"


def _http_request(request: Any) -> HttpRequest | None:
    """Django's request, also when DRF hands its own wrapper."""
    return getattr(request, "_request", request)


@receiver(user_logged_in, dispatch_uid="accounts_record_login")
def on_logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    http_request = _http_request(request)
    services.record_login(
        user=user, info=RequestInfo.from_request(http_request), channel=_channel(http_request)
    )


@receiver(user_logged_out, dispatch_uid="accounts_record_logout")
def on_logged_out(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None and user.is_authenticated:
        services.record_logout(user=user, info=RequestInfo.from_request(_http_request(request)))


@receiver(user_login_failed, dispatch_uid="accounts_record_login_failure")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    http_request = _http_request(request)
    services.record_login_failure(
        matricule=str(credentials.get("username") or ""),
        info=RequestInfo.from_request(http_request),
        channel=_channel(http_request),
    )


@receiver(user_locked_out, dispatch_uid="accounts_record_lockout")
def on_locked_out(
    sender: Any, request: Any = None, username: str | None = None, **kwargs: Any
) -> None:
    services.record_lockout(
        matricule=username or "", info=RequestInfo.from_request(_http_request(request))
    )
