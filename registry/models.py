from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from registry.validators import (
    MIN_RECRUITMENT_AGE,
    add_years,
    age_on,
    validate_cin,
    validate_matricule,
    validate_pension_number,
    validate_rib,
)


class Sex(models.TextChoices):
    MALE = "M", _("Masculin")
    FEMALE = "F", _("Féminin")


class Position(models.TextChoices):
    ACTIVE = "active", _("Actif")
    RETIRED = "retired", _("Retraité")
    SECONDED = "seconded", _("Détaché")
    DISPOSAL = "disposal", _("Mis à disposition")


class MembershipStatus(models.TextChoices):
    """Whether the person belongs to the foundation today (DOMAIN.md 1 and 5).

    Active staff are members by law; retired and seconded / placed-at-disposal staff are members
    once their membership request is approved (membership.applications). registry.membership
    says who may use member services.
    """

    MEMBER = "member", _("Adhérent")
    NOT_MEMBER = "not_member", _("Non adhérent")
    ENDED = "ended", _("Adhésion terminée")


class PostingType(models.TextChoices):
    CENTRAL = "central", _("Services centraux")
    EXTERNAL = "external", _("Services extérieurs")


class SchoolLevel(models.TextChoices):
    NONE = "none", _("Non scolarisé")
    PRESCHOOL = "preschool", _("Préscolaire")
    PRIMARY = "primary", _("Primaire")
    MIDDLE = "middle", _("Collège")
    SECONDARY = "secondary", _("Lycée")
    HIGHER = "higher", _("Supérieur")


class BilingualName(models.Model):
    """A row named in French and Arabic, shown in the reader's language."""

    name_fr = models.CharField(_("intitulé (français)"), max_length=120)
    name_ar = models.CharField(_("intitulé (arabe)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ar if get_language() == "ar" and self.name_ar else self.name_fr


class Province(BilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    aliases = models.CharField(
        _("autres graphies"),
        max_length=200,
        blank=True,
        help_text=_("Séparées par des virgules ; servent à reconnaître la province à l'import."),
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name_fr"]


def _check_not_future(
    day: dt.date | None, field: str, errors: dict[str, list[StrOrPromise]]
) -> None:
    if day is not None and day > timezone.localdate():
        errors.setdefault(field, []).append(_("Cette date est dans le futur."))


class Member(models.Model):
    """A staff member or retiree of the ministry, as the HR, payroll and pension files know them."""

    matricule = models.CharField(
        _("matricule"), max_length=12, unique=True, validators=[validate_matricule]
    )
    cin = models.CharField(_("CIN"), max_length=10, unique=True, validators=[validate_cin])
    last_name = models.CharField(_("nom"), max_length=80)
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name_ar = models.CharField(_("nom (arabe)"), max_length=80, blank=True)
    first_name_ar = models.CharField(_("prénom (arabe)"), max_length=80, blank=True)
    birth_date = models.DateField(_("date de naissance"))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    position = models.CharField(_("position"), max_length=10, choices=Position.choices)
    pension_number = models.CharField(
        _("numéro de pension"), max_length=20, blank=True, validators=[validate_pension_number]
    )
    grade_scale = models.PositiveSmallIntegerField(_("échelle"), null=True, blank=True)
    step = models.PositiveSmallIntegerField(_("échelon"), null=True, blank=True)
    recruitment_date = models.DateField(_("date de recrutement"), null=True, blank=True)
    posting_type = models.CharField(
        _("type d'affectation"),
        max_length=10,
        choices=PostingType.choices,
        default=PostingType.CENTRAL,
    )
    posting_entity = models.CharField(_("entité d'affectation"), max_length=150, blank=True)
    posting_city = models.CharField(_("ville d'affectation"), max_length=80, blank=True)
    posting_province = models.ForeignKey(
        Province,
        verbose_name=_("province d'affectation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    professional_email = models.EmailField(_("email professionnel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    private_email = models.EmailField(_("email personnel"), blank=True)
    address = models.CharField(_("adresse postale"), max_length=300, blank=True)
    # The identity photo the member chose on "Mes informations" (a document of kind PHOTO).
    photo = models.ForeignKey(
        "documents.MemberDocument",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rib = models.CharField(_("RIB"), max_length=24, blank=True, validators=[validate_rib])
    # Every row is a member unless the registry says otherwise: active staff by law, the
    # others until the registry import carries the status (docs/decisions/membership-status.md).
    membership_status = models.CharField(
        _("adhésion"),
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.MEMBER,
    )
    membership_since = models.DateField(_("adhérent depuis"), null=True, blank=True)
    is_deceased = models.BooleanField(_("décédé"), default=False)
    death_date = models.DateField(_("date de décès"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("adhérent")
        verbose_name_plural = _("adhérents")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="member_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(position="retired") | ~Q(pension_number=""),
                name="member_retired_has_pension_number",
            ),
            models.CheckConstraint(
                condition=Q(is_deceased=True, death_date__isnull=False)
                | Q(is_deceased=False, death_date__isnull=True),
                name="member_death_date_iff_deceased",
            ),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="member_position_valid"
            ),
            models.CheckConstraint(
                condition=Q(membership_status__in=MembershipStatus.values),
                name="member_membership_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(position="active") | Q(membership_status="member"),
                name="member_active_is_member",
                violation_error_message=_("Un adhérent en activité est adhérent de droit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.matricule})"

    def document_usage_label(self) -> str:
        """How "Mes documents" names the use of the member's chosen photo."""
        return str(_("Photo de « Mes informations »"))

    @property
    def full_name(self) -> str:
        if get_language() == "ar" and self.last_name_ar:
            return f"{self.first_name_ar} {self.last_name_ar}".strip()
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        _check_not_future(self.birth_date, "birth_date", errors)
        _check_not_future(self.recruitment_date, "recruitment_date", errors)
        _check_not_future(self.death_date, "death_date", errors)
        if self.position == Position.RETIRED and not self.pension_number:
            errors.setdefault("pension_number", []).append(
                _("Le numéro de pension est obligatoire pour un retraité.")
            )
        if (
            self.birth_date
            and self.recruitment_date
            and self.recruitment_date < add_years(self.birth_date, MIN_RECRUITMENT_AGE)
        ):
            errors.setdefault("recruitment_date", []).append(
                _("La date de recrutement doit suivre le 16e anniversaire de l'adhérent.")
            )
        if self.is_deceased and self.death_date is None:
            errors.setdefault("death_date", []).append(
                _("Indiquez la date de décès d'un adhérent décédé.")
            )
        if not self.is_deceased and self.death_date is not None:
            errors.setdefault("is_deceased", []).append(
                _("Une date de décès est indiquée : cochez « décédé » ou effacez la date.")
            )
        if self.birth_date and self.death_date and self.death_date < self.birth_date:
            errors.setdefault("death_date", []).append(
                _("La date de décès précède la date de naissance.")
            )
        _check_not_future(self.membership_since, "membership_since", errors)
        if self.photo is not None and self.pk and self.photo.member_id != self.pk:
            errors.setdefault("photo", []).append(
                _("La photo doit être un document de l'adhérent lui-même.")
            )
        if errors:
            raise ValidationError(errors)


class Spouse(models.Model):
    """A member's spouse; a member may have several."""

    member = models.ForeignKey(
        Member, verbose_name=_("adhérent"), on_delete=models.CASCADE, related_name="spouses"
    )
    last_name = models.CharField(_("nom"), max_length=80)
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name_ar = models.CharField(_("nom (arabe)"), max_length=80, blank=True)
    first_name_ar = models.CharField(_("prénom (arabe)"), max_length=80, blank=True)
    cin = models.CharField(_("CIN"), max_length=10, blank=True, validators=[validate_cin])
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    marriage_date = models.DateField(_("date de mariage"), null=True, blank=True)
    # Moved by every save: the member pages' cache reads it (dossiers/pagecache.py).
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("conjoint")
        verbose_name_plural = _("conjoints")
        ordering = ["member", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if get_language() == "ar" and self.last_name_ar:
            return f"{self.first_name_ar} {self.last_name_ar}".strip()
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        _check_not_future(self.birth_date, "birth_date", errors)
        _check_not_future(self.marriage_date, "marriage_date", errors)
        if self.birth_date and self.marriage_date and self.marriage_date < self.birth_date:
            errors.setdefault("marriage_date", []).append(
                _("La date de mariage précède la date de naissance.")
            )
        if errors:
            raise ValidationError(errors)


class Child(models.Model):
    member = models.ForeignKey(
        Member, verbose_name=_("adhérent"), on_delete=models.CASCADE, related_name="children"
    )
    first_name = models.CharField(_("prénom"), max_length=80)
    first_name_ar = models.CharField(_("prénom (arabe)"), max_length=80, blank=True)
    birth_date = models.DateField(_("date de naissance"))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    school_level = models.CharField(
        _("niveau scolaire"), max_length=10, choices=SchoolLevel.choices, default=SchoolLevel.NONE
    )
    has_disability = models.BooleanField(_("en situation de handicap"), default=False)
    # Moved by every save: the member pages' cache reads it (dossiers/pagecache.py).
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("enfant")
        verbose_name_plural = _("enfants")
        ordering = ["member", "birth_date", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if get_language() == "ar" and self.first_name_ar:
            return self.first_name_ar
        return self.first_name

    def age(self, on: dt.date | None = None) -> int:
        return age_on(self.birth_date, on or timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, list[StrOrPromise]] = {}
        _check_not_future(self.birth_date, "birth_date", errors)
        try:
            member: Member | None = self.member  # the cached instance, saved or not
        except Member.DoesNotExist:
            member = None
        if (
            member
            and member.birth_date
            and self.birth_date
            and self.birth_date <= member.birth_date
        ):
            errors.setdefault("birth_date", []).append(
                _("Un enfant ne peut pas être né avant l'adhérent.")
            )
        if errors:
            raise ValidationError(errors)


# The registry import's jobs (registry/import_jobs.py).


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


class ImportJob(models.Model):
    """One registry file sent through the admin: who sent it, how far its import has gone, what
    it created, and the CSV report of the lines it refused (docs/decisions/
    registry-import-in-background.md)."""

    file = models.FileField(_("fichier"), upload_to="registry/imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"), default=0)
    dry_run = models.BooleanField(_("simulation"), default=False)
    # The language of whoever sent it: the rejection reasons and messages are written in it.
    language = models.CharField(_("langue"), max_length=10, default="fr")
    status = models.CharField(
        _("état"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("lignes à lire"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("lignes lues"), default=0)
    created = models.PositiveIntegerField(_("adhérents créés"), default=0)
    updated = models.PositiveIntegerField(_("adhérents mis à jour"), default=0)
    unchanged = models.PositiveIntegerField(_("adhérents inchangés"), default=0)
    rejected = models.PositiveIntegerField(_("lignes rejetées"), default=0)
    ignored_columns = models.JSONField(_("colonnes ignorées"), default=list, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    report = models.FileField(
        _("rapport des lignes rejetées"), upload_to="registry/import-reports/%Y/%m/", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("envoyé par"),
    )
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import du registre")
        verbose_name_plural = _("imports du registre")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_total__isnull=True) | Q(rows_done__lte=models.F("rows_total")),
                name="registry_importjob_done_within_total",
            )
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at) if self.created_at else None
        return f"{self.original_name} ({when:%Y-%m-%d %H:%M})" if when else self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)

    @property
    def percent_done(self) -> int:
        if self.status == ImportJobStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
