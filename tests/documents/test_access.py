"""document_for_user: owners read their documents, staff any, everyone else gets 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User
from documents.access import document_for_user
from registry.models import Member
from tests.documents.factories import MemberDocumentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_gives_a_member_their_own_document(member_user: User, member: Member) -> None:
    document = MemberDocumentFactory.create(member=member)
    assert document_for_user(member_user, document.pk) == document
    assert document_for_user(member_user, str(document.pk)) == document


def test_it_hides_another_members_document(member_user: User, other_member: Member) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    with pytest.raises(Http404):
        document_for_user(member_user, document.pk)


def test_it_gives_staff_any_members_document(agent: User, other_member: Member) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    assert document_for_user(agent, document.pk) == document


def test_it_hides_documents_from_a_user_who_is_neither_member_nor_staff(
    other_member: Member,
) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    with pytest.raises(Http404):
        document_for_user(UserFactory.create(), document.pk)


def test_it_hides_documents_from_anonymous_visitors(other_member: Member) -> None:
    document = MemberDocumentFactory.create(member=other_member)
    with pytest.raises(Http404):
        document_for_user(AnonymousUser(), document.pk)


@pytest.mark.parametrize("pk", ["abc", None, "", 10**12])
def test_it_answers_404_for_an_id_that_is_no_document(member_user: User, pk: object) -> None:
    with pytest.raises(Http404):
        document_for_user(member_user, pk)
