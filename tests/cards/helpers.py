from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> tuple[int, str]:
    """The number of pages and the text of a PDF."""
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)
