"""Whatever bytes arrive, the checks answer accepted or refused: never an unexpected error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.validation import validate_upload
from tests.documents.corpus import image_bytes, pdf_bytes, upload

STARTS = [b"", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"MZ", b"<svg"]


def _check(content: bytes) -> None:
    from django.core.exceptions import ValidationError

    try:
        validate_upload(
            upload("fuzz.bin", content), accepted_types=["pdf", "jpeg", "png"], max_size_mb=1
        )
    except ValidationError as error:
        assert error.code
        assert error.messages


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.sampled_from(STARTS), rest=st.binary(max_size=4096))
def test_it_answers_for_random_bytes(start: bytes, rest: bytes) -> None:
    _check(start + rest)


@settings(max_examples=60, deadline=None)
@given(
    source=st.sampled_from(["pdf", "png", "jpeg"]),
    cut=st.floats(min_value=0, max_value=1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
)
def test_it_answers_for_damaged_real_files(
    source: str, cut: float, flips: list[tuple[float, int]]
) -> None:
    original = {
        "pdf": lambda: pdf_bytes(pages=2),
        "png": lambda: image_bytes("PNG"),
        "jpeg": lambda: image_bytes("JPEG"),
    }[source]()
    damaged = bytearray(original[: max(1, int(len(original) * cut))])
    for position, value in flips:
        damaged[int(position * (len(damaged) - 1))] = value
    _check(bytes(damaged))
