"""The bad uploads every upload entry point of the portal must refuse, and what each test of an
entry point checks with them (docs/decisions/uploads-checked-by-content.md).

``BAD_UPLOADS`` is the corpus: renamed programs, web pages and SVG with scripts, archives and zip
bombs, PDFs that run code, reach outside the file or carry files, encrypted and broken PDFs,
image bombs, damaged images, an empty file and a file over the entry point's size limit. Each one
is refused wherever PDF, JPEG and PNG are accepted; ``BadUpload.phrase`` is what its refusal says
there (``phrase_for`` the types an entry point accepts).

An entry point's test is parametrised over the whole corpus with ``@each_bad_upload`` and checks
that the refusal is shown with its message (a form error on the page, or a 400 from the API),
that nothing is stored (``Stored.now()``: no row of any upload model, no file under MEDIA_ROOT)
and that what the user typed is still in the page. ``good_pdf`` is the file each entry point must
accept, so that these tests can fail. Every file is built in memory (tests/documents/corpus.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.html import escape

from correspondence.models import Letter, LetterAttachment, LetterMessage
from documents.models import MemberDocument
from dossiers.models import DossierAttachment
from membership.models import (
    ApplicationFile,
    ChangeRequest,
    ChangeRequestDocument,
    MembershipApplication,
)
from tests.documents import corpus
from tests.documents.corpus import MB

ALL_TYPES = ("pdf", "jpeg", "png")
LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}

UNKNOWN = (
    "n'est pas un document PDF, JPEG ou PNG : son contenu n'a pas été reconnu, quel que soit "
    "son nom."
)
MARKUP = "est une page web ou une image SVG, qui peut contenir du code : il n'est pas accepté."
ACTIVE = (
    "contient du code (JavaScript), des actions automatiques ou des fichiers joints, qui ne sont "
    "pas acceptés pour votre sécurité."
)
ENCRYPTED = "est protégé par un mot de passe ou chiffré"
CORRUPT_PDF = "n'est pas un PDF lisible (fichier endommagé ou incomplet)."
TOO_BIG_IMAGE = "est trop grande : au plus 60 millions de pixels et 20000 pixels de côté."
CORRUPT_IMAGE = "est endommagée ou incomplète : elle ne peut pas être ouverte."


@dataclass(frozen=True)
class BadUpload:
    label: str
    name: str
    build: Callable[[], bytes]
    code: str  # documents.validation's refusal where PDF, JPEG and PNG are accepted
    phrase: str
    content_type: str = "application/pdf"  # what the browser declares, never trusted
    is_pdf: bool = False  # its first bytes prove a PDF: refused as such where PDF is not accepted
    oversized: bool = False  # one byte over the entry point's size limit

    def content(self, limit_mb: int) -> bytes:
        return corpus.padded_pdf(limit_mb * MB + 1) if self.oversized else self.build()

    def upload(self, limit_mb: int) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.content(limit_mb), self.content_type)

    def phrase_for(self, accepted: Sequence[str] = ALL_TYPES, *, limit_mb: int = 0) -> str:
        if self.oversized:
            return f"la limite est de {limit_mb} Mo."
        if self.is_pdf and "pdf" not in accepted:
            kinds = ", ".join(LABELS[kind] for kind in ALL_TYPES if kind in accepted)
            return f"est un fichier PDF ; ce document doit être au format {kinds}."
        return self.phrase

    def refused_in(
        self, messages: Sequence[Any], accepted: Sequence[str] = ALL_TYPES, *, limit_mb: int
    ) -> str:
        """The message among ``messages`` that refuses this file, naming it; fails if none."""
        phrase = self.phrase_for(accepted, limit_mb=limit_mb)
        found = [str(m) for m in messages if f"« {self.name} »" in str(m) and phrase in str(m)]
        assert found, (self.label, phrase, [str(m) for m in messages])
        return found[0]


def _pdf(label: str, build: Callable[[], bytes], code: str, phrase: str) -> BadUpload:
    return BadUpload(label, "justificatif.pdf", build, code, phrase, is_pdf=True)


BAD_UPLOADS: tuple[BadUpload, ...] = (
    # Not documents at all, whatever their name or declared type.
    BadUpload(
        "Windows program named .pdf",
        "facture.pdf",
        corpus.windows_executable,
        "unknown_type",
        UNKNOWN,
    ),
    BadUpload(
        "Windows program named .jpg",
        "photo.jpg",
        corpus.windows_executable,
        "unknown_type",
        UNKNOWN,
        "image/jpeg",
    ),
    BadUpload(
        "Linux program named .png",
        "photo.png",
        corpus.elf_executable,
        "unknown_type",
        UNKNOWN,
        "image/png",
    ),
    BadUpload(
        "shell script named .pdf", "attestation.pdf", corpus.shell_script, "unknown_type", UNKNOWN
    ),
    BadUpload(
        "HTML page with a script",
        "page.html",
        corpus.html_with_script,
        "markup",
        MARKUP,
        "text/html",
    ),
    BadUpload(
        "HTML with a script named .pdf", "certificat.pdf", corpus.html_with_script, "markup", MARKUP
    ),
    BadUpload(
        "HTML in UTF-16 named .pdf", "certificat.pdf", corpus.html_in_utf16, "markup", MARKUP
    ),
    BadUpload(
        "SVG with a script",
        "dessin.svg",
        corpus.svg_with_script,
        "markup",
        MARKUP,
        "image/svg+xml",
    ),
    BadUpload(
        "SVG with a script named .png",
        "photo.png",
        corpus.svg_with_script,
        "markup",
        MARKUP,
        "image/png",
    ),
    BadUpload("zip archive named .pdf", "pieces.pdf", corpus.zip_archive, "unknown_type", UNKNOWN),
    BadUpload(
        "zip bomb", "pieces.zip", corpus.zip_bomb, "unknown_type", UNKNOWN, "application/zip"
    ),
    BadUpload("zip bomb named .pdf", "pieces.pdf", corpus.zip_bomb, "unknown_type", UNKNOWN),
    BadUpload(
        "GIF image named .png",
        "photo.png",
        lambda: corpus.image_bytes("GIF"),
        "unknown_type",
        UNKNOWN,
        "image/png",
    ),
    # PDFs that act: scripts, programs, actions reaching outside the file, files inside.
    _pdf("PDF with JavaScript on opening", corpus.pdf_with_js_open_action, "active_pdf", ACTIVE),
    _pdf(
        "PDF with JavaScript behind escaped names",
        corpus.pdf_with_hex_escaped_js,
        "active_pdf",
        ACTIVE,
    ),
    _pdf(
        "PDF with JavaScript added by pypdf", corpus.pdf_with_pypdf_javascript, "active_pdf", ACTIVE
    ),
    _pdf(
        "PDF with a link running JavaScript",
        corpus.pdf_with_link_running_javascript,
        "active_pdf",
        ACTIVE,
    ),
    _pdf("PDF form with an XFA script", corpus.pdf_with_xfa_script, "active_pdf", ACTIVE),
    _pdf("PDF launching a program", corpus.pdf_with_launch_action, "active_pdf", ACTIVE),
    _pdf(
        "PDF with actions on a page", corpus.pdf_with_page_additional_actions, "active_pdf", ACTIVE
    ),
    _pdf("PDF sending a form away", corpus.pdf_submitting_a_form, "active_pdf", ACTIVE),
    _pdf(
        "PDF opening a file on a network share",
        corpus.pdf_opening_a_remote_file,
        "active_pdf",
        ACTIVE,
    ),
    _pdf("PDF with an embedded file", corpus.pdf_with_embedded_file, "active_pdf", ACTIVE),
    _pdf(
        "PDF with a file attached to a page",
        corpus.pdf_with_attachment_annotation,
        "active_pdf",
        ACTIVE,
    ),
    # PDFs that cannot be read.
    _pdf("PDF protected by a password", corpus.encrypted_pdf, "encrypted_pdf", ENCRYPTED),
    _pdf(
        "PDF encrypted with an empty password",
        lambda: corpus.encrypted_pdf(user_password=""),
        "encrypted_pdf",
        ENCRYPTED,
    ),
    _pdf("PDF header then garbage", corpus.corrupt_pdf, "corrupt_pdf", CORRUPT_PDF),
    _pdf("truncated PDF", corpus.truncated_pdf, "corrupt_pdf", CORRUPT_PDF),
    _pdf("PDF without pages", corpus.pdf_without_pages, "corrupt_pdf", CORRUPT_PDF),
    # Image bombs and damaged images.
    BadUpload(
        "PNG bomb of 30000 x 30000 pixels",
        "scan.png",
        lambda: corpus.black_and_white_png(30_000, 30_000),
        "image_too_large",
        TOO_BIG_IMAGE,
        "image/png",
    ),
    BadUpload(
        "PNG of 10000 x 10000 pixels",
        "scan.png",
        lambda: corpus.black_and_white_png(10_000, 10_000),
        "image_too_large",
        TOO_BIG_IMAGE,
        "image/png",
    ),
    BadUpload(
        "PNG of 100000 x 1 pixels",
        "scan.png",
        lambda: corpus.black_and_white_png(100_000, 1),
        "image_too_large",
        TOO_BIG_IMAGE,
        "image/png",
    ),
    BadUpload(
        "JPEG announcing 65000 x 65000 pixels",
        "photo.jpg",
        lambda: corpus.jpeg_declaring(65_000, 65_000),
        "image_too_large",
        TOO_BIG_IMAGE,
        "image/jpeg",
    ),
    BadUpload(
        "PNG with a text chunk bomb",
        "scan.png",
        corpus.png_with_text_bomb,
        "corrupt_image",
        CORRUPT_IMAGE,
        "image/png",
    ),
    BadUpload(
        "PNG with a damaged checksum",
        "scan.png",
        corpus.png_with_bad_checksum,
        "corrupt_image",
        CORRUPT_IMAGE,
        "image/png",
    ),
    BadUpload(
        "JPEG cut short",
        "photo.jpg",
        lambda: corpus.truncated_image("JPEG"),
        "corrupt_image",
        CORRUPT_IMAGE,
        "image/jpeg",
    ),
    BadUpload(
        "PNG cut short",
        "scan.png",
        lambda: corpus.truncated_image("PNG"),
        "corrupt_image",
        CORRUPT_IMAGE,
        "image/png",
    ),
    BadUpload(
        "JPEG signature then garbage",
        "photo.jpg",
        lambda: b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4,
        "corrupt_image",
        CORRUPT_IMAGE,
        "image/jpeg",
    ),
    # Nothing, or too much.
    BadUpload("empty file", "vide.pdf", lambda: b"", "empty", "est vide."),
    BadUpload(
        "PDF one byte over the size limit",
        "scan.pdf",
        bytes,
        "too_large",
        "",
        oversized=True,
    ),
)

each_bad_upload = pytest.mark.parametrize("bad", BAD_UPLOADS, ids=[b.label for b in BAD_UPLOADS])


def good_pdf(name: str = "justificatif.pdf", *, title: str = "Justificatif") -> SimpleUploadedFile:
    """A PDF every entry point accepts (the title makes its content, and SHA-256, its own)."""
    return SimpleUploadedFile(name, corpus.pdf_bytes(title=title), "application/pdf")


def shown(html: str, message: str) -> bool:
    """Whether the page shows ``message`` (as Django escapes it)."""
    return escape(message) in html


# Nothing stored ------------------------------------------------------------------------------

UPLOAD_MODELS: tuple[type[models.Model], ...] = (
    MemberDocument,
    LetterAttachment,
    ApplicationFile,
    DossierAttachment,
    ChangeRequestDocument,
    Letter,
    LetterMessage,
    MembershipApplication,
    ChangeRequest,
)


@dataclass(frozen=True)
class Stored:
    """The rows of every model an upload may add, and the files under MEDIA_ROOT."""

    rows: dict[str, int]
    files: frozenset[str]

    @classmethod
    def now(cls) -> Stored:
        root = Path(settings.MEDIA_ROOT)
        files = (
            frozenset(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
            if root.exists()
            else frozenset()
        )
        rows = {model.__name__: model._default_manager.count() for model in UPLOAD_MODELS}
        return cls(rows=rows, files=files)
