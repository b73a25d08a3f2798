"""Membership requests: retired and seconded / placed-at-disposal staff apply online.

The applicant has no account: the files stay on the application, in private storage under random
names, and are read only by staff. The applicant follows the request with its reference and a
code sent by email (only its hash is kept). Approval creates or updates the registry row and
sends the account link through ``accounts.services.request_account_link``, the same function as
"Créer un compte". (docs/decisions/membership-applications.md)
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from functools import cache
from typing import IO, Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import services as account_services
from accounts.models import User
from accounts.requests import RequestInfo
from accounts.roles import is_staff_user
from documents.constants import ALL_FILE_TYPES
from documents.validation import DEFAULT_NAME, validate_upload
from membership.constants import (
    APPLICATION_TRANSITIONS,
    Actor,
    ApplicationFileRole,
    ApplicationStatus,
    DataSource,
    may_transition,
)
from membership.models import (
    ApplicationEvent,
    ApplicationFile,
    MemberDataChange,
    MembershipApplication,
)
from membership.tasks import queue_application_decision, queue_application_received
from registry.membership import is_current_member
from registry.models import Member, MembershipStatus, Position

APPLICATION_MAX_SIZE_MB = 10
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread
CODE_LENGTH = 8
REFERENCE_LENGTH = 6

ALREADY_PENDING = _(
    "Une demande d'adhésion est déjà en cours d'examen pour ce matricule : suivez-la avec sa "
    "référence et le code reçu par courriel."
)
ALREADY_MEMBER = _(
    "Ce matricule est déjà celui d'un adhérent de la Fondation : il n'y a pas de demande "
    "d'adhésion à faire. Créez votre compte pour accéder à votre espace, ou connectez-vous si "
    "vous en avez déjà un."
)
ALREADY_DECIDED = _(
    "Cette demande a déjà été traitée (%(status)s) : votre décision n'a pas été enregistrée."
)
REASON_REQUIRED = _("Indiquez le motif du rejet : il est envoyé au demandeur.")
MATRICULE_OTHER_CIN = _(
    "Le registre connaît ce matricule avec un autre numéro de CIN : vérifiez la demande et la "
    "fiche avant d'accepter."
)
CIN_OTHER_MATRICULE = _(
    "Le registre connaît ce numéro de CIN sous un autre matricule : vérifiez la demande et la "
    "fiche avant d'accepter."
)
MISSING_FILE = _("Joignez ce document : %(document)s.")
REQUIRED_ROLES = (ApplicationFileRole.CIN_COPY, ApplicationFileRole.POSITION_PROOF)


class ApplicationAlreadyDecidedError(Exception):
    def __init__(self, application: MembershipApplication) -> None:
        super().__init__(application.pk)
        self.application = application

    @property
    def message(self) -> str:
        return str(ALREADY_DECIDED % {"status": self.application.get_status_display().lower()})


def _random(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _new_reference() -> str:
    year = timezone.localdate().year
    while True:
        reference = f"ADH-{year}-{_random(REFERENCE_LENGTH)}"
        if not MembershipApplication.objects.filter(reference=reference).exists():
            return reference


def registry_match(*, matricule: str, cin: str) -> Member | None:
    """The registry row with both this matricule and this CIN, if any."""
    return Member.objects.filter(matricule=matricule.strip(), cin=cin.strip().upper()).first()


def _event(
    application: MembershipApplication, *, actor: User | None, src: str, dst: str, reason: str = ""
) -> None:
    ApplicationEvent.objects.create(
        application=application, actor=actor, from_status=src, to_status=dst, reason=reason
    )


def submit_application(
    *,
    data: Mapping[str, Any],
    files: Mapping[str, IO[bytes]],
    language: str,
    info: RequestInfo,
) -> MembershipApplication:
    """Keep the application and its files, email the reference and the follow-up code.

    ``data`` holds the checked fields of the public form (forms.ApplicationForm); ``files`` the
    CIN copy and the proof of position by ApplicationFileRole. Raises ValidationError.
    """
    missing = [role for role in REQUIRED_ROLES if not files.get(role)]
    if missing:
        raise ValidationError(
            {
                role: [
                    ValidationError(
                        MISSING_FILE,
                        "document_missing",
                        params={"document": ApplicationFileRole(role).label},
                    )
                ]
                for role in missing
            }
        )
    checked = {}
    refused: dict[str, list[ValidationError]] = {}
    for role in REQUIRED_ROLES:  # every file checked, so that each refused one is named at once
        try:
            checked[role] = validate_upload(
                files[role], accepted_types=ALL_FILE_TYPES, max_size_mb=APPLICATION_MAX_SIZE_MB
            )
        except ValidationError as error:
            refused[role] = [error]
    if refused:
        raise ValidationError(refused)
    code = _random(CODE_LENGTH)
    stored: list[ApplicationFile] = []
    try:
        with transaction.atomic():
            application = _create_application(data=data, code=code, language=language, info=info)
            for role in REQUIRED_ROLES:
                result = checked[role]
                kept = ApplicationFile(
                    application=application,
                    role=role,
                    original_name=result.original_name,
                    content_type=result.content_type,
                    size=result.size,
                    sha256=result.sha256,
                )
                upload = files[role]
                content = upload if isinstance(upload, File) else File(upload)
                kept.file.save(f"{DEFAULT_NAME}{result.extension}", content, save=False)
                stored.append(kept)
                kept.save()
            _event(application, actor=None, src="", dst=ApplicationStatus.PENDING)
            queue_application_received(application, code=code)
    except BaseException:
        for kept in stored:
            if kept.file.name:
                kept.file.storage.delete(kept.file.name)
        raise
    return application


def _create_application(
    *, data: Mapping[str, Any], code: str, language: str, info: RequestInfo
) -> MembershipApplication:
    matricule, cin = data["matricule"], data["cin"]
    member = registry_match(matricule=matricule, cin=cin)
    # Only with the CIN as well: the form must not tell whoever types a matricule whether that
    # person is a member. A matricule known with another CIN goes on to the agent, who sees the
    # conflict (MATRICULE_OTHER_CIN).
    if member is not None and is_current_member(member):
        raise ValidationError({"matricule": [ValidationError(ALREADY_MEMBER, "already_member")]})
    if MembershipApplication.objects.filter(
        matricule=matricule, status=ApplicationStatus.PENDING
    ).exists():
        raise ValidationError(ALREADY_PENDING, code="already_pending")
    application = MembershipApplication(
        reference=_new_reference(),
        code_hash=make_password(code),
        matricule=matricule,
        cin=cin,
        position=data["position"],
        pension_number=data.get("pension_number", "")
        if data["position"] == Position.RETIRED
        else "",
        last_name=data["last_name"],
        first_name=data["first_name"],
        last_name_ar=data.get("last_name_ar", ""),
        first_name_ar=data.get("first_name_ar", ""),
        birth_date=data["birth_date"],
        sex=data["sex"],
        email=data["email"],
        phone=data["phone"],
        language=language,
        member=member,
        ip_address=info.ip_address,
    )
    application.full_clean(exclude=["code_hash", "member"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same matricule sent twice at once
        raise ValidationError(ALREADY_PENDING, code="already_pending") from None
    return application


@cache
def _dummy_hash() -> str:
    return make_password(_random(CODE_LENGTH))


def follow_application(*, reference: str, code: str) -> MembershipApplication | None:
    """The application when the reference and the code agree; None otherwise, in equal time."""
    application = MembershipApplication.objects.filter(reference=reference.strip().upper()).first()
    code = "".join(code.split()).upper()
    if application is None:
        check_password(code, _dummy_hash())  # the same work, so the time does not tell
        return None
    return application if check_password(code, application.code_hash) else None


# Decisions ---------------------------------------------------------------------------------


def _locked_pending(application_id: int) -> MembershipApplication:
    application = MembershipApplication.objects.select_for_update().get(pk=application_id)
    if application.status != ApplicationStatus.PENDING:
        raise ApplicationAlreadyDecidedError(application)
    return application


def _check_transition(src: str, dst: str) -> None:
    if not may_transition(APPLICATION_TRANSITIONS, src, dst, Actor.STAFF):
        raise ValueError(f"an application cannot go from {src} to {dst}")


def _registry_row(application: MembershipApplication) -> Member | None:
    """The row to update (locked), None to create one; ValidationError on a conflict."""
    row = (
        Member.objects.select_for_update()
        .filter(Q(matricule=application.matricule) | Q(cin=application.cin))
        .order_by("pk")
    )
    rows = list(row)
    by_matricule = next((m for m in rows if m.matricule == application.matricule), None)
    if by_matricule is not None and by_matricule.cin != application.cin:
        raise ValidationError(MATRICULE_OTHER_CIN, code="matricule_other_cin")
    if by_matricule is None and rows:
        raise ValidationError(CIN_OTHER_MATRICULE, code="cin_other_matricule")
    return by_matricule


MEMBERSHIP_FIELDS = ("membership_status", "membership_since", "position", "pension_number")


def _make_member(application: MembershipApplication) -> tuple[Member, dict[str, list[Any]]]:
    today = timezone.localdate()
    member = _registry_row(application)
    if member is None:
        member = Member(
            matricule=application.matricule,
            cin=application.cin,
            last_name=application.last_name,
            first_name=application.first_name,
            last_name_ar=application.last_name_ar,
            first_name_ar=application.first_name_ar,
            birth_date=application.birth_date,
            sex=application.sex,
            position=application.position,
            pension_number=application.pension_number,
            phone=application.phone,
            private_email=application.email,
            membership_status=MembershipStatus.MEMBER,
            membership_since=today,
        )
        member.full_clean()
        member.save()
        changes = {
            name: [None, _json(getattr(member, name))]
            for name in ("matricule", "cin", "last_name", "first_name", *MEMBERSHIP_FIELDS)
        }
        return member, changes
    already = member.membership_status == MembershipStatus.MEMBER and member.membership_since
    wanted: dict[str, Any] = {
        "membership_status": MembershipStatus.MEMBER,
        "membership_since": member.membership_since if already else today,
        # The proof of position the agent checked wins over an older registry file.
        "position": application.position,
        "pension_number": application.pension_number or member.pension_number,
    }
    if not member.phone:
        wanted["phone"] = application.phone
    if not member.private_email:
        wanted["private_email"] = application.email
    changes = {
        name: [_json(getattr(member, name)), _json(value)]
        for name, value in wanted.items()
        if getattr(member, name) != value
    }
    for name, value in wanted.items():
        setattr(member, name, value)
    untouched = [f.name for f in Member._meta.fields if f.name not in wanted]
    member.clean_fields(exclude=untouched)
    member.clean()
    member.save(update_fields=[*wanted, "updated_at"])
    return member, changes


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def approve_application(
    *, agent: User, application_id: int, site_url: str, info: RequestInfo
) -> MembershipApplication:
    """Make the applicant a member and send the account link (accounts' own function).

    Raises ApplicationAlreadyDecidedError when another agent decided first, ValidationError when
    the registry disagrees with the application (the agent checks and rejects, or fixes the row).
    """
    if not is_staff_user(agent):
        raise PermissionDenied
    application = _locked_pending(application_id)
    member, changes = _make_member(application)
    MemberDataChange.objects.create(
        member=member,
        actor=agent,
        source=DataSource.MEMBERSHIP,
        subject="member",
        changes=changes,
    )
    src = application.status
    _check_transition(src, ApplicationStatus.APPROVED)
    application.status = ApplicationStatus.APPROVED
    application.member = member
    application.decided_at = timezone.now()
    application.decided_by = agent
    application.save(update_fields=["status", "member", "decided_at", "decided_by"])
    _event(application, actor=agent, src=src, dst=ApplicationStatus.APPROVED)
    account_services.request_account_link(
        matricule=member.matricule,
        cin=member.cin,
        position=member.position,
        email=application.email,
        pension_number=member.pension_number,
        language=application.language,
        site_url=site_url,
        info=info,
    )
    _notify(application)
    return application


@transaction.atomic
def reject_application(*, agent: User, application_id: int, reason: str) -> MembershipApplication:
    if not is_staff_user(agent):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [ValidationError(REASON_REQUIRED, "reason_required")]})
    application = _locked_pending(application_id)
    src = application.status
    _check_transition(src, ApplicationStatus.REJECTED)
    application.status = ApplicationStatus.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = agent
    application.reason = reason
    application.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    _event(application, actor=agent, src=src, dst=ApplicationStatus.REJECTED, reason=reason)
    _notify(application)
    return application


def _notify(application: MembershipApplication) -> None:
    """Into the outbox with the decision's transaction: it leaves once the decision commits."""
    queue_application_decision(application)
