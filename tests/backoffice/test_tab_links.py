"""The links a back-office page draws from its own query string (status tabs, next pages) are
followed as a browser would, and filter: Django's ``querystring`` tag writes the ``?`` itself,
so a ``?`` before it made ``??status=...``, a parameter named ``?status`` that nothing reads."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from accounts.models import User
from backoffice import selectors
from backoffice.audit import record
from catalog.models import Service
from dossiers.constants import DossierStatus
from dossiers.models import Dossier
from payments.constants import BatchStatus
from tests.backoffice.helpers import days_ago, sent_dossier
from tests.payments.factories import approved_dossier, batch_of, exported

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]*)"')


def links(page: str, needle: str) -> list[str]:
    """The page's hrefs that contain ``needle``, unescaped as a browser reads them."""
    return [html.unescape(h) for h in HREF.findall(page) if needle in html.unescape(h)]


def only_link(client: Client, url: str, needle: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    found = links(response.content.decode(), needle)
    assert len(found) == 1, found
    assert not found[0].startswith("??"), found[0]
    return found[0]


def follow(client: Client, path: str, href: str) -> object:
    """The page a click on ``href`` (relative to ``path``) opens."""
    assert href.startswith("?"), href
    response = client.get(path + href)
    assert response.status_code == 200
    return response


def test_it_no_page_writes_a_double_question_mark(
    agent_client: Client, service: Service, dossier: Dossier
) -> None:
    for path in (
        f"/backoffice/dossiers/queue/{service.code}/",
        "/backoffice/payments/",
    ):
        assert "??" not in "".join(links(agent_client.get(path).content.decode(), "?")), path


def test_it_filters_the_queue_by_the_clicked_status_tab(
    agent_client: Client, ready_member: User, service: Service, dossier: Dossier
) -> None:
    rejected = sent_dossier(ready_member, service, status=DossierStatus.REJECTED)
    path = f"/backoffice/dossiers/queue/{service.code}/"
    href = only_link(agent_client, path, "status=rejected")
    response = follow(agent_client, path, href)
    assert [d.pk for d in response.context["page"].rows] == [rejected.pk]  # type: ignore[attr-defined]
    assert response.context["filters"].status == DossierStatus.REJECTED  # type: ignore[attr-defined]


def test_it_keeps_the_status_tab_on_the_queue_next_page(
    agent_client: Client,
    ready_member: User,
    service: Service,
    assigned: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 1)
    older, newer = (
        sent_dossier(ready_member, service, status=DossierStatus.REJECTED, submitted_at=days_ago(d))
        for d in (9, 3)
    )
    sent_dossier(ready_member, service)  # an open dossier, not on the rejected tab
    path = f"/backoffice/dossiers/queue/{service.code}/"
    first = follow(agent_client, path, "?status=rejected")
    assert [d.pk for d in first.context["page"].rows] == [older.pk]  # type: ignore[attr-defined]
    href = links(first.content.decode(), "after=")  # type: ignore[attr-defined]
    assert len(href) == 1
    second = follow(agent_client, path, href[0])
    assert [d.pk for d in second.context["page"].rows] == [newer.pk]  # type: ignore[attr-defined]
    back = links(second.content.decode(), "before=")  # type: ignore[attr-defined]
    assert [d.pk for d in follow(agent_client, path, back[0]).context["page"].rows] == [older.pk]  # type: ignore[attr-defined]


def test_it_follows_the_audit_journal_next_page(
    supervisor_client: Client,
    supervisor_user: User,
    dossier: Dossier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "AUDIT_PAGE_SIZE", 1)
    for n in range(2):
        record(actor=supervisor_user, action=f"test.step{n}", target=dossier, reason=f"step {n}")
    path = "/backoffice/audit/"
    first = supervisor_client.get(path)
    href = links(first.content.decode(), "after=")
    assert len(href) == 1
    second = follow(supervisor_client, path, href[0])
    assert second.context["page"].number == 2  # type: ignore[attr-defined]
    first_page = links(second.content.decode(), "?")  # type: ignore[attr-defined]
    assert "?" in first_page  # "Première page": the journal without a cursor


def test_it_filters_the_payment_batches_by_the_clicked_status(
    agent_client: Client, agent_user: User, service: Service, assigned: None
) -> None:
    draft = batch_of(agent_user, approved_dossier(service))
    sent = exported(batch_of(agent_user, approved_dossier(service)), agent_user)
    path = "/backoffice/payments/"
    href = only_link(agent_client, path, f"status={BatchStatus.EXPORTED}")
    page = follow(agent_client, path, href).context["page"]  # type: ignore[attr-defined]
    assert [b.pk for b in page.object_list] == [sent.pk]
    on_tab = agent_client.get(path + href).content.decode()
    assert "?" in links(on_tab, "?")  # "Tous": no status left
    page = follow(agent_client, path, "?").context["page"]  # type: ignore[attr-defined]
    assert {b.pk for b in page.object_list} == {draft.pk, sent.pk}
