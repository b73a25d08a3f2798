"""What an uploaded file must be before the portal keeps it, judged by its content.

The name and the type the browser declares are never trusted: the first bytes say what the file
is (``filetype``'s signatures, confirmed here), then the file must open with the library that
reads that type. A PDF must parse with pypdf, be neither encrypted nor scripted; an image must
open and verify with Pillow within sane dimensions. Files are read in chunks, never whole.
Every refusal is a ``ValidationError`` with a code and a translatable message naming the file.
(docs/decisions/uploads-checked-by-content.md)
"""

from __future__ import annotations

import hashlib
import math
import threading
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, WrongPasswordError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from catalog.constants import FileType
from documents.constants import (
    CHUNK_SIZE,
    FILE_TYPES,
    MAX_IMAGE_PIXELS,
    MAX_IMAGE_SIDE,
    MAX_PDF_OBJECTS,
    ORIGINAL_NAME_MAX_LENGTH,
)

MB = 1024 * 1024
HEAD_SIZE = 8192  # what filetype reads to recognise a signature
DEFAULT_NAME = "document"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
PDF_SIGNATURE = b"%PDF-"
# filetype's MIME types for the three accepted types (an animated PNG is still a PNG).
DETECTED: dict[str, str] = {
    "application/pdf": FileType.PDF,
    "image/jpeg": FileType.JPEG,
    "image/png": FileType.PNG,
    "image/apng": FileType.PNG,
}
SIGNATURES: dict[str, bytes] = {
    FileType.PDF: PDF_SIGNATURE,
    FileType.JPEG: JPEG_SIGNATURE,
    FileType.PNG: PNG_SIGNATURE,
}
MARKUP_TOKENS = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")
# Dictionary keys and names that make a PDF act on its own: scripts (XFA forms carry theirs in
# XML streams), launched programs, embedded files (a file specification's /EF, an attachment
# annotation), actions run on opening or on events, and actions that reach outside the file:
# sending form data away, opening another or an embedded file (a remote path gives a Windows
# reader's credentials away), playing media (PDF 32000-1, 12.6, 7.11 and 12.5.6.15).
ACTIVE_PDF_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/AA",
        "/RichMedia",
        "/XFA",
    }
)
ACTIVE_PDF_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/FileAttachment",
        "/RichMediaExecute",
        "/ImportData",
        "/SubmitForm",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)

MESSAGES = {
    "empty": _("Le fichier « %(name)s » est vide."),
    "too_large": _(
        "Le fichier « %(name)s » pèse %(size)s Mo : la limite est de %(limit)s Mo. "
        "Réduisez-le (numérisation en noir et blanc ou à 150 ppp, par exemple) puis "
        "déposez-le à nouveau."
    ),
    "unknown_type": _(
        "Le fichier « %(name)s » n'est pas un document PDF, JPEG ou PNG : son contenu n'a pas "
        "été reconnu, quel que soit son nom. Types acceptés : %(accepted)s."
    ),
    "markup": _(
        "Le fichier « %(name)s » est une page web ou une image SVG, qui peut contenir du code : "
        "il n'est pas accepté. Types acceptés : %(accepted)s."
    ),
    "type_not_accepted": _(
        "Le fichier « %(name)s » est un fichier %(found)s ; ce document doit être au format "
        "%(accepted)s."
    ),
    "single_pdf_required": _(
        "Ce document doit être un seul fichier PDF réunissant toutes les pièces ; "
        "« %(name)s » est un fichier %(found)s."
    ),
    "corrupt_pdf": _(
        "Le fichier « %(name)s » n'est pas un PDF lisible (fichier endommagé ou incomplet). "
        "Enregistrez-le à nouveau au format PDF puis déposez-le."
    ),
    "encrypted_pdf": _(
        "Le PDF « %(name)s » est protégé par un mot de passe ou chiffré : enregistrez-en une "
        "copie sans protection puis déposez-la."
    ),
    "active_pdf": _(
        "Le PDF « %(name)s » contient du code (JavaScript), des actions automatiques ou des "
        "fichiers joints, qui ne sont pas acceptés pour votre sécurité. Imprimez-le au format "
        "PDF (« Enregistrer au format PDF ») puis déposez la copie."
    ),
    "corrupt_image": _(
        "L'image « %(name)s » est endommagée ou incomplète : elle ne peut pas être ouverte."
    ),
    "image_too_large": _(
        "L'image « %(name)s » est trop grande : au plus %(pixels)s millions de pixels et "
        "%(side)s pixels de côté. Réduisez sa taille puis déposez-la à nouveau."
    ),
}


@dataclass(frozen=True)
class ValidatedFile:
    """What the checks learned about an accepted file; the file itself is left at offset 0."""

    file_type: str
    content_type: str
    extension: str
    size: int
    sha256: str
    page_count: int | None
    original_name: str
    width: int | None = None
    height: int | None = None


def refusal(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params)


def size_in_mb(size: int, *, limit_mb: int | None = None) -> str:
    """To a tenth; a file just over the limit is rounded up, so it never reads as the limit."""
    value = round(size / MB, 1)
    if limit_mb is not None and size > limit_mb * MB and value <= limit_mb:
        value = math.ceil(size * 10 / MB) / 10
    return number_format(value, decimal_pos=1)


def type_labels(types: Iterable[str]) -> str:
    return ", ".join(FILE_TYPES[file_type].label for file_type in types)


def safe_original_name(name: str | None) -> str:
    """The name to show: no folders, no control or direction-changing characters, not too long.

    It is only ever displayed (escaped) and offered as a download name, never used as a path.
    """
    text = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for character in text:
        category = unicodedata.category(character)
        if category == "Cc":
            kept.append(" ")
        elif not category.startswith("C"):  # Cf (e.g. U+202E), Cs, Co, Cn are dropped
            kept.append(character)
    text = " ".join("".join(kept).split()).strip(" .")
    if not text:
        return DEFAULT_NAME
    if len(text) > ORIGINAL_NAME_MAX_LENGTH:
        stem, dot, suffix = text.rpartition(".")
        if dot and stem and 0 < len(suffix) <= 10:
            text = stem[: ORIGINAL_NAME_MAX_LENGTH - len(suffix) - 1].rstrip(" .") + dot + suffix
        else:
            text = text[:ORIGINAL_NAME_MAX_LENGTH].rstrip(" .")
    return text


def validate_upload(
    uploaded_file: IO[bytes],
    *,
    accepted_types: list[str],
    max_size_mb: int,
    require_single_pdf: bool = False,
) -> ValidatedFile:
    """Check a file before it is kept; raise ValidationError with the first problem found."""
    accepted = _accepted(accepted_types, require_single_pdf=require_single_pdf)
    name = safe_original_name(getattr(uploaded_file, "name", None))
    size, sha256, head = _measure(uploaded_file, name=name, max_size_mb=max_size_mb)
    file_type = _detect(head, name=name, accepted=accepted)
    if file_type not in accepted:
        code = "single_pdf_required" if require_single_pdf else "type_not_accepted"
        raise refusal(
            code, name=name, found=FILE_TYPES[file_type].label, accepted=type_labels(accepted)
        )
    info = FILE_TYPES[file_type]
    page_count = width = height = None
    if file_type == FileType.PDF:
        page_count = _check_pdf(uploaded_file, name=name)
    else:
        width, height = _check_image(uploaded_file, name=name, pillow_format=info.pillow_format)
    uploaded_file.seek(0)
    return ValidatedFile(
        file_type=file_type,
        content_type=info.content_type,
        extension=info.extension,
        size=size,
        sha256=sha256,
        page_count=page_count,
        original_name=name,
        width=width,
        height=height,
    )


def _accepted(accepted_types: list[str], *, require_single_pdf: bool) -> list[str]:
    if require_single_pdf:
        return [FileType.PDF]
    unknown = set(accepted_types) - set(FILE_TYPES)
    if not accepted_types or unknown:
        raise ValueError(f"accepted_types must be among {sorted(FILE_TYPES)}: {accepted_types!r}")
    return [file_type for file_type in FILE_TYPES if file_type in accepted_types]


def _measure(uploaded_file: IO[bytes], *, name: str, max_size_mb: int) -> tuple[int, str, bytes]:
    """Size, SHA-256 and first bytes, read chunk by chunk and never past the size limit."""
    limit = max_size_mb * MB
    declared = getattr(uploaded_file, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise refusal(
            "too_large",
            name=name,
            size=size_in_mb(declared, limit_mb=max_size_mb),
            limit=max_size_mb,
        )
    uploaded_file.seek(0)
    digest = hashlib.sha256()
    head = b""
    size = 0
    while chunk := uploaded_file.read(CHUNK_SIZE):
        size += len(chunk)
        if size > limit:
            raise refusal(
                "too_large",
                name=name,
                size=size_in_mb(size, limit_mb=max_size_mb),
                limit=max_size_mb,
            )
        if len(head) < HEAD_SIZE:
            head += chunk[: HEAD_SIZE - len(head)]
        digest.update(chunk)
    if size == 0:
        raise refusal("empty", name=name)
    return size, digest.hexdigest(), head


def _detect(head: bytes, *, name: str, accepted: list[str]) -> str:
    """The accepted type the first bytes prove, or a refusal naming the accepted types."""
    kind = filetype.guess(head)
    file_type = DETECTED.get(kind.mime) if kind is not None else None
    if file_type is not None and head.startswith(SIGNATURES[file_type]):
        return file_type
    code = "markup" if _looks_like_markup(head) else "unknown_type"
    raise refusal(code, name=name, accepted=type_labels(accepted))


def _looks_like_markup(head: bytes) -> bool:
    texts = [head.lower()]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        texts.append(head.decode("utf-16", errors="ignore").lower().encode())
    return any(token in text for text in texts for token in MARKUP_TOKENS)


class _TooComplexError(Exception):
    pass


def _check_pdf(uploaded_file: IO[bytes], *, name: str) -> int:
    uploaded_file.seek(0)
    try:
        reader = PdfReader(uploaded_file, strict=False)
        encrypted = reader.is_encrypted
    except (FileNotDecryptedError, WrongPasswordError, DependencyError):
        raise refusal("encrypted_pdf", name=name) from None
    except Exception:  # any failure to parse hostile bytes is a corrupt file
        raise refusal("corrupt_pdf", name=name) from None
    if encrypted:
        raise refusal("encrypted_pdf", name=name)
    try:
        page_count = len(reader.pages)
        active = _has_active_content(reader)
    except (FileNotDecryptedError, DependencyError):
        raise refusal("encrypted_pdf", name=name) from None
    except Exception:
        raise refusal("corrupt_pdf", name=name) from None
    if page_count == 0:
        raise refusal("corrupt_pdf", name=name)
    if active:
        raise refusal("active_pdf", name=name)
    return page_count


def _has_active_content(reader: PdfReader) -> bool:
    """Walk every object reachable from the trailer (names already decoded: /J#53 is /JS)."""
    stack: list[Any] = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise _TooComplexError
        if isinstance(item, DictionaryObject):  # streams too: their dictionary, not their data
            for key, value in item.items():
                if key in ACTIVE_PDF_KEYS:
                    return True
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject) and item in ACTIVE_PDF_NAMES:
            return True
    return False


class _ImageTooLargeError(Exception):
    pass


_PILLOW_SETTINGS = threading.Lock()


@contextmanager
def _strict_pillow() -> Iterator[None]:
    """Pillow with ``ImageFile.LOAD_TRUNCATED_IMAGES`` off for the time of a check.

    WeasyPrint turns it on for the whole process when it is imported (cards' PDFs): Pillow then
    takes a truncated image as whole and skips a PNG text chunk that inflates past its limit,
    where a check must refuse both. The PDFs WeasyPrint makes at the same moment in another
    thread read only the portal's own images, which are whole.
    """
    with _PILLOW_SETTINGS:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _check_image(
    uploaded_file: IO[bytes], *, name: str, pillow_format: str | None
) -> tuple[int, int]:
    uploaded_file.seek(0)
    formats = [pillow_format] if pillow_format else None
    try:
        with warnings.catch_warnings(), _strict_pillow():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded_file, formats=formats) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
                    raise _ImageTooLargeError
                if width < 1 or height < 1:
                    raise ValueError("an image without pixels")
                image.verify()
            if pillow_format == "JPEG":
                # verify() reads a PNG's every chunk, but nothing of a JPEG's data: decode it,
                # at an eighth of its size (cheap), to find one cut short or damaged.
                uploaded_file.seek(0)
                with Image.open(uploaded_file, formats=formats) as image:
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except (_ImageTooLargeError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refusal(
            "image_too_large",
            name=name,
            pixels=MAX_IMAGE_PIXELS // 1_000_000,
            side=MAX_IMAGE_SIDE,
        ) from None
    except Exception:  # any failure to decode hostile bytes is a damaged image
        raise refusal("corrupt_image", name=name) from None
    return width, height
