"""Where a document is used is discovered from the models that point at it, whoever they are.

No app refers to MemberDocument in this app's own tests, so the discovery is proven on models
that already have references: Member (documents, the account) and User (a hidden relation).
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from documents.models import MemberDocument
from documents.usage import is_in_use, usage_label, usage_relations, usages_by_document
from registry.models import Member
from tests.documents.factories import MemberDocumentFactory
from tests.factories import MemberFactory, MemberUserFactory


def test_it_finds_every_model_pointing_at_a_model(member: Member) -> None:
    relations = {(rel.related_model, rel.field.name) for rel in usage_relations(Member)}
    assert (MemberDocument, "member") in relations
    assert (User, "member") in relations


def test_it_finds_relations_hidden_by_a_plus_related_name(member_user: User) -> None:
    hidden = (MemberDocument, "uploaded_by")
    assert hidden not in {(r.related_model, r.field.name) for r in User._meta.related_objects}
    assert hidden in {(r.related_model, r.field.name) for r in usage_relations(User)}


def test_it_lists_each_referencing_row_by_its_text(member: Member, member_user: User) -> None:
    MemberDocumentFactory.create(member=member, title="Copie CIN", uploaded_by=member_user)
    lonely = MemberFactory.create()
    usages = usages_by_document([member, lonely], model=Member)
    assert "Copie CIN" in usages[member.pk]
    assert str(member_user) in usages[member.pk]
    assert usages.get(lonely.pk, []) == []
    assert "Copie CIN" in usages_by_document([member_user], model=User)[member_user.pk]


def test_it_says_whether_anything_refers_to_an_object(member: Member) -> None:
    lonely = MemberFactory.create()
    assert is_in_use(member)  # its user account
    assert not is_in_use(lonely)
    document = MemberDocumentFactory.create(member=member)
    assert not is_in_use(document)


def test_it_reads_usages_in_one_query_per_relation_whatever_the_number(db: None) -> None:
    def queries_for(members: list[Member]) -> int:
        with CaptureQueriesContext(connection) as context:
            usages_by_document(members, model=Member)
        return len(context)

    few = [MemberUserFactory.create().member for _ in range(1)]
    many = [MemberUserFactory.create().member for _ in range(15)]
    for owner in many:
        assert owner is not None
        MemberDocumentFactory.create_batch(2, member=owner)
    assert queries_for(few) == queries_for(many) == len(usage_relations(Member))  # type: ignore[arg-type]


def test_it_prefers_a_label_made_for_usage_lists() -> None:
    class Attachment:
        def __str__(self) -> str:
            return "attestation-rib.pdf"

        def document_usage_label(self) -> str:
            return "Dossier 13/Col_E/2026"

    class Plain:
        def __str__(self) -> str:
            return "Demande de modification du RIB"

    assert usage_label(Attachment()) == "Dossier 13/Col_E/2026"  # type: ignore[arg-type]
    assert usage_label(Plain()) == "Demande de modification du RIB"  # type: ignore[arg-type]
