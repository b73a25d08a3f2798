"""The gates every signed-in person passes, in order, before reaching anything else.

1. second factor: staff always, members who turned it on;
2. terms of use: members, until they accept the current version;
3. password change: anyone whose account says it must change its password.

The web middleware redirects to the page that opens the gate; the API answers 403 with the
gate's code. Both ask ``first_closed_gate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.roles import STAFF_GROUPS


class Gate(Enum):
    OTP = "otp"
    TERMS = "terms"
    PASSWORD = "password"  # noqa: S105 - the name of a gate, not a secret


def is_otp_verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


@dataclass(frozen=True)
class GateFacts:
    """What the gates read of an account, asked of the database in one query."""

    in_staff_group: bool
    has_confirmed_device: bool
    terms_published: bool
    accepted_current_terms: bool


# Is in a staff group; has a confirmed TOTP device; the current terms version (the published
# one with the highest number); has accepted it. ``{user}`` is the user's id: a parameter (in
# GATE_SQL), or a column of the query that reads the user (the API's token check). The other
# values are parameters, in this order: the three staff groups, then the moment, twice.
GATE_COLUMNS = """
  EXISTS (SELECT 1 FROM accounts_user_groups ug JOIN auth_group g ON g.id = ug.group_id
          WHERE ug.user_id = {user} AND g.name IN (%s, %s, %s)) AS gate_staff_group,
  EXISTS (SELECT 1 FROM otp_totp_totpdevice d
          WHERE d.user_id = {user} AND d.confirmed) AS gate_confirmed_device,
  (SELECT t.id FROM accounts_termsversion t
   WHERE t.published_at IS NOT NULL AND t.published_at <= %s
   ORDER BY t.version DESC LIMIT 1) AS gate_current_terms,
  EXISTS (SELECT 1 FROM accounts_termsacceptance a WHERE a.user_id = {user} AND a.version_id = (
          SELECT t.id FROM accounts_termsversion t
          WHERE t.published_at IS NOT NULL AND t.published_at <= %s
          ORDER BY t.version DESC LIMIT 1)) AS gate_accepted_terms
"""
GATE_SQL = "SELECT " + GATE_COLUMNS.replace("{user}", "%s")
if len(STAFF_GROUPS) != 3:  # pragma: no cover - GATE_COLUMNS names three groups
    raise ImportError("GATE_COLUMNS expects three staff groups")


def gate_columns(user_column: str) -> str:
    """The gates' four columns for a query that reads the user as ``user_column`` (its id);
    their parameters: ``gate_column_params``."""
    if not user_column.replace("_", "").replace(".", "").isalnum():  # a column, never data
        raise ValueError(user_column)
    return GATE_COLUMNS.replace("{user}", user_column)


def gate_column_params(now: Any) -> list[Any]:
    return [*STAFF_GROUPS, now, now]


def facts_of(row: Any) -> GateFacts:
    """The facts from an object carrying the four columns (a user read with them)."""
    return _facts(
        row.gate_staff_group,
        row.gate_confirmed_device,
        row.gate_current_terms,
        row.gate_accepted_terms,
    )


def _facts(staff_group: Any, confirmed_device: Any, current_terms: Any, accepted: Any) -> GateFacts:
    return GateFacts(
        in_staff_group=bool(staff_group),
        has_confirmed_device=bool(confirmed_device),
        terms_published=current_terms is not None,
        accepted_current_terms=bool(accepted),
    )


def gate_facts(user: User) -> GateFacts:
    """One query on every request, never a cache: a second factor just turned on, a new terms
    version or a staff role given must close the gate at once on every session and token.
    A user read by the API's token check (api/authentication.py) comes with the facts, read in
    that same statement (``gate_facts_read``); any other is asked here.

    Written in SQL: the same query built by the ORM (Exists and Subquery annotations) cost ten
    times more to compile than to run, on every page (docs/decisions/load-benchmark-method.md).
    """
    read = getattr(user, "gate_facts_read", None)
    if isinstance(read, GateFacts):
        return read
    now = timezone.now()
    params: list[Any] = [user.pk, *STAFF_GROUPS, user.pk, now, user.pk, now]
    with connection.cursor() as cursor:
        cursor.execute(GATE_SQL, params)
        return _facts(*cursor.fetchone())


def closed_gates(user: User, *, otp_verified: bool) -> list[Gate]:
    """The gates still closed for this user, in the order they must be opened."""
    facts = gate_facts(user)
    is_staff = bool(user.is_staff or user.is_superuser or facts.in_staff_group)
    user._fos_is_staff = is_staff  # type: ignore[attr-defined]  # accounts.roles.is_staff_user
    gates = []
    if not otp_verified and (is_staff or facts.has_confirmed_device):
        gates.append(Gate.OTP)
    if user.is_member and facts.terms_published and not facts.accepted_current_terms:
        gates.append(Gate.TERMS)
    if user.must_change_password:
        gates.append(Gate.PASSWORD)
    return gates


def first_closed_gate(user: User, *, otp_verified: bool) -> Gate | None:
    gates = closed_gates(user, otp_verified=otp_verified)
    return gates[0] if gates else None
