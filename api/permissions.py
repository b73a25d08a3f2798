"""The account gates of accounts/gates.py, answered as 403 JSON with a code the app acts on."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.constants import ApiErrorCode
from accounts.gates import Gate, closed_gates, is_otp_verified
from accounts.models import User
from accounts.roles import is_staff_user
from api.authentication import TokenAuthentication

GATE_ERRORS = {
    Gate.OTP: (
        ApiErrorCode.OTP_REQUIRED,
        _("Confirmez la connexion avec le code de votre application d'authentification."),
    ),
    Gate.TERMS: (
        ApiErrorCode.TERMS_NOT_ACCEPTED,
        _("Acceptez les conditions générales d'utilisation pour continuer."),
    ),
    Gate.PASSWORD: (
        ApiErrorCode.PASSWORD_CHANGE_REQUIRED,
        _("Changez votre mot de passe pour continuer."),
    ),
}


class GateClosedError(APIException):
    status_code = 403
    default_code = "forbidden"

    def __init__(self, code: str, message: Any) -> None:
        super().__init__(detail={"code": code, "detail": str(message)})


def _otp_verified(request: Request) -> bool:
    # A token is only ever issued after the second factor, when the account needs one.
    if isinstance(request.successful_authenticator, TokenAuthentication):
        return True
    return is_otp_verified(request.user)


class PassesAccountGates(BasePermission):
    """Applied to every endpoint; a view lists the gates it opens in ``gate_exempt``."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            return True  # IsAuthenticated or AllowAny decides
        exempt = set(getattr(view, "gate_exempt", ()))
        for gate in closed_gates(user, otp_verified=_otp_verified(request)):
            if gate not in exempt:
                code, message = GATE_ERRORS[gate]
                raise GateClosedError(code, message)
        return True


class IsMember(BasePermission):
    """Member endpoints: staff are never served them as if they were members."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if isinstance(user, User) and user.is_member and not is_staff_user(user):
            return True
        raise GateClosedError(ApiErrorCode.MEMBER_ONLY, _("Ce service est réservé aux adhérents."))
