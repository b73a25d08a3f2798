"""Account endpoints of /api/v1/: they call the same services as the web pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.contrib.auth import logout as django_logout
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import services
from accounts.gates import Gate
from accounts.models import ApiToken, TermsAcceptance, TermsVersion, User
from accounts.requests import RequestInfo
from accounts.roles import is_staff_user
from accounts.selectors import connected_device, connected_devices
from accounts.views import site_url
from api.permissions import IsMember, PassesAccountGates
from api.schema import INVALID
from api.serializers import (
    DeviceSerializer,
    EmailChangeSerializer,
    ErrorSerializer,
    MeSerializer,
    MessageSerializer,
    PasswordChangeSerializer,
    PasswordResetRequestSerializer,
    RegistrationRequestSerializer,
    TermsAcceptSerializer,
    TermsSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)

GATED = [IsAuthenticated, PassesAccountGates]
MEMBER = [IsAuthenticated, PassesAccountGates, IsMember]
ERROR = OpenApiResponse(ErrorSerializer, description=_("Refus avec un code"))


def _user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated ran first
        raise TypeError("authenticated user expected")
    return user


def _info(request: Request) -> RequestInfo:
    return RequestInfo.from_request(request._request)


def link_requested_message() -> str:
    return _(
        "Si les informations saisies correspondent au registre de la Fondation, un courriel "
        "contenant un lien personnel vient d'être envoyé. Le lien est valable %(hours)s heures "
        "et ne sert qu'une fois."
    ) % {"hours": settings.ACCOUNT_LINK_VALIDITY_HOURS}


def _error(code: str, detail: str, http_status: int) -> Response:
    return Response({"code": code, "detail": detail}, status=http_status)


class ObtainTokenView(APIView):
    """Matricule + password (+ TOTP code when required) for a token.

    No captcha: a mobile app cannot show ours the same way. The endpoint has the same lockout
    as the login page (docs/decisions/api-login-without-captcha.md).
    """

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: ERROR, 403: ERROR, 429: ERROR},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        http_request = request._request
        user = authenticate(http_request, username=data["matricule"], password=data["password"])
        if user is None:
            if getattr(http_request, "axes_locked_out", False):
                from accounts.views import lockout_response

                return lockout_response(http_request)  # type: ignore[return-value]
            return _error(
                "invalid_credentials",
                _("Matricule ou mot de passe incorrect."),
                status.HTTP_400_BAD_REQUEST,
            )
        if not isinstance(user, User):
            raise TypeError("unexpected user model")
        if services.needs_second_factor(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            code = data.get("otp_token", "").strip()
            if device is None or not code:
                return _error(
                    "otp_required",
                    _("Indiquez le code de votre application d'authentification (otp_token)."),
                    status.HTTP_403_FORBIDDEN,
                )
            allowed, _details = device.verify_is_allowed()
            if not allowed or not device.verify_token(code):
                services.record_otp_failure(user=user, info=_info(request))
                return _error(
                    "otp_invalid", _("Ce code n'est pas valide."), status.HTTP_403_FORBIDDEN
                )
        user_logged_in.send(sender=User, request=http_request, user=user)
        return _token_answer(user, request, device=data.get("device", ""))


def _token_answer(user: User, request: Request, *, device: str) -> Response:
    api_token, token = services.issue_api_token(user=user, info=_info(request), device=device)
    return Response({"token": token, "expiry": api_token.expiry, "device": api_token.device})


class RevokeTokenView(APIView):
    """ "Sortir": this device's token stops working; the account's other devices stay."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            services.log_out_api_token(
                user=_user(request), api_token=request.auth, info=_info(request)
            )
        else:  # a web session calling the API: the session ends as on the web
            services.record_logout(user=_user(request), info=_info(request))
            django_logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["auth"])
class DevicesView(APIView):
    """ "Mes appareils connectés": the account's API tokens in force (never the tokens)."""

    permission_classes = GATED

    @extend_schema(responses={200: DeviceSerializer(many=True), 403: ERROR})
    def get(self, request: Request) -> Response:
        devices = [_device(token, request) for token in connected_devices(_user(request))]
        return Response(DeviceSerializer(devices, many=True).data)


def _device(token: ApiToken, request: Request) -> dict[str, Any]:
    current = request.auth.digest if isinstance(request.auth, ApiToken) else ""
    return {
        "public_id": token.public_id,
        "device": token.device,
        "created": token.created,
        "last_used_at": token.last_used_at,
        "expiry": token.expiry,
        "current": token.digest == current,
    }


@extend_schema(tags=["auth"])
class DeviceRevokeView(APIView):
    """One device of the account; DELETE disconnects it: its token stops working at once."""

    permission_classes = GATED

    @extend_schema(responses={200: DeviceSerializer, 403: ERROR, 404: ERROR})
    def get(self, request: Request, device_id: str) -> Response:
        token = connected_device(_user(request), device_id)
        if token is None:
            return _error("not_found", _("Cet appareil n'est pas connecté à votre compte."), 404)
        return Response(DeviceSerializer(_device(token, request)).data)

    @extend_schema(responses={204: None, 403: ERROR, 404: ERROR})
    def delete(self, request: Request, device_id: str) -> Response:
        if not services.revoke_api_token(
            user=_user(request), public_id=device_id, info=_info(request)
        ):
            return _error("not_found", _("Cet appareil n'est pas connecté à votre compte."), 404)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RegistrationRequestView(APIView):
    """ "Créer un compte / Récupérer mot de passe": the same answer whatever the registry says."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "account_link"

    @extend_schema(
        request=RegistrationRequestSerializer,
        responses={202: MessageSerializer, 400: INVALID},
        tags=["accounts"],
    )
    def post(self, request: Request) -> Response:
        serializer = RegistrationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.request_account_link(
            matricule=data["matricule"],
            cin=data["cin"],
            position=data["position"],
            email=data["email"],
            pension_number=data.get("pension_number", ""),
            language=get_language() or settings.LANGUAGE_CODE,
            site_url=site_url(request._request),
            info=_info(request),
        )
        return Response({"detail": link_requested_message()}, status=status.HTTP_202_ACCEPTED)


class PasswordResetRequestView(APIView):
    """ "Mot de passe oublié": a link to the address already on the account."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "account_link"

    @extend_schema(
        request=PasswordResetRequestSerializer,
        responses={202: MessageSerializer, 400: INVALID},
        tags=["accounts"],
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordResetRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.request_password_reset(
            matricule=serializer.validated_data["matricule"],
            cin=serializer.validated_data["cin"],
            site_url=site_url(request._request),
            info=_info(request),
        )
        return Response({"detail": link_requested_message()}, status=status.HTTP_202_ACCEPTED)


class MeView(APIView):
    permission_classes = GATED

    @extend_schema(responses={200: MeSerializer, 403: ERROR}, tags=["accounts"])
    def get(self, request: Request) -> Response:
        user = _user(request)
        data = {
            "username": user.username,
            "__str__": str(user),
            "email": user.email,
            "preferred_language": user.preferred_language,
            "is_member": user.is_member,
            "is_staff": is_staff_user(user),
            "otp_enabled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "last_login": user.last_login,
        }
        return Response(MeSerializer(data).data)


@extend_schema(tags=["accounts"])
class EmailChangeView(APIView):
    """ "Changer d'adresse électronique": a link to the new address confirms the change."""

    permission_classes = GATED

    @extend_schema(
        request=EmailChangeSerializer,
        responses={202: MessageSerializer, 400: INVALID},
    )
    def post(self, request: Request) -> Response:
        serializer = EmailChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.request_email_change(
                user=_user(request),
                password=data["current_password"],
                new_email=data["new_email"],
                site_url=site_url(request._request),
                info=_info(request),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        message = _(
            "Un lien de confirmation a été envoyé à %(email)s. L'adresse du compte changera "
            "quand il sera ouvert."
        ) % {"email": data["new_email"]}
        return Response({"detail": message}, status=status.HTTP_202_ACCEPTED)


def _terms_payload(user: User, terms: TermsVersion) -> dict[str, Any]:
    acceptance = TermsAcceptance.objects.filter(user=user, version=terms).first()
    return {
        "version": terms.version,
        "title": terms.title,
        "body": terms.body,
        "published_at": terms.published_at,
        "accepted_at": acceptance.accepted_at if acceptance else None,
    }


class TermsView(APIView):
    """The current terms of use, in the request's language (Accept-Language)."""

    permission_classes = MEMBER
    gate_exempt = (Gate.TERMS, Gate.PASSWORD)

    @extend_schema(responses={200: TermsSerializer, 403: ERROR, 404: ERROR}, tags=["terms"])
    def get(self, request: Request) -> Response:
        current = TermsVersion.current()
        if current is None:
            return _error("no_terms", _("Aucune condition générale publiée."), 404)
        return Response(TermsSerializer(_terms_payload(_user(request), current)).data)


class TermsAcceptView(APIView):
    permission_classes = MEMBER
    gate_exempt = (Gate.TERMS, Gate.PASSWORD)

    @extend_schema(
        request=TermsAcceptSerializer,
        responses={200: TermsSerializer, 403: ERROR, 409: ERROR},
        tags=["terms"],
    )
    def post(self, request: Request) -> Response:
        serializer = TermsAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = (
            TermsVersion.objects.published()
            .filter(version=serializer.validated_data["version"])
            .first()
        )
        if version is None:
            return _error("terms_outdated", _("Cette version n'est pas publiée."), 409)
        user = _user(request)
        try:
            services.accept_terms(user=user, version=version, info=_info(request))
        except DjangoValidationError as error:
            return _error("terms_outdated", " ".join(error.messages), 409)
        return Response(TermsSerializer(_terms_payload(user, version)).data)


@extend_schema(tags=["accounts"])
class PasswordChangeView(APIView):
    """ "Changer le mot de passe". The old token stops working; the answer holds a new one."""

    permission_classes = GATED
    gate_exempt = (Gate.PASSWORD,)

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={200: TokenSerializer, 400: INVALID},
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        serializer = PasswordChangeSerializer(data=request.data, context={"user": user})
        serializer.is_valid(raise_exception=True)
        try:
            services.change_password(
                user=user,
                new_password=serializer.validated_data["new_password"],
                info=_info(request),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"new_password": error.messages}) from error
        device = request.auth.device if isinstance(request.auth, ApiToken) else ""
        return _token_answer(user, request, device=device)


@extend_schema(exclude=True)
class UnknownAddressView(APIView):
    """Any other address under /api/v1/ (an id past the database's integers included): the
    API's 404, in the API's shape, rather than the site's HTML page. The body is never read."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    def not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise NotFound

    get = post = put = patch = delete = options = not_found
