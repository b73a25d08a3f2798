"""api.authentication.TokenAuthentication: DRF's token check, in one statement written out.

It must answer exactly as DRF's own: the token's user and the token itself to the view, and a
401 with DRF's message for an unknown token or an inactive account.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from accounts.gates import first_closed_gate
from accounts.models import TermsVersion, User
from api.authentication import TokenAuthentication
from tests.accounts.helpers import publish_newer_terms

pytestmark = pytest.mark.django_db


def test_it_gives_the_view_the_tokens_user_and_the_token(ready_member: User) -> None:
    token = Token.objects.create(user=ready_member)
    ours = TokenAuthentication().authenticate_credentials(token.key)
    drf = authentication.TokenAuthentication().authenticate_credentials(token.key)
    assert ours[0] == drf[0] == ready_member
    assert ours[0].member_id == ready_member.member_id
    assert ours[0].must_change_password == drf[0].must_change_password
    same = (token.key, token.user_id, token.created)
    assert (ours[1].key, ours[1].user_id, ours[1].created) == same


def test_it_checks_the_token_in_one_query(ready_member: User) -> None:
    token = Token.objects.create(user=ready_member)
    with CaptureQueriesContext(connection) as queries:
        user, _token = TokenAuthentication().authenticate_credentials(token.key)
        assert user.get_username() == ready_member.get_username()
    assert len(queries) == 1


def test_it_refuses_an_unknown_token_and_an_inactive_account_as_drf_does(
    ready_member: User,
) -> None:
    token = Token.objects.create(user=ready_member)
    for key in ("0" * 40, token.key[:-1], "' OR '1'='1"):
        with pytest.raises(exceptions.AuthenticationFailed) as ours:
            TokenAuthentication().authenticate_credentials(key)
        with pytest.raises(exceptions.AuthenticationFailed) as drf:
            authentication.TokenAuthentication().authenticate_credentials(key)
        assert ours.value.detail == drf.value.detail
    User.objects.filter(pk=ready_member.pk).update(is_active=False)
    with pytest.raises(exceptions.AuthenticationFailed) as inactive:
        TokenAuthentication().authenticate_credentials(token.key)
    with pytest.raises(exceptions.AuthenticationFailed) as drf_inactive:
        authentication.TokenAuthentication().authenticate_credentials(token.key)
    assert inactive.value.detail == drf_inactive.value.detail


def test_the_api_answers_401_for_a_bad_token_and_200_for_a_good_one(
    client: Client, ready_member: User
) -> None:
    token = Token.objects.create(user=ready_member)
    ok = client.get(reverse("api_me"), headers={"Authorization": f"Token {token.key}"})
    assert ok.status_code == 200
    bad = client.get(reverse("api_me"), headers={"Authorization": "Token nope"})
    assert bad.status_code == 401
    assert bad.json()["detail"] == "Token non valide."  # DRF's own French message


def test_the_written_out_statements_name_the_models_tables() -> None:
    """The hot statements are written out (bandit reads no f-string SQL): each names the table
    its model has, so that a renamed table fails here rather than in production."""
    from api.authentication import API_USER_SQL
    from catalog import snapshot
    from catalog.models import CatalogueRevision
    from dossiers import selectors
    from registry.models import Child, Member, Province

    assert f"FROM {User._meta.db_table} u " in API_USER_SQL
    assert f"JOIN {Token._meta.db_table} t " in API_USER_SQL
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
    token = Token.objects.create(user=account)
    user, _token = TokenAuthentication().authenticate_credentials(token.key)
    asked = gate_facts(User.objects.get(pk=account.pk))  # GATE_SQL, for a user read alone
    assert user.gate_facts_read == asked
    with CaptureQueriesContext(connection) as queries:
        first_closed_gate(user, otp_verified=True)
    assert len(queries) == 0  # answered by the token's statement


def test_new_terms_stop_a_token_at_its_next_call(
    client: Client, ready_member: User, terms: TermsVersion
) -> None:
    token = Token.objects.create(user=ready_member)
    headers = {"Authorization": f"Token {token.key}"}
    assert client.get(reverse("api_me"), headers=headers).status_code == 200
    publish_newer_terms(terms)
    refused = client.get(reverse("api_me"), headers=headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "terms_not_accepted"
