"""Administrators read and filter the account events; nobody edits them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.constants import EventKind
from accounts.models import AccountEvent
from accounts.requests import RequestInfo
from accounts.services import record_event

pytestmark = pytest.mark.django_db


def test_it_lists_and_filters_the_events(admin_client: Client) -> None:
    info = RequestInfo(ip_address="10.0.0.5")
    record_event(kind=EventKind.LOGIN_FAILED, info=info, matricule="424242")
    record_event(kind=EventKind.LOCKED_OUT, info=info, matricule="515151")
    url = reverse("admin:accounts_accountevent_changelist")
    content = admin_client.get(url, {"kind__exact": EventKind.LOCKED_OUT}).content.decode()
    assert "515151" in content
    assert "424242" not in content
    searched = admin_client.get(url, {"q": "424242"}).content.decode()
    assert "424242" in searched and "515151" not in searched


def test_it_allows_no_change(admin_client: Client) -> None:
    event = record_event(kind=EventKind.LOGIN_FAILED, info=RequestInfo(), matricule="1")
    assert admin_client.get(reverse("admin:accounts_accountevent_add")).status_code == 403
    change = reverse("admin:accounts_accountevent_change", args=[event.pk])
    assert admin_client.post(change, {"matricule": "2"}).status_code == 403
    delete = reverse("admin:accounts_accountevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AccountEvent.objects.get(pk=event.pk).matricule == "1"


def test_it_lets_administrators_write_terms_in_both_languages(admin_client: Client) -> None:
    content = admin_client.get(reverse("admin:accounts_termsversion_add")).content.decode()
    assert "body_fr" in content and "body_ar" in content
