"""The membership application, the photo of "Mes informations" and every change request with its
proofs (RIB, spouse, child, added or corrected) refuse every file of the shared corpus of bad
uploads (tests/uploads_corpus.py): the refusal names the file, nothing is kept (no application,
request or document, no file), and what was typed is still in the page. A good file goes through
each of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from documents.constants import LIBRARY_MAX_SIZE_MB
from documents.models import DocumentKind, MemberDocument
from membership.applications import APPLICATION_MAX_SIZE_MB
from membership.constants import ChangeKind
from membership.models import ChangeRequest, MembershipApplication
from membership.services import PHOTO_MAX_SIZE_MB, PHOTO_TYPES
from registry.models import Member, SchoolLevel, Sex
from tests.factories import ChildFactory, SpouseFactory
from tests.membership.helpers import GOOD_RIB, a_photo, application_form
from tests.uploads_corpus import BadUpload, Stored, each_bad_upload, good_pdf, shown

pytestmark = pytest.mark.django_db

# Membership application ----------------------------------------------------------------------

TYPED_APPLICATION = (
    'value="812345"',
    'value="ja 112233"',
    'value="p 778899"',
    'value="Tazi"',
    'value="Fatima"',
    'value="التازي"',
    'value="فاطمة"',
    'value="1958-03-04"',
    'value="fatima.tazi@example.org"',
    'value="06 11 22 33 44"',
    '<option value="retired" selected>',
    '<option value="F" selected>',
)


@each_bad_upload
def test_the_membership_application_names_both_refused_files(
    bad: BadUpload, client: Client, run_on_commit: Any
) -> None:
    before = Stored.now()
    data = application_form(
        cin_copy=bad.upload(APPLICATION_MAX_SIZE_MB),
        position_proof=bad.upload(APPLICATION_MAX_SIZE_MB),
    )
    response = run_on_commit(client.post, reverse("membership_apply"), data)
    assert response.status_code == 400
    html = response.content.decode()
    errors = response.context["form"].errors
    for field in ("cin_copy", "position_proof"):
        assert shown(html, bad.refused_in(errors[field], limit_mb=APPLICATION_MAX_SIZE_MB))
    for typed in TYPED_APPLICATION:
        assert typed in html, typed
    assert Stored.now() == before
    assert mail.outbox == []


def test_a_good_file_beside_a_refused_one_is_not_kept(client: Client, run_on_commit: Any) -> None:
    from tests.uploads_corpus import BAD_UPLOADS

    bad = BAD_UPLOADS[0]
    before = Stored.now()
    data = application_form(cin_copy=good_pdf("cin.pdf"), position_proof=bad.upload(10))
    response = run_on_commit(client.post, reverse("membership_apply"), data)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"position_proof"}
    assert Stored.now() == before


def test_the_membership_application_takes_good_pdfs(client: Client, run_on_commit: Any) -> None:
    data = application_form(cin_copy=good_pdf("cin.pdf"), position_proof=good_pdf("pension.pdf"))
    response = run_on_commit(client.post, reverse("membership_apply"), data)
    assert response.status_code == 302
    assert MembershipApplication.objects.get().files.count() == 2


# Photo -----------------------------------------------------------------------------------------


@each_bad_upload
def test_the_photo(bad: BadUpload, member_client: Client, me: Member) -> None:
    before = Stored.now()
    response = member_client.post(reverse("member_photo"), {"photo": bad.upload(PHOTO_MAX_SIZE_MB)})
    assert response.status_code == 400
    errors = response.context["photo_form"].errors["photo"]
    message = bad.refused_in(errors, PHOTO_TYPES, limit_mb=PHOTO_MAX_SIZE_MB)
    assert shown(response.content.decode(), message)
    assert Stored.now() == before
    me.refresh_from_db()
    assert me.photo is None


def test_the_photo_takes_a_good_jpeg_and_no_pdf(member_client: Client, me: Member) -> None:
    refused = member_client.post(reverse("member_photo"), {"photo": good_pdf()})
    assert refused.status_code == 400
    assert not MemberDocument.objects.exists()
    response = member_client.post(reverse("member_photo"), {"photo": a_photo()})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.photo is not None and me.photo.kind == DocumentKind.PHOTO


# Change requests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangePage:
    kind: str
    role: str  # the document given the bad file
    data: dict[str, Any]
    typed: tuple[str, ...]
    person: str = ""  # "spouse" or "child": corrected, so made first

    def url(self, me: Member) -> str:
        if self.person == "spouse":
            return reverse("member_spouse_update", args=[SpouseFactory.create(member=me).pk])
        if self.person == "child":
            return reverse("member_child_update", args=[ChildFactory.create(member=me).pk])
        names: dict[str, str] = {
            ChangeKind.RIB: "member_rib_change",
            ChangeKind.ADD_SPOUSE: "member_spouse_add",
            ChangeKind.ADD_CHILD: "member_child_add",
        }
        return reverse(names[self.kind])


SPOUSE = {
    "last_name": "Bennani",
    "first_name": "Salma",
    "last_name_ar": "بناني",
    "first_name_ar": "سلمى",
    "cin": "BK123456",
    "birth_date": "1984-02-01",
    "sex": Sex.FEMALE,
    "marriage_date": "2010-07-10",
}
CHILD = {
    "first_name": "Lina",
    "first_name_ar": "لينا",
    "birth_date": "2015-04-02",
    "sex": Sex.FEMALE,
    "school_level": SchoolLevel.PRIMARY,
}
SPOUSE_TYPED = ('value="Bennani"', 'value="Salma"', 'value="BK123456"', 'value="2010-07-10"')
CHILD_TYPED = ('value="Lina"', 'value="لينا"', 'value="2015-04-02"')
CHANGE_PAGES = {
    "RIB": ChangePage(
        ChangeKind.RIB, DocumentKind.RIB_ATTESTATION, {"rib": GOOD_RIB}, (f'value="{GOOD_RIB}"',)
    ),
    "spouse added": ChangePage(
        ChangeKind.ADD_SPOUSE, DocumentKind.MARRIAGE_CERTIFICATE, SPOUSE, SPOUSE_TYPED
    ),
    "spouse corrected": ChangePage(
        ChangeKind.UPDATE_SPOUSE,
        DocumentKind.MARRIAGE_CERTIFICATE,
        SPOUSE,
        SPOUSE_TYPED,
        person="spouse",
    ),
    # The birth certificate is good and kept first: the refused school certificate undoes it.
    "child added": ChangePage(
        ChangeKind.ADD_CHILD, DocumentKind.SCHOOL_CERTIFICATE, CHILD, CHILD_TYPED
    ),
    "child corrected": ChangePage(
        ChangeKind.UPDATE_CHILD,
        DocumentKind.SCHOOL_CERTIFICATE,
        CHILD,
        CHILD_TYPED,
        person="child",
    ),
}
each_change_page = pytest.mark.parametrize(
    "page", CHANGE_PAGES.values(), ids=list(CHANGE_PAGES.keys())
)


def proofs(page: ChangePage, bad_file: Any) -> dict[str, Any]:
    files = {page.role: bad_file}
    if page.role == DocumentKind.SCHOOL_CERTIFICATE:
        files[DocumentKind.BIRTH_CERTIFICATE] = good_pdf("acte.pdf", title="Acte")
    return files


@each_change_page
@each_bad_upload
def test_a_change_request(
    page: ChangePage, bad: BadUpload, member_client: Client, me: Member
) -> None:
    url = page.url(me)
    before = Stored.now()
    response = member_client.post(
        url, {**page.data, **proofs(page, bad.upload(LIBRARY_MAX_SIZE_MB))}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {page.role}
    message = bad.refused_in(errors[page.role], limit_mb=LIBRARY_MAX_SIZE_MB)
    html = response.content.decode()
    assert shown(html, message)
    for typed in page.typed:
        assert typed in html, typed
    assert Stored.now() == before


@each_change_page
def test_a_change_request_takes_good_pdfs(
    page: ChangePage, member_client: Client, me: Member
) -> None:
    response = member_client.post(page.url(me), {**page.data, **proofs(page, good_pdf())})
    assert response.status_code == 302, response.content.decode()[:2000]
    change = ChangeRequest.objects.get(member=me)
    assert change.kind == page.kind
    assert page.role in set(change.attachments.values_list("role", flat=True))
