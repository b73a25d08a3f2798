"""What the bidi tests look for: a text someone outside the Foundation wrote, with a right-to-left
override and an unclosed isolate in it, must reach the page only inside an isolating element
(``<bdi>`` or an element with ``dir="auto"``), its controls shown as marks, never obeyed."""

from __future__ import annotations

from html.parser import HTMLParser

RLO, LRI, FSI, PDI = "\u202e", "\u2066", "\u2068", "\u2069"
# "SPOOF" finds the text on the page; the controls try to reverse what follows it.
TRICK = f"SPOOF{RLO}fdp.exe{LRI}"
SHOWN = "SPOOF⟦U+202E⟧fdp.exe⟦U+2066⟧"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def spoof(label: str) -> str:
    """A trick that says where it was typed, so a failure names the field."""
    return f"{label}-{TRICK}"


class _Isolation(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.bare: list[str] = []
        self.isolated: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        isolates = tag == "bdi" or ("dir", "auto") in attrs
        self.stack.append((tag, isolates))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if "SPOOF" not in data:
            return
        inside = any(isolates for _tag, isolates in self.stack)
        (self.isolated if inside else self.bare).append(data.strip())


def assert_isolated(html: str, *labels: str, cleaned: tuple[str, ...] = ()) -> None:
    """Each label's trick is on the page, isolated, its controls shown; none is bare.

    ``cleaned`` labels had their controls taken out before they were kept (file names are
    cleaned on upload): they must still be isolated."""
    assert RLO not in html and LRI not in html, "a typed bidi control reached the page as is"
    parser = _Isolation()
    parser.feed(html)
    assert parser.bare == [], f"shown without isolation: {parser.bare}"
    for label in labels:
        assert any(f"{label}-{SHOWN}" in text for text in parser.isolated), (
            f"{label!r} is not on the page isolated: {parser.isolated}"
        )
    for label in cleaned:
        assert any(f"{label}-SPOOF" in text for text in parser.isolated), (
            f"{label!r} is not on the page isolated: {parser.isolated}"
        )


def assert_isolated_text(text: str, *labels: str) -> None:
    """In a plain-text email: each trick between FIRST STRONG and POP DIRECTIONAL ISOLATE."""
    assert RLO not in text and LRI not in text
    for label in labels:
        assert f"{FSI}{label}-{SHOWN}{PDI}" in text, f"{label!r} is not isolated in {text!r}"
