"""A payment batch's states and the changes allowed between them.

draft → exported → paid; a batch not yet paid may be cancelled, which frees its dossiers.
A paid or cancelled batch never changes again (docs/decisions/payment-batches.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    EXPORTED = "exported", _("Exporté")
    PAID = "paid", _("Payé")
    CANCELLED = "cancelled", _("Annulé")


B = BatchStatus
ALLOWED_BATCH_TRANSITIONS: dict[BatchStatus, frozenset[BatchStatus]] = {
    B.DRAFT: frozenset({B.EXPORTED, B.CANCELLED}),
    B.EXPORTED: frozenset({B.PAID, B.CANCELLED}),
    B.PAID: frozenset(),
    B.CANCELLED: frozenset(),
}
# A batch whose lines hold their dossiers: no other batch may take them.
HOLDING_STATUSES = frozenset({B.DRAFT, B.EXPORTED, B.PAID})
# Lines may be removed only while nothing has left the Foundation.
EDITABLE_STATUSES = frozenset({B.DRAFT})
# The files may be downloaded (again) in these states; the first download exports a draft.
DOWNLOADABLE_STATUSES = frozenset({B.DRAFT, B.EXPORTED, B.PAID})


class FileFormat(models.TextChoices):
    CSV = "csv", _("Tableau CSV")
    BANK = "bank", _("Fichier de virement (banque)")


def may_move(status: str, to: str) -> bool:
    return BatchStatus(to) in ALLOWED_BATCH_TRANSITIONS.get(BatchStatus(status), frozenset())
