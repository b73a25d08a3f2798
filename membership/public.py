"""The public membership request: apply, receipt, follow with reference and code."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.captcha import captcha_mode
from accounts.requests import RequestInfo, client_ip
from fos import ratelimit
from membership.applications import follow_application, submit_application
from membership.constants import APPLY_RATE, FOLLOW_RATE
from membership.forms import ApplicationForm, FollowForm
from membership.views import errors_to_form

RECEIPT_SESSION_KEY = "_membership_receipt"
WRONG_REFERENCE_OR_CODE = gettext_lazy(
    "Référence ou code incorrect : vérifiez-les dans le courriel reçu après l'envoi de votre "
    "demande."
)


def _ident(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _too_many(request: HttpRequest, setting: str, message: str) -> HttpResponse:
    response = render(request, "membership/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = str(ratelimit.rate(setting).seconds)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    mode = captcha_mode({"captcha": source.get("captcha_mode", "")})
    if request.method == "POST" and ratelimit.is_limited(APPLY_RATE, _ident(request)):
        return _too_many(
            request,
            APPLY_RATE,
            _(
                "Trop de demandes d'adhésion ont été envoyées depuis cette connexion : "
                "réessayez plus tard."
            ),
        )
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        captcha_mode=mode,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = submit_application(
                data=form.cleaned_data,
                files=form.files_by_role(),
                language=get_language() or settings.LANGUAGE_CODE,
                info=RequestInfo.from_request(request),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            ratelimit.record_hit(APPLY_RATE, _ident(request))
            request.session[RECEIPT_SESSION_KEY] = {
                "reference": application.reference,
                "email": application.email,
                "submitted_at": application.submitted_at.isoformat(),
            }
            return redirect("membership_applied")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "captcha_mode": mode}
    return render(request, "membership/apply.html", context, status=status)


@never_cache
@require_GET
def applied(request: HttpRequest) -> HttpResponse:
    receipt = request.session.get(RECEIPT_SESSION_KEY)
    if not receipt:
        return redirect("membership_follow")
    return render(request, "membership/applied.html", {"receipt": receipt})


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    ident = _ident(request)
    if request.method == "POST" and ratelimit.is_limited(FOLLOW_RATE, ident):
        return _too_many(
            request,
            FOLLOW_RATE,
            _(
                "Trop d'essais de référence ou de code depuis cette connexion : réessayez plus "
                "tard."
            ),
        )
    form = FollowForm(request.POST or None)
    application = None
    if request.method == "POST" and form.is_valid():
        application = follow_application(
            reference=form.cleaned_data["reference"], code=form.cleaned_data["code"]
        )
        if application is None:
            ratelimit.record_hit(FOLLOW_RATE, ident)
            form.add_error(None, WRONG_REFERENCE_OR_CODE)
    status = 400 if request.method == "POST" and application is None else 200
    context = {"form": form, "application": application}
    return render(request, "membership/follow.html", context, status=status)
