"""Adding or correcting a spouse or a child: checked with the registry's own rules, with the
supporting document each change needs, and applied to the registry only on approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from membership.constants import ChangeKind, ChangeStatus, DataSource
from membership.models import ChangeRequest, MemberDataChange
from registry.models import Child, Member, SchoolLevel, Sex, Spouse
from tests.factories import ChildFactory, SpouseFactory
from tests.membership.helpers import a_pdf

pytestmark = pytest.mark.django_db


def child_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "first_name": "Lina",
        "first_name_ar": "لينا",
        "birth_date": "2015-04-02",
        "sex": Sex.FEMALE,
        "school_level": SchoolLevel.NONE,
        "birth_certificate": a_pdf("acte.pdf"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def approve(agent_client: Client, change: ChangeRequest, run_on_commit: Any) -> Any:
    return run_on_commit(
        agent_client.post, reverse("backoffice_change", args=[change.pk]), {"action": "approve"}
    )


def test_a_child_added_with_its_birth_certificate_exists_once_approved(
    member_client: Client, agent_client: Client, me: Member, run_on_commit: Any
) -> None:
    response = member_client.post(reverse("member_child_add"), child_form())
    assert response.status_code == 302
    change = ChangeRequest.objects.get(member=me)
    assert change.kind == ChangeKind.ADD_CHILD
    assert not Child.objects.filter(member=me).exists()
    approve(agent_client, change, run_on_commit)
    child = Child.objects.get(member=me)
    assert (child.first_name, child.birth_date) == ("Lina", dt.date(2015, 4, 2))
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert change.child == child
    history = MemberDataChange.objects.get(source=DataSource.CHANGE_REQUEST)
    assert history.subject == f"child:{child.pk}"
    assert history.changes["first_name"] == [None, "Lina"]


def test_a_child_born_before_the_member_is_refused(member_client: Client, me: Member) -> None:
    response = member_client.post(reverse("member_child_add"), child_form(birth_date="1979-01-01"))
    assert response.status_code == 400
    assert "Un enfant ne peut pas être né avant l&#x27;adhérent." in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_a_child_needs_a_birth_certificate(member_client: Client) -> None:
    response = member_client.post(reverse("member_child_add"), child_form(birth_certificate=None))
    assert "Joignez ce document : Extrait d&#x27;acte de naissance." in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_a_schooled_or_disabled_child_needs_the_certificate_and_the_card(
    member_client: Client,
) -> None:
    response = member_client.post(
        reverse("member_child_add"),
        child_form(school_level=SchoolLevel.PRIMARY, has_disability="on"),
    )
    html = response.content.decode()
    assert "Joignez ce document : Certificat de scolarité." in html
    assert "Joignez ce document : Carte de handicap." in html
    response = member_client.post(
        reverse("member_child_add"),
        child_form(
            school_level=SchoolLevel.PRIMARY,
            has_disability="on",
            school_certificate=a_pdf("scolarite.pdf", "scolarite"),
            disability_card=a_pdf("carte.pdf", "carte"),
        ),
    )
    assert response.status_code == 302
    roles = set(ChangeRequest.objects.get().attachments.values_list("role", flat=True))
    assert roles == {"birth_certificate", "school_certificate", "disability_card"}


def test_a_school_level_change_needs_a_school_certificate_only(
    member_client: Client, agent_client: Client, me: Member, run_on_commit: Any
) -> None:
    child = ChildFactory.create(member=me, school_level=SchoolLevel.PRIMARY)
    url = reverse("member_child_update", args=[child.pk])
    form = {
        "first_name": child.first_name,
        "first_name_ar": child.first_name_ar,
        "birth_date": child.birth_date.isoformat(),
        "sex": child.sex,
        "school_level": SchoolLevel.MIDDLE,
    }
    response = member_client.post(url, form)
    html = response.content.decode()
    assert "Joignez ce document : Certificat de scolarité." in html
    assert "Extrait d&#x27;acte de naissance." not in html.split("errorlist")[-1]
    response = member_client.post(url, {**form, "school_certificate": a_pdf()})
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert (change.kind, change.child) == (ChangeKind.UPDATE_CHILD, child)
    approve(agent_client, change, run_on_commit)
    child.refresh_from_db()
    assert child.school_level == SchoolLevel.MIDDLE
    change.refresh_from_db()
    assert change.before["school_level"] == SchoolLevel.PRIMARY
    assert change.after["school_level"] == SchoolLevel.MIDDLE


def test_a_correction_that_changes_nothing_is_refused(member_client: Client, me: Member) -> None:
    child = ChildFactory.create(member=me)
    response = member_client.post(
        reverse("member_child_update", args=[child.pk]),
        {
            "first_name": child.first_name,
            "first_name_ar": child.first_name_ar,
            "birth_date": child.birth_date.isoformat(),
            "sex": child.sex,
            "school_level": child.school_level,
        },
    )
    assert "Rien n&#x27;a été modifié" in response.content.decode()


def test_a_spouse_added_with_the_marriage_certificate_exists_once_approved(
    member_client: Client, agent_client: Client, me: Member, run_on_commit: Any
) -> None:
    response = member_client.post(
        reverse("member_spouse_add"),
        {
            "last_name": "Bennani",
            "first_name": "Salma",
            "last_name_ar": "بناني",
            "first_name_ar": "سلمى",
            "cin": "bk 123456",
            "birth_date": "1984-02-01",
            "sex": Sex.FEMALE,
            "marriage_date": "2010-07-10",
            "marriage_certificate": a_pdf("mariage.pdf"),
        },
    )
    assert response.status_code == 302
    approve(agent_client, ChangeRequest.objects.get(), run_on_commit)
    spouse = Spouse.objects.get(member=me)
    assert (spouse.cin, spouse.marriage_date) == ("BK123456", dt.date(2010, 7, 10))


def test_a_marriage_before_the_spouses_birth_is_refused(member_client: Client) -> None:
    response = member_client.post(
        reverse("member_spouse_add"),
        {
            "last_name": "Bennani",
            "first_name": "Salma",
            "birth_date": "1984-02-01",
            "sex": Sex.FEMALE,
            "marriage_date": "1983-07-10",
            "marriage_certificate": a_pdf(),
        },
    )
    assert "La date de mariage précède la date de naissance." in response.content.decode()


def test_a_spouse_correction_is_applied_on_approval(
    member_client: Client, agent_client: Client, me: Member, run_on_commit: Any
) -> None:
    spouse = SpouseFactory.create(member=me, cin="")
    response = member_client.post(
        reverse("member_spouse_update", args=[spouse.pk]),
        {
            "last_name": spouse.last_name,
            "first_name": "Salma",
            "last_name_ar": spouse.last_name_ar,
            "first_name_ar": spouse.first_name_ar,
            "cin": "BK654321",
            "birth_date": "1983-02-01",
            "sex": Sex.FEMALE,
            "marriage_certificate": a_pdf(),
        },
    )
    assert response.status_code == 302
    approve(agent_client, ChangeRequest.objects.get(), run_on_commit)
    spouse.refresh_from_db()
    assert spouse.cin == "BK654321"


def test_no_second_pending_request_for_the_same_child(member_client: Client, me: Member) -> None:
    child = ChildFactory.create(member=me)
    url = reverse("member_child_update", args=[child.pk])
    form = {
        "first_name": child.first_name,
        "first_name_ar": child.first_name_ar,
        "birth_date": child.birth_date.isoformat(),
        "sex": child.sex,
        "school_level": SchoolLevel.NONE,
        "has_disability": "on",
    }
    assert member_client.post(url, {**form, "disability_card": a_pdf()}).status_code == 302
    response = member_client.post(url, {**form, "disability_card": a_pdf()})
    assert response.status_code == 400
    assert "Une demande est déjà en attente pour cette personne" in response.content.decode()
    assert ChangeRequest.objects.count() == 1


def test_no_second_pending_addition_of_the_same_child(member_client: Client) -> None:
    assert member_client.post(reverse("member_child_add"), child_form()).status_code == 302
    response = member_client.post(reverse("member_child_add"), child_form(first_name=" lina "))
    assert "Une demande est déjà en attente pour cette personne" in response.content.decode()


def test_a_child_already_in_the_registry_is_not_added_twice(
    member_client: Client, me: Member
) -> None:
    ChildFactory.create(member=me, first_name="Lina", birth_date=dt.date(2015, 4, 2))
    response = member_client.post(reverse("member_child_add"), child_form())
    assert "Cet enfant figure déjà au registre." in response.content.decode()
