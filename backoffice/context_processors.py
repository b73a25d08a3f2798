from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from backoffice.access import is_supervisor
from backoffice.sections import SECTIONS


def _current(path: str, url_names: list[str]) -> str:
    """The section whose address is the longest start of ``path`` (its sub-pages included)."""
    best, length = "", 0
    for name in url_names:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if path.startswith(url) and len(url) > length:
            best, length = name, len(url)
    return best


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The back office's sections, for its own pages only (templates/backoffice/base.html)."""
    if not request.path.startswith("/backoffice/"):
        return {}
    supervisor = request.user.is_authenticated and is_supervisor(request.user)
    sections = [s for s in SECTIONS if supervisor or not s.supervisors_only]
    return {
        "backoffice_sections": sections,
        "backoffice_current": _current(request.path, [s.url_name for s in sections]),
    }
