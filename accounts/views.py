from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.captcha import captcha_mode
from accounts.constants import EventKind, LinkPurpose
from accounts.forms import (
    EmailChangeForm,
    LinkPasswordForm,
    LoginForm,
    OtpCodeForm,
    PasswordResetRequestForm,
    PortalPasswordChangeForm,
    RegistrationForm,
)
from accounts.gates import is_otp_verified
from accounts.models import AccountEvent, AccountLink, TermsAcceptance, TermsVersion, User
from accounts.requests import RequestInfo
from accounts.roles import is_staff_user
from accounts.selectors import account_history, connected_devices

LAST_LOGINS_SHOWN = 10


def site_url(request: HttpRequest) -> str:
    """Where emailed links point: PORTAL_URL when set, else the address the request used."""
    return settings.PORTAL_URL or request.build_absolute_uri("/")


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def member_required(view: Any) -> Any:
    """For member pages: staff never see them as if they were members."""

    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if is_staff_user(request.user) or not _user(request).is_member:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


# Login, lockout, logout --------------------------------------------------------------------


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class PortalLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        kwargs["captcha_mode"] = captcha_mode({"captcha": source.get("captcha_mode", "")})
        return kwargs


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer once a (matricule, address) pair or an address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Trop d'essais de connexion infructueux depuis cette adresse : les connexions en sont "
        "bloquées pendant %(minutes)s minutes. Réessayez plus tard ou demandez un nouveau mot "
        "de passe."
    ) % {"minutes": minutes}
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "locked_out", "detail": message, "retry_after_minutes": minutes},
            status=status,
            headers={"Retry-After": str(minutes * 60)},
        )
    response = render(
        request,
        "accounts/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=status,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


@require_http_methods(["GET"])
def lockout(request: HttpRequest) -> HttpResponse:
    return lockout_response(request)


class PortalLogoutView(auth_views.LogoutView):
    pass


# Registration and links --------------------------------------------------------------------


def _captcha_mode_of(request: HttpRequest) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return captcha_mode({"captcha": source.get("captcha_mode", "")})


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    mode = _captcha_mode_of(request)
    form = RegistrationForm(request.POST or None, captcha_mode=mode)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_account_link(
                matricule=data["matricule"],
                cin=data["cin"],
                position=data["position"],
                email=data["email"],
                pension_number=data["pension_number"],
                language=get_language() or settings.LANGUAGE_CODE,
                site_url=site_url(request),
                info=RequestInfo.from_request(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("link_sent")
    return render(request, "accounts/register.html", {"form": form, "captcha_mode": mode})


@never_cache
@require_http_methods(["GET", "POST"])
def password_forgotten(request: HttpRequest) -> HttpResponse:
    mode = _captcha_mode_of(request)
    form = PasswordResetRequestForm(request.POST or None, captcha_mode=mode)
    if request.method == "POST" and form.is_valid():
        services.request_password_reset(
            matricule=form.cleaned_data["matricule"],
            cin=form.cleaned_data["cin"],
            site_url=site_url(request),
            info=RequestInfo.from_request(request),
        )
        return redirect("link_sent")
    return render(request, "accounts/password_forgotten.html", {"form": form, "captcha_mode": mode})


@require_http_methods(["GET"])
def link_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/link_sent.html",
        {"validity_hours": settings.ACCOUNT_LINK_VALIDITY_HOURS},
    )


# The emailed link carries the token once: its first visit moves the token into the session and
# redirects to this token-free address, so the token never sits in the address bar or a Referer
# header, and the page keeps the portal's normal referrer policy (a "no-referrer" page makes
# browsers send "Origin: null" with the form, which CSRF protection rightly refuses).
LINK_SESSION_KEY = "_account_link_token"
SET_PASSWORD_SLUG = "set-password"  # noqa: S105 - a URL segment, not a secret


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def account_link(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a password from an emailed link. The link is spent only when the form is valid."""
    info = RequestInfo.from_request(request)
    from_email = token != SET_PASSWORD_SLUG
    if not from_email:
        token = request.session.get(LINK_SESSION_KEY, "")
    link = services.usable_link(token=token) if token else None
    if link is None:
        if token:
            services.reject_link(token=token, info=info)
        return render(request, "accounts/link_invalid.html", status=410)
    if from_email and request.method == "GET":
        request.session[LINK_SESSION_KEY] = token
        return redirect("account_link", token=SET_PASSWORD_SLUG)
    if link.purpose == LinkPurpose.EMAIL_CHANGE:
        return _confirm_email(request, link=link, token=token, info=info)
    form = LinkPasswordForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password_from_link(
                token=token, password=form.cleaned_data["new_password1"], info=info
            )
        except services.InvalidLinkError:
            return render(request, "accounts/link_invalid.html", status=410)
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            request.session.pop(LINK_SESSION_KEY, None)
            messages.success(
                request, _("Votre mot de passe est enregistré. Vous pouvez vous connecter.")
            )
            return redirect("login")
    return render(request, "accounts/set_password.html", {"form": form, "link": link})


def _confirm_email(
    request: HttpRequest, *, link: AccountLink, token: str, info: RequestInfo
) -> HttpResponse:
    """A confirmation asks for a click: mail scanners open links, they do not send forms."""
    if request.method != "POST":
        return render(request, "accounts/email_confirm.html", {"link": link})
    try:
        user = services.confirm_email_change(token=token, info=info)
    except services.InvalidLinkError:
        return render(request, "accounts/link_invalid.html", status=410)
    request.session.pop(LINK_SESSION_KEY, None)
    messages.success(
        request,
        _("L'adresse de votre compte est désormais %(email)s.") % {"email": user.email},
    )
    return redirect("account" if request.user.is_authenticated else "login")


# Terms and password ------------------------------------------------------------------------


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    current = TermsVersion.current()
    if current is None:
        return redirect("home")
    accepted = TermsAcceptance.objects.filter(user=user, version=current).first()
    if request.method == "POST":
        version_id = request.POST.get("version", "")
        version = (
            TermsVersion.objects.published().filter(pk=int(version_id)).first()
            if version_id.isdigit()
            else None
        )
        if version is None:
            messages.error(request, _("Cette version des conditions générales n'existe pas."))
            return redirect("terms")
        try:
            services.accept_terms(
                user=user, version=version, info=RequestInfo.from_request(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("terms")
        messages.success(request, _("Merci : vous avez accepté les conditions générales."))
        return redirect(_safe_next(request))
    return render(request, "accounts/terms.html", {"terms": current, "accepted": accepted})


@method_decorator(
    sensitive_post_parameters("old_password", "new_password1", "new_password2"), name="dispatch"
)
@method_decorator(never_cache, name="dispatch")
class PortalPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PortalPasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user = _user(self.request)
        try:
            services.change_password(
                user=user,
                new_password=form.cleaned_data["new_password1"],
                info=RequestInfo.from_request(self.request),
            )
        except ValidationError as error:
            form.add_error("new_password1", error)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["forced"] = _user(self.request).must_change_password
        return context


# Account page and second factor ------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    logins = AccountEvent.objects.filter(
        user=user, kind__in=[EventKind.LOGIN_SUCCEEDED, EventKind.LOGIN_FAILED]
    ).order_by("-created_at")[:LAST_LOGINS_SHOWN]
    return render(
        request,
        "accounts/account.html",
        {
            "history": account_history(user),
            "otp_enabled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "is_staff_user": is_staff_user(user),
            "logins": logins,
            "acceptance": TermsAcceptance.objects.filter(user=user)
            .select_related("version")
            .first(),
        },
    )


@never_cache
@sensitive_post_parameters("current_password")
@login_required
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["new_email"]
        try:
            services.request_email_change(
                user=user,
                password=form.cleaned_data["current_password"],
                new_email=new_email,
                site_url=site_url(request),
                info=RequestInfo.from_request(request),
            )
        except ValidationError as error:
            form.add_error(None, error)  # the service names the field of each refusal
        else:
            messages.success(
                request,
                _(
                    "Un lien de confirmation a été envoyé à %(email)s. L'adresse du compte "
                    "changera quand vous l'ouvrirez."
                )
                % {"email": new_email},
            )
            return redirect("account")
    return render(request, "accounts/email_change.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET"])
def devices(request: HttpRequest) -> HttpResponse:
    """ "Mes appareils connectés": the phones and apps holding an API token of the account."""
    idle_hours, max_hours = services.token_lifetimes()
    return render(
        request,
        "accounts/devices.html",
        {
            "devices": list(connected_devices(_user(request))),
            "idle_hours": idle_hours,
            "max_days": max_hours // 24,
        },
    )


@never_cache
@login_required
@require_http_methods(["POST"])
def device_revoke(request: HttpRequest, device_id: str) -> HttpResponse:
    if not services.revoke_api_token(
        user=_user(request), public_id=device_id, info=RequestInfo.from_request(request)
    ):
        raise Http404  # another account's device, as an unknown one
    messages.success(request, _("L'appareil est déconnecté : son accès a pris fin."))
    return redirect("devices")


def _qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return svg if isinstance(svg, str) else svg.decode("utf-8")


def _base32_key(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if has_device and not is_otp_verified(request.user):
        # A password alone never replaces an existing second factor.
        return redirect("otp_verify")
    device = services.pending_totp_device(user=user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            services.confirm_totp_device(
                user=user, device=device, info=RequestInfo.from_request(request)
            )
            otp_login(request, device)
            messages.success(request, _("La double authentification est activée."))
            return redirect(_safe_next(request))
        services.record_otp_failure(user=user, info=RequestInfo.from_request(request))
        form.add_error("code", _("Ce code n'est pas valide : vérifiez l'heure du téléphone."))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(_qr_svg(device)),  # noqa: S308 # nosec B308 B703 - qrcode SVG of our data
            "secret": _base32_key(device),
            "required": is_staff_user(user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("otp_setup")
    if is_otp_verified(request.user):
        return redirect(_safe_next(request))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_safe_next(request))
        services.record_otp_failure(user=user, info=RequestInfo.from_request(request))
        form.add_error(
            "code",
            _("Ce code n'est pas valide.")
            if allowed
            else _("Trop de codes refusés : attendez un moment avant de réessayer."),
        )
    return render(request, "accounts/otp_verify.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["POST"])
def otp_disable(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        services.disable_totp(user=user, info=RequestInfo.from_request(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La double authentification est désactivée."))
    return redirect("account")
