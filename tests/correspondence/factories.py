"""Letters with real reference numbers (taken from the live sequence, as the service does)."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from correspondence.codes import format_reference, hash_access_code
from correspondence.constants import Actor, LetterStatus, SenderKind
from correspondence.models import Letter, LetterMessage
from correspondence.services import _take_number
from tests.factories import MemberFactory

VISITOR_CODE = "K7QM-3XPA-RT9C"


class _NumberedLetterFactory(DjangoModelFactory[Letter]):
    class Meta:
        model = Letter
        abstract = True

    subject = factory.Sequence(lambda n: f"Demande d'attestation {n}")
    body = "Bonjour, je souhaite recevoir une attestation d'adhésion. Merci."
    language = "fr"
    status = LetterStatus.RECEIVED

    @classmethod
    def _create(cls, model_class: type[Letter], *args: Any, **kwargs: Any) -> Letter:
        if not kwargs.get("reference"):
            received_at = kwargs.get("received_at") or timezone.now()
            year = timezone.localtime(received_at).year
            number = _take_number(year)
            kwargs.update(year=year, number=number, reference=format_reference(year, number))
        return super()._create(model_class, *args, **kwargs)


class LetterFactory(_NumberedLetterFactory):
    """A member's letter; create with ``LetterFactory.create(member=...)``."""

    class Meta:
        model = Letter

    sender_kind = SenderKind.MEMBER
    member = factory.SubFactory(MemberFactory)
    sender_name = factory.LazyAttribute(lambda o: o.member.full_name)
    sender_cin = factory.LazyAttribute(lambda o: o.member.cin)
    sender_email = factory.LazyAttribute(lambda o: o.member.professional_email)


class VisitorLetterFactory(_NumberedLetterFactory):
    """A visitor's letter, followed with ``VISITOR_CODE`` unless another code is given."""

    class Meta:
        model = Letter

    class Params:
        access_code = VISITOR_CODE

    sender_kind = SenderKind.VISITOR
    sender_name = factory.Sequence(lambda n: f"Karima Idrissi {n}")
    sender_email = factory.Sequence(lambda n: f"visitor{n}@example.org")
    access_code_hash = factory.LazyAttribute(lambda o: hash_access_code(o.access_code))


class LetterMessageFactory(DjangoModelFactory[LetterMessage]):
    class Meta:
        model = LetterMessage

    letter = factory.SubFactory(LetterFactory)
    author_role = Actor.AGENT
    body = "Réponse de la Fondation."
