"""The audit trail's page: supervisors read and filter it; agents get 403; nobody edits or
deletes an entry, from the pages, the admin or the model."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from backoffice.audit import record
from backoffice.models import AuditEntry
from backoffice.services import take_in_review
from dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def _labels(client: Client, **params: Any) -> list[str]:
    response = client.get("/backoffice/audit/", params)
    assert response.status_code == 200
    return [entry.action for entry in response.context["page"].rows]


def test_supervisors_read_the_trail_newest_first(
    supervisor_client: Client, agent_user: User, supervisor_user: User, dossier: Dossier
) -> None:
    take_in_review(dossier=dossier, user=agent_user, expected_version=dossier.version)
    record(actor=supervisor_user, action="card.revoke", target=supervisor_user, reason="perdue")
    assert _labels(supervisor_client) == ["card.revoke", "dossier.take_in_review"]
    page = supervisor_client.get("/backoffice/audit/").content.decode()
    assert str(dossier.number) in page
    assert f'href="/backoffice/dossiers/{dossier.pk}/"' in page


def test_it_filters_by_actor_action_dates_target_and_words(
    supervisor_client: Client, agent_user: User, supervisor_user: User, dossier: Dossier
) -> None:
    take_in_review(dossier=dossier, user=agent_user, expected_version=dossier.version)
    record(actor=supervisor_user, action="card.revoke", target=supervisor_user, reason="perdue")
    assert _labels(supervisor_client, actor=agent_user.pk) == ["dossier.take_in_review"]
    assert _labels(supervisor_client, action="card.") == ["card.revoke"]
    assert _labels(supervisor_client, target_type="dossiers.dossier", target=dossier.pk) == [
        "dossier.take_in_review"
    ]
    assert _labels(supervisor_client, target=dossier.number) == ["dossier.take_in_review"]
    assert _labels(supervisor_client, q="perdue") == ["card.revoke"]
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()
    assert _labels(supervisor_client, date_from=tomorrow) == []
    assert len(_labels(supervisor_client, date_from=today, date_to=today)) == 2


def test_it_pages_without_counting(
    supervisor_client: Client, supervisor_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backoffice.selectors.AUDIT_PAGE_SIZE", 2)
    for n in range(5):
        record(actor=supervisor_user, action=f"test.{n}", target=supervisor_user)
    first = supervisor_client.get("/backoffice/audit/")
    page = first.context["page"]
    assert [e.action for e in page.rows] == ["test.4", "test.3"]
    second = supervisor_client.get("/backoffice/audit/", {"after": page.next_cursor, "page": 2})
    assert [e.action for e in second.context["page"].rows] == ["test.2", "test.1"]


def test_agents_get_403(agent_client: Client) -> None:
    assert agent_client.get("/backoffice/audit/").status_code == 403


def test_the_page_is_read_only(supervisor_client: Client, supervisor_user: User) -> None:
    entry = record(actor=supervisor_user, action="x", target=supervisor_user)
    assert supervisor_client.post("/backoffice/audit/", {"action": "y"}).status_code == 405
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"


def test_the_admin_stays_read_only(admin_client: Client, supervisor_user: User) -> None:
    entry = record(actor=supervisor_user, action="x", target=supervisor_user)
    base = "/admin/backoffice/auditentry/"
    listing = admin_client.get(base)
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()
    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    admin_client.post(f"{base}{entry.pk}/change/", {"action": "edited", "reason": "edited"})
    admin_client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk]})
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"
    change_page = admin_client.get(f"{base}{entry.pk}/change/").content.decode()
    assert 'name="_save"' not in change_page


def test_the_model_refuses_to_change_or_delete_an_entry(supervisor_user: User) -> None:
    entry = record(actor=supervisor_user, action="x", target=supervisor_user)
    entry.action = "y"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"
