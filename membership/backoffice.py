"""Back office: "Modifications de données" and "Demandes d'adhésion" (staff only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

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
from documents.http import kept_file_response
from documents.validation import safe_original_name
from membership import applications, services
from membership.access import (
    application_file_for_staff,
    application_for_staff,
    change_request_for_staff,
)
from membership.constants import ApplicationStatus, ChangeKind, ChangeStatus
from membership.forms import QueueFilterForm, RejectForm
from membership.models import ApplicationEvent, ChangeRequest, MembershipApplication
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


def _queue(
    request: HttpRequest,
    template: str,
    *,
    statuses: list[tuple[str, Any]],
    pending: str,
    kinds: list[tuple[str, Any]] | None = None,
    rows: Callable[[dict[str, str]], QuerySet[Any]],
    counts: Callable[[dict[str, str]], dict[str, int]],
) -> HttpResponse:
    """A queue page: the requests under the filters (the pending ones unless a status is
    asked), a page at a time, with how many each status holds."""
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = pending
    form = QueueFilterForm(data, statuses=statuses, kinds=kinds)
    filters = _filters(form)
    page = _page(request, rows(filters))
    counted = counts(filters)
    context = {
        "form": form,
        "page": page,
        "counts": [(status, label, counted[status]) for status, label in statuses],
        "filters": filters,
    }
    return render(request, template, context)


Decided = TypeVar("Decided", ChangeRequest, MembershipApplication)


def _review(
    request: HttpRequest,
    pk: int,
    *,
    fetch: Callable[[User, int], Decided],
    approve: Callable[[User, Decided], str],
    reject: Callable[[User, Decided, str], str],
    conflict: type[services.AlreadyDecidedError | applications.ApplicationAlreadyDecidedError],
    page: str,
    template: str,
    context: Callable[[Decided], dict[str, Any]],
) -> HttpResponse:
    """A request's review page and the agent's decision on it.

    ``approve`` and ``reject`` (with the reason given) decide and say what was done; ``page``
    is the URL name of the review page, where a decision (or a conflict: someone else decided
    first) redirects. A refused decision shows the page again with the reason (400).
    """
    agent = _agent(request)
    decided = fetch(agent, pk)
    reject_form = RejectForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                messages.success(request, approve(agent, decided))
                return redirect(page, pk=decided.pk)
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    reason = reject_form.cleaned_data["reason"]
                    messages.success(request, reject(agent, decided, reason))
                    return redirect(page, pk=decided.pk)
            else:
                raise Http404
        except conflict as error:
            messages.error(request, error.message)
            return redirect(page, pk=decided.pk)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "reason" in error.error_dict:
                reject_form.add_error("reason", error.error_dict["reason"])
            else:
                messages.error(request, " ".join(error.messages))
        status = 400
        decided = fetch(agent, pk)
    context_data = {**context(decided), "reject_form": reject_form}
    return render(request, template, context_data, status=status)


# Change requests -----------------------------------------------------------------------------


@never_cache
@require_GET
@staff_required
def change_list(request: HttpRequest) -> HttpResponse:
    return _queue(
        request,
        "membership/backoffice/change_list.html",
        statuses=ChangeStatus.choices,
        pending=ChangeStatus.PENDING,
        kinds=ChangeKind.choices,
        rows=lambda f: change_queue(status=f["status"], kind=f["kind"], search=f["q"]),
        counts=lambda f: change_counts(kind=f["kind"], search=f["q"]),
    )


def _change_context(change: ChangeRequest) -> dict[str, Any]:
    attachments, events = change_request_detail(change)
    return {
        "change": change,
        "member": change.member,
        "values": compared_values(change),
        "attachments": attachments,
        "events": events,
    }


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def change_review(request: HttpRequest, pk: int) -> HttpResponse:
    def approve(agent: User, change: ChangeRequest) -> str:
        services.approve_change(agent=agent, request_id=change.pk)
        return _(
            "Demande %(reference)s acceptée : le registre est à jour et l'adhérent est prévenu."
        ) % {"reference": change.reference}

    def reject(agent: User, change: ChangeRequest, reason: str) -> str:
        services.reject_change(agent=agent, request_id=change.pk, reason=reason)
        return _("Demande %(reference)s rejetée : l'adhérent reçoit le motif.") % {
            "reference": change.reference
        }

    return _review(
        request,
        pk,
        fetch=change_request_for_staff,
        approve=approve,
        reject=reject,
        conflict=services.AlreadyDecidedError,
        page="backoffice_change",
        template="membership/backoffice/change_review.html",
        context=_change_context,
    )


# Membership applications -------------------------------------------------------------------


@never_cache
@require_GET
@staff_required
def application_list(request: HttpRequest) -> HttpResponse:
    return _queue(
        request,
        "membership/backoffice/application_list.html",
        statuses=ApplicationStatus.choices,
        pending=ApplicationStatus.PENDING,
        rows=lambda f: application_queue(status=f["status"], search=f["q"]),
        counts=lambda f: application_counts(search=f["q"]),
    )


def _application_context(application: MembershipApplication) -> dict[str, Any]:
    return {
        "application": application,
        "values": compared_application(application),
        "files": list(application.files.all()),
        "events": list(
            ApplicationEvent.objects.filter(application=application).select_related("actor")
        ),
    }


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    def approve(agent: User, application: MembershipApplication) -> str:
        applications.approve_application(
            agent=agent,
            application_id=application.pk,
            site_url=site_url(request),
            info=RequestInfo.from_request(request),
        )
        return _(
            "Demande %(reference)s acceptée : la fiche du registre est à jour et le "
            "lien d'activation est envoyé."
        ) % {"reference": application.reference}

    def reject(agent: User, application: MembershipApplication, reason: str) -> str:
        applications.reject_application(agent=agent, application_id=application.pk, reason=reason)
        return _("Demande %(reference)s rejetée : le demandeur reçoit le motif.") % {
            "reference": application.reference
        }

    return _review(
        request,
        pk,
        fetch=application_for_staff,
        approve=approve,
        reject=reject,
        conflict=applications.ApplicationAlreadyDecidedError,
        page="backoffice_application",
        template="membership/backoffice/application_review.html",
        context=_application_context,
    )


@require_GET
@staff_required
def application_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """An application's file, sent like a member's document: as what it is, unable to run."""
    kept = application_file_for_staff(request.user, pk, file_pk)
    return kept_file_response(
        kept,
        as_attachment=request.GET.get("download") == "1",
        filename=safe_original_name(kept.original_name),
    )
