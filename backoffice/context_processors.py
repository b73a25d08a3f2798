from typing import Any

from django.http import HttpRequest

from backoffice.access import is_supervisor
from backoffice.sections import SECTIONS


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The back office's sections, for its own pages only (templates/backoffice/base.html)."""
    if not request.path.startswith("/backoffice/"):
        return {}
    supervisor = request.user.is_authenticated and is_supervisor(request.user)
    return {"backoffice_sections": [s for s in SECTIONS if supervisor or not s.supervisors_only]}
