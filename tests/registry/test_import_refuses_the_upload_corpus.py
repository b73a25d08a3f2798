"""The administrators' registry import takes a CSV, not a document: none of the shared corpus of
bad uploads (tests/uploads_corpus.py) is read as members. Each is refused on the form with a
message about the file, and nothing is written or kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from registry.models import Member
from tests.factories import UserFactory
from tests.registry.import_csv import csv_bytes, valid_row
from tests.registry.staff_login import login_staff
from tests.uploads_corpus import BadUpload, Stored, each_bad_upload

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:registry_member_import")


@pytest.fixture
def admin(client: Client) -> Client:
    login_staff(client, UserFactory.create(is_staff=True, is_superuser=True))
    return client


@each_bad_upload
def test_it_refuses_each_bad_upload_on_the_form(bad: BadUpload, admin: Client) -> None:
    members, before = Member.objects.count(), Stored.now()
    response = admin.post(IMPORT_URL, {"file": bad.upload(1)})
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert error.startswith(("Le fichier", "Colonnes obligatoires absentes")), error
    assert "Résultat de l" not in response.content.decode()
    assert Member.objects.count() == members
    assert Stored.now() == before


def test_it_still_takes_a_csv(admin: Client) -> None:
    data = csv_bytes([valid_row(1)])
    response = admin.post(IMPORT_URL, {"file": SimpleUploadedFile("registre.csv", data)})
    assert response.status_code == 200
    assert Member.objects.filter(matricule=valid_row(1)["matricule"]).exists()
