"""Floor views for bench/load.py: what a request costs on this stack without the portal's code.

Mounted at /bench/ only when settings.BENCH_VIEWS is on (FOS_BENCH_VIEWS=1), which production
refuses; the access gates skip them (accounts/middleware.py). They go through the same
middleware as every page (sessions, CSRF, locale, security headers, axes), so the ratio of a
portal page to the floor page is the cost of the portal's own code.

- ``hello``: a constant answer; no session, no database.
- ``floor``: loads the session and the user, runs five one-row queries, renders a short
  template that extends nothing.
- ``insert``: authenticates an API token as knox's own TokenAuthentication does (the rows
  whose key starts as the token's, then the digest compared) and inserts one row in one
  transaction into ``bench_insert``, a table the benchmark creates.
"""

from __future__ import annotations

import json
from hmac import compare_digest

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from knox.crypto import hash_token
from knox.settings import CONSTANTS

from accounts.models import ApiToken, User
from registry.models import Province

BENCH_TABLE = "bench_insert"
FLOOR_QUERIES = 5
CREATE_TABLE = {
    "postgresql": (
        "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, "
        "user_id bigint NOT NULL, idempotency_key varchar(64) NOT NULL, body text NOT NULL, "
        "created_at timestamptz NOT NULL)"
    ),
    "sqlite": (
        "CREATE TABLE IF NOT EXISTS bench_insert (id integer PRIMARY KEY AUTOINCREMENT, "
        "user_id bigint NOT NULL, idempotency_key varchar(64) NOT NULL, body text NOT NULL, "
        "created_at datetime NOT NULL)"
    ),
}
INSERT = (
    "INSERT INTO bench_insert (user_id, idempotency_key, body, created_at) "
    "VALUES (%s, %s, %s, %s) RETURNING id"
)


def create_bench_table() -> None:
    """The table ``insert`` writes to (the benchmark and the tests create it)."""
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE[connection.vendor])


@require_GET
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain; charset=utf-8")


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    user_id = request.user.pk  # the session, then the user
    codes = [
        Province.objects.filter(pk=pk).values_list("code", flat=True).first()
        for pk in range(1, FLOOR_QUERIES + 1)
    ]
    return render(request, "bench/floor.html", {"user_id": user_id, "codes": codes})


def _token_user(request: HttpRequest) -> User | None:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Token" or not key:
        return None
    key = key.strip()
    prefix = key[: CONSTANTS.TOKEN_KEY_LENGTH]
    for token in ApiToken.objects.select_related("user").filter(token_key=prefix):
        if compare_digest(hash_token(key), token.digest) and token.user.is_active:
            user = token.user
            return user if isinstance(user, User) else None
    return None


@csrf_exempt  # a token-authenticated bench tool, like the API (which has no CSRF for tokens)
@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    user = _token_user(request)
    if user is None:
        return JsonResponse({"detail": "a valid API token is required"}, status=401)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"detail": "JSON expected"}, status=400)
    key = request.headers.get("Idempotency-Key", "")[:64]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INSERT, [user.pk, key, json.dumps(body), timezone.now()])
        row = cursor.fetchone()
    return JsonResponse({"id": row[0]}, status=201)
