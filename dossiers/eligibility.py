"""The catalogue's rules applied to a dossier: previews for the pages, every check at submission.

The rules engine (``catalog.rules``) knows no dossier and queries no history; this module builds
its context from a dossier and answers its ``History`` with ``selectors.DossierHistory``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.constants import BeneficiaryType, RulePurpose, Step
from catalog.models import Campaign, Rule, Service
from catalog.rules import (
    NEEDS_BENEFICIARY,
    NEEDS_HISTORY,
    Beneficiary,
    History,
    NoHistory,
    RuleContext,
    applicable_rules,
    candidate_beneficiaries,
    evaluate_eligibility,
)
from catalog.rules.base import EligibilityKind
from catalog.rules.eligibility import CampaignOpen
from dossiers.constants import AttachmentRole
from dossiers.models import Dossier, DossierAttachment
from dossiers.wizard import RequestShape, confirmed_steps
from registry.models import Member
from registry.validators import rib_is_valid

PREVIEW_NEEDS = frozenset({NEEDS_BENEFICIARY, NEEDS_HISTORY})


def beneficiary_of(dossier: Dossier) -> Beneficiary:
    if dossier.beneficiary_type == BeneficiaryType.SPOUSE and dossier.spouse is not None:
        return Beneficiary.of_spouse(dossier.spouse)
    if dossier.beneficiary_type == BeneficiaryType.CHILD and dossier.child is not None:
        return Beneficiary.of_child(dossier.child)
    return Beneficiary.of_member(dossier.member)


def dossier_context(
    dossier: Dossier, *, service: Service, member: Member, history: History, at: dt.datetime
) -> RuleContext:
    return RuleContext(
        service=service,
        member=member,
        beneficiary=beneficiary_of(dossier),
        at=at,
        history=history,
        campaign=dossier.campaign,
        motive=dossier.motive,
        base_amount=dossier.declared_amount,
        invoice_date=dossier.invoice_date,
    )


def _dedupe(messages: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def member_level_refusals(
    rules: Iterable[Rule], *, service: Service, member: Member, campaign: Campaign, at: dt.datetime
) -> list[str]:
    """Refusals of the eligibility rules that read only the member, the moment and the campaign
    (position, posting, window...): the same whoever the request is for."""
    context = RuleContext(
        service=service,
        member=member,
        beneficiary=Beneficiary.of_member(member),
        at=at,
        campaign=campaign,
        history=NoHistory(),
    )
    messages = []
    for _rule, kind in applicable_rules(rules, context, {RulePurpose.ELIGIBILITY}):
        if isinstance(kind, EligibilityKind) and not kind.needs:
            result = kind.check(context)
            if not result.ok:
                messages.append(result.message)
    return _dedupe(messages)


def campaign_refusals(
    rules: Iterable[Rule],
    *,
    service: Service,
    member: Member,
    campaign: Campaign,
    history: History,
    at: dt.datetime,
) -> list[str]:
    """Why the member cannot ask in this campaign at all, before any request data: member-level
    rules, then whether anyone in the family passes the beneficiary rules and the quotas.

    Reads the member's spouses and children (prefetch them) and no history of its own.
    """
    rule_list = list(rules)
    refusals = member_level_refusals(
        rule_list, service=service, member=member, campaign=campaign, at=at
    )
    if refusals:
        return refusals
    messages: list[str] = []
    for beneficiary in candidate_beneficiaries(member):
        context = RuleContext(
            service=service,
            member=member,
            beneficiary=beneficiary,
            at=at,
            campaign=campaign,
            history=history,
        )
        purposes: set[str] = {RulePurpose.ELIGIBILITY, RulePurpose.BENEFICIARY}
        failures = [
            result.message
            for _rule, kind in applicable_rules(rule_list, context, purposes)
            if isinstance(kind, EligibilityKind) and kind.needs and kind.needs <= PREVIEW_NEEDS
            for result in [kind.check(context)]
            if not result.ok
        ]
        if not failures:
            return []
        messages.extend(failures)
    return _dedupe(messages)


def _window(campaign: Campaign) -> dict[str, str]:
    return {
        "campaign": campaign.name,
        "start": timezone.localtime(campaign.opens_at).strftime("%d/%m/%Y"),
        "end": timezone.localtime(campaign.closes_at).strftime("%d/%m/%Y"),
    }


def request_refusals(
    dossier: Dossier,
    *,
    service: Service,
    member: Member,
    shape: RequestShape,
    attachments: list[DossierAttachment],
    history: History,
    at: dt.datetime,
) -> list[str]:
    """Every reason the dossier cannot be sent now, each with its message (empty: it can).

    The rules of the catalogue, then what the request itself must hold: an open campaign, a
    person of the member's family, a motive, an amount, the documents, a valid RIB.
    """
    campaign = dossier.campaign
    context = dossier_context(dossier, service=service, member=member, history=history, at=at)
    failures = evaluate_eligibility(service.rules.all(), context)
    messages = [result.message for result in failures]
    if not service.is_active or not campaign.is_active or campaign.service_id != service.pk:
        messages.append(_("Ce service ne reçoit plus de demandes."))
    elif not campaign.is_open(at) and all(r.code != CampaignOpen.code for r in failures):
        messages.append(
            _(
                "La campagne « %(campaign)s » n'est pas ouverte : elle reçoit les demandes du "
                "%(start)s au %(end)s."
            )
            % _window(campaign)
        )
    messages.extend(_beneficiary_problems(dossier, member))
    messages.extend(_request_data_problems(dossier, service=service, shape=shape, at=at))
    messages.extend(_missing_documents(service, attachments))
    messages.extend(_rib_problems(dossier, member=member, shape=shape, attachments=attachments))
    messages.extend(_unconfirmed_steps(dossier, shape))
    return _dedupe(messages)


def _beneficiary_problems(dossier: Dossier, member: Member) -> list[str]:
    person = dossier.spouse or dossier.child
    if person is not None and person.member_id != member.pk:
        return [_("La personne concernée n'appartient pas à votre famille.")]
    return []


def _request_data_problems(
    dossier: Dossier, *, service: Service, shape: RequestShape, at: dt.datetime
) -> list[str]:
    messages = []
    motive = dossier.motive
    if shape.asks_motive and motive is None:
        messages.append(_("Choisissez le motif de la demande."))
    if motive is not None and (motive.service_id != service.pk or not motive.is_active):
        messages.append(_("Ce motif n'est pas proposé pour ce service."))
    if shape.asks_amount and dossier.declared_amount is None:
        messages.append(_("Indiquez le montant de la dépense."))
    if dossier.invoice_date is not None and dossier.invoice_date > timezone.localdate(at):
        messages.append(_("La date de la facture ne peut pas être dans le futur."))
    return messages


def _missing_documents(service: Service, attachments: list[DossierAttachment]) -> list[str]:
    attached = {
        a.required_document_id
        for a in attachments
        if a.role == AttachmentRole.REQUIRED_DOCUMENT and a.required_document_id is not None
    }
    return [
        _("Document manquant : « %(name)s ».") % {"name": document.name}
        for document in service.documents.all()
        if document.is_required and document.pk not in attached
    ]


def rib_in_use(dossier: Dossier, member: Member) -> str:
    """The RIB the dossier pays to: a new one given in the wizard, else the registry's."""
    return dossier.rib or member.rib


def _rib_problems(
    dossier: Dossier, *, member: Member, shape: RequestShape, attachments: list[DossierAttachment]
) -> list[str]:
    if not shape.asks_rib:
        return []
    rib = rib_in_use(dossier, member)
    if not rib or not rib_is_valid(rib):
        return [
            _(
                "Votre RIB est absent ou invalide : indiquez votre RIB de 24 chiffres et "
                "déposez votre attestation de RIB ou un spécimen de chèque."
            )
        ]
    changed = rib != member.rib
    has_attestation = any(a.role == AttachmentRole.RIB_ATTESTATION for a in attachments)
    if changed and not has_attestation:
        return [_("Déposez l'attestation de RIB ou le spécimen de chèque de votre nouveau RIB.")]
    return []


def _unconfirmed_steps(dossier: Dossier, shape: RequestShape) -> list[str]:
    done = set(confirmed_steps(dossier.draft_data))
    return [
        _("Étape à confirmer : « %(step)s ».") % {"step": Step(step).label}
        for step in shape.confirmable_steps
        if step not in done
    ]
