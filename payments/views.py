"""The back office's "Paiements" pages under /backoffice/payments/ (mounted by fos/urls.py).

Staff only; the services decide who may do what (a supervisor marks a batch paid).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from backoffice.access import assigned_service_ids, is_supervisor, staff_required
from payments import selectors, services
from payments.access import batch_for_staff, batches_for
from payments.constants import BatchStatus, FileFormat
from payments.errors import NothingToPay, PaymentError, Refusal
from payments.forms import (
    BatchListFilterForm,
    CancelForm,
    MarkPaidForm,
    NewBatchForm,
    PayableFilterForm,
    RemoveLineForm,
    posted_ids,
)
from payments.models import PaymentBatch

BATCHES_PER_PAGE = 25


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # staff_required ran first
        raise PermissionDenied
    return user


def _refusals_message(request: HttpRequest, refusals: list[Refusal]) -> None:
    if not refusals:
        return
    messages.warning(
        request,
        ngettext(
            "%(count)d dossier laissé hors du lot : %(list)s",
            "%(count)d dossiers laissés hors du lot : %(list)s",
            len(refusals),
        )
        % {"count": len(refusals), "list": " · ".join(str(refusal) for refusal in refusals)},
    )


@never_cache
@require_GET
@staff_required
def batch_list(request: HttpRequest) -> HttpResponse:
    form = BatchListFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    batches = batches_for(request.user)
    page = Paginator(selectors.batch_rows(batches, status), BATCHES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = selectors.batch_counts(batches)
    context = {
        "page": page,
        "status": status,
        "tabs": [(value, label, counts[value]) for value, label in BatchStatus.choices],
        "total": sum(counts.values()),
    }
    return render(request, "payments/backoffice/batch_list.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def batch_new(request: HttpRequest) -> HttpResponse:
    agent = _staff(request)
    allowed = assigned_service_ids(agent)
    filter_form = PayableFilterForm(request.GET or None, service_ids=allowed)
    filters = filter_form.filters()
    form = NewBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = filter_form.cleaned_data.get("service") if filter_form.is_valid() else None
        try:
            created = services.create_batch(
                actor=agent,
                dossiers=posted_ids(request.POST.getlist("dossier")),
                label=form.cleaned_data["label"],
                service=service,
            )
        except NothingToPay as error:
            messages.error(request, error.message)
            _refusals_message(request, error.refusals)
        except PaymentError as error:
            messages.error(request, error.message)
        else:
            batch = created.batch
            messages.success(
                request,
                _("Lot %(reference)s créé : %(count)s virements, %(total)s au total.")
                % {"reference": batch.reference, "count": batch.count, "total": batch.total},
            )
            _refusals_message(request, created.refusals)
            return redirect("payments_batch", pk=batch.pk)
    selection = selectors.payable_selection(filters, service_ids=allowed)
    context = {
        "filter_form": filter_form,
        "form": form,
        "selection": selection,
        "max_lines": selectors.MAX_BATCH_LINES,
    }
    return render(request, "payments/backoffice/batch_new.html", context)


def _render_batch(
    request: HttpRequest,
    batch: PaymentBatch,
    *,
    paid_form: MarkPaidForm | None = None,
    cancel_form: CancelForm | None = None,
    status: int = 200,
) -> HttpResponse:
    supervisor = is_supervisor(request.user)
    context = {
        "batch": batch,
        "lines": list(selectors.batch_lines(batch)),
        "supervisor": supervisor,
        "formats": FileFormat.choices,
        "paid_form": paid_form or MarkPaidForm(initial={"paid_on": timezone.localdate()}),
        "cancel_form": cancel_form or CancelForm(),
        "remove_form": RemoveLineForm(),
        "can_pay": supervisor and batch.status == BatchStatus.EXPORTED,
        "can_cancel": batch.status == BatchStatus.DRAFT
        or (supervisor and batch.status == BatchStatus.EXPORTED),
        "can_download": batch.status != BatchStatus.CANCELLED,
    }
    return render(request, "payments/backoffice/batch_detail.html", context, status=status)


@never_cache
@require_GET
@staff_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_batch(request, batch_for_staff(request.user, pk))


@never_cache
@require_POST
@staff_required
def batch_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    agent = _staff(request)
    batch = batch_for_staff(agent, pk)
    file_format = request.POST.get("format", "")
    if file_format not in FileFormat.values:
        messages.error(request, _("Choisissez le fichier à télécharger."))
        return redirect("payments_batch", pk=batch.pk)
    try:
        exported = services.export_batch(batch=batch, actor=agent, file_format=file_format)
    except PaymentError as error:
        messages.error(request, error.message)
        return redirect("payments_batch", pk=batch.pk)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_POST
@staff_required
def batch_mark_paid(request: HttpRequest, pk: int) -> HttpResponse:
    agent = _staff(request)
    batch = batch_for_staff(agent, pk)
    if not is_supervisor(agent):
        raise PermissionDenied
    form = MarkPaidForm(request.POST)
    if not form.is_valid():
        return _render_batch(request, batch, paid_form=form, status=400)
    try:
        paid = services.mark_batch_paid(
            batch=batch, actor=agent, paid_on=form.cleaned_data["paid_on"]
        )
    except PaymentError as error:
        messages.error(request, error.message)
        return redirect("payments_batch", pk=batch.pk)
    messages.success(
        request,
        _(
            "Lot %(reference)s payé : %(count)s dossiers sont « Payée », les adhérents sont "
            "prévenus."
        )
        % {"reference": paid.reference, "count": paid.count},
    )
    return redirect("payments_batch", pk=batch.pk)


@never_cache
@require_POST
@staff_required
def batch_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    agent = _staff(request)
    batch = batch_for_staff(agent, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _render_batch(request, batch, cancel_form=form, status=400)
    try:
        services.cancel_batch(batch=batch, actor=agent, reason=form.cleaned_data["reason"])
    except PaymentError as error:
        messages.error(request, error.message)
        return redirect("payments_batch", pk=batch.pk)
    messages.success(
        request,
        _("Lot %(reference)s annulé : ses dossiers peuvent rejoindre un autre lot.")
        % {"reference": batch.reference},
    )
    return redirect("payments_batch", pk=batch.pk)


@never_cache
@require_POST
@staff_required
def batch_remove_line(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    agent = _staff(request)
    batch = batch_for_staff(agent, pk)
    if not batch.lines.filter(pk=line).exists():
        raise Http404
    form = RemoveLineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.remove_line(actor=agent, line=line, reason=reason)
    except PaymentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Le dossier a été retiré du lot."))
    return redirect("payments_batch", pk=batch.pk)
