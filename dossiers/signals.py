"""What other apps may hear of a dossier, inside the transaction that changed it.

Receivers run in that transaction: what they write is kept or rolled back with the change.
"""

from django.dispatch import Signal

# The member answered a request for documents. Arguments: ``dossier``, ``event`` (the answer's
# DossierEvent) and ``asked_by`` (the id of the staff user who asked, or None).
documents_answered = Signal()
