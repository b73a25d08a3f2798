"""The one way a page shows text that a member or a visitor wrote (issue 12, item 8).

A name, a subject, a letter, a note typed by someone outside the Foundation may hold bidi
controls: U+202E (RIGHT-TO-LEFT OVERRIDE) turns "cod.exe" into "exe.doc", and an unclosed
override or isolate reverses the labels and figures that follow it on the page. Everything such a
person wrote goes through ``|isolated``:

- ``{{ value|isolated }}``: inline, ``<bdi>…</bdi>``: the value's direction is its own (Arabic
  name in a French page and the reverse) and nothing it holds reaches past the element;
- ``{{ value|isolated:"lines" }}``: several lines inside a sentence or a cell (a reason, a
  note), ``<bdi>`` with ``<br>`` for its line breaks;
- ``{{ value|isolated:"block" }}``: a text of paragraphs (a letter, a message), a
  ``<div dir="auto">`` with its paragraphs kept;
- ``{% filter isolated %}{{ first_name }} {{ last_name }}{% endfilter %}``: two values read as
  one (a name in two fields) in one isolate, so an Arabic page does not swap them;
- ``{{ value|isolated:"text" }}``: plain-text emails, between FIRST STRONG ISOLATE and POP
  DIRECTIONAL ISOLATE, the Unicode equivalent of ``<bdi>``.

Inside, the explicit overrides, embeddings and isolates the writer typed are shown as visible
marks (``⟦U+202E⟧``) rather than obeyed: an agent sees the trick instead of falling for it.
The marks that only nudge (LRM, RLM, ALM), which Arabic text legitimately uses, are kept.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, linebreaks
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()

# LRE RLE PDF LRO RLO, LRI RLI FSI PDI: the characters that change the direction of what follows.
EXPLICIT_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"
MODES = ("inline", "lines", "block", "text")


def _shown(match: re.Match[str]) -> str:
    return f"⟦U+{ord(match.group()):04X}⟧"


def neutralised(text: str) -> str:
    """``text`` with every explicit bidi control replaced by a visible mark."""
    return EXPLICIT_BIDI.sub(_shown, text)


@register.filter(needs_autoescape=True)
def isolated(value: Any, mode: str = "inline", autoescape: bool = True) -> str | SafeString:
    if mode not in MODES:
        raise template.TemplateSyntaxError(f"isolated: mode {mode!r} is not one of {MODES}")
    if value is None:
        value = ""
    text = neutralised(str(value))
    if mode == "text":
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    already_safe = isinstance(value, SafeData)
    escaped = conditional_escape(text) if autoescape and not already_safe else text
    if mode == "block":
        # Escaped above (or already safe); unescaped only where autoescape is off, as Django's
        # own filters do.
        return mark_safe(f'<div dir="auto" class="member-text">{linebreaks(escaped)}</div>')  # noqa: S308  # nosec B308 B703
    if mode == "lines":
        escaped = linebreaksbr(escaped, autoescape=False)
    return mark_safe(f"<bdi>{escaped}</bdi>")  # noqa: S308  # nosec B308 B703
