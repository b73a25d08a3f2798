"""A member with something behind every endpoint: a spouse and a child, documents, sent dossiers
(one with a request for documents), a pending change request and a letter."""

from __future__ import annotations

from accounts.models import TermsAcceptance, TermsVersion, User
from dossiers.constants import DossierStatus
from tests.correspondence.factories import LetterFactory
from tests.dossiers.factories import SentDossierFactory, member_document
from tests.factories import ChildFactory, MemberUserFactory, SpouseFactory
from tests.membership.factories import RibChangeFactory


def member_with_everything(terms: TermsVersion) -> User:
    user = MemberUserFactory.create()
    TermsAcceptance.objects.create(user=user, version=terms)
    member = user.member
    assert member is not None
    SpouseFactory.create(member=member)
    ChildFactory.create(member=member)
    member_document(member)
    SentDossierFactory.create(member=member)
    SentDossierFactory.create(member=member, status=DossierStatus.DOCUMENTS_REQUESTED)
    RibChangeFactory.create(member=member)
    LetterFactory.create(member=member)
    return user
