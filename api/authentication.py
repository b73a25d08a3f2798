"""API tokens, checked as DRF's TokenAuthentication checks them, in one statement written out.

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

from accounts.models import User

API_USER_SQL = (
    "SELECT u.*, t.created AS token_created FROM accounts_user u "
    "JOIN authtoken_token t ON t.user_id = u.id WHERE t.key = %s"
)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user = next(iter(User.objects.raw(API_USER_SQL, [key])), None)
        if user is None or not user.is_active:
            # DRF's own refusal, with its message in the reader's language (rare: no hurry).
            return super().authenticate_credentials(key)
        created = user.token_created  # type: ignore[attr-defined]  # API_USER_SQL's
        if timezone.is_naive(created):  # SQLite: UTC without its zone, as Django stores it
            created = timezone.make_aware(created, connection.timezone)
        token = Token(key=key, user=user, created=created)
        return (user, token)
