"""Why a payment action was refused, with a message for the agent who asked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """A dossier left out of a batch, and why (shown to the agent)."""

    dossier_id: int
    number: str
    reason: str

    def __str__(self) -> str:
        return f"{self.number} : {self.reason}"


class PaymentError(Exception):
    """An action the batch's state, its lines or the person's role does not allow."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BatchMismatch(PaymentError):
    """The batch's recorded total or count differs from its lines: nothing is exported."""


class NothingToPay(PaymentError):
    """No dossier of the selection can be paid; ``refusals`` says why for each."""

    def __init__(self, message: str, refusals: Iterable[Refusal] = ()) -> None:
        super().__init__(message)
        self.refusals = list(refusals)
