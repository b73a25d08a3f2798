"""Documents a member uploads once (CIN copy, RIB attestation, certificates, invoices, medical
files) and attaches to dossiers and change requests. They are private: stored outside any public
URL and served only through a view that checks who is asking."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    CIN_COPY = "cin_copy", _("Copie de la CIN")
    RIB_ATTESTATION = "rib_attestation", _("Attestation de RIB ou spécimen de chèque")
    BIRTH_CERTIFICATE = "birth_certificate", _("Extrait d'acte de naissance")
    MARRIAGE_CERTIFICATE = "marriage_certificate", _("Acte de mariage")
    SCHOOL_CERTIFICATE = "school_certificate", _("Certificat de scolarité")
    DISABILITY_CARD = "disability_card", _("Carte de handicap")
    PHOTO = "photo", _("Photo d'identité")
    INVOICE = "invoice", _("Facture")
    PAYMENT_PROOF = "payment_proof", _("Preuve de paiement")
    BOARDING_PASS = "boarding_pass", _("Carte d'embarquement")
    MEDICAL_FILE = "medical_file", _("Dossier médical")
    OTHER = "other", _("Autre document")


def document_path(instance: MemberDocument, filename: str) -> str:
    """A random name under the member's folder: the original name is kept in the row only."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"members/{instance.member_id}/{uuid.uuid4().hex}{suffix}"


class MemberDocument(models.Model):
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("adhérent"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(
        _("type de document"),
        max_length=30,
        choices=DocumentKind.choices,
        default=DocumentKind.OTHER,
    )
    title = models.CharField(_("intitulé"), max_length=150, blank=True)
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("nom d'origine"), max_length=255)
    content_type = models.CharField(_("type de contenu"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("nombre de pages"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["member", "sha256"], name="document_member_sha_idx")]

    def __str__(self) -> str:
        return self.title or self.original_name
