"""The corpus of bad uploads (issue 7 item 3): each refused, with its own message."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from documents.validation import validate_upload
from tests.documents import corpus
from tests.documents.corpus import MB, upload

Case = tuple[str, Callable[[], bytes], list[str], str, str]

CASES: dict[str, Case] = {
    "windows executable named .pdf": (
        "facture.pdf",
        corpus.windows_executable,
        ["pdf"],
        "unknown_type",
        "n'est pas un document PDF, JPEG ou PNG : son contenu n'a pas été reconnu, quel que "
        "soit son nom. Types acceptés : PDF.",
    ),
    "ELF executable named .png": (
        "photo.png",
        corpus.elf_executable,
        ["jpeg", "png"],
        "unknown_type",
        "Types acceptés : JPEG, PNG.",
    ),
    "shell script named .pdf": (
        "attestation.pdf",
        corpus.shell_script,
        ["pdf"],
        "unknown_type",
        "n'est pas un document PDF, JPEG ou PNG",
    ),
    "HTML with a script named .pdf": (
        "certificat.pdf",
        corpus.html_with_script,
        ["pdf"],
        "markup",
        "est une page web ou une image SVG, qui peut contenir du code",
    ),
    "SVG with a script named .png": (
        "photo.png",
        corpus.svg_with_script,
        ["png"],
        "markup",
        "est une page web ou une image SVG",
    ),
    "zip archive named .pdf": (
        "justificatifs.pdf",
        corpus.zip_archive,
        ["pdf"],
        "unknown_type",
        "n'est pas un document PDF, JPEG ou PNG",
    ),
    "zip bomb named .pdf": (
        "justificatifs.pdf",
        corpus.zip_bomb,
        ["pdf"],
        "unknown_type",
        "n'est pas un document PDF, JPEG ou PNG",
    ),
    "PDF with JavaScript on opening": (
        "ordonnance.pdf",
        corpus.pdf_with_js_open_action,
        ["pdf"],
        "active_pdf",
        "contient du code (JavaScript), des actions automatiques ou des fichiers joints",
    ),
    "PDF with JavaScript behind escaped names": (
        "ordonnance.pdf",
        corpus.pdf_with_hex_escaped_js,
        ["pdf"],
        "active_pdf",
        "contient du code (JavaScript)",
    ),
    "PDF with JavaScript added by pypdf": (
        "ordonnance.pdf",
        corpus.pdf_with_pypdf_javascript,
        ["pdf"],
        "active_pdf",
        "contient du code (JavaScript)",
    ),
    "PDF launching a program": (
        "ordonnance.pdf",
        corpus.pdf_with_launch_action,
        ["pdf"],
        "active_pdf",
        "actions automatiques",
    ),
    "PDF with actions on a page": (
        "ordonnance.pdf",
        corpus.pdf_with_page_additional_actions,
        ["pdf"],
        "active_pdf",
        "actions automatiques",
    ),
    "PDF with an embedded file": (
        "ordonnance.pdf",
        corpus.pdf_with_embedded_file,
        ["pdf"],
        "active_pdf",
        "fichiers joints",
    ),
    "PDF protected by a password": (
        "releve.pdf",
        corpus.encrypted_pdf,
        ["pdf"],
        "encrypted_pdf",
        "est protégé par un mot de passe ou chiffré",
    ),
    "PDF encrypted with an empty password": (
        "releve.pdf",
        lambda: corpus.encrypted_pdf(user_password=""),
        ["pdf"],
        "encrypted_pdf",
        "est protégé par un mot de passe ou chiffré",
    ),
    "PDF header then garbage": (
        "facture.pdf",
        corpus.corrupt_pdf,
        ["pdf"],
        "corrupt_pdf",
        "n'est pas un PDF lisible (fichier endommagé ou incomplet)",
    ),
    "truncated PDF": (
        "facture.pdf",
        corpus.truncated_pdf,
        ["pdf"],
        "corrupt_pdf",
        "n'est pas un PDF lisible",
    ),
    "PDF without pages": (
        "facture.pdf",
        corpus.pdf_without_pages,
        ["pdf"],
        "corrupt_pdf",
        "n'est pas un PDF lisible",
    ),
    "empty file": ("vide.pdf", lambda: b"", ["pdf"], "empty", "est vide."),
    "PNG where only PDF is accepted": (
        "rib.png",
        lambda: corpus.image_bytes("PNG"),
        ["pdf"],
        "type_not_accepted",
        "est un fichier PNG ; ce document doit être au format PDF.",
    ),
    "PNG bomb of 30000 x 30000 pixels": (
        "scan.png",
        lambda: corpus.black_and_white_png(30_000, 30_000),
        ["png"],
        "image_too_large",
        "est trop grande : au plus 60 millions de pixels et 20000 pixels de côté",
    ),
    "PNG of 10000 x 10000 pixels (Pillow's warning range)": (
        "scan.png",
        lambda: corpus.black_and_white_png(10_000, 10_000),
        ["png"],
        "image_too_large",
        "est trop grande",
    ),
    "PNG of 9000 x 9000 pixels (the portal's own limit)": (
        "scan.png",
        lambda: corpus.black_and_white_png(9_000, 9_000),
        ["png"],
        "image_too_large",
        "est trop grande",
    ),
    "PNG of absurd dimensions": (
        "scan.png",
        lambda: corpus.black_and_white_png(100_000, 1),
        ["png"],
        "image_too_large",
        "est trop grande",
    ),
    "PNG with a damaged checksum": (
        "scan.png",
        corpus.png_with_bad_checksum,
        ["png"],
        "corrupt_image",
        "est endommagée ou incomplète",
    ),
    "JPEG signature then garbage": (
        "photo.jpg",
        lambda: b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4,
        ["jpeg"],
        "corrupt_image",
        "est endommagée ou incomplète",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_it_refuses_each_bad_upload_with_its_message(case: Case) -> None:
    name, build, accepted, code, phrase = case
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(name, build()), accepted_types=accepted, max_size_mb=5)
    assert refused.value.code == code
    (message,) = refused.value.messages
    assert f"« {name} »" in message
    assert phrase in message


def test_it_refuses_a_file_over_the_limit_saying_both_sizes() -> None:
    content = corpus.pdf_bytes() + b"\n" * (MB + MB // 10)
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("scan.pdf", content), accepted_types=["pdf"], max_size_mb=1)
    assert refused.value.code == "too_large"
    assert refused.value.messages == [
        "Le fichier « scan.pdf » pèse 1,1 Mo : la limite est de 1 Mo. Réduisez-le (numérisation "
        "en noir et blanc ou à 150 ppp, par exemple) puis déposez-le à nouveau."
    ]


def test_it_never_shows_a_file_just_over_the_limit_as_the_limit() -> None:
    content = corpus.pdf_bytes() + b"\n" * MB
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("scan.pdf", content), accepted_types=["pdf"], max_size_mb=1)
    assert "pèse 1,1 Mo : la limite est de 1 Mo" in refused.value.messages[0]


def test_it_asks_for_one_pdf_where_the_service_wants_a_single_combined_file() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_upload(
            upload("ordonnance.jpg", corpus.image_bytes("JPEG")),
            accepted_types=["pdf", "jpeg"],
            max_size_mb=5,
            require_single_pdf=True,
        )
    assert refused.value.code == "single_pdf_required"
    assert "doit être un seul fichier PDF réunissant toutes les pièces" in refused.value.messages[0]


def test_it_shows_a_hostile_name_cleaned() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_upload(
            upload("../../x\u202egpj.exe", corpus.windows_executable()),
            accepted_types=["pdf"],
            max_size_mb=1,
        )
    assert "« xgpj.exe »" in refused.value.messages[0]
