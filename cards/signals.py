"""A member's card ends when the registry says the member has left (died, or membership ended:
registry.membership): on a save of their row (the admin, the member-data pages, membership
decisions) and after a registry import, which writes in bulk and so sends no save signal
(registry.signals.members_imported)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from cards.services import revoke_cards_of_departed_members
from registry.membership import is_current_member
from registry.models import Member
from registry.signals import members_imported


def member_saved(sender: type[Member], instance: Member, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not is_current_member(instance):
        revoke_cards_of_departed_members(member_ids=[instance.pk])


def registry_imported(sender: Any, **kwargs: Any) -> None:
    revoke_cards_of_departed_members()


def connect() -> None:
    post_save.connect(member_saved, sender=Member, dispatch_uid="cards.member_saved")
    members_imported.connect(registry_imported, dispatch_uid="cards.registry_imported")
