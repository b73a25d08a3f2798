from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.gates import Gate, first_closed_gate, is_otp_verified
from accounts.models import User
from accounts.roles import is_staff_user

# Paths that every gate lets through: leaving, switching language, static files, the captcha,
# and the public verification of member cards and attestations (a partner may be signed in).
ALWAYS_OPEN = ("/static/", "/i18n/", "/healthz", "/captcha/", "/favicon", "/verify/")
# The API answers its gates itself, as JSON (api/permissions.py).
API_PREFIX = "/api/"
# Staff pages: members get 403, anonymous visitors the portal's own login page.
STAFF_PREFIXES = ("/admin/", "/backoffice/")
# bench/load.py's floor views (fos/bench_views.py) measure a page without the portal's own code;
# they are mounted only with settings.BENCH_VIEWS, which production refuses.
BENCH_PREFIX = "/bench/"


def _gate_pages() -> dict[Gate, tuple[str, ...]]:
    return {
        Gate.OTP: (reverse("otp_verify"), reverse("otp_setup")),
        Gate.TERMS: (reverse("terms"),),
        Gate.PASSWORD: (reverse("password_change"),),
    }


def _gate_target(gate: Gate, user: User) -> str:
    if gate == Gate.OTP:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        return reverse("otp_verify" if has_device else "otp_setup")
    return reverse({Gate.TERMS: "terms", Gate.PASSWORD: "password_change"}[gate])


class AccessGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.check(request)
        return response if response is not None else self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path
        if path.startswith(ALWAYS_OPEN) or path.startswith(API_PREFIX):
            return None
        if settings.BENCH_VIEWS and path.startswith(BENCH_PREFIX):
            return None
        if path == reverse("logout") or path == reverse("lockout"):
            return None
        user = request.user
        if path.startswith(STAFF_PREFIXES):
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not is_staff_user(user):
                raise PermissionDenied
        if not user.is_authenticated:
            return None
        if not isinstance(user, User):
            return None
        gate = first_closed_gate(user, otp_verified=is_otp_verified(user))
        if gate is None or path in _gate_pages()[gate]:
            return None
        return redirect(_gate_target(gate, user))
