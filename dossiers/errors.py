"""Why a change to a dossier was refused, with a message for the person who asked."""

from __future__ import annotations

from collections.abc import Iterable


class DossierError(Exception):
    """A change that the dossier's state or owner does not allow; ``message`` is for people."""

    code = "dossier_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionError(DossierError):
    """The states table does not allow this change, or not for this person."""

    code = "transition_not_allowed"


class ConflictError(TransitionError):
    """Someone else changed the dossier since the caller read it (``expected_version``)."""

    code = "conflict"


class SubmissionRefused(DossierError):
    """The dossier cannot be sent: every reason, each with its message; the draft is kept."""

    code = "submission_refused"

    def __init__(self, messages: Iterable[str]) -> None:
        self.messages = list(dict.fromkeys(str(message) for message in messages))
        super().__init__(" ".join(self.messages))
