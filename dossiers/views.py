"""Member pages: dashboard, service page, the request wizard, the dossier page.

Thin: each view reads through ``selectors`` (every dossier through ``dossier_for_member``),
changes through ``services``, and renders.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.roles import is_staff_user
from accounts.views import member_required
from catalog import snapshot
from catalog.constants import Step
from catalog.models import Campaign, RequiredDocument, Service
from catalog.rules import eligible_beneficiaries
from documents.constants import LIBRARY_MAX_SIZE_MB
from documents.models import DocumentKind, MemberDocument
from documents.services import store_document
from dossiers import pagecache, selectors, services
from dossiers.constants import AttachmentRole, DossierStatus
from dossiers.errors import DossierError, SubmissionRefused
from dossiers.forms import (
    AnswerForm,
    BeneficiaryForm,
    CancelForm,
    ConfirmForm,
    MotiveForm,
    RibForm,
    UploadsForm,
    dossier_beneficiary_value,
    reuse_field_name,
    upload_field_name,
)
from dossiers.models import Dossier
from dossiers.wizard import (
    RequestShape,
    confirmed_steps,
    first_open_step,
    neighbours,
    request_shape,
    step_title,
)
from fos import views as fos_views
from fos.fields import parse_id

DOSSIERS_PER_PAGE = 20


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _is_member(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and isinstance(user, User)
        and user.is_member
        and not is_staff_user(user)
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """ "/": the member's dashboard once signed in, the public home for everyone else."""
    if _is_member(request):
        return dashboard(request)
    return fos_views.home(request)


def _member_page(
    request: HttpRequest, stamp: pagecache.Stamp, page: dict[str, str]
) -> HttpResponse:
    """The layout around a title and main part made by ``pagecache.cached_part``; the header
    names the member from the stamp, without reading the member again."""
    _user(request).member = stamp.member
    return render(
        request,
        "dossiers/member_page.html",
        {"page_title": page["title"], "page_main": page["main"]},
    )


def _part(request: HttpRequest, template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, pagecache.part_context(context), request)


def _stamp(stamp: pagecache.Stamp | None) -> pagecache.Stamp:
    if stamp is None:
        raise Http404
    return stamp


@member_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    stamp = _stamp(pagecache.member_stamp(int(user.member_id or 0)))
    moment = timezone.now()
    catalogue = snapshot.current()
    opened = [campaign.pk for campaign in catalogue.open_campaigns(moment)]
    parts = [catalogue.digest, timezone.localdate(moment), opened]

    def build() -> dict[str, str]:
        data = selectors.member_dashboard(user, at=moment)
        return {
            "title": escape(_("Tableau de bord")),
            "main": _part(request, "dossiers/includes/dashboard_main.html", {"dashboard": data}),
        }

    page = pagecache.cached_part(request, "dashboard", stamp, parts, build)
    return _member_page(request, stamp, page)


@member_required
@require_GET
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    page = selectors.service_page(_user(request), code)
    return render(request, "dossiers/service.html", {"page": page, "service": page.service})


@member_required
@require_POST
def start_request(request: HttpRequest, code: str, campaign_id: int) -> HttpResponse:
    """ "Demander": the draft of this campaign, new or resumed."""
    user = _user(request)
    campaign = (
        Campaign.objects.select_related("service")
        .filter(pk=campaign_id, service__code=code, service__is_active=True)
        .first()
    )
    if campaign is None or user.member is None:
        raise Http404
    try:
        draft = services.start_or_resume_draft(member=user.member, user=user, campaign=campaign)
    except SubmissionRefused as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("service_detail", code=code)
    except DossierError as error:
        messages.error(request, error.message)
        return redirect("service_detail", code=code)
    return redirect(_resume_url(draft))


@member_required
@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    stamp = _stamp(pagecache.member_stamp(int(user.member_id or 0)))
    # The page the paginator would show, from the stamp's count of sent dossiers.
    number = (
        Paginator(range(stamp.sent_dossiers), DOSSIERS_PER_PAGE)
        .get_page(request.GET.get("page"))
        .number
    )

    def build() -> dict[str, str]:
        rows = selectors.member_dossier_rows(user)
        page = Paginator(rows, DOSSIERS_PER_PAGE).get_page(number)
        return {
            "title": escape(_("Mes demandes")),
            "main": _part(request, "dossiers/includes/dossier_list_main.html", {"page": page}),
        }

    parts = [snapshot.current().digest, number]
    page = pagecache.cached_part(request, "dossier_list", stamp, parts, build)
    return _member_page(request, stamp, page)


# The dossier page ------------------------------------------------------------------------------


def _dossier_context(dossier: Dossier, **extra: Any) -> dict[str, Any]:
    return {
        "page": selectors.dossier_page(dossier),
        "dossier": dossier,
        "can_cancel": dossier.status == DossierStatus.SUBMITTED,
        "cancel_form": CancelForm(),
        "answer_form": AnswerForm(),
        **extra,
    }


@member_required
@require_GET
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    stamp = _stamp(pagecache.dossier_stamp(int(user.member_id or 0), pk))
    opened = request.GET.get("opened") == "1"
    catalogue = snapshot.current()

    def build() -> dict[str, str]:
        dossier = selectors.dossier_to_show(user, pk, member=stamp.member, catalogue=catalogue)
        context = _dossier_context(dossier, opened=opened and not dossier.is_draft)
        return {
            "title": render_to_string("dossiers/includes/dossier_title.html", context),
            "main": _part(request, "dossiers/includes/dossier_main.html", context),
        }

    parts = [catalogue.digest, pk, opened]
    page = pagecache.cached_part(request, "dossier", stamp, parts, build)
    return _member_page(request, stamp, page)


@member_required
@require_POST
def dossier_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_for_member(request.user, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.cancel_dossier(
            dossier=dossier,
            user=_user(request),
            reason=reason,
            expected_version=_posted_version(request),
        )
    except DossierError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre dossier a été annulé."))
    return redirect("dossier_detail", pk=dossier.pk)


@member_required
@require_POST
def dossier_discard(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_for_member(request.user, pk)
    try:
        services.discard_draft(dossier=dossier, user=_user(request))
    except DossierError as error:
        messages.error(request, error.message)
        return redirect("dossier_detail", pk=dossier.pk)
    messages.success(request, _("Le brouillon a été abandonné."))
    return redirect("home")


@member_required
@require_POST
def dossier_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The member answers a request for documents with files, each checked by content."""
    user = _user(request)
    dossier = selectors.dossier_for_member(user, pk)
    form = AnswerForm(request.POST, request.FILES)
    documents: list[MemberDocument] = []
    if form.is_valid():
        for name, uploaded in form.files_given():
            try:
                documents.append(_store(dossier, user, uploaded, title=_("Complément")))
            except ValidationError as error:
                form.add_error(name, error)
        if not form.errors:
            try:
                services.answer_documents_request(
                    dossier=dossier,
                    user=user,
                    documents=documents,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            except DossierError as error:
                form.add_error(None, error.message)
    if form.errors:
        context = _dossier_context(dossier, answer_form=form, can_cancel=False)
        return render(request, "dossiers/dossier_detail.html", context, status=400)
    messages.success(
        request, _("Vos documents ont été envoyés : le dossier est de nouveau à l'étude.")
    )
    return redirect("dossier_detail", pk=dossier.pk)


def _posted_version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return parse_id(value)


# The wizard ------------------------------------------------------------------------------------


def _resume_url(dossier: Dossier) -> str:
    return reverse("dossier_resume", args=[dossier.pk])


@member_required
@require_GET
def dossier_resume(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_for_member(request.user, pk)
    if not dossier.is_draft:
        return redirect("dossier_detail", pk=dossier.pk)
    shape = request_shape(selectors.service_for_request(dossier.service_id))
    step = dossier.wizard_step if dossier.wizard_step in shape.steps else ""
    target = step or first_open_step(shape, dossier.draft_data)
    return redirect("dossier_step", pk=dossier.pk, step=_reachable(shape, dossier, target))


def _reachable(shape: RequestShape, dossier: Dossier, step: str) -> str:
    """``step`` if every step before it is confirmed, else the first one that is not."""
    open_step = first_open_step(shape, dossier.draft_data)
    return step if shape.steps.index(step) <= shape.steps.index(open_step) else open_step


class WizardPage:
    """What every step's template shows around its form."""

    def __init__(self, dossier: Dossier, service: Service, shape: RequestShape, step: str) -> None:
        self.dossier = dossier
        self.service = service
        self.shape = shape
        self.step = step
        self.previous, self.next = neighbours(shape, step)
        self.number = shape.steps.index(step) + 1
        self.total = len(shape.steps)
        self.title = step_title(step, shape)
        done = set(confirmed_steps(dossier.draft_data))
        self.progress = [
            {"step": s, "title": step_title(s, shape), "done": s in done, "current": s == step}
            for s in shape.steps
        ]


@member_required
@require_http_methods(["GET", "POST"])
def dossier_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = _user(request)
    dossier = selectors.dossier_for_member(user, pk)
    if not dossier.is_draft:
        return redirect("dossier_detail", pk=dossier.pk)
    service = selectors.service_for_request(dossier.service_id)
    shape = request_shape(service)
    if step not in shape.steps:
        raise Http404
    reachable = _reachable(shape, dossier, step)
    if reachable != step:
        return redirect("dossier_step", pk=dossier.pk, step=reachable)
    page = WizardPage(dossier, service, shape, step)
    handler = STEP_HANDLERS[step]
    return handler(request, user, page)


def _after_post(request: HttpRequest, page: WizardPage) -> HttpResponse:
    going_back = "back" in request.POST
    target = page.previous if going_back else page.next
    return redirect("dossier_step", pk=page.dossier.pk, step=target or page.step)


def _render_step(
    request: HttpRequest, page: WizardPage, form: Any, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"page": page, "dossier": page.dossier, "service": page.service, "form": form}
    context.update(extra)
    return render(request, f"dossiers/wizard/{page.step}.html", context, status=status)


def _save(request: HttpRequest, user: User, page: WizardPage, form: Any, *, confirm: bool) -> bool:
    try:
        services.save_step(
            dossier=page.dossier,
            user=user,
            step=page.step,
            data=form.step_data(),
            confirm=confirm,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    except DossierError as error:
        form.add_error(None, error.message)
        return False
    return True


def _step_personal_data(request: HttpRequest, user: User, page: WizardPage) -> HttpResponse:
    form = ConfirmForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and ("back" in request.POST or _save(request, user, page, form, confirm=True))
    ):
        return _after_post(request, page)
    member = selectors.member_with_family(page.dossier.member_id)
    return _render_step(request, page, form, member=member, children=len(member.children.all()))


def _step_rib(request: HttpRequest, user: User, page: WizardPage) -> HttpResponse:
    dossier = page.dossier
    member = dossier.member
    initial = {"new_rib": dossier.rib if dossier.rib != member.rib else ""}
    form = RibForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        attestation = form.cleaned_data.get("attestation")
        stored = True
        if attestation:
            try:
                document = _store(
                    dossier, user, attestation, kind=DocumentKind.RIB_ATTESTATION, title=""
                )
                services.attach_document(
                    dossier=dossier,
                    user=user,
                    document=document,
                    role=AttachmentRole.RIB_ATTESTATION,
                )
            except ValidationError as error:
                form.add_error("attestation", error)
                stored = False
        going_back = "back" in request.POST
        if stored and _save(request, user, page, form, confirm=not going_back):
            return _after_post(request, page)
        if going_back:
            return _after_post(request, page)
    attestation_row = dossier.attachments.filter(role=AttachmentRole.RIB_ATTESTATION).first()
    return _render_step(
        request,
        page,
        form,
        status=400 if form.errors else 200,
        rib=member.rib,
        attestation=attestation_row,
    )


def _step_beneficiary(request: HttpRequest, user: User, page: WizardPage) -> HttpResponse:
    dossier = page.dossier
    member = selectors.member_with_family(dossier.member_id)
    people = eligible_beneficiaries(
        page.service, member, rules=page.service.rules.all(), campaign=dossier.campaign
    )
    initial = {"beneficiary": dossier_beneficiary_value(dossier)}
    form = BeneficiaryForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST":
        going_back = "back" in request.POST
        if form.is_valid() and _save(request, user, page, form, confirm=not going_back):
            return _after_post(request, page)
        if going_back:
            return _after_post(request, page)
    return _render_step(request, page, form, status=400 if form.errors else 200, nobody=not people)


def _step_motive(request: HttpRequest, user: User, page: WizardPage) -> HttpResponse:
    dossier, shape = page.dossier, page.shape
    initial = {
        "motive": dossier.motive_id,
        "declared_amount": dossier.declared_amount,
        "invoice_date": dossier.invoice_date,
    }
    form = MotiveForm(
        request.POST or None,
        initial=initial,
        motives=list(page.service.motives.all()),
        asks_motive=shape.asks_motive,
        asks_amount=shape.asks_amount,
        asks_invoice_date=shape.asks_invoice_date,
    )
    if request.method == "POST":
        going_back = "back" in request.POST
        if form.is_valid() and _save(request, user, page, form, confirm=not going_back):
            return _after_post(request, page)
        if going_back:
            return _after_post(request, page)
    return _render_step(
        request, page, form, status=400 if form.errors else 200, campaign=dossier.campaign
    )


def _store(
    dossier: Dossier,
    user: User,
    uploaded: Any,
    *,
    required: RequiredDocument | None = None,
    kind: str = DocumentKind.OTHER,
    title: str = "",
) -> MemberDocument:
    return store_document(
        member=dossier.member,
        uploaded_by=user,
        uploaded_file=uploaded,
        kind=kind,
        title=title or (required.name if required is not None else ""),
        accepted_types=list(required.accepted_types) if required is not None else None,
        max_size_mb=required.max_size_mb if required is not None else LIBRARY_MAX_SIZE_MB,
        require_single_pdf=required.combined_pdf if required is not None else False,
    )


def _step_uploads(request: HttpRequest, user: User, page: WizardPage) -> HttpResponse:
    dossier = page.dossier
    required_documents = list(page.service.documents.all())
    library = list(MemberDocument.objects.filter(member_id=dossier.member_id))
    form = UploadsForm(
        request.POST or None,
        request.FILES or None,
        required_documents=required_documents,
        library=library,
    )
    if request.method == "POST" and form.is_valid():
        for required in required_documents:
            _attach_posted(form, dossier, user, required, library)
        if not form.errors and ("back" in request.POST or _confirm_uploads(form, user, page)):
            return _after_post(request, page)
    attached = selectors.attachments_by_required_document(dossier)
    return _render_step(
        request,
        page,
        form,
        status=400 if form.errors else 200,
        rows=[
            (required, upload, reuse, attached.get(required.pk))
            for required, upload, reuse in form.rows()
        ],
    )


def _confirm_uploads(form: UploadsForm, user: User, page: WizardPage) -> bool:
    """ "Suivant": services.save_step checks that every required document is attached."""
    try:
        services.save_step(dossier=page.dossier, user=user, step=Step.UPLOADS)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    except DossierError as error:
        form.add_error(None, error.message)
        return False
    return True


def _attach_posted(
    form: UploadsForm,
    dossier: Dossier,
    user: User,
    required: RequiredDocument,
    library: list[MemberDocument],
) -> None:
    uploaded = form.cleaned_data.get(upload_field_name(required))
    reuse = form.cleaned_data.get(reuse_field_name(required))
    field = upload_field_name(required)
    try:
        if uploaded:
            document = _store(dossier, user, uploaded, required=required)
        elif reuse:
            document = next(d for d in library if str(d.pk) == reuse)
            field = reuse_field_name(required)
        else:
            return
        services.attach_document(
            dossier=dossier, user=user, document=document, required_document=required
        )
    except ValidationError as error:
        form.add_error(field, error)
    except StopIteration:
        form.add_error(field, _("Ce document n'est pas dans vos documents."))


def _step_review(request: HttpRequest, user: User, page: WizardPage) -> HttpResponse:
    return _render_review(request, page)


def _render_review(
    request: HttpRequest, page: WizardPage, refusals: list[str] | None = None
) -> HttpResponse:
    dossier = page.dossier
    member = selectors.member_with_family(dossier.member_id)
    attachments = list(
        dossier.attachments.select_related("document", "required_document").order_by("id")
    )
    return render(
        request,
        "dossiers/wizard/review.html",
        {
            "page": page,
            "dossier": dossier,
            "service": page.service,
            "member": member,
            "children": len(member.children.all()),
            "rib": dossier.rib or member.rib,
            "attachments": attachments,
            "refusals": refusals or [],
        },
        status=400 if refusals else 200,
    )


STEP_HANDLERS: dict[str, Any] = {
    Step.PERSONAL_DATA: _step_personal_data,
    Step.RIB: _step_rib,
    Step.BENEFICIARY: _step_beneficiary,
    Step.MOTIVE: _step_motive,
    Step.UPLOADS: _step_uploads,
    Step.REVIEW: _step_review,
}


@member_required
@require_POST
def dossier_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Terminer": every check again on the server; a refusal keeps the draft as it is."""
    user = _user(request)
    dossier = selectors.dossier_for_member(user, pk)
    try:
        sent = services.submit_dossier(dossier=dossier, user=user)
    except SubmissionRefused as refused:
        service = selectors.service_for_request(dossier.service_id)
        page = WizardPage(dossier, service, request_shape(service), Step.REVIEW)
        return _render_review(request, page, refusals=refused.messages)
    except DossierError as error:
        messages.error(request, error.message)
        return redirect("dossier_detail", pk=dossier.pk)
    return redirect("dossier_created", pk=sent.pk)


@member_required
@require_GET
def dossier_created(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_for_member(request.user, pk)
    if dossier.number is None:
        return redirect("dossier_detail", pk=dossier.pk)
    return render(request, "dossiers/created.html", {"dossier": dossier})


@member_required
@require_GET
def dossier_originals(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_for_member(request.user, pk)
    if dossier.number is None or not dossier.service.originals:
        return redirect("dossier_detail", pk=dossier.pk)
    return render(request, "dossiers/originals.html", {"dossier": dossier})
