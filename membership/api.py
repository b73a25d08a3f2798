"""/api/v1/me/info/, /api/v1/me/family/ and /api/v1/me/change-requests/: "Mes informations" for
the mobile app, with the same services and access functions as the web pages. Mounted by
api/urls.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from accounts.models import User
from api.exceptions import INVALID_CODE, invalid_body
from api.permissions import IsMember, PassesAccountGates
from api.schema import INVALID
from api.serializers import ErrorSerializer, OptionalEmailField
from documents.access import document_for_user
from documents.models import DocumentKind, MemberDocument
from fos.fields import ApiIdField
from membership import services
from membership.access import change_request_for_member, child_for_member, spouse_for_member
from membership.constants import (
    CHANGE_DOCUMENT_ROLES,
    CHILD_KINDS,
    SPOUSE_KINDS,
    UPDATE_KINDS,
    ChangeKind,
    ChangeStatus,
)
from membership.models import ChangeRequest, ChangeRequestDocument
from membership.selectors import photo_of
from registry.membership import is_current_member
from registry.models import Child, Member, Spouse

MEMBER = [IsAuthenticated, PassesAccountGates, IsMember]
ERROR = OpenApiResponse(ErrorSerializer, description=_("Refus avec un code"))
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description=_("Aucune ligne de ce numéro parmi les vôtres")
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


def _invalid(error: DjangoValidationError) -> Response:
    """A service's refusal in the API's shape: one message per field (or per document role)."""
    if hasattr(error, "error_dict"):
        errors = {name: [str(m) for m in e.messages] for name, e in _grouped(error).items()}
        body = invalid_body(errors)
    else:
        messages = [str(m) for m in error.messages]
        body = invalid_body(
            {"non_field_errors": messages}, error.code or INVALID_CODE, " ".join(messages)
        )
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def _grouped(error: DjangoValidationError) -> dict[str, DjangoValidationError]:
    return {
        ("non_field_errors" if name == "__all__" else name): DjangoValidationError(errors)
        for name, errors in error.error_dict.items()
    }


# "kind" and "role" name other choice sets in the schema (documents, dossiers): an enum of ours
# under the same property name would rename theirs. These list their values in words instead.
ROLES = sorted({role for roles in CHANGE_DOCUMENT_ROLES.values() for role in roles})


@extend_schema_field(
    {"type": "string", "description": "rib | add_spouse | update_spouse | add_child | update_child"}
)
class ChangeKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ChangeKind.choices, **kwargs)


@extend_schema_field({"type": "string", "description": " | ".join(ROLES)})
class DocumentRoleField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[(role, DocumentKind(role).label) for role in ROLES], **kwargs)


# Mes informations ---------------------------------------------------------------------------


class PhotoSerializer(serializers.Serializer[Any]):
    document = serializers.IntegerField()
    file_url = serializers.URLField()


class MemberInfoSerializer(serializers.ModelSerializer[Member]):
    position_label = serializers.CharField(source="get_position_display", read_only=True)
    posting_province = serializers.SerializerMethodField()
    membership_status_label = serializers.CharField(
        source="get_membership_status_display", read_only=True
    )
    is_current_member = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField(
        help_text=_("La photo (document de « Mes documents ») : son numéro et son adresse.")
    )
    professional_email = OptionalEmailField(
        read_only=True, label=capfirst(Member._meta.get_field("professional_email").verbose_name)
    )
    private_email = OptionalEmailField(
        read_only=True, label=capfirst(Member._meta.get_field("private_email").verbose_name)
    )

    class Meta:
        model = Member
        fields = [
            "matricule",
            "cin",
            "last_name",
            "first_name",
            "last_name_ar",
            "first_name_ar",
            "birth_date",
            "sex",
            "position",
            "position_label",
            "pension_number",
            "grade_scale",
            "step",
            "recruitment_date",
            "posting_type",
            "posting_entity",
            "posting_city",
            "posting_province",
            "professional_email",
            "phone",
            "address",
            "private_email",
            "rib",
            "photo",
            "membership_status",
            "membership_status_label",
            "membership_since",
            "is_current_member",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_posting_province(self, member: Member) -> str | None:
        return member.posting_province.name if member.posting_province else None

    @extend_schema_field(serializers.BooleanField())
    def get_is_current_member(self, member: Member) -> bool:
        return is_current_member(member)

    @extend_schema_field(PhotoSerializer(allow_null=True))
    def get_photo(self, member: Member) -> dict[str, Any] | None:
        document = photo_of(member)
        if document is None:
            return None
        url = reverse("api_document_file", args=[document.pk])
        request = self.context.get("request")
        return {
            "document": document.pk,
            "file_url": request.build_absolute_uri(url) if request is not None else url,
        }


class ContactUpdateSerializer(serializers.Serializer[Any]):
    phone = serializers.CharField(required=False, allow_blank=True, max_length=25)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    private_email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    photo_document = ApiIdField(
        required=False,
        help_text=_(
            "Le numéro d'une image JPEG ou PNG déjà déposée (POST documents/) à prendre "
            "comme photo."
        ),
    )


def _member_row(member: Member) -> Member:
    return Member.objects.select_related("posting_province", "photo").get(pk=member.pk)


@extend_schema(tags=["mes informations"])
class MemberInfoView(APIView):
    """ "Mes informations": the registry data, and the contact data the member keeps."""

    permission_classes = MEMBER

    @extend_schema(responses={200: MemberInfoSerializer, 403: ERROR})
    def get(self, request: Request) -> Response:
        member = _member_row(_member(request))
        return Response(MemberInfoSerializer(member, context={"request": request}).data)

    @extend_schema(
        description=_(
            "Met à jour tout de suite le téléphone, l'adresse, l'adresse électronique personnelle "
            "et la photo (les champs absents restent tels quels). Le RIB, le conjoint et les "
            "enfants passent par une demande de modification (change-requests/)."
        ),
        request=ContactUpdateSerializer,
        responses={200: MemberInfoSerializer, 400: INVALID, 403: ERROR},
    )
    def patch(self, request: Request) -> Response:
        payload = ContactUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user, member = _user(request), _member_row(_member(request))
        try:
            services.update_contact(
                member=member,
                user=user,
                phone=data.get("phone", member.phone),
                address=data.get("address", member.address),
                private_email=data.get("private_email", member.private_email),
            )
            if "photo_document" in data:
                _choose_photo(user=user, member=member, pk=data["photo_document"])
        except DjangoValidationError as error:
            return _invalid(error)
        return Response(
            MemberInfoSerializer(_member_row(member), context={"request": request}).data
        )


def _choose_photo(*, user: User, member: Member, pk: int) -> None:
    try:
        document = document_for_user(user, pk)
    except Http404:  # not one of the member's documents
        raise DjangoValidationError(
            {"photo_document": [_("Aucun document de ce numéro parmi les vôtres.")]}
        ) from None
    with document.file.open("rb") as handle:
        try:
            services.set_photo(member=member, user=user, uploaded_file=handle)
        except DjangoValidationError as error:
            raise DjangoValidationError({"photo_document": error.messages}) from None


# Family ------------------------------------------------------------------------------------


class SpouseSerializer(serializers.ModelSerializer[Spouse]):
    pending_request = serializers.SerializerMethodField()

    class Meta:
        model = Spouse
        fields = [
            "id",
            "last_name",
            "first_name",
            "last_name_ar",
            "first_name_ar",
            "cin",
            "birth_date",
            "sex",
            "marriage_date",
            "pending_request",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_pending_request(self, spouse: Spouse) -> int | None:
        return self.context.get("pending_spouses", {}).get(spouse.pk)


class ChildSerializer(serializers.ModelSerializer[Child]):
    pending_request = serializers.SerializerMethodField()
    age = serializers.SerializerMethodField()

    class Meta:
        model = Child
        fields = [
            "id",
            "first_name",
            "first_name_ar",
            "birth_date",
            "age",
            "sex",
            "school_level",
            "has_disability",
            "pending_request",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_age(self, child: Child) -> int:
        return child.age()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_pending_request(self, child: Child) -> int | None:
        return self.context.get("pending_children", {}).get(child.pk)


class FamilySerializer(serializers.Serializer[Any]):
    spouses = SpouseSerializer(many=True)
    children = ChildSerializer(many=True)


@extend_schema(tags=["mes informations"])
class FamilyView(APIView):
    """The spouse(s) and children the registry knows, each with its pending request if any."""

    permission_classes = MEMBER

    @extend_schema(responses={200: FamilySerializer, 403: ERROR})
    def get(self, request: Request) -> Response:
        member = _member(request)
        pending = ChangeRequest.objects.filter(
            member=member, status=ChangeStatus.PENDING, kind__in=UPDATE_KINDS
        ).values_list("kind", "spouse_id", "child_id", "pk")
        context = {
            "pending_spouses": {s: pk for kind, s, _c, pk in pending if kind in SPOUSE_KINDS},
            "pending_children": {c: pk for kind, _s, c, pk in pending if kind in CHILD_KINDS},
        }
        data = {
            "spouses": SpouseSerializer(member.spouses.all(), many=True, context=context).data,
            "children": ChildSerializer(member.children.all(), many=True, context=context).data,
        }
        return Response(data)


# Change requests ---------------------------------------------------------------------------


class AttachedDocumentSerializer(serializers.ModelSerializer[ChangeRequestDocument]):
    role = DocumentRoleField(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    title = serializers.CharField(source="document.__str__", read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = ChangeRequestDocument
        fields = ["role", "role_label", "document", "title", "file_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, attachment: ChangeRequestDocument) -> str:
        url = reverse("api_document_file", args=[attachment.document_id])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ChangeRequestSerializer(serializers.ModelSerializer[ChangeRequest]):
    kind = ChangeKindField(read_only=True)
    reference = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    subject = serializers.CharField(source="subject_label", read_only=True)
    documents = AttachedDocumentSerializer(source="attachments", many=True, read_only=True)

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "reference",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "subject",
            "spouse",
            "child",
            "proposed",
            "before",
            "after",
            "documents",
            "created_at",
            "decided_at",
            "reason",
        ]
        read_only_fields = fields


class DocumentChoiceSerializer(serializers.Serializer[Any]):
    role = DocumentRoleField()
    document = ApiIdField(help_text=_("Le numéro d'un document déjà déposé (POST documents/)."))


class ChangeRequestCreateSerializer(serializers.Serializer[Any]):
    kind = ChangeKindField()
    spouse = ApiIdField(required=False, help_text=_("Le conjoint corrigé (update_spouse)."))
    child = ApiIdField(required=False, help_text=_("L'enfant corrigé (update_child)."))
    proposed = serializers.DictField(
        help_text=_(
            "Les valeurs proposées : rib ; ou last_name, first_name, last_name_ar, "
            "first_name_ar, cin, birth_date (AAAA-MM-JJ), sex (M/F), marriage_date pour un "
            "conjoint ; ou first_name, first_name_ar, birth_date, sex, school_level, "
            "has_disability pour un enfant. Pour une correction, les champs absents gardent "
            "leur valeur."
        )
    )
    documents = DocumentChoiceSerializer(many=True, required=False, default=list)


def _requests(member: Member) -> QuerySet[ChangeRequest]:
    return (
        ChangeRequest.objects.filter(member=member)
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=ChangeRequestDocument.objects.select_related("document").order_by("id"),
            )
        )
        .order_by("-created_at", "-id")
    )


@extend_schema(tags=["mes informations"])
class ChangeRequestListView(generics.ListAPIView[ChangeRequest]):
    """The member's change requests, newest first; POST makes a new one."""

    permission_classes = MEMBER
    serializer_class = ChangeRequestSerializer

    def get_queryset(self) -> QuerySet[ChangeRequest]:
        return _requests(_member(self.request))

    @extend_schema(
        description=_(
            "Demande un changement de RIB, l'ajout ou la correction d'un conjoint ou d'un "
            "enfant. Les pièces justificatives sont des documents déjà déposés (POST "
            "documents/) : attestation de RIB, acte de mariage, extrait d'acte de naissance, "
            "certificat de scolarité (niveau scolaire), carte de handicap. Un seul changement "
            "de RIB et une seule demande par personne peuvent être en attente."
        ),
        request=ChangeRequestCreateSerializer,
        responses={201: ChangeRequestSerializer, 400: INVALID, 403: ERROR, 404: NOT_FOUND},
    )
    def post(self, request: Request) -> Response:
        payload = ChangeRequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user, member = _user(request), _member(request)
        kind = data["kind"]
        spouse = child = None
        if kind == ChangeKind.UPDATE_SPOUSE and "spouse" in data:
            spouse = spouse_for_member(user, data["spouse"])
        if kind == ChangeKind.UPDATE_CHILD and "child" in data:
            child = child_for_member(user, data["child"])
        if kind in UPDATE_KINDS and spouse is None and child is None:
            field = "spouse" if kind == ChangeKind.UPDATE_SPOUSE else "child"
            errors = {field: [str(_("Indiquez la personne à corriger."))]}
            return Response(invalid_body(errors), status=status.HTTP_400_BAD_REQUEST)
        try:
            documents = _chosen_documents(user, kind, data["documents"])
            change = services.request_change(
                member=member,
                user=user,
                kind=kind,
                data=data["proposed"],
                spouse=spouse,
                child=child,
                documents=documents,
            )
        except DjangoValidationError as error:
            return _invalid(error)
        change = _requests(member).get(pk=change.pk)
        return Response(
            ChangeRequestSerializer(change, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


def _chosen_documents(
    user: User, kind: str, choices: list[dict[str, Any]]
) -> dict[str, MemberDocument]:
    allowed = CHANGE_DOCUMENT_ROLES[kind]
    chosen: dict[str, MemberDocument] = {}
    for choice in choices:
        role = choice["role"]
        if role not in allowed:
            raise DjangoValidationError(
                {role: [_("Cette pièce n'est pas demandée pour ce type de demande.")]}
            )
        try:
            chosen[role] = document_for_user(user, choice["document"])
        except Http404:  # not one of the member's documents
            raise DjangoValidationError(
                {role: [_("Aucun document de ce numéro parmi les vôtres.")]}
            ) from None
        if chosen[role].member_id != user.member_id:
            raise PermissionDenied
    return chosen


@extend_schema(tags=["mes informations"])
class ChangeRequestDetailView(APIView):
    permission_classes = MEMBER

    @extend_schema(responses={200: ChangeRequestSerializer, 403: ERROR, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        change = change_request_for_member(_user(request), pk)
        change = _requests(_member(request)).get(pk=change.pk)
        return Response(ChangeRequestSerializer(change, context={"request": request}).data)


@extend_schema(tags=["mes informations"])
class ChangeRequestWithdrawView(APIView):
    permission_classes = MEMBER

    @extend_schema(
        request=None,
        description=_("Retire une demande en attente ; 409 si elle a déjà été traitée."),
        responses={200: ChangeRequestSerializer, 403: ERROR, 404: NOT_FOUND, 409: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        user, member = _user(request), _member(request)
        change = change_request_for_member(user, pk)
        try:
            services.withdraw_change(member=member, user=user, request_id=change.pk)
        except services.AlreadyDecidedError:
            return Response(
                {
                    "code": "already_decided",
                    "detail": str(
                        _("Cette demande a déjà été traitée : elle ne peut plus être retirée.")
                    ),
                },
                status=status.HTTP_409_CONFLICT,
            )
        change = _requests(member).get(pk=change.pk)
        return Response(ChangeRequestSerializer(change, context={"request": request}).data)


urlpatterns = [
    path("me/info/", MemberInfoView.as_view(), name="api_member_info"),
    path("me/family/", FamilyView.as_view(), name="api_member_family"),
    path("me/change-requests/", ChangeRequestListView.as_view(), name="api_change_requests"),
    path(
        "me/change-requests/<id:pk>/",
        ChangeRequestDetailView.as_view(),
        name="api_change_request",
    ),
    path(
        "me/change-requests/<id:pk>/withdraw/",
        ChangeRequestWithdrawView.as_view(),
        name="api_change_request_withdraw",
    ),
]
