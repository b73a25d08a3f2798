"""The gates every signed-in person passes, in order, before reaching anything else.

1. second factor: staff always, members who turned it on;
2. terms of use: members, until they accept the current version;
3. password change: anyone whose account says it must change its password.

The web middleware redirects to the page that opens the gate; the API answers 403 with the
gate's code. Both ask ``first_closed_gate``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from accounts.models import User, has_accepted_current_terms
from accounts.services import needs_second_factor


class Gate(Enum):
    OTP = "otp"
    TERMS = "terms"
    PASSWORD = "password"  # noqa: S105 - the name of a gate, not a secret


def is_otp_verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def closed_gates(user: User, *, otp_verified: bool) -> list[Gate]:
    """The gates still closed for this user, in the order they must be opened."""
    gates = []
    if not otp_verified and needs_second_factor(user):
        gates.append(Gate.OTP)
    if user.is_member and not has_accepted_current_terms(user):
        gates.append(Gate.TERMS)
    if user.must_change_password:
        gates.append(Gate.PASSWORD)
    return gates


def first_closed_gate(user: User, *, otp_verified: bool) -> Gate | None:
    gates = closed_gates(user, otp_verified=otp_verified)
    return gates[0] if gates else None
