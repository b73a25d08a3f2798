"""``|isolated``: the one way a page shows text a member or a visitor wrote (issue 12, item 8)."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils.safestring import mark_safe

RLO, LRI, PDF, FSI, PDI = "\u202e", "\u2066", "\u202c", "\u2068", "\u2069"


def render(source: str, **context: object) -> str:
    return Template("{% load member_text %}" + source).render(Context(context))


def test_it_wraps_a_value_in_bdi_and_escapes_it() -> None:
    assert render("{{ v|isolated }}", v="<b>Ali</b> & co") == (
        "<bdi>&lt;b&gt;Ali&lt;/b&gt; &amp; co</bdi>"
    )


def test_it_shows_overrides_embeddings_and_isolates_as_marks() -> None:
    html = render("{{ v|isolated }}", v=f"a{RLO}b{LRI}c{PDF}d{PDI}")
    assert html == "<bdi>a⟦U+202E⟧b⟦U+2066⟧c⟦U+202C⟧d⟦U+2069⟧</bdi>"


def test_it_keeps_the_marks_arabic_text_needs() -> None:
    name = "\u0639\u0644\u064a\u200f \u200e(2)\u061c"  # RLM, LRM, ALM
    assert render("{{ v|isolated }}", v=name) == f"<bdi>{name}</bdi>"


def test_lines_keep_their_breaks_inside_one_isolate() -> None:
    assert render('{{ v|isolated:"lines" }}', v="un\n<deux>") == "<bdi>un<br>&lt;deux&gt;</bdi>"


def test_a_block_is_a_dir_auto_division_of_paragraphs() -> None:
    html = render('{{ v|isolated:"block" }}', v="un\n\ndeux & trois")
    assert html == '<div dir="auto" class="member-text"><p>un</p>\n\n<p>deux &amp; trois</p></div>'


def test_plain_text_uses_the_unicode_isolates() -> None:
    text = render('{% autoescape off %}{{ v|isolated:"text" }}{% endautoescape %}', v=f"<a>{RLO}")
    assert text == f"{FSI}<a>⟦U+202E⟧{PDI}"


def test_two_fields_read_as_one_name_share_one_isolate() -> None:
    html = render("{% filter isolated %}{{ a }} {{ b }}{% endfilter %}", a="<Ali>", b=f"Ben{RLO}")
    assert html == "<bdi>&lt;Ali&gt; Ben⟦U+202E⟧</bdi>"


def test_it_does_not_escape_twice_what_is_already_safe() -> None:
    assert render("{{ v|isolated }}", v=mark_safe("A &amp; B")) == "<bdi>A &amp; B</bdi>"


def test_an_empty_value_is_an_empty_isolate() -> None:
    assert render("{{ v|isolated }}", v=None) == "<bdi></bdi>"


def test_an_unknown_mode_is_a_template_error() -> None:
    with pytest.raises(TemplateSyntaxError):
        render('{{ v|isolated:"bold" }}', v="x")
