"""Back office: "Modifications de données" and "Demandes d'adhésion" (staff only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.requests import RequestInfo
from accounts.views import site_url
from backoffice.access import staff_required
from documents.constants import SERVED_CONTENT_TYPES
from documents.http import FILE_CSP
from documents.validation import safe_original_name
from membership import applications, services
from membership.access import (
    application_file_for_staff,
    application_for_staff,
    change_request_for_staff,
)
from membership.constants import ApplicationStatus, ChangeKind, ChangeStatus
from membership.forms import QueueFilterForm, RejectForm
from membership.models import ApplicationEvent
from membership.selectors import (
    application_counts,
    application_queue,
    change_counts,
    change_queue,
    change_request_detail,
    compared_application,
    compared_values,
)

PAGE_SIZE = 25


def _agent(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _filters(form: QueueFilterForm) -> dict[str, str]:
    """The filters as given, or none of them when the form is not valid."""
    if not form.is_valid():
        return {"q": "", "status": ChangeStatus.PENDING, "kind": ""}
    return {
        "q": form.cleaned_data.get("q", "").strip(),
        "status": form.cleaned_data.get("status", ""),
        "kind": form.cleaned_data.get("kind", ""),
    }


def _page(request: HttpRequest, rows: QuerySet[Any]) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


# Change requests -----------------------------------------------------------------------------


@never_cache
@require_GET
@staff_required
def change_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = ChangeStatus.PENDING
    form = QueueFilterForm(data, statuses=ChangeStatus.choices, kinds=ChangeKind.choices)
    filters = _filters(form)
    page = _page(
        request, change_queue(status=filters["status"], kind=filters["kind"], search=filters["q"])
    )
    counts = change_counts(kind=filters["kind"], search=filters["q"])
    context = {
        "form": form,
        "page": page,
        "counts": [(status, label, counts[status]) for status, label in ChangeStatus.choices],
        "filters": filters,
    }
    return render(request, "membership/backoffice/change_list.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def change_review(request: HttpRequest, pk: int) -> HttpResponse:
    agent = _agent(request)
    change = change_request_for_staff(agent, pk)
    reject_form = RejectForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.approve_change(agent=agent, request_id=change.pk)
                messages.success(
                    request,
                    _(
                        "Demande %(reference)s acceptée : le registre est à jour et l'adhérent "
                        "est prévenu."
                    )
                    % {"reference": change.reference},
                )
                return redirect("backoffice_change", pk=change.pk)
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    services.reject_change(
                        agent=agent, request_id=change.pk, reason=reject_form.cleaned_data["reason"]
                    )
                    messages.success(
                        request,
                        _("Demande %(reference)s rejetée : l'adhérent reçoit le motif.")
                        % {"reference": change.reference},
                    )
                    return redirect("backoffice_change", pk=change.pk)
            else:
                raise Http404
        except services.AlreadyDecidedError as conflict:
            messages.error(request, conflict.message)
            return redirect("backoffice_change", pk=change.pk)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "reason" in error.error_dict:
                reject_form.add_error("reason", error.error_dict["reason"])
            else:
                messages.error(request, " ".join(error.messages))
        status = 400
        change = change_request_for_staff(agent, pk)
    attachments, events = change_request_detail(change)
    context = {
        "change": change,
        "member": change.member,
        "values": compared_values(change),
        "attachments": attachments,
        "events": events,
        "reject_form": reject_form,
    }
    return render(request, "membership/backoffice/change_review.html", context, status=status)


# Membership applications -------------------------------------------------------------------


@never_cache
@require_GET
@staff_required
def application_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = ApplicationStatus.PENDING
    form = QueueFilterForm(data, statuses=ApplicationStatus.choices)
    filters = _filters(form)
    page = _page(request, application_queue(status=filters["status"], search=filters["q"]))
    counts = application_counts(search=filters["q"])
    context = {
        "form": form,
        "page": page,
        "counts": [(status, label, counts[status]) for status, label in ApplicationStatus.choices],
        "filters": filters,
    }
    return render(request, "membership/backoffice/application_list.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    agent = _agent(request)
    application = application_for_staff(agent, pk)
    reject_form = RejectForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                applications.approve_application(
                    agent=agent,
                    application_id=application.pk,
                    site_url=site_url(request),
                    info=RequestInfo.from_request(request),
                )
                messages.success(
                    request,
                    _(
                        "Demande %(reference)s acceptée : la fiche du registre est à jour et le "
                        "lien d'activation est envoyé."
                    )
                    % {"reference": application.reference},
                )
                return redirect("backoffice_application", pk=application.pk)
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    applications.reject_application(
                        agent=agent,
                        application_id=application.pk,
                        reason=reject_form.cleaned_data["reason"],
                    )
                    messages.success(
                        request,
                        _("Demande %(reference)s rejetée : le demandeur reçoit le motif.")
                        % {"reference": application.reference},
                    )
                    return redirect("backoffice_application", pk=application.pk)
            else:
                raise Http404
        except applications.ApplicationAlreadyDecidedError as conflict:
            messages.error(request, conflict.message)
            return redirect("backoffice_application", pk=application.pk)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "reason" in error.error_dict:
                reject_form.add_error("reason", error.error_dict["reason"])
            else:
                messages.error(request, " ".join(error.messages))
        status = 400
        application = application_for_staff(agent, pk)
    context = {
        "application": application,
        "values": compared_application(application),
        "files": list(application.files.all()),
        "events": list(
            ApplicationEvent.objects.filter(application=application).select_related("actor")
        ),
        "reject_form": reject_form,
    }
    return render(request, "membership/backoffice/application_review.html", context, status=status)


@require_GET
@staff_required
def application_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """An application's file, sent like a member's document: as what it is, unable to run."""
    kept = application_file_for_staff(request.user, pk, file_pk)
    content_type = kept.content_type
    as_attachment = request.GET.get("download") == "1"
    if content_type not in SERVED_CONTENT_TYPES:
        content_type, as_attachment = "application/octet-stream", True
    try:
        handle = kept.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=safe_original_name(kept.original_name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
