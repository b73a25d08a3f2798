"""An account activated by link changes its password before anything else."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.constants import EventKind
from accounts.models import AccountEvent, TermsAcceptance, TermsVersion, User
from tests.accounts.urls import API_ENDPOINTS, portal_urls
from tests.factories import PASSWORD, MemberUserFactory
from tests.helpers import api_token

pytestmark = pytest.mark.django_db
OPEN_DURING_PASSWORD_GATE = {
    "logout",
    "password_change",
    "healthz",
    "set_language",
    "lockout",
    "favicon",
}
NEW = "Nouveau-mot-de-passe-2024"


@pytest.fixture
def forced_member(terms: TermsVersion) -> User:
    user = MemberUserFactory.create(must_change_password=True)
    TermsAcceptance.objects.create(user=user, version=terms)
    return user


@pytest.mark.parametrize("url", portal_urls(except_names=OPEN_DURING_PASSWORD_GATE))
def test_it_sends_every_page_to_the_password_change(
    client: Client, forced_member: User, url: str
) -> None:
    client.force_login(forced_member)
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"] == reverse("password_change")


@pytest.mark.parametrize(("method", "name"), API_ENDPOINTS)
def test_it_closes_every_api_endpoint_but_the_password_change(
    client: Client, forced_member: User, method: str, name: str
) -> None:
    token = api_token(forced_member)
    response = getattr(client, method)(
        reverse(name), HTTP_AUTHORIZATION=f"Token {token}", content_type="application/json"
    )
    if name in {"api_password_change", "api_terms", "api_terms_accept"}:
        assert response.status_code != 403
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "password_change_required"


def change(client: Client, current: str = PASSWORD, new: str = NEW, confirm: str = NEW) -> Any:
    return client.post(
        reverse("password_change"),
        {"old_password": current, "new_password1": new, "new_password2": confirm},
    )


def test_it_opens_the_portal_once_the_password_is_changed(
    client: Client, forced_member: User, run_on_commit: Any
) -> None:
    client.force_login(forced_member)
    content = client.get(reverse("password_change")).content.decode()
    assert "Mot de passe actuel" in content
    assert "Confirmation du nouveau mot de passe" in content
    response = run_on_commit(change, client)
    assert response["Location"] == reverse("password_change_done")
    forced_member.refresh_from_db()
    assert forced_member.check_password(NEW)
    assert not forced_member.must_change_password
    assert client.get(reverse("home")).status_code == 200  # still logged in
    assert AccountEvent.objects.filter(kind=EventKind.PASSWORD_CHANGED).exists()
    assert "modifié" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong-password", NEW, NEW, "ancien mot de passe"),
        (PASSWORD, NEW, NEW + "x", "mots de passe"),
        (PASSWORD, "Court-12", "Court-12", "10"),
        (PASSWORD, "123456789012", "123456789012", "numérique"),
        (PASSWORD, PASSWORD, PASSWORD, "différent de l&#x27;actuel"),
    ],
)
def test_it_explains_a_refused_change(
    member_client: Client, current: str, new: str, confirm: str, message: str
) -> None:
    response = change(member_client, current, new, confirm)
    assert response.status_code == 200
    assert message in response.content.decode().lower() or message in response.content.decode()


def test_it_asks_nothing_of_a_member_who_needs_no_change(member_client: Client) -> None:
    assert member_client.get(reverse("home")).status_code == 200
