"""Contact data and photo apply at once, each change with a history row."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from documents.models import DocumentKind, MemberDocument
from membership.constants import DataSource
from membership.models import MemberDataChange
from registry.models import Member
from tests.membership.helpers import a_pdf, a_photo

pytestmark = pytest.mark.django_db


def test_it_shows_the_registry_data_read_only(member_client: Client, me: Member) -> None:
    html = member_client.get(reverse("member_info")).content.decode()
    assert me.matricule in html
    assert me.cin in html
    assert me.last_name_ar in html
    assert "17/05/1980" in html
    assert "Actif" in html
    assert 'name="matricule"' not in html


def test_it_applies_contact_data_at_once_with_history(member_client: Client, me: Member) -> None:
    response = member_client.post(
        reverse("member_contact"),
        {
            "phone": "06 61 22 33 44",
            "address": "12, rue Al Fida\nRabat",
            "private_email": "me@ex.ma",
        },
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.phone, me.address, me.private_email) == (
        "0661223344",
        "12, rue Al Fida Rabat",
        "me@ex.ma",
    )
    change = MemberDataChange.objects.get(member=me)
    assert change.source == DataSource.CONTACT
    assert change.changes["phone"] == ["0612345678", "0661223344"]
    assert change.changes["private_email"] == ["", "me@ex.ma"]
    assert change.actor is not None and change.actor.member_id == me.pk


def test_it_records_nothing_when_nothing_changed(member_client: Client, me: Member) -> None:
    member_client.post(
        reverse("member_contact"), {"phone": me.phone, "address": "", "private_email": ""}
    )
    assert not MemberDataChange.objects.exists()


def test_it_refuses_a_bad_phone_and_keeps_what_was_typed(member_client: Client, me: Member) -> None:
    response = member_client.post(
        reverse("member_contact"),
        {"phone": "12", "address": "Rue des Orangers", "private_email": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le numéro de téléphone doit compter de 8 à 15 chiffres" in html
    assert "Rue des Orangers" in html
    me.refresh_from_db()
    assert me.phone == "0612345678"
    assert not MemberDataChange.objects.exists()


def test_it_keeps_the_photo_as_a_document_and_shows_it(member_client: Client, me: Member) -> None:
    response = member_client.post(reverse("member_photo"), {"photo": a_photo()})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.photo is not None
    assert me.photo.kind == DocumentKind.PHOTO
    assert me.photo.content_type == "image/jpeg"
    html = member_client.get(reverse("member_info")).content.decode()
    assert reverse("document_file", args=[me.photo.pk]) in html
    assert member_client.get(reverse("document_file", args=[me.photo.pk])).status_code == 200
    change = MemberDataChange.objects.get(member=me)
    assert change.changes == {"photo": [None, me.photo.pk]}


def test_it_refuses_a_photo_that_is_not_an_image(member_client: Client, me: Member) -> None:
    response = member_client.post(reverse("member_photo"), {"photo": a_pdf("photo.pdf")})
    assert response.status_code == 400
    assert "doit être au format JPEG, PNG" in response.content.decode()
    me.refresh_from_db()
    assert me.photo is None
    assert not MemberDocument.objects.exists()


def test_the_chosen_photo_cannot_be_deleted_from_my_documents(
    member_client: Client, me: Member
) -> None:
    member_client.post(reverse("member_photo"), {"photo": a_photo()})
    me.refresh_from_db()
    assert me.photo is not None
    html = member_client.get(reverse("documents")).content.decode()
    assert "Photo de « Mes informations »" in html
    member_client.post(reverse("document_delete", args=[me.photo.pk]))
    assert MemberDocument.objects.filter(pk=me.photo.pk).exists()
