"""Every refusal of /api/v1/ in one shape: ``{"code", "detail"}``, plus ``field_errors`` for a
refused input (docs/decisions/api-error-shapes.md).

DRF answers a serializer's refusal as ``{field: [messages]}`` (nested for nested serializers and
lists) and its other exceptions as ``{"detail": ...}``; the portal's own refusals already carry a
``code`` the app acts on. This handler, REST_FRAMEWORK["EXCEPTION_HANDLER"], brings DRF's answers
to the portal's shape; the status codes and headers (Retry-After, WWW-Authenticate) stay DRF's.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

INVALID_CODE = "invalid"


def invalid_detail() -> str:
    return _("Des valeurs sont refusées : voyez le message de chaque champ (field_errors).")


def field_errors(detail: Any) -> dict[str, list[str]]:
    """DRF's nested refusal flattened: one list of messages per field, a nested field named by
    its path ("documents.0.document"), a refusal of the whole input under "non_field_errors"."""
    errors: dict[str, list[str]] = {}
    _flatten(detail, "", errors)
    return errors


def _flatten(detail: Any, path: str, errors: dict[str, list[str]]) -> None:
    if isinstance(detail, dict):
        for name, inner in detail.items():
            _flatten(inner, f"{path}.{name}" if path else str(name), errors)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, inner in enumerate(detail):
            _flatten(inner, f"{path}.{index}" if path else str(index), errors)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        key = path or api_settings.NON_FIELD_ERRORS_KEY
        errors.setdefault(key, []).extend(str(message) for message in messages)


def invalid_body(
    errors: dict[str, list[str]], code: str = INVALID_CODE, detail: str | None = None
) -> dict[str, Any]:
    """A refused input: its code, a message to show and the messages of each field."""
    return {"code": code, "detail": detail or invalid_detail(), "field_errors": errors}


def _code(exc: Exception) -> str:
    if isinstance(exc, Http404):
        return exceptions.NotFound.default_code
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied.default_code
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
        return str(exc.default_code)
    return "error"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:  # not an API exception: a 500, as Django answers it
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = invalid_body(field_errors(exc.detail))
    elif isinstance(response.data, dict) and set(response.data) == {"detail"}:
        response.data = {"code": _code(exc), "detail": str(response.data["detail"])}
    return response
