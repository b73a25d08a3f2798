"""The back office's sections, shown in its navigation and on its home page.

Each app that adds agent pages registers its section here, so the navigation is one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    url_name: str
    title: str | Promise
    description: str | Promise
    supervisors_only: bool = False
    # Where the section sits in the navigation (lowest first); sections of equal order keep
    # the order in which they registered.
    order: int = 50


SECTIONS: list[Section] = [
    Section(
        "admin:index",
        _("Configuration"),
        _("Prestations, campagnes, règles, conditions générales, registre, utilisateurs."),
        supervisors_only=True,
        order=100,
    ),
]


def register(section: Section) -> None:
    if all(existing.url_name != section.url_name for existing in SECTIONS):
        SECTIONS.append(section)
        SECTIONS.sort(key=lambda s: s.order)
