"""validate_upload accepts real PDFs, JPEGs and PNGs, whatever they are called."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError

from documents.validation import validate_upload
from tests.documents.corpus import (
    MB,
    image_bytes,
    pdf_bytes,
    pdf_with_link_and_page_open_action,
    upload,
)

ALL = ["pdf", "jpeg", "png"]


def test_it_accepts_a_pdf_and_counts_its_pages() -> None:
    content = pdf_bytes(pages=3)
    checked = validate_upload(upload("Relevé.pdf", content), accepted_types=ALL, max_size_mb=5)
    assert checked.file_type == "pdf"
    assert checked.content_type == "application/pdf"
    assert checked.extension == ".pdf"
    assert checked.page_count == 3
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.original_name == "Relevé.pdf"


def test_it_accepts_a_blank_one_page_pdf() -> None:
    checked = validate_upload(upload("a.pdf", pdf_bytes()), accepted_types=["pdf"], max_size_mb=1)
    assert checked.page_count == 1


def test_it_accepts_a_pdf_with_a_web_link_and_an_opening_view() -> None:
    content = pdf_with_link_and_page_open_action()
    checked = validate_upload(upload("lien.pdf", content), accepted_types=ALL, max_size_mb=1)
    assert checked.page_count == 1


@pytest.mark.parametrize(
    ("image_format", "file_type", "content_type"),
    [("JPEG", "jpeg", "image/jpeg"), ("PNG", "png", "image/png")],
)
def test_it_accepts_images(image_format: str, file_type: str, content_type: str) -> None:
    content = image_bytes(image_format, size=(64, 48))
    checked = validate_upload(
        upload("photo", content, content_type), accepted_types=ALL, max_size_mb=1
    )
    assert checked.file_type == file_type
    assert checked.content_type == content_type
    assert checked.page_count is None
    assert (checked.width, checked.height) == (64, 48)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_it_goes_by_content_when_a_png_is_named_and_declared_jpeg() -> None:
    content = image_bytes("PNG")
    checked = validate_upload(
        upload("scan.jpg", content, "image/jpeg"), accepted_types=["jpeg", "png"], max_size_mb=1
    )
    assert checked.file_type == "png"
    assert checked.content_type == "image/png"
    assert checked.extension == ".png"


def test_it_accepts_a_pdf_named_like_anything() -> None:
    checked = validate_upload(
        upload("attestation.docx", pdf_bytes(), "application/msword"),
        accepted_types=["pdf"],
        max_size_mb=1,
    )
    assert checked.file_type == "pdf"


def test_it_accepts_a_file_exactly_at_the_limit() -> None:
    content = pdf_bytes()
    content += b"\n" * (MB - len(content))  # bytes after %%EOF are allowed
    assert len(content) == MB
    checked = validate_upload(upload("a.pdf", content), accepted_types=["pdf"], max_size_mb=1)
    assert checked.size == MB


def test_it_leaves_the_file_at_its_start_for_storage() -> None:
    file = upload("a.pdf", pdf_bytes())
    validate_upload(file, accepted_types=["pdf"], max_size_mb=1)
    assert file.tell() == 0


class EndlessPdf(io.RawIOBase):
    """A stream that never ends and has no size: the check must stop reading at the limit."""

    name = "endless.pdf"

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = (b"%PDF-1.7\n" if self.served == 0 else b"") + b"0" * (len(buffer) - 9)
        buffer[: len(chunk)] = chunk
        self.served += len(chunk)
        return len(chunk)

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0


def test_it_reads_in_chunks_and_stops_at_the_size_limit() -> None:
    stream = EndlessPdf()
    with pytest.raises(ValidationError) as refused:
        validate_upload(stream, accepted_types=["pdf"], max_size_mb=2)  # type: ignore[arg-type]
    assert refused.value.code == "too_large"
    assert stream.served <= 2 * MB + 128 * 1024


def test_it_refuses_by_declared_size_before_reading() -> None:
    file = upload("big.pdf", pdf_bytes())
    file.size = 30 * MB
    file.seek(0)
    with pytest.raises(ValidationError) as refused:
        validate_upload(file, accepted_types=["pdf"], max_size_mb=20)
    assert refused.value.code == "too_large"
    assert file.tell() == 0


def test_it_rejects_an_unknown_accepted_type_as_a_programming_error() -> None:
    with pytest.raises(ValueError, match="accepted_types"):
        validate_upload(upload("a.pdf", pdf_bytes()), accepted_types=["docx"], max_size_mb=1)
