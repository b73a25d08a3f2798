"""The admin's upload page runs the same import and shows its summary and rejected lines."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from registry.models import Member
from tests.factories import UserFactory
from tests.registry.import_csv import csv_bytes, valid_row
from tests.registry.staff_login import login_staff

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:registry_member_import")
CHANGELIST_URL = reverse("admin:registry_member_changelist")


def upload(client: Client, data: bytes, **fields: str) -> str:
    response = client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("registre.csv", data, "text/csv"), **fields}
    )
    assert response.status_code == 200
    return response.content.decode()


def staff_with(*codenames: str) -> User:
    user = UserFactory.create(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_a_superuser_uploads_a_file_and_sees_the_summary_and_rejected_lines(
    client: Client,
) -> None:
    login_staff(client, UserFactory.create(is_staff=True, is_superuser=True))
    rows = [valid_row(1), valid_row(2), valid_row(3, cin="123")]

    page = upload(client, csv_bytes(rows, delimiter=";"))

    assert "Résultat de l'import" in page
    assert '<th scope="row">Adhérents créés</th><td>2</td>' in page
    assert '<th scope="row">Lignes rejetées</th><td>1</td>' in page
    row = "<tr><td>4</td><td><bdi>500003</bdi></td><td><bdi>CIN : Le numéro de CIN doit comporter"
    assert row in page
    assert Member.objects.count() == 2


def test_a_dry_run_upload_writes_nothing(client: Client) -> None:
    login_staff(client, UserFactory.create(is_staff=True, is_superuser=True))

    page = upload(client, csv_bytes([valid_row(1)]), dry_run="on")

    assert "Résultat de la simulation (rien n'a été enregistré)" in page
    assert '<th scope="row">Adhérents créés</th><td>1</td>' in page
    assert not Member.objects.exists()


def test_an_unusable_file_is_refused_on_the_form(client: Client) -> None:
    login_staff(client, UserFactory.create(is_staff=True, is_superuser=True))

    page = upload(client, b"matricule;nom\n1;Alaoui\n")

    assert "Colonnes obligatoires absentes de la ligne d&#x27;en-tête" in page
    assert "Résultat de l" not in page


def test_a_staff_user_with_both_permissions_may_import(client: Client) -> None:
    login_staff(client, staff_with("add_member", "change_member"))

    upload(client, csv_bytes([valid_row(1)]))

    assert Member.objects.filter(matricule="500001").exists()


@pytest.mark.parametrize("codenames", [(), ("view_member",), ("add_member",), ("change_member",)])
def test_a_staff_user_without_both_permissions_gets_403(
    client: Client, codenames: tuple[str, ...]
) -> None:
    login_staff(client, staff_with(*codenames))
    data = SimpleUploadedFile("registre.csv", csv_bytes([valid_row(1)]), "text/csv")

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": data}).status_code == 403
    assert not Member.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert f"login/?next={IMPORT_URL}" in response["Location"]


def test_the_changelist_shows_the_import_button_only_to_who_may_import(client: Client) -> None:
    login_staff(client, staff_with("view_member"))
    assert IMPORT_URL not in client.get(CHANGELIST_URL).content.decode()

    login_staff(client, staff_with("view_member", "add_member", "change_member"))
    page = client.get(CHANGELIST_URL).content.decode()
    assert f'<a href="{IMPORT_URL}">Importer un fichier</a>' in page


def test_a_long_list_of_rejected_lines_is_cut_with_a_pointer_to_the_command(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("registry.admin.MAX_REJECTIONS_SHOWN", 2)
    login_staff(client, UserFactory.create(is_staff=True, is_superuser=True))

    page = upload(client, csv_bytes([valid_row(n, sex="?") for n in range(1, 6)]))

    assert page.count("valeur « ? » inconnue") == 2
    assert "Les 2 premières lignes rejetées sur 5" in page
