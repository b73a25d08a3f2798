"""/api/v1/ services, campaigns and dossiers: the same selectors, services and access function
as the member pages (mounted by api/urls.py). Money is a decimal string, never a float."""

from __future__ import annotations

import uuid
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
)
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from accounts.models import User
from api.permissions import IsMember, PassesAccountGates
from api.serializers import ErrorSerializer, FieldsBuiltOnce
from catalog.constants import BeneficiaryType
from documents.models import MemberDocument
from dossiers import selectors, services
from dossiers.constants import DossierStatus
from dossiers.errors import ConflictError, DossierError, SubmissionRefused
from dossiers.models import Dossier, DossierAttachment, DossierEvent
from dossiers.wizard import request_shape
from fos.fields import ApiDateField, ApiIdField, ApiMoneyField

MEMBER = [IsAuthenticated, PassesAccountGates, IsMember]
ERROR = OpenApiResponse(ErrorSerializer, description=_("Refus avec un code"))
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description=_("Aucun dossier de ce numéro parmi les vôtres")
)
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated ran first
        raise TypeError("authenticated user expected")
    return user


def _error(code: str, detail: str, http_status: int, **extra: Any) -> Response:
    return Response({"code": code, "detail": detail, **extra}, status=http_status)


# Catalogue with eligibility --------------------------------------------------------------------


class ServiceDocumentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    help = serializers.CharField()
    accepted_types = serializers.ListField(child=serializers.CharField())
    max_size_mb = serializers.IntegerField()
    combined_pdf = serializers.BooleanField()
    is_required = serializers.BooleanField()


class ServiceMotiveSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class CampaignOfferSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="campaign.id")
    service = serializers.CharField(source="campaign.service.code")
    name = serializers.CharField(source="campaign.name")
    year = serializers.IntegerField(source="campaign.year", allow_null=True)
    opens_at = serializers.DateTimeField(source="campaign.opens_at")
    closes_at = serializers.DateTimeField(source="campaign.closes_at")
    invoice_date_from = serializers.DateField(source="campaign.invoice_date_from", allow_null=True)
    invoice_date_to = serializers.DateField(source="campaign.invoice_date_to", allow_null=True)
    available = serializers.BooleanField(
        help_text=_("Vrai quand l'adhérent peut demander dans cette campagne.")
    )
    refusals = serializers.ListField(
        child=serializers.CharField(), help_text=_("Pourquoi il ne le peut pas.")
    )


class ServiceOfferSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(source="service.code")
    name = serializers.CharField(source="service.name")
    category = serializers.CharField(source="service.category.name")
    icon = serializers.CharField(source="service.icon")
    description = serializers.CharField(source="service.description")
    conditions = serializers.CharField(source="service.conditions")
    pays_money = serializers.BooleanField(source="service.pays_money")
    currency = serializers.CharField(source="service.currency")
    steps = serializers.ListField(child=serializers.CharField())
    asks_motive = serializers.BooleanField()
    asks_amount = serializers.BooleanField(
        help_text=_("La demande porte un montant déclaré (declared_amount).")
    )
    asks_invoice_date = serializers.BooleanField()
    motives = ServiceMotiveSerializer(many=True, source="service.motives.all")
    documents = ServiceDocumentSerializer(many=True, source="service.documents.all")
    originals = serializers.ListField(child=serializers.CharField(), source="service.originals")
    originals_deadline_days = serializers.IntegerField(
        source="service.originals_deadline_days", allow_null=True
    )
    available = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    campaigns = CampaignOfferSerializer(many=True, source="offers")


def _service_rows(user: User) -> list[dict[str, Any]]:
    dashboard = selectors.member_dashboard(user)
    rows = []
    for tile in dashboard.tiles:
        shape = request_shape(tile.service)
        rows.append(
            {
                "service": tile.service,
                "steps": list(shape.steps),
                "asks_motive": shape.asks_motive,
                "asks_amount": shape.asks_amount,
                "asks_invoice_date": shape.asks_invoice_date,
                "available": tile.available,
                "reasons": tile.reasons,
                "offers": tile.offers,
            }
        )
    return rows


@extend_schema(tags=["services"])
class ServiceListView(APIView):
    """The active services, what each asks for, and whether the member may ask now (and why not)."""

    permission_classes = MEMBER

    @extend_schema(responses={200: ServiceOfferSerializer(many=True), 403: ERROR})
    def get(self, request: Request) -> Response:
        return Response(ServiceOfferSerializer(_service_rows(_user(request)), many=True).data)


@extend_schema(tags=["services"])
class CampaignListView(APIView):
    """The campaigns open now, each with whether the member may ask in it."""

    permission_classes = MEMBER

    @extend_schema(responses={200: CampaignOfferSerializer(many=True), 403: ERROR})
    def get(self, request: Request) -> Response:
        offers = [offer for row in _service_rows(_user(request)) for offer in row["offers"]]
        return Response(CampaignOfferSerializer(offers, many=True).data)


# Dossiers ---------------------------------------------------------------------------------------


class DossierBeneficiarySerializer(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=BeneficiaryType.choices)
    id = serializers.IntegerField(
        allow_null=True, help_text=_("Conjoint ou enfant ; vide pour l'adhérent.")
    )
    name = serializers.CharField()


def _beneficiary(dossier: Dossier) -> dict[str, Any]:
    return {
        "type": dossier.beneficiary_type,
        "id": dossier.spouse_id or dossier.child_id,
        "name": dossier.beneficiary_name,
    }


class DossierRowSerializer(FieldsBuiltOnce, serializers.ModelSerializer[Dossier]):
    service = serializers.CharField(source="service.code")
    service_name = serializers.CharField(source="service.name")
    campaign = serializers.IntegerField(source="campaign_id")
    status_label = serializers.CharField(source="get_status_display")
    beneficiary = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "number",
            "year",
            "service",
            "service_name",
            "campaign",
            "beneficiary",
            "status",
            "status_label",
            "declared_amount",
            "computed_amount",
            "approved_amount",
            "submitted_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(DossierBeneficiarySerializer)
    def get_beneficiary(self, dossier: Dossier) -> dict[str, Any]:
        return _beneficiary(dossier)


class DossierEventSerializer(FieldsBuiltOnce, serializers.ModelSerializer[DossierEvent]):
    status = serializers.CharField(source="to_status")
    status_label = serializers.CharField(source="get_to_status_display")

    class Meta:
        model = DossierEvent
        fields = ["at", "from_status", "status", "status_label", "reason"]
        read_only_fields = fields


class DossierAttachmentSerializer(FieldsBuiltOnce, serializers.ModelSerializer[DossierAttachment]):
    title = serializers.CharField(source="document.__str__")
    required_document_name = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = DossierAttachment
        fields = [
            "id",
            "role",
            "required_document",
            "required_document_name",
            "document",
            "title",
            "added_at",
            "file_url",
        ]
        read_only_fields = fields

    def get_required_document_name(self, attachment: DossierAttachment) -> str:
        required = attachment.required_document
        return required.name if required is not None else ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, attachment: DossierAttachment) -> str:
        url = reverse("api_document_file", args=[attachment.document_id])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class DossierDetailSerializer(DossierRowSerializer):
    motive = serializers.SerializerMethodField()
    timeline = DossierEventSerializer(many=True, source="page_events")
    attachments = DossierAttachmentSerializer(many=True, source="page_attachments")
    documents_request = serializers.SerializerMethodField(
        help_text=_("Le message de l'agent quand des documents sont demandés.")
    )
    can_cancel = serializers.SerializerMethodField()

    class Meta(DossierRowSerializer.Meta):
        fields = [
            *DossierRowSerializer.Meta.fields,
            "motive",
            "invoice_date",
            "originals_deadline",
            "originals",
            "can_cancel",
            "documents_request",
            "timeline",
            "attachments",
        ]
        read_only_fields = fields

    originals = serializers.ListField(child=serializers.CharField(), source="service.originals")

    def get_motive(self, dossier: Dossier) -> str | None:
        return dossier.motive.name if dossier.motive is not None else None

    def get_can_cancel(self, dossier: Dossier) -> bool:
        return dossier.status == DossierStatus.SUBMITTED

    def get_documents_request(self, dossier: Dossier) -> str | None:
        request = getattr(dossier, "page_request", None)
        return request.reason if request is not None else None


def _detail(
    request: Request, dossier: Dossier, page: selectors.DossierPage | None = None
) -> dict[str, Any]:
    page = page or selectors.dossier_page(dossier)
    dossier.page_events = page.events  # type: ignore[attr-defined]
    dossier.page_attachments = page.attachments  # type: ignore[attr-defined]
    dossier.page_request = page.documents_request  # type: ignore[attr-defined]
    return DossierDetailSerializer(dossier, context={"request": request}).data


class DossierDocumentChoiceSerializer(serializers.Serializer[Any]):
    required_document = ApiIdField(
        help_text=_("Le document demandé par le service (services/ → documents).")
    )
    document = ApiIdField(help_text=_("Un de vos documents (documents/)."))


class DossierCreateSerializer(serializers.Serializer[Any]):
    campaign = ApiIdField(help_text=_("Une campagne ouverte (campaigns/)."))
    beneficiary_type = serializers.ChoiceField(
        choices=BeneficiaryType.choices, default=BeneficiaryType.MEMBER
    )
    spouse = ApiIdField(required=False, allow_null=True)
    child = ApiIdField(required=False, allow_null=True)
    motive = ApiIdField(required=False, allow_null=True)
    declared_amount = ApiMoneyField(required=False, allow_null=True)
    invoice_date = ApiDateField(required=False, allow_null=True)
    rib = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Un nouveau RIB de 24 chiffres ; avec rib_attestation."),
    )
    rib_attestation = ApiIdField(required=False, allow_null=True)
    documents = DossierDocumentChoiceSerializer(many=True, required=False, default=list)
    idempotency_key = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_(
            "Une clé choisie par l'application pour cette demande (ou l'en-tête "
            "Idempotency-Key) : renvoyer la même clé rend le dossier déjà créé."
        ),
    )


class SubmissionRefusalSerializer(ErrorSerializer):
    messages = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("Pour une demande refusée (submission_refused) : chaque raison."),
    )


REFUSED = OpenApiResponse(
    SubmissionRefusalSerializer,
    description=_("Demande refusée (chaque raison) ou saisie refusée (un message par champ)"),
)


def _idempotency_key(request: Request, given: uuid.UUID | None) -> uuid.UUID | None:
    if given is not None:
        return given
    header = request.headers.get(IDEMPOTENCY_HEADER, "")
    try:
        return uuid.UUID(header) if header else None
    except ValueError:
        return None


def _refused(error: SubmissionRefused) -> Response:
    return _error(error.code, error.message, status.HTTP_400_BAD_REQUEST, messages=error.messages)


@extend_schema(tags=["dossiers"])
class DossierListView(generics.ListAPIView[Dossier]):
    """The member's sent dossiers, newest first (paginated); POST makes and sends one."""

    permission_classes = MEMBER
    serializer_class = DossierRowSerializer

    def get_queryset(self) -> QuerySet[Dossier]:
        return selectors.member_dossier_rows(self.request.user)

    @extend_schema(
        description=_(
            "Fait et envoie une demande en un appel, avec les mêmes vérifications que "
            "« Terminer ». La même clé d'idempotence renvoie le dossier déjà créé (200)."
        ),
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.UUID,
                OpenApiParameter.HEADER,
                required=False,
                description=_("Ou le champ idempotency_key."),
            )
        ],
        request=DossierCreateSerializer,
        responses={
            201: DossierDetailSerializer,
            200: OpenApiResponse(
                DossierDetailSerializer, description=_("Cette clé a déjà servi : le dossier.")
            ),
            400: REFUSED,
            403: ERROR,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = DossierCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key = _idempotency_key(request, data.get("idempotency_key"))
        if key is None:
            return _error(
                "idempotency_key_required",
                str(_("Indiquez une clé d'idempotence (UUID), en champ ou en en-tête.")),
                status.HTTP_400_BAD_REQUEST,
            )
        member_id = int(_user(request).member_id or 0)
        campaign = selectors.campaign_for_request(data["campaign"])
        if campaign is None:
            # A retry is answered, not judged: the service may have been turned off since the
            # first call (create_and_submit looks the key up before its rules otherwise).
            made = services.dossier_for_key(member_id, key)
            if made is not None:
                return self._made_before(request, made)
            return _error(
                "unknown_campaign",
                str(_("Cette campagne n'existe pas.")),
                status.HTTP_400_BAD_REQUEST,
            )
        new = services.NewRequest(
            campaign=campaign,
            idempotency_key=key,
            data=services.StepData(
                beneficiary_type=data["beneficiary_type"],
                spouse_id=data.get("spouse"),
                child_id=data.get("child"),
                motive_id=data.get("motive"),
                declared_amount=data.get("declared_amount"),
                invoice_date=data.get("invoice_date"),
                new_rib=data.get("rib", ""),
            ),
            documents=tuple((d["required_document"], d["document"]) for d in data["documents"]),
            rib_attestation_id=data.get("rib_attestation"),
            service=campaign.service,
        )
        try:
            dossier, created = services.create_and_submit(
                member=member_id, user=_user(request), request=new
            )
        except SubmissionRefused as refused:
            return _refused(refused)
        except DossierError as error:
            return _error(error.code, error.message, status.HTTP_400_BAD_REQUEST)
        # A new dossier comes back from the service with what the answer shows already read
        # (with no document given, its timeline is the submission and it has no attachment);
        # one sent before (the same key again) is read as a GET would.
        if not created:
            return self._made_before(request, dossier)
        event = dossier.submission_event
        page = None
        if event is not None and not new.attaches:
            page = selectors.DossierPage(dossier, [event], [])
        return Response(_detail(request, dossier, page), status=status.HTTP_201_CREATED)

    def _made_before(self, request: Request, dossier: Dossier) -> Response:
        """The dossier this key made, read as a GET would (the first answer's body)."""
        found = selectors.dossier_for_member(_user(request), dossier.pk)
        return Response(_detail(request, found), status=status.HTTP_200_OK)


@extend_schema(tags=["dossiers"])
class DossierDetailView(APIView):
    permission_classes = MEMBER

    @extend_schema(responses={200: DossierDetailSerializer, 403: ERROR, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(request, selectors.dossier_for_member(_user(request), pk)))


class DossierCancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("La version lue ; si le dossier a changé depuis, la réponse est 409."),
    )


@extend_schema(tags=["dossiers"])
class DossierCancelView(APIView):
    """The member withdraws a sent dossier, only before an agent takes it in review."""

    permission_classes = MEMBER

    @extend_schema(
        request=DossierCancelSerializer,
        responses={200: DossierDetailSerializer, 403: ERROR, 404: NOT_FOUND, 409: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        dossier = selectors.dossier_for_member(user, pk)
        serializer = DossierCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.cancel_dossier(
                dossier=dossier,
                user=user,
                reason=serializer.validated_data["reason"],
                expected_version=serializer.validated_data.get("version"),
            )
        except (ConflictError, DossierError) as error:
            return _error(error.code, error.message, status.HTTP_409_CONFLICT)
        return Response(_detail(request, selectors.dossier_for_member(user, pk)))


class DossierAnswerSerializer(serializers.Serializer[Any]):
    documents = serializers.ListField(
        child=ApiIdField(), min_length=1, help_text=_("Vos documents (documents/).")
    )
    message = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


@extend_schema(tags=["dossiers"])
class DossierAnswerView(APIView):
    """The member answers a request for documents with documents already uploaded."""

    permission_classes = MEMBER

    @extend_schema(
        request=DossierAnswerSerializer,
        responses={200: DossierDetailSerializer, 400: ERROR, 404: NOT_FOUND, 409: ERROR},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        dossier = selectors.dossier_for_member(user, pk)
        serializer = DossierAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wanted = serializer.validated_data["documents"]
        found = MemberDocument.objects.filter(member=dossier.member_id).in_bulk(wanted)
        if len(found) != len(set(wanted)):
            return _error(
                "unknown_document",
                str(_("Un de ces documents n'est pas dans vos documents.")),
                status.HTTP_400_BAD_REQUEST,
            )
        try:
            services.answer_documents_request(
                dossier=dossier,
                user=user,
                documents=[found[pk] for pk in dict.fromkeys(wanted)],
                message=serializer.validated_data["message"],
            )
        except DjangoValidationError as error:
            return _error("invalid", " ".join(error.messages), status.HTTP_400_BAD_REQUEST)
        except DossierError as error:
            return _error(error.code, error.message, status.HTTP_409_CONFLICT)
        return Response(_detail(request, selectors.dossier_for_member(user, pk)))


urlpatterns = [
    path("services/", ServiceListView.as_view(), name="api_services"),
    path("campaigns/", CampaignListView.as_view(), name="api_campaigns"),
    path("dossiers/", DossierListView.as_view(), name="api_dossiers"),
    path("dossiers/<id:pk>/", DossierDetailView.as_view(), name="api_dossier"),
    path("dossiers/<id:pk>/cancel/", DossierCancelView.as_view(), name="api_dossier_cancel"),
    path("dossiers/<id:pk>/answer/", DossierAnswerView.as_view(), name="api_dossier_answer"),
]
