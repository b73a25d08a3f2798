"""The file types a member may upload, and the limits every upload is held to."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.constants import MAX_DOCUMENT_SIZE_MB, FileType


@dataclass(frozen=True)
class FileTypeInfo:
    label: str
    content_type: str
    extension: str
    pillow_format: str | None = None


FILE_TYPES: dict[str, FileTypeInfo] = {
    FileType.PDF: FileTypeInfo("PDF", "application/pdf", ".pdf"),
    FileType.JPEG: FileTypeInfo("JPEG", "image/jpeg", ".jpg", pillow_format="JPEG"),
    FileType.PNG: FileTypeInfo("PNG", "image/png", ".png", pillow_format="PNG"),
}
SERVED_CONTENT_TYPES = frozenset(info.content_type for info in FILE_TYPES.values())
ALL_FILE_TYPES: list[str] = [FileType.PDF, FileType.JPEG, FileType.PNG]

# "Mes documents" accepts every type up to the catalogue's ceiling; a dossier's required
# document may ask for less, and checks an attached document again (services.check_fits).
LIBRARY_MAX_SIZE_MB = MAX_DOCUMENT_SIZE_MB

# A scan of an A4 page at 600 dpi is about 35 million pixels; a phone photo 12 to 50 million.
# Above this, decoding the image would take hundreds of megabytes of memory for nothing.
MAX_IMAGE_PIXELS = 60_000_000
MAX_IMAGE_SIDE = 20_000

# Objects visited when looking for scripts and actions in a PDF: a scanned 100-page file has a
# few thousand; a file with more is refused rather than walked for minutes.
MAX_PDF_OBJECTS = 200_000

ORIGINAL_NAME_MAX_LENGTH = 120
CHUNK_SIZE = 64 * 1024
