"""/api/v1/documents/: the member's documents, with the same services and access function as
the web pages. Mounted by api/urls.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from accounts.models import User
from api.permissions import IsMember, PassesAccountGates
from api.serializers import ErrorSerializer
from documents.access import document_for_user
from documents.constants import FILE_TYPES
from documents.http import document_file_response
from documents.models import DocumentKind, MemberDocument
from documents.services import delete_document, store_or_reuse_document
from documents.usage import usages_by_document
from registry.models import Member

MEMBER = [IsAuthenticated, PassesAccountGates, IsMember]
GATED = [IsAuthenticated, PassesAccountGates]
ERROR = OpenApiResponse(ErrorSerializer, description=_("Refus avec un code"))
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description=_("Aucun document de ce numéro parmi les vôtres")
)


class DocumentSerializer(serializers.ModelSerializer[MemberDocument]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    file_url = serializers.SerializerMethodField(help_text=_("Le fichier (même jeton)."))
    used_in = serializers.SerializerMethodField(
        help_text=_("Les demandes auxquelles le document est joint : il ne peut être supprimé.")
    )

    class Meta:
        model = MemberDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "original_name",
            "content_type",
            "size",
            "page_count",
            "sha256",
            "uploaded_at",
            "file_url",
            "used_in",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, document: MemberDocument) -> str:
        url = reverse("api_document_file", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_used_in(self, document: MemberDocument) -> list[str]:
        usages: dict[int, list[str]] = self.context.get("usages") or {}
        return usages.get(document.pk, [])


class DocumentUploadSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=DocumentKind.choices, default=DocumentKind.OTHER)
    title = serializers.CharField(
        max_length=MemberDocument._meta.get_field("title").max_length,
        required=False,
        allow_blank=True,
        default="",
    )
    file = serializers.FileField(
        allow_empty_file=True,
        help_text=_("PDF, JPEG ou PNG ; le type est vérifié d'après le contenu."),
    )


def _user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated ran first
        raise TypeError("authenticated user expected")
    return user


def _member(request: Request) -> Member:
    member = _user(request).member
    if member is None:  # IsMember ran first
        raise TypeError("member expected")
    return member


def _serialized(request: Request, document: MemberDocument) -> dict[str, Any]:
    context = {"request": request, "usages": usages_by_document([document])}
    return DocumentSerializer(document, context=context).data


@extend_schema(tags=["documents"])
@extend_schema_view(
    get=extend_schema(
        description=_(
            "« Mes documents » : les documents de l'adhérent, du plus récent au plus ancien, "
            "avec les demandes auxquelles chacun est joint."
        )
    )
)
class DocumentListView(generics.ListAPIView[MemberDocument]):
    """ "Mes documents": the member's documents; POST uploads a new one."""

    permission_classes = MEMBER
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[MemberDocument]:
        return MemberDocument.objects.filter(member=_member(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        context = {**self.get_serializer_context(), "usages": usages_by_document(page)}
        data = DocumentSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    @extend_schema(
        description=_(
            "Dépose un fichier (multipart) : PDF, JPEG ou PNG, vérifié d'après son contenu. "
            "Le même fichier déjà déposé n'est pas enregistré deux fois : la réponse est alors "
            "200 avec le document existant."
        ),
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={
            201: DocumentSerializer,
            200: OpenApiResponse(
                DocumentSerializer, description=_("Le même fichier était déjà déposé : le voici.")
            ),
            400: ERROR,
            403: ERROR,
        },
    )
    def post(self, request: Request) -> Response:
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        try:
            document, created = store_or_reuse_document(
                member=_member(request),
                uploaded_by=_user(request),
                uploaded_file=data["file"],
                kind=data["kind"],
                title=data["title"],
            )
        except DjangoValidationError as error:
            return Response(
                {"code": error.code or "invalid_file", "detail": " ".join(error.messages)},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            _serialized(request, document),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema(tags=["documents"])
class DocumentDetailView(APIView):
    permission_classes = MEMBER

    @extend_schema(responses={200: DocumentSerializer, 403: ERROR, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_serialized(request, document_for_user(_user(request), pk)))

    @extend_schema(responses={204: None, 403: ERROR, 404: NOT_FOUND, 409: ERROR})
    def delete(self, request: Request, pk: int) -> Response:
        document = document_for_user(_user(request), pk)
        try:
            delete_document(member=_member(request), document=document)
        except DjangoValidationError as error:
            return Response(
                {"code": error.code or "in_use", "detail": " ".join(error.messages)},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["documents"])
class DocumentFileView(APIView):
    """The file itself, with the same headers as the web view (inline; ?download=1 to save)."""

    permission_classes = GATED

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        # A client may ask for application/pdf or image/*: the file is a FileResponse, which
        # DRF does not render, and a refusal falls back to JSON instead of 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "download",
                OpenApiTypes.INT,
                enum=[1],
                description=_("1 : à enregistrer (attachment) plutôt qu'à afficher (inline)."),
            )
        ],
        responses={
            **{(200, info.content_type): OpenApiTypes.BINARY for info in FILE_TYPES.values()},
            403: ERROR,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, pk: int) -> Any:
        document = document_for_user(_user(request), pk)
        return document_file_response(
            document, as_attachment=request.query_params.get("download") == "1"
        )


urlpatterns = [
    path("", DocumentListView.as_view(), name="api_documents"),
    path("<id:pk>/", DocumentDetailView.as_view(), name="api_document"),
    path("<id:pk>/file/", DocumentFileView.as_view(), name="api_document_file"),
]
