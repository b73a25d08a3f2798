"""PDFs made with WeasyPrint from Django templates, with nothing fetched from outside.

WeasyPrint's own fetcher would follow any URL a template (or a value printed in it) names:
``http:``, ``file:``, an intranet host. ``PortalUrlFetcher`` serves only ``data:`` URIs and the
project's static files, named ``fos-static:<path>`` (the ``pdf_static`` template tag), and
refuses everything else before any connection is made.
"""

from __future__ import annotations

from typing import Any
from urllib.request import DataHandler, Request

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cards.constants import PDF_STATIC_SCHEME

STATIC_SCHEME = PDF_STATIC_SCHEME
STATIC_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


class OutsideResourceRefused(ValueError):
    """A PDF asked for something that is neither a data: URI nor one of our static files."""


def _static_file(path: str) -> tuple[bytes, str]:
    extension = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if extension not in STATIC_TYPES:
        raise OutsideResourceRefused(f"not a static asset type: {path!r}")
    try:
        found = finders.find(path)
    except SuspiciousFileOperation:
        found = None
    if not found or isinstance(found, list):
        raise OutsideResourceRefused(f"no such static file: {path!r}")
    with open(found, "rb") as handle:
        return handle.read(), STATIC_TYPES[extension]


class PortalUrlFetcher(URLFetcher):
    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            # Decoded in memory by urllib's data: handler alone: no opener, no other scheme.
            response = DataHandler().data_open(Request(url))  # noqa: S310
            return URLFetcherResponse(url, response.read(), dict(response.headers.items()))
        if url.startswith(STATIC_SCHEME):
            body, content_type = _static_file(url.removeprefix(STATIC_SCHEME))
            return URLFetcherResponse(url, body, {"Content-Type": content_type})
        raise OutsideResourceRefused(f"the PDF may not fetch {url[:80]!r}")


def render_pdf(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> bytes:
    html = render_to_string(template_name, context, request=request)
    pdf = HTML(string=html, url_fetcher=PortalUrlFetcher()).write_pdf()
    if pdf is None:  # only when a target file is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
