"""Every member-facing address that names an object answers 404 to another member: the object's
existence is not even confirmed. New routes must be added to OWNED below (a test checks that the
list covers every route with an id), so none is forgotten."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from accounts.models import ApiToken
from registry.models import Member
from tests.correspondence.factories import LetterFactory
from tests.documents.factories import MemberDocumentFactory
from tests.dossiers.factories import SentDossierFactory
from tests.factories import ChildFactory, SpouseFactory
from tests.helpers import api_auth
from tests.membership.factories import RibChangeFactory
from tests.security.urls import all_routes

pytestmark = pytest.mark.django_db

Maker = Callable[[Member], Any]
OWNED: dict[str, Maker] = {
    "api_document": lambda m: MemberDocumentFactory.create(member=m),
    "api_document_file": lambda m: MemberDocumentFactory.create(member=m),
    "document_file": lambda m: MemberDocumentFactory.create(member=m),
    "document_delete": lambda m: MemberDocumentFactory.create(member=m),
    "api_dossier": lambda m: SentDossierFactory.create(member=m),
    "api_dossier_answer": lambda m: SentDossierFactory.create(member=m),
    "api_dossier_cancel": lambda m: SentDossierFactory.create(member=m),
    "dossier_detail": lambda m: SentDossierFactory.create(member=m),
    "dossier_answer": lambda m: SentDossierFactory.create(member=m),
    "dossier_cancel": lambda m: SentDossierFactory.create(member=m),
    "dossier_created": lambda m: SentDossierFactory.create(member=m),
    "dossier_discard": lambda m: SentDossierFactory.create(member=m),
    "dossier_originals": lambda m: SentDossierFactory.create(member=m),
    "dossier_resume": lambda m: SentDossierFactory.create(member=m),
    "dossier_step": lambda m: SentDossierFactory.create(member=m),
    "dossier_submit": lambda m: SentDossierFactory.create(member=m),
    "api_mail_letter": lambda m: LetterFactory.create(member=m),
    "api_mail_attachment": lambda m: LetterFactory.create(member=m),
    "api_mail_reply": lambda m: LetterFactory.create(member=m),
    "mail_detail": lambda m: LetterFactory.create(member=m),
    "mail_attachment": lambda m: LetterFactory.create(member=m),
    "mail_receipt": lambda m: LetterFactory.create(member=m),
    "mail_reply": lambda m: LetterFactory.create(member=m),
    "api_change_request": lambda m: RibChangeFactory.create(member=m),
    "api_change_request_withdraw": lambda m: RibChangeFactory.create(member=m),
    "member_change": lambda m: RibChangeFactory.create(member=m),
    "member_change_withdraw": lambda m: RibChangeFactory.create(member=m),
    "member_child_update": lambda m: ChildFactory.create(member=m),
    "member_spouse_update": lambda m: SpouseFactory.create(member=m),
    # A device is named by its public id, not a pk (accounts/models.py ApiToken.public_id).
    "device_revoke": lambda m: SimpleNamespace(
        pk=ApiToken.objects.create(m.user, device="x")[0].public_id
    ),
    "api_device_revoke": lambda m: SimpleNamespace(
        pk=ApiToken.objects.create(m.user, device="x")[0].public_id
    ),
}
# Routes with an argument that is not a member's object: public catalogue codes and campaigns,
# signed tokens checked by their own tests, a visitor's letter reached only with its code,
# a year of the signed-in member's own statement (tests/cards/test_member_isolation.py), and
# staff pages (the back office's own tests cover agents of another service).
NOT_OWNED = re.compile(
    r"^/(backoffice|verify|api/v1/verify|accounts/link|services|mail/follow|card/statement)/"
)
ROUTES = [r for r in all_routes() if r.converters and not NOT_OWNED.match(r.path)]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_member_route_with_an_id_is_listed() -> None:
    assert {route.name for route in ROUTES} == set(OWNED)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_another_member_gets_404(
    route: Any, member_client: Client, ready_member: Any, other_ready_member: Any
) -> None:
    target = OWNED[route.name](other_ready_member.member)
    placeholder = "/1/" if "/1/" in route.path else "/x/"
    path = route.path.replace(placeholder, f"/{target.pk}/", 1)
    client = Client(headers=api_auth(ready_member)) if path.startswith("/api/") else member_client
    statuses = {client.get(path).status_code, client.post(path).status_code}
    assert statuses <= {404, 405}, (path, statuses)
    assert 404 in statuses, (path, statuses)
