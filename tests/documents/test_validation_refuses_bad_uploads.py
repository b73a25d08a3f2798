"""The corpus of bad uploads (issue 7 item 3, tests/uploads_corpus.py): each refused, with its
own message; and the refusals that depend on what one document accepts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from documents.validation import validate_upload
from tests.documents import corpus
from tests.documents.corpus import MB, upload
from tests.uploads_corpus import ALL_TYPES, BAD_UPLOADS, BadUpload, each_bad_upload

Case = tuple[str, Callable[[], bytes], list[str], str, str]

# The corpus every entry point refuses is tests/uploads_corpus.py; these are the refusals that
# depend on the types or the limits one document accepts.
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
    "SVG with a script named .png": (
        "photo.png",
        corpus.svg_with_script,
        ["png"],
        "markup",
        "est une page web ou une image SVG, qui peut contenir du code : il n'est pas accepté. "
        "Types acceptés : PNG.",
    ),
    "PNG where only PDF is accepted": (
        "rib.png",
        lambda: corpus.image_bytes("PNG"),
        ["pdf"],
        "type_not_accepted",
        "est un fichier PNG ; ce document doit être au format PDF.",
    ),
    "PDF where only images are accepted": (
        "photo.pdf",
        corpus.pdf_bytes,
        ["jpeg", "png"],
        "type_not_accepted",
        "est un fichier PDF ; ce document doit être au format JPEG, PNG.",
    ),
    "PNG of 9000 x 9000 pixels (the portal's own limit)": (
        "scan.png",
        lambda: corpus.black_and_white_png(9_000, 9_000),
        ["png"],
        "image_too_large",
        "est trop grande",
    ),
}


@each_bad_upload
def test_it_refuses_every_file_of_the_shared_corpus(bad: BadUpload) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_upload(bad.upload(5), accepted_types=list(ALL_TYPES), max_size_mb=5)
    assert refused.value.code == bad.code
    (message,) = refused.value.messages
    assert message == bad.refused_in([message], limit_mb=5)


@each_bad_upload
def test_it_refuses_every_file_of_the_shared_corpus_where_only_images_are_accepted(
    bad: BadUpload,
) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_upload(bad.upload(5), accepted_types=["jpeg", "png"], max_size_mb=5)
    bad.refused_in(refused.value.messages, ["jpeg", "png"], limit_mb=5)


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


@pytest.mark.parametrize(
    "bad",
    [b for b in BAD_UPLOADS if b.code == "corrupt_image"],
    ids=lambda b: b.label,
)
def test_damaged_images_are_refused_even_after_weasyprint_is_imported(
    bad: BadUpload, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Importing WeasyPrint (cards' PDFs) turns ImageFile.LOAD_TRUNCATED_IMAGES on for the
    whole process: a cut image and a PNG text bomb were then accepted."""
    import weasyprint  # noqa: F401  (what the portal's PDFs import)
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(ValidationError) as refused:
        validate_upload(bad.upload(5), accepted_types=list(ALL_TYPES), max_size_mb=5)
    assert refused.value.code == "corrupt_image"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's own setting is given back
