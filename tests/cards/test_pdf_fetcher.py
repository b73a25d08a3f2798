"""WeasyPrint fetches nothing from outside: only data: URIs and the project's static files."""

from __future__ import annotations

import base64
import socket
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from cards.pdf import OutsideResourceRefused, PortalUrlFetcher, render_pdf


@pytest.fixture
def no_network() -> Iterator[None]:
    """Any attempt to resolve a name or open a connection fails the test."""
    with (
        mock.patch.object(socket.socket, "connect", side_effect=AssertionError("network")),
        mock.patch.object(socket, "getaddrinfo", side_effect=AssertionError("dns")),
        mock.patch.object(socket, "create_connection", side_effect=AssertionError("network")),
    ):
        yield


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x.png",
        "file:///etc/passwd",
        "//example.org/x.png",
        "fos-static:../../fos/settings.py",
        "fos-static:../../../etc/hosts.css",
        "fos-static:/etc/ssl/openssl.css",
        "fos-static:img/does-not-exist.svg",
        "fos-static:js/captcha.js",
    ],
)
def test_it_refuses_anything_outside(no_network: None, url: str) -> None:
    with pytest.raises(OutsideResourceRefused):
        PortalUrlFetcher()(url)


def test_it_makes_no_network_call_for_an_outside_url() -> None:
    with (
        mock.patch.object(socket.socket, "connect") as connect,
        mock.patch("urllib.request.OpenerDirector.open") as opener,
        pytest.raises(OutsideResourceRefused),
    ):
        PortalUrlFetcher()("http://example.org/x.png")
    connect.assert_not_called()
    opener.assert_not_called()


def test_it_serves_our_static_files(no_network: None) -> None:
    response = PortalUrlFetcher()("fos-static:img/logo.svg")
    assert response.content_type == "image/svg+xml"
    assert b"<svg" in response.read()


def test_it_serves_data_uris(no_network: None) -> None:
    data = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").decode()
    response = PortalUrlFetcher()(f"data:image/svg+xml;base64,{data}")
    assert response.read().startswith(b"<svg")


@pytest.mark.django_db
def test_a_pdf_naming_an_outside_image_is_made_without_it(no_network: None, tmp_path: Path) -> None:
    template = tmp_path / "outside.html"
    template.write_text(
        '<p>Bonjour</p><img src="http://example.org/x.png"><img src="file:///etc/passwd">'
    )
    with mock.patch("cards.pdf.render_to_string", return_value=template.read_text()) as rendered:
        pdf = render_pdf("ignored.html", {})
    rendered.assert_called_once()
    assert pdf.startswith(b"%PDF")
