"""GET /api/v1/verify/<token>/: partners check a member card read from its QR code.

Open to anyone (the token is the credential), throttled per address, and answering only the
verdict, the holder's names, the validity date and a link to the photo. Mounted by api/urls.py.
"""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from cards.constants import Verdict
from cards.verification import CardVerification, verify_card
from cards.views import PUBLIC_HEADERS, absolute_url


class CardVerificationSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=Verdict.choices,
        help_text=_(
            "valid : carte en cours de validité ; expired : date de validité dépassée ; "
            "revoked : carte révoquée ou remplacée ; invalid : jeton inconnu, altéré ou forgé."
        ),
    )
    first_name = serializers.CharField(allow_null=True)
    last_name = serializers.CharField(allow_null=True)
    first_name_ar = serializers.CharField(allow_null=True)
    last_name_ar = serializers.CharField(allow_null=True)
    name_fr = serializers.CharField(allow_null=True, help_text=_("Prénom et nom"))
    name_ar = serializers.CharField(allow_null=True, help_text=_("Prénom et nom en arabe"))
    valid_until = serializers.DateField(allow_null=True)
    photo_url = serializers.URLField(
        allow_null=True,
        help_text=_("La photo du titulaire (carte valide ou expirée seulement), même jeton."),
    )


def _answer(request: Request, token: str, result: CardVerification) -> dict[str, Any]:
    holder = result.holder
    photo_url = None
    if result.photo is not None:
        # The same address as the QR code's (PORTAL_URL when it is set).
        photo_url = absolute_url(request._request, reverse("card_verify_photo", args=[token]))
    return {
        "status": result.verdict.value,
        "first_name": holder.first_name if holder else None,
        "last_name": holder.last_name if holder else None,
        "first_name_ar": holder.first_name_ar if holder else None,
        "last_name_ar": holder.last_name_ar if holder else None,
        "name_fr": holder.name_fr if holder else None,
        "name_ar": holder.name_ar if holder else None,
        "valid_until": result.valid_until,
        "photo_url": photo_url,
    }


@extend_schema(tags=["verification"])
class CardVerifyView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "card_verify"

    @extend_schema(
        operation_id="verify_card",
        description=_(
            "Vérifie une carte d'adhérent d'après le jeton de son code QR (la fin de l'adresse "
            "https://…/verify/<jeton>/). Sans authentification ; nombre d'appels limité par "
            "adresse (429 au-delà). Répond toujours 200 avec l'état de la carte ; seuls le nom, "
            "la date de validité et la photo du titulaire sont donnés, et seulement pour une "
            "carte connue."
        ),
        responses={200: CardVerificationSerializer},
        examples=[
            OpenApiExample(
                "valid",
                value={
                    "status": "valid",
                    "first_name": "Sami",
                    "last_name": "Alaoui",
                    "first_name_ar": "سامي",
                    "last_name_ar": "العلوي",
                    "name_fr": "Sami Alaoui",
                    "name_ar": "سامي العلوي",
                    "valid_until": "2028-05-17",
                    "photo_url": "https://portail.example/verify/TOKEN/photo/",
                },
                response_only=True,
            ),
            OpenApiExample(
                "invalid",
                value={
                    "status": "invalid",
                    "first_name": None,
                    "last_name": None,
                    "first_name_ar": None,
                    "last_name_ar": None,
                    "name_fr": None,
                    "name_ar": None,
                    "valid_until": None,
                    "photo_url": None,
                },
                response_only=True,
            ),
        ],
    )
    def get(self, request: Request, token: str) -> Response:
        data = CardVerificationSerializer(_answer(request, token, verify_card(token))).data
        return Response(data, headers=PUBLIC_HEADERS)


urlpatterns = [
    path("<str:token>/", CardVerifyView.as_view(), name="api_card_verify"),
]
