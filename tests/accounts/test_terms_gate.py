"""Nothing is reachable until the member accepts the current terms of use."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.constants import EventKind
from accounts.models import AccountEvent, TermsAcceptance, TermsVersion, User
from tests.accounts.helpers import publish_newer_terms
from tests.accounts.urls import API_ENDPOINTS, portal_urls
from tests.factories import MemberUserFactory
from tests.helpers import api_token

pytestmark = pytest.mark.django_db
OPEN_DURING_TERMS_GATE = {"logout", "terms", "healthz", "set_language", "lockout", "favicon"}


@pytest.fixture
def new_member(terms: TermsVersion) -> User:
    return MemberUserFactory.create()


@pytest.mark.parametrize("url", portal_urls(except_names=OPEN_DURING_TERMS_GATE))
def test_it_sends_every_page_to_the_terms(client: Client, new_member: User, url: str) -> None:
    client.force_login(new_member)
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"] == reverse("terms")


def test_it_refuses_staff_pages_to_members_before_and_after_the_terms(
    client: Client, new_member: User
) -> None:
    client.force_login(new_member)
    assert client.get(reverse("admin:index")).status_code == 403


@pytest.mark.parametrize(("method", "name"), API_ENDPOINTS)
def test_it_closes_every_api_endpoint_but_the_terms(
    client: Client, new_member: User, method: str, name: str
) -> None:
    token = api_token(new_member)
    response = getattr(client, method)(
        reverse(name), HTTP_AUTHORIZATION=f"Token {token}", content_type="application/json"
    )
    if name in {"api_terms", "api_terms_accept"}:
        assert response.status_code != 403
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "terms_not_accepted"


def test_it_shows_the_terms_in_both_languages(
    client: Client, new_member: User, terms: TermsVersion
) -> None:
    client.force_login(new_member)
    assert escape(terms.title_fr) in client.get(reverse("terms")).content.decode()
    client.cookies["fos_language"] = "ar"
    content = client.get(reverse("terms")).content.decode()
    assert escape(terms.title_ar) in content
    assert 'dir="rtl"' in content


def test_it_records_the_acceptance_and_opens_the_portal(
    client: Client, new_member: User, terms: TermsVersion
) -> None:
    client.force_login(new_member)
    response = client.post(reverse("terms"), {"version": terms.pk}, REMOTE_ADDR="10.2.3.4")
    assert response.status_code == 302
    acceptance = TermsAcceptance.objects.get(user=new_member)
    assert acceptance.version == terms
    assert acceptance.ip_address == "10.2.3.4"
    assert acceptance.accepted_at is not None
    assert AccountEvent.objects.filter(kind=EventKind.TERMS_ACCEPTED, user=new_member).exists()
    assert client.get(reverse("home")).status_code == 200


def test_it_asks_again_after_a_new_version(
    client: Client, new_member: User, terms: TermsVersion
) -> None:
    TermsAcceptance.objects.create(user=new_member, version=terms)
    client.force_login(new_member)
    assert client.get(reverse("home")).status_code == 200
    newer = publish_newer_terms(terms)
    assert client.get(reverse("home"))["Location"] == reverse("terms")
    # accepting the old version does not open the gate
    client.post(reverse("terms"), {"version": terms.pk})
    assert client.get(reverse("home"))["Location"] == reverse("terms")
    client.post(reverse("terms"), {"version": newer.pk})
    assert client.get(reverse("home")).status_code == 200


def test_it_ignores_a_draft_version(client: Client, new_member: User, terms: TermsVersion) -> None:
    TermsAcceptance.objects.create(user=new_member, version=terms)
    TermsVersion.objects.create(
        version=terms.version + 1, title_fr="B", title_ar="ب", body_fr="x", body_ar="x"
    )
    client.force_login(new_member)
    assert client.get(reverse("home")).status_code == 200
