"""API tokens, checked as DRF's TokenAuthentication checks them, in one statement written out
that also reads what the account gates ask.

Every API call checks its token. DRF asks the ORM for the token with its user; compiling that
query cost several times running it, on every call (docs/decisions/load-benchmark-method.md).
The answers are DRF's own: an unknown token or an inactive account is refused by DRF's class
itself, with its message, and the view gets the same user and token.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone
from rest_framework import authentication
from rest_framework.authtoken.models import Token

from accounts.gates import facts_of, gate_column_params, gate_columns
from accounts.models import User

# The token's user, and in the same statement what the account gates ask of that user
# (accounts/gates.py): one round trip where there were two, on every API call. Built from
# constant text only (the gates' columns for the column u.id).
API_USER_SQL = (
    "SELECT u.*, t.created AS token_created,"  # nosec B608 - constant text, no value
    + gate_columns("u.id")
    + "FROM accounts_user u JOIN authtoken_token t ON t.user_id = u.id WHERE t.key = %s"
)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        params = [*gate_column_params(timezone.now()), key]
        user = next(iter(User.objects.raw(API_USER_SQL, params)), None)
        if user is None or not user.is_active:
            # DRF's own refusal, with its message in the reader's language (rare: no hurry).
            return super().authenticate_credentials(key)
        user.gate_facts_read = facts_of(user)  # type: ignore[attr-defined]  # gates.gate_facts
        created = user.token_created  # type: ignore[attr-defined]  # API_USER_SQL's
        if timezone.is_naive(created):  # SQLite: UTC without its zone, as Django stores it
            created = timezone.make_aware(created, connection.timezone)
        token = Token(key=key, user=user, created=created)
        return (user, token)
