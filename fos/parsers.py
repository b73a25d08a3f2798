"""The API's JSON parser: a body nested deeper than any of our requests is refused with a 400.

Python's json module raises RecursionError (not ValueError) on a body nested about a thousand
levels deep, and DRF's parser lets that through as a 500, even on endpoints that need no login.
Our requests are at most a few levels deep, so anything past MAX_DEPTH is refused before a
serializer walks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def depth_exceeds(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when lists and objects are nested more than ``limit`` levels (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _refused() -> ParseError:
    return ParseError(
        _("Le corps de la requête est imbriqué sur plus de %(depth)s niveaux.")
        % {"depth": MAX_DEPTH}
    )


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise _refused() from error
        except ParseError as error:
            raise ParseError(_("Le corps de la requête n'est pas un JSON valide.")) from error
        if depth_exceeds(data):
            raise _refused()
        return data
