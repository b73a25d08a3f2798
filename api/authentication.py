"""API tokens, checked as DRF's TokenAuthentication checks them, in one statement written out.

Every API call checks its token. DRF asks the ORM for the token with its user; compiling that
query cost several times running it, on every call (docs/decisions/load-benchmark-method.md).
The answers are DRF's own: an unknown token or an inactive account is refused with its
message, and the view gets the same user and token.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from accounts.models import User

TOKEN_USER_SQL = (
    f"SELECT u.*, t.created AS token_created FROM {User._meta.db_table} u "  # noqa: S608
    f"JOIN {Token._meta.db_table} t ON t.user_id = u.id WHERE t.key = %s"
)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user = next(iter(User.objects.raw(TOKEN_USER_SQL, [key])), None)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        created = user.token_created  # type: ignore[attr-defined]  # TOKEN_USER_SQL's
        if timezone.is_naive(created):  # SQLite: UTC without its zone, as Django stores it
            created = timezone.make_aware(created, connection.timezone)
        token = Token(key=key, user=user, created=created)
        return (user, token)
