"""Signals of the registry for the apps that depend on it.

``members_imported`` is sent once at the end of a registry import that wrote to the database
(never for a dry run): the import creates and updates members in bulk, which sends no
``post_save``, so an app that reacts to a member's change (cards: a death revokes the card)
listens to this too. Arguments: ``report`` (registry.importer.ImportReport).
"""

from django.dispatch import Signal

members_imported = Signal()
