"""Where a document is used, found without knowing who uses it.

Any model with a foreign key (or a many-to-many) to MemberDocument, such as the dossiers' own
attachment model, makes the documents it points to "in use": they cannot be deleted, and
"Mes documents" lists the referencing rows by their ``document_usage_label()`` when the model
defines one (say, the dossier's number and service), else by their ``__str__``. The relations
are discovered from the model's meta, so this app imports none of the apps that use it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import F, Model
from django.db.models.fields.reverse_related import ForeignObjectRel

from documents.models import MemberDocument


def usage_relations(model: type[Model] = MemberDocument) -> list[ForeignObjectRel]:
    """Every relation pointing at ``model`` from another model, hidden ones included.

    ``_meta.related_objects`` leaves out a foreign key declared with ``related_name="+"``;
    such a reference still protects the document, so the hidden relations are read too.
    The relations of an automatic many-to-many table are covered by its many-to-many field.
    """
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if isinstance(field, ForeignObjectRel) and not field.related_model._meta.auto_created
    ]


def usage_label(row: Model) -> str:
    label = getattr(row, "document_usage_label", None)
    return str(label()) if callable(label) else str(row)


def _foreign_keys(model: type[Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model
    ]


def _labels_reach(model: type[Model]) -> list[str]:
    """The rows a ``__str__`` may read, two foreign keys away at most, so listing usages costs
    one query per relation however many rows there are (a dossier's number, its service)."""
    paths = []
    for name in _foreign_keys(model):
        paths.append(name)
        target = model._meta.get_field(name).related_model
        if isinstance(target, type) and issubclass(target, Model):
            paths += [f"{name}__{deeper}" for deeper in _foreign_keys(target)]
    return paths


def _referencing_rows(relation: ForeignObjectRel, pks: Sequence[int]) -> list[tuple[int, Model]]:
    related_model: type[Model] = relation.related_model
    field_name = relation.field.name
    rows = (
        related_model._base_manager.filter(**{f"{field_name}__in": pks})
        .select_related(*_labels_reach(related_model))
        .annotate(_fos_document_pk=F(field_name))
        .order_by("pk")
    )
    return [(row._fos_document_pk, row) for row in rows]


def usages_by_document(
    documents: Sequence[Model], *, model: type[Model] = MemberDocument
) -> dict[int, list[str]]:
    """For each document (by pk), the rows that reference it, as text: one query per relation.

    Generic in ``model`` so that the discovery can be proven on a model that already has
    references, before any app refers to documents.
    """
    pks = [document.pk for document in documents]
    usages: dict[int, list[str]] = defaultdict(list)
    if not pks:
        return usages
    for relation in usage_relations(model):
        for document_pk, row in _referencing_rows(relation, pks):
            label = usage_label(row)
            if label not in usages[document_pk]:
                usages[document_pk].append(label)
    return usages


def is_in_use(document: Model) -> bool:
    for relation in usage_relations(type(document)):
        related_model: type[Model] = relation.related_model
        if related_model._base_manager.filter(**{relation.field.name: document.pk}).exists():
            return True
    return False
