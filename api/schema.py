"""The schema's AutoSchema: the refusals a view can answer whatever its own code says, in the
one refusal shape (api/exceptions.py, docs/decisions/api-error-shapes.md), added to every
operation that can answer them unless the view documents them itself:

- 400, a refused input, for an operation that reads a body (a serializer's refusal, or a body
  that cannot be parsed);
- 401 and 403 for a view that needs a signed-in account (no or a bad token; the account gates,
  member-only services, a session's missing CSRF token);
- 404 for a paginated list (a page past the last one, or not a page number);
- 429 for a throttled view.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import IsAuthenticated

from api.serializers import ErrorSerializer

INVALID = OpenApiResponse(
    ErrorSerializer, description=_("Saisie refusée : code « invalid », un message par champ.")
)
UNAUTHENTICATED = OpenApiResponse(
    ErrorSerializer, description=_("Jeton absent, non valide ou expiré")
)
FORBIDDEN = OpenApiResponse(ErrorSerializer, description=_("Refus avec un code"))
NO_SUCH_PAGE = OpenApiResponse(ErrorSerializer, description=_("Cette page n'existe pas"))
THROTTLED = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "Trop d'appels : code « throttled » ; l'en-tête Retry-After dit quand réessayer."
    ),
)
BODY_METHODS = {"POST", "PUT", "PATCH"}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        for code, response in self._refusals().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return dict(sorted(responses.items()))

    def _refusals(self) -> dict[str, OpenApiResponse]:
        refusals: dict[str, OpenApiResponse] = {}
        if self.method in BODY_METHODS and self.get_request_serializer() is not None:
            refusals["400"] = INVALID
        permissions = getattr(self.view, "permission_classes", ())
        if any(_is(permission, IsAuthenticated) for permission in permissions):
            refusals["401"] = UNAUTHENTICATED
            refusals["403"] = FORBIDDEN
        if self.method == "GET" and self._is_list_view() and self._get_paginator() is not None:
            refusals["404"] = NO_SUCH_PAGE
        if getattr(self.view, "throttle_classes", ()):
            refusals["429"] = THROTTLED
        return refusals


def _is(permission: Any, kind: type) -> bool:
    return isinstance(permission, type) and issubclass(permission, kind)
