"""The request wizard's steps for a service, derived from its steps list and what its rules read.

The service lists its steps (catalog ``Service.steps``); the data can add what the list forgot:
a motive/amount step when the service has motives or a rule reads a declared amount or an
invoice date, the RIB when it pays money, the uploads when it asks for documents, and always
the review. No service is named here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from catalog.constants import Step
from catalog.models import Service
from catalog.rules import NEEDS_BASE_AMOUNT, NEEDS_INVOICE_DATE, required_inputs

CONFIRMED = "confirmed"


@dataclass(frozen=True)
class RequestShape:
    """What a service's request asks for: its steps, and which fields of the motive step."""

    steps: tuple[str, ...]
    asks_motive: bool
    asks_amount: bool
    asks_invoice_date: bool
    asks_rib: bool

    @property
    def confirmable_steps(self) -> tuple[str, ...]:
        """The steps the member must go through before "Terminer"."""
        return tuple(step for step in self.steps if step != Step.REVIEW)


def request_shape(service: Service) -> RequestShape:
    """Read from a service fetched by ``selectors.service_for_request`` (no query)."""
    needs = required_inputs(service.rules.all())
    asks_motive = any(motive.is_active for motive in service.motives.all())
    asks_amount = NEEDS_BASE_AMOUNT in needs
    asks_invoice_date = NEEDS_INVOICE_DATE in needs
    shown = set(service.steps) | {Step.PERSONAL_DATA, Step.REVIEW}
    if asks_motive or asks_amount or asks_invoice_date:
        shown.add(Step.MOTIVE)
    else:
        shown.discard(Step.MOTIVE)
    if any(True for _document in service.documents.all()):
        shown.add(Step.UPLOADS)
    else:
        shown.discard(Step.UPLOADS)
    if service.pays_money:
        shown.add(Step.RIB)
    return RequestShape(
        steps=tuple(step for step in Step.values if step in shown),
        asks_motive=asks_motive,
        asks_amount=asks_amount,
        asks_invoice_date=asks_invoice_date,
        asks_rib=Step.RIB in shown,
    )


def step_title(step: str, shape: RequestShape) -> StrOrPromise:
    if step == Step.MOTIVE and not shape.asks_motive:
        return _("Montant et date de la facture")
    if step == Step.MOTIVE and (shape.asks_amount or shape.asks_invoice_date):
        return _("Motif et montant")
    return Step(step).label


def confirmed_steps(draft_data: dict[str, object]) -> list[str]:
    value = draft_data.get(CONFIRMED, [])
    return [str(step) for step in value] if isinstance(value, list) else []


def first_open_step(shape: RequestShape, draft_data: dict[str, object]) -> str:
    """The first step not yet confirmed (the review when every step is)."""
    done = set(confirmed_steps(draft_data))
    for step in shape.confirmable_steps:
        if step not in done:
            return step
    return str(Step.REVIEW)


def neighbours(shape: RequestShape, step: str) -> tuple[str | None, str | None]:
    index = shape.steps.index(step)
    previous = shape.steps[index - 1] if index > 0 else None
    following = shape.steps[index + 1] if index + 1 < len(shape.steps) else None
    return previous, following
