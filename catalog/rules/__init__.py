"""The rules engine: a registry of typed rule kinds, and the functions that evaluate them.

Importing this package registers every kind (``eligibility`` and ``amounts``).
"""

from catalog.rules import amounts, eligibility
from catalog.rules.base import (
    KINDS,
    NEEDS_BASE_AMOUNT,
    NEEDS_BENEFICIARY,
    NEEDS_HISTORY,
    NEEDS_INVOICE_DATE,
    NEEDS_MOTIVE,
    AmountKind,
    Beneficiary,
    EligibilityKind,
    History,
    NoHistory,
    RuleContext,
    RuleKind,
    RuleResult,
    build_kind,
    kind_choices,
    money,
    register,
)
from catalog.rules.engine import (
    applicable_rules,
    candidate_beneficiaries,
    compute_amount,
    eligible_beneficiaries,
    evaluate_eligibility,
    required_inputs,
)

__all__ = [
    "KINDS",
    "NEEDS_BASE_AMOUNT",
    "NEEDS_BENEFICIARY",
    "NEEDS_HISTORY",
    "NEEDS_INVOICE_DATE",
    "NEEDS_MOTIVE",
    "AmountKind",
    "Beneficiary",
    "EligibilityKind",
    "History",
    "NoHistory",
    "RuleContext",
    "RuleKind",
    "RuleResult",
    "amounts",
    "applicable_rules",
    "build_kind",
    "candidate_beneficiaries",
    "compute_amount",
    "eligibility",
    "eligible_beneficiaries",
    "evaluate_eligibility",
    "kind_choices",
    "money",
    "register",
    "required_inputs",
]
