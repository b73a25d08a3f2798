"""/api/v1/mail/: a member's letters to the mail desk, with the same services and access
function as the web pages. Mounted by api/urls.py. Internal notes never appear here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils.translation import get_language
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
from accounts.views import site_url
from api.permissions import IsMember, PassesAccountGates
from api.serializers import ErrorSerializer
from correspondence import services
from correspondence.access import attachment_of, letter_for_member
from correspondence.constants import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, Actor
from correspondence.http import attachment_response
from correspondence.models import Letter, LetterAttachment, LetterMessage
from correspondence.selectors import letter_page, member_letters
from documents.constants import FILE_TYPES

MEMBER = [IsAuthenticated, PassesAccountGates, IsMember]
ERROR = OpenApiResponse(ErrorSerializer, description=_("Refus avec un code"))
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description=_("Aucun courrier de ce numéro parmi les vôtres")
)

# field_errors: "attachments" holds one message per refused file.
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description=_("Courrier ou fichier refusé : un message par champ (un par fichier refusé)."),
)


def _absolute(request: Any, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


class AttachmentSerializer(serializers.ModelSerializer[LetterAttachment]):
    file_url = serializers.SerializerMethodField(help_text=_("Le fichier (même jeton)."))

    class Meta:
        model = LetterAttachment
        fields = ["id", "original_name", "content_type", "size", "page_count", "file_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, attachment: LetterAttachment) -> str:
        url = reverse("api_mail_attachment", args=[attachment.letter_id, attachment.pk])
        return _absolute(self.context.get("request"), url)


class ThreadMessageSerializer(serializers.ModelSerializer[LetterMessage]):
    from_sender = serializers.SerializerMethodField(
        help_text=_("Vrai pour vos messages, faux pour les réponses de la Fondation.")
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = LetterMessage
        fields = ["id", "from_sender", "body", "created_at", "attachments"]
        read_only_fields = fields

    def get_from_sender(self, message: LetterMessage) -> bool:
        return message.author_role == Actor.SENDER


class LetterSerializer(serializers.ModelSerializer[Letter]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["id", "reference", "subject", "status", "status_label", "received_at", "url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, letter: Letter) -> str:
        return _absolute(self.context.get("request"), reverse("api_mail_letter", args=[letter.pk]))


class LetterDetailSerializer(LetterSerializer):
    service = serializers.SerializerMethodField(
        help_text=_("Le service auquel le courrier a été transmis, s'il l'a été.")
    )
    attachments = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField(
        help_text=_("Vos messages et les réponses de la Fondation, du plus ancien au plus récent.")
    )
    can_reply = serializers.SerializerMethodField(
        help_text=_("Vrai tant que le courrier n'est pas clos.")
    )

    class Meta(LetterSerializer.Meta):
        fields = [
            *LetterSerializer.Meta.fields,
            "body",
            "service",
            "attachments",
            "messages",
            "can_reply",
        ]
        read_only_fields = fields

    def get_service(self, letter: Letter) -> str | None:
        return str(letter.service) if letter.service is not None else None

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, letter: Letter) -> Any:
        page = self.context["page"]
        return AttachmentSerializer(page.attachments, many=True, context=self.context).data

    @extend_schema_field(ThreadMessageSerializer(many=True))
    def get_messages(self, letter: Letter) -> Any:
        page = self.context["page"]
        return ThreadMessageSerializer(page.messages, many=True, context=self.context).data

    def get_can_reply(self, letter: Letter) -> bool:
        return not letter.is_closed


def _attachments_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        default=list,
        help_text=_(
            "Jusqu'à MAIL_DESK_MAX_FILES fichiers (5 par défaut) PDF, JPEG ou PNG, vérifiés "
            "d'après leur contenu ; un champ « attachments » par fichier."
        ),
    )


class LetterCreateSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField(max_length=SUBJECT_MAX_LENGTH)
    body = serializers.CharField(max_length=BODY_MAX_LENGTH)
    attachments = _attachments_field()


class ReplySerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=BODY_MAX_LENGTH)
    attachments = _attachments_field()


def _user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated ran first
        raise TypeError("authenticated user expected")
    return user


def _refused(error: DjangoValidationError) -> Response:
    errors: dict[str, list[str]] = {}
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            errors[field] = [m for e in field_errors for m in e.messages]
        codes = [e.code for field_errors in error.error_dict.values() for e in field_errors]
    else:
        errors["non_field_errors"] = list(error.messages)
        codes = [e.code for e in error.error_list]
    code = next((c for c in codes if c), "invalid")
    return Response(
        {"code": code, "detail": " ".join(error.messages), "field_errors": errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _detail(request: Request, letter: Letter, *, http_status: int = 200) -> Response:
    context = {"request": request, "page": letter_page(letter, staff=False)}
    return Response(LetterDetailSerializer(letter, context=context).data, status=http_status)


@extend_schema(tags=["mail"])
@extend_schema_view(
    get=extend_schema(
        description=_("Le courrier de l'adhérent au bureau d'ordre, du plus récent au plus ancien.")
    )
)
class LetterListView(generics.ListAPIView[Letter]):
    """ "Courrier": the member's letters; POST sends a new one."""

    permission_classes = MEMBER
    serializer_class = LetterSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Letter]:
        member = _user(self.request).member
        if member is None:  # IsMember ran first
            raise TypeError("member expected")
        return member_letters(member)

    @extend_schema(
        description=_(
            "Envoie un courrier au bureau d'ordre (multipart) ; la réponse porte sa référence "
            "BO-AAAA-NNNNNN. Un récépissé est envoyé par courriel."
        ),
        request={"multipart/form-data": LetterCreateSerializer},
        responses={201: LetterDetailSerializer, 400: REFUSED, 403: ERROR},
    )
    def post(self, request: Request) -> Response:
        incoming = LetterCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            sent = services.send_letter(
                subject=data["subject"],
                body=data["body"],
                attachments=data["attachments"],
                language=get_language() or settings.LANGUAGE_CODE,
                user=_user(request),
                site_url=site_url(request._request),
            )
        except DjangoValidationError as error:
            return _refused(error)
        return _detail(request, sent.letter, http_status=status.HTTP_201_CREATED)


@extend_schema(tags=["mail"])
class LetterDetailView(APIView):
    permission_classes = MEMBER

    @extend_schema(responses={200: LetterDetailSerializer, 403: ERROR, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return _detail(request, letter_for_member(_user(request), pk))


@extend_schema(tags=["mail"])
class LetterReplyView(APIView):
    permission_classes = MEMBER
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        description=_(
            "Ajoute un message (et des pièces jointes) au courrier tant qu'il n'est pas clos. "
            "La réponse est le courrier à jour."
        ),
        request={"multipart/form-data": ReplySerializer},
        responses={201: LetterDetailSerializer, 400: REFUSED, 403: ERROR, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        letter = letter_for_member(_user(request), pk)
        incoming = ReplySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            services.add_sender_message(
                letter=letter,
                body=data["body"],
                attachments=data["attachments"],
                user=_user(request),
                site_url=site_url(request._request),
            )
        except DjangoValidationError as error:
            return _refused(error)
        letter.refresh_from_db()
        return _detail(request, letter, http_status=status.HTTP_201_CREATED)


@extend_schema(tags=["mail"])
class AttachmentFileView(APIView):
    """The file itself, with the same headers as the web view (inline; ?download=1 to save)."""

    permission_classes = MEMBER

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        # The file is a FileResponse, which DRF does not render; a refusal falls back to JSON.
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
    def get(self, request: Request, pk: int, attachment: int) -> Any:
        letter = letter_for_member(_user(request), pk)
        found = attachment_of(letter, attachment, staff=False)
        return attachment_response(found, as_attachment=request.query_params.get("download") == "1")


urlpatterns = [
    path("", LetterListView.as_view(), name="api_mail"),
    path("<id:pk>/", LetterDetailView.as_view(), name="api_mail_letter"),
    path("<id:pk>/messages/", LetterReplyView.as_view(), name="api_mail_reply"),
    path(
        "<id:pk>/attachments/<id:attachment>/",
        AttachmentFileView.as_view(),
        name="api_mail_attachment",
    ),
]
