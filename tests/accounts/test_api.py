"""/api/v1/: token login with lockout, registration, terms, password, all behind the gates."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, reverse

from accounts.constants import EventKind, RequestOutcome
from accounts.models import AccountEvent, TermsAcceptance, TermsVersion, User
from api import urls as api_urls
from tests.accounts.urls import API_ENDPOINTS
from tests.factories import PASSWORD, MemberFactory, MemberUserFactory
from tests.helpers import api_token

pytestmark = pytest.mark.django_db
PUBLIC = {
    "api_token",
    "api_register",
    "api_password_reset",
    "api_schema",
    "api_docs",
    "api_redoc",
    "api_not_found",
}
NEW = "Nouveau-mot-de-passe-2024"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


def test_it_lists_every_authenticated_endpoint_in_the_gate_tests() -> None:
    names = (
        {p.name for p in api_urls.urlpatterns if isinstance(p, URLPattern)}
        - PUBLIC
        - {"api_logout", "api_device_revoke"}  # test_devices: it takes a device's id
    )
    assert names == {name for _method, name in API_ENDPOINTS}


def test_it_issues_a_token_for_matricule_and_password(client: Client, ready_member: User) -> None:
    response = client.post(
        reverse("api_token"), {"matricule": ready_member.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get(reverse("api_me"), headers=auth(token))
    assert me.status_code == 200
    assert me.json()["matricule"] == ready_member.username
    assert me.json()["is_member"] is True
    assert AccountEvent.objects.filter(
        kind=EventKind.LOGIN_SUCCEEDED, details__channel="api"
    ).exists()


def test_it_refuses_a_wrong_password(client: Client, ready_member: User) -> None:
    response = client.post(
        reverse("api_token"), {"matricule": ready_member.username, "password": "nope-nope"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"


def test_it_locks_the_token_endpoint_like_the_login_page(
    client: Client, ready_member: User
) -> None:
    for _ in range(5):
        client.post(
            reverse("api_token"), {"matricule": ready_member.username, "password": "nope-nope"}
        )
    response = client.post(
        reverse("api_token"), {"matricule": ready_member.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert AccountEvent.objects.filter(kind=EventKind.LOCKED_OUT).exists()


def test_it_refuses_anonymous_callers(client: Client, db: None) -> None:
    for method, name in API_ENDPOINTS:
        assert getattr(client, method)(reverse(name)).status_code == 401


def test_it_revokes_the_token_on_logout(client: Client, ready_member: User) -> None:
    token = api_token(ready_member)
    assert client.post(reverse("api_logout"), headers=auth(token)).status_code == 204
    assert client.get(reverse("api_me"), headers=auth(token)).status_code == 401


def test_it_takes_registration_requests_with_the_same_answer(
    client: Client, run_on_commit: Any
) -> None:
    member = MemberFactory.create()
    data = {
        "matricule": member.matricule,
        "cin": member.cin,
        "position": member.position,
        "email": f"{member.matricule}@finances.gov.ma",
    }
    known = run_on_commit(client.post, reverse("api_register"), data)
    unknown = run_on_commit(client.post, reverse("api_register"), {**data, "matricule": "99999999"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert len(mail.outbox) == 1
    outcomes = list(
        AccountEvent.objects.filter(kind=EventKind.REGISTRATION_REQUESTED).values_list(
            "details__outcome", flat=True
        )
    )
    assert sorted(outcomes) == sorted([RequestOutcome.MATCH, RequestOutcome.UNKNOWN_MATRICULE])


def test_it_refuses_a_private_email_for_an_active_member(client: Client, db: None) -> None:
    member = MemberFactory.create()
    response = client.post(
        reverse("api_register"),
        {
            "matricule": member.matricule,
            "cin": member.cin,
            "position": member.position,
            "email": "perso@gmail.com",
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "email" in response.json()["field_errors"]


def test_it_takes_password_reset_requests(
    client: Client, ready_member: User, run_on_commit: Any
) -> None:
    assert ready_member.member is not None
    data = {"matricule": ready_member.username, "cin": ready_member.member.cin}
    response = run_on_commit(client.post, reverse("api_password_reset"), data)
    assert response.status_code == 202
    assert mail.outbox[0].to == [ready_member.email]
    wrong = run_on_commit(client.post, reverse("api_password_reset"), {**data, "cin": "ZZ1"})
    assert wrong.json() == response.json()
    assert len(mail.outbox) == 1


def test_it_throttles_link_requests(client: Client, db: None, settings: Any) -> None:
    data = {"matricule": "123", "cin": "AB1"}
    statuses = [client.post(reverse("api_password_reset"), data).status_code for _ in range(11)]
    assert statuses[-1] == 429


def test_it_serves_and_accepts_the_terms(client: Client, terms: TermsVersion) -> None:
    user = MemberUserFactory.create()
    token = api_token(user)
    current = client.get(reverse("api_terms"), headers=auth(token))
    assert current.status_code == 200
    assert current.json()["version"] == terms.version
    assert current.json()["accepted_at"] is None
    arabic = client.get(reverse("api_terms"), HTTP_ACCEPT_LANGUAGE="ar", headers=auth(token))
    assert arabic.json()["title"] == terms.title_ar
    stale = client.post(
        reverse("api_terms_accept"), {"version": terms.version + 1}, headers=auth(token)
    )
    assert stale.status_code == 409
    accepted = client.post(
        reverse("api_terms_accept"), {"version": terms.version}, headers=auth(token)
    )
    assert accepted.status_code == 200
    assert accepted.json()["accepted_at"] is not None
    assert TermsAcceptance.objects.filter(user=user, version=terms).exists()
    assert client.get(reverse("api_me"), headers=auth(token)).status_code == 200


def test_it_changes_the_password_and_replaces_the_token(
    client: Client, terms: TermsVersion
) -> None:
    user = MemberUserFactory.create(must_change_password=True)
    TermsAcceptance.objects.create(user=user, version=terms)
    token = api_token(user)
    refused = client.post(
        reverse("api_password_change"),
        {
            "current_password": "wrong",
            "new_password": NEW,
            "new_password_confirmation": NEW,
        },
        headers=auth(token),
    )
    assert refused.status_code == 400
    assert "current_password" in refused.json()["field_errors"]
    response = client.post(
        reverse("api_password_change"),
        {
            "current_password": PASSWORD,
            "new_password": NEW,
            "new_password_confirmation": NEW,
        },
        headers=auth(token),
    )
    assert response.status_code == 200
    new_token = response.json()["token"]
    assert new_token != token
    assert client.get(reverse("api_me"), headers=auth(token)).status_code == 401
    assert client.get(reverse("api_me"), headers=auth(new_token)).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not user.must_change_password


def test_it_serves_the_documentation_from_its_own_static_files(client: Client, db: None) -> None:
    assert client.get(reverse("api_schema")).status_code == 200
    docs = client.get(reverse("api_docs"))
    assert docs.status_code == 200
    content = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in content
    assert "http://" not in content.replace("http://testserver", "")
    assert "https://" not in content
    redoc = client.get(reverse("api_redoc")).content.decode()
    assert "/static/drf_spectacular_sidecar/" in redoc
    assert "https://" not in redoc
