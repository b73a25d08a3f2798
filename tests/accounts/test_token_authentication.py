"""api.authentication.TokenAuthentication: knox's token check, in one statement written out.

It must answer as knox's own: the token's user and the token to the view, a 401 with knox's
message for an unknown, expired or inactive account's token; and the lifetimes are knox's
settings (idle, pushed forward by use; absolute, never passed).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.auth import TokenAuthentication as KnoxAuthentication
from rest_framework import exceptions

from accounts.gates import first_closed_gate
from accounts.models import ApiToken, TermsVersion, User
from accounts.requests import RequestInfo
from accounts.services import issue_api_token
from api.authentication import TokenAuthentication
from tests.accounts.helpers import publish_newer_terms

pytestmark = pytest.mark.django_db


def new_token(user: User) -> tuple[ApiToken, str]:
    return issue_api_token(user=user, info=RequestInfo(), device="Téléphone de test")


def test_it_gives_the_view_the_tokens_user_and_the_token(ready_member: User) -> None:
    row, token = new_token(ready_member)
    ours = TokenAuthentication().authenticate_credentials(token.encode())
    knox = KnoxAuthentication().authenticate_credentials(token.encode())
    assert ours[0] == knox[0] == ready_member
    assert ours[0].member_id == ready_member.member_id
    assert ours[0].must_change_password == knox[0].must_change_password
    same = (row.digest, row.user_id, row.created, row.expiry, row.device)
    assert (ours[1].digest, ours[1].user_id, ours[1].created, ours[1].expiry, ours[1].device) == (
        same
    )


def test_it_checks_the_token_in_one_query(ready_member: User) -> None:
    _row, token = new_token(ready_member)
    with CaptureQueriesContext(connection) as queries:
        user, _token = TokenAuthentication().authenticate_credentials(token.encode())
        assert user.get_username() == ready_member.get_username()
    assert len(queries) == 1


def test_it_refuses_an_unknown_token_and_an_inactive_account_as_knox_does(
    ready_member: User,
) -> None:
    """In the portal's French: knox's English is translated by DRF's catalogue, ours is French."""
    with translation.override("fr"):
        _row, token = new_token(ready_member)
        for key in ("0" * 64, token[:-1] + ("0" if token[-1] != "0" else "1"), "' OR '1'='1", "é"):
            with pytest.raises(exceptions.AuthenticationFailed) as ours:
                TokenAuthentication().authenticate_credentials(key.encode())
            with pytest.raises(exceptions.AuthenticationFailed) as knox:
                KnoxAuthentication().authenticate_credentials(key.encode())
            assert ours.value.detail == knox.value.detail
        User.objects.filter(pk=ready_member.pk).update(is_active=False)
        with pytest.raises(exceptions.AuthenticationFailed) as inactive:
            TokenAuthentication().authenticate_credentials(token.encode())
        with pytest.raises(exceptions.AuthenticationFailed) as knox_inactive:
            KnoxAuthentication().authenticate_credentials(token.encode())
        assert inactive.value.detail == knox_inactive.value.detail


def test_the_api_answers_401_for_a_bad_token_and_200_for_a_good_one(
    client: Client, ready_member: User
) -> None:
    _row, token = new_token(ready_member)
    ok = client.get(reverse("api_me"), headers={"Authorization": f"Token {token}"})
    assert ok.status_code == 200
    bad = client.get(reverse("api_me"), headers={"Authorization": "Token nope"})
    assert bad.status_code == 401
    assert bad.json()["detail"] == "Token non valide."


def test_an_old_drf_token_no_longer_works(client: Client, ready_member: User) -> None:
    from rest_framework.authtoken.models import Token

    old = Token.objects.create(user=ready_member)
    response = client.get(reverse("api_me"), headers={"Authorization": f"Token {old.key}"})
    assert response.status_code == 401


def test_an_idle_token_ends(client: Client, ready_member: User, settings: object) -> None:
    row, token = new_token(ready_member)
    ApiToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("api_me"), headers={"Authorization": f"Token {token}"})
    assert response.status_code == 401
    assert not ApiToken.objects.filter(pk=row.pk).exists()


def test_use_pushes_the_idle_limit_but_never_past_the_absolute_lifetime(
    client: Client, ready_member: User
) -> None:
    from knox.settings import knox_settings

    row, token = new_token(ready_member)
    headers = {"Authorization": f"Token {token}"}
    # used an hour before its idle end: the end moves to a full idle period from now
    ApiToken.objects.filter(pk=row.pk).update(expiry=timezone.now() + dt.timedelta(hours=1))
    assert client.get(reverse("api_me"), headers=headers).status_code == 200
    row.refresh_from_db()
    assert row.expiry is not None
    assert row.expiry > timezone.now() + knox_settings.TOKEN_TTL - dt.timedelta(minutes=1)
    assert row.last_used_at is not None
    # issued long ago: use never carries it past created + the absolute lifetime
    created = timezone.now() - knox_settings.AUTO_REFRESH_MAX_TTL + dt.timedelta(hours=2)
    ApiToken.objects.filter(pk=row.pk).update(
        created=created, expiry=timezone.now() + dt.timedelta(minutes=30)
    )
    assert client.get(reverse("api_me"), headers=headers).status_code == 200
    row.refresh_from_db()
    assert row.expiry == created + knox_settings.AUTO_REFRESH_MAX_TTL
    ApiToken.objects.filter(pk=row.pk).update(
        expiry=created + knox_settings.AUTO_REFRESH_MAX_TTL - dt.timedelta(hours=3)
    )
    assert client.get(reverse("api_me"), headers=headers).status_code == 401


def test_the_lifetimes_come_from_the_environment() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "FOS_ENV": "test", "DJANGO_SETTINGS_MODULE": "fos.settings_test"}
    env.update({"API_TOKEN_IDLE_HOURS": "5", "API_TOKEN_MAX_DAYS": "2"})
    code = (
        "import django; django.setup(); from knox.settings import knox_settings as k; "
        "print(k.TOKEN_TTL.total_seconds(), k.AUTO_REFRESH_MAX_TTL.total_seconds())"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == f"{5 * 3600.0} {2 * 86400.0}"


def test_the_written_out_statements_name_the_models_tables() -> None:
    """The hot statements are written out (bandit reads no f-string SQL): each names the table
    its model has, so that a renamed table fails here rather than in production."""
    from api.authentication import API_USER_SQL
    from catalog import snapshot
    from catalog.models import CatalogueRevision
    from dossiers import selectors
    from registry.models import Child, Member, Province

    assert f"FROM {User._meta.db_table} u " in API_USER_SQL
    assert f"JOIN {ApiToken._meta.db_table} t " in API_USER_SQL
    assert f"FROM {CatalogueRevision._meta.db_table} " in snapshot.REVISION_SQL
    for model in (Child, Member, Province):
        assert f"FROM {model._meta.db_table} " in selectors.MEMBER_FOR_SUBMISSION_SQL.replace(
            "JOIN", "FROM"
        )
    columns = {f.column for f in Province._meta.concrete_fields}
    assert set(selectors.PROVINCE_COLUMNS) == columns


@pytest.mark.parametrize("persona", ["member_user", "staff_user", "ready_member"])
def test_the_token_statement_reads_the_gates_facts_as_the_gates_query_does(
    persona: str, request: pytest.FixtureRequest
) -> None:
    from accounts.gates import gate_facts

    account: User = request.getfixturevalue(persona)
    TOTPDevice.objects.create(user=account, name="phone", confirmed=persona == "staff_user")
    _row, token = new_token(account)
    user, _token = TokenAuthentication().authenticate_credentials(token.encode())
    asked = gate_facts(User.objects.get(pk=account.pk))  # GATE_SQL, for a user read alone
    assert user.gate_facts_read == asked
    with CaptureQueriesContext(connection) as queries:
        first_closed_gate(user, otp_verified=True)
    assert len(queries) == 0  # answered by the token's statement


def test_new_terms_stop_a_token_at_its_next_call(
    client: Client, ready_member: User, terms: TermsVersion
) -> None:
    _row, token = new_token(ready_member)
    headers = {"Authorization": f"Token {token}"}
    assert client.get(reverse("api_me"), headers=headers).status_code == 200
    publish_newer_terms(terms)
    refused = client.get(reverse("api_me"), headers=headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "terms_not_accepted"
