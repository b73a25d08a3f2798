"""QR codes drawn on the server (qrcode's SVG factory): no outside host ever sees a token."""

from __future__ import annotations

import base64

import qrcode
import qrcode.constants
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """An inline ``<svg>`` of the QR code; it scales with its box (CSS sets the size)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(data)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    return svg if isinstance(svg, str) else svg.decode("utf-8")


def qr_data_uri(data: str) -> str:
    """The same QR code as a ``data:`` URI, for the PDFs."""
    encoded = base64.b64encode(qr_svg(data).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
