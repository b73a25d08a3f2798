"""Small presentation helpers for the dossiers' templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django import template
from django.conf import settings
from django.templatetags.static import static

from dossiers.constants import DossierStatus

register = template.Library()
DEFAULT_ICON = "service"


@cache
def known_icons() -> frozenset[str]:
    """The icons shipped in static/icons/ (a service's icon is a name an administrator types)."""
    folder = Path(settings.BASE_DIR) / "static" / "icons"
    return frozenset(path.stem for path in folder.glob("*.svg"))


@register.simple_tag
def service_icon(name: str) -> str:
    return static(f"icons/{name if name in known_icons() else DEFAULT_ICON}.svg")


@register.filter
def status_label(status: str) -> str:
    """A dossier status's label, read from the states table: ``get_status_display`` hashes
    every lazily translated choice on each call, a tenth of a list page's time."""
    try:
        return str(DossierStatus(status).label)
    except ValueError:
        return status


@register.filter
def rib_groups(rib: str) -> str:
    """24 digits as banks print them: bank 3, city 3, account 16 in fours, key 2."""
    digits = "".join(str(rib or "").split())
    if len(digits) != 24:
        return digits
    account = digits[6:22]
    return " ".join(
        [digits[:3], digits[3:6], *(account[i : i + 4] for i in range(0, 16, 4)), digits[22:]]
    )
