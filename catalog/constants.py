"""Choices of the catalogue: the steps a service shows, file types, rule purposes, beneficiaries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """The request wizard's steps, in the order the wizard shows them (DOMAIN.md section 3)."""

    PERSONAL_DATA = "personal_data", _("Confirmer les données personnelles")
    RIB = "rib", _("Confirmer le RIB")
    BENEFICIARY = "beneficiary", _("Choisir la personne concernée")
    MOTIVE = "motive", _("Choisir le motif")
    UPLOADS = "uploads", _("Charger les documents")
    REVIEW = "review", _("Récapitulatif")


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


class RulePurpose(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Éligibilité")
    BENEFICIARY = "beneficiary", _("Filtre des bénéficiaires")
    AMOUNT = "amount", _("Montant")


class BeneficiaryType(models.TextChoices):
    MEMBER = "member", _("Adhérent")
    SPOUSE = "spouse", _("Conjoint")
    CHILD = "child", _("Enfant")


DEFAULT_STEPS = [Step.PERSONAL_DATA, Step.BENEFICIARY, Step.UPLOADS, Step.REVIEW]
MAX_DOCUMENT_SIZE_MB = 20
DEFAULT_CURRENCY = "MAD"
