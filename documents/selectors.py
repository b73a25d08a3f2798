"""What "Mes documents" shows, read in a fixed number of queries whatever the member has."""

from __future__ import annotations

from dataclasses import dataclass, field

from documents.constants import FILE_TYPES
from documents.models import MemberDocument
from documents.usage import usages_by_document
from registry.models import Member


def type_label(content_type: str) -> str:
    for info in FILE_TYPES.values():
        if info.content_type == content_type:
            return info.label
    return content_type


@dataclass(frozen=True)
class DocumentRow:
    document: MemberDocument
    usages: list[str] = field(default_factory=list)

    @property
    def type_label(self) -> str:
        return type_label(self.document.content_type)

    @property
    def in_use(self) -> bool:
        return bool(self.usages)


def member_documents(member: Member) -> list[DocumentRow]:
    """The member's documents, newest first, each with where it is used."""
    documents = list(MemberDocument.objects.filter(member=member))
    usages = usages_by_document(documents)
    return [DocumentRow(document, usages.get(document.pk, [])) for document in documents]
