"""API tokens (django-rest-knox), checked in one statement written out that also reads what
the account gates ask.

Every API call checks its token. knox asks the ORM for the token with its user, then reads
every other token of that user to delete the expired ones, on every call; DRF's ORM query
already cost several times running it (docs/decisions/load-benchmark-method.md). Here one
statement reads the token, its user and the gates' facts; the digest is compared as knox
compares it, and the lifetimes are knox's settings (REST_KNOX): the idle limit is pushed
forward at most once a minute (one UPDATE), never past the absolute lifetime
(docs/decisions/api-tokens.md). Refusals are knox's, with its messages in the reader's
language.
"""

from __future__ import annotations

import binascii
from datetime import datetime
from hmac import compare_digest
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox import auth
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions

from accounts.gates import facts_of, gate_column_params, gate_columns
from accounts.models import ApiToken, User

# The token's user, and in the same statement what the account gates ask of that user
# (accounts/gates.py): one round trip on every API call. Built from constant text only (the
# gates' columns for the column u.id).
API_USER_SQL = (
    "SELECT u.*, t.digest AS token_digest, t.created AS token_created,"  # nosec B608 - constant
    " t.expiry AS token_expiry, t.device AS token_device, t.last_used_at AS token_last_used,"
    + gate_columns("u.id")
    + "FROM accounts_user u JOIN accounts_apitoken t ON t.user_id = u.id WHERE t.token_key = %s"
)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):  # SQLite: UTC without its zone
        return timezone.make_aware(moment, connection.timezone)
    return moment


def renewed_expiry(token: ApiToken, now: datetime) -> datetime:
    """The idle limit pushed forward from now, never past the absolute lifetime."""
    expiry = now + knox_settings.TOKEN_TTL
    if knox_settings.AUTO_REFRESH_MAX_TTL is not None:
        expiry = min(expiry, token.created + knox_settings.AUTO_REFRESH_MAX_TTL)
    return expiry


class TokenAuthentication(auth.TokenAuthentication):
    def authenticate_credentials(self, token: bytes | str) -> tuple[Any, Any]:
        key = token.decode("utf-8") if isinstance(token, bytes) else token
        invalid = _("Token non valide.")
        try:
            digest = hash_token(key)
        except (TypeError, ValueError, binascii.Error) as error:
            raise exceptions.AuthenticationFailed(invalid) from error
        params = [*gate_column_params(timezone.now()), key[: CONSTANTS.TOKEN_KEY_LENGTH]]
        for user in User.objects.raw(API_USER_SQL, params):
            if compare_digest(digest, user.token_digest):  # type: ignore[attr-defined]
                return self._accept(user)
        raise exceptions.AuthenticationFailed(invalid)

    def _accept(self, user: Any) -> tuple[Any, ApiToken]:
        api_token = ApiToken(
            digest=user.token_digest,
            user=user,
            created=_aware(user.token_created),
            expiry=_aware(user.token_expiry),
            device=user.token_device,
            last_used_at=_aware(user.token_last_used),
        )
        now = timezone.now()
        if api_token.expiry is not None and api_token.expiry < now:
            ApiToken.objects.filter(digest=api_token.digest).delete()
            raise exceptions.AuthenticationFailed(_("Token non valide."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Utilisateur inactif ou supprimé."))
        user.gate_facts_read = facts_of(user)  # gates.gate_facts reads them from here
        self._touch(api_token, now)
        return (user, api_token)

    def _touch(self, api_token: ApiToken, now: datetime) -> None:
        """Push the idle limit forward, at most once per MIN_REFRESH_INTERVAL (a write)."""
        expiry = renewed_expiry(api_token, now)
        current = api_token.expiry or now
        if (expiry - current).total_seconds() <= knox_settings.MIN_REFRESH_INTERVAL:
            return
        api_token.expiry, api_token.last_used_at = expiry, now
        ApiToken.objects.filter(digest=api_token.digest).update(expiry=expiry, last_used_at=now)


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's description of the token: "Authorization: Token <token>", as before knox."""

    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=knox_settings.AUTH_HEADER_PREFIX
        )
