"""The agent workspace's dossier pages: the queues, a dossier's page, its actions, its files.

Thin: every dossier is read through ``access.dossier_for_staff`` (404 outside the agent's
services), every queue through ``access.service_for_queue`` (403), every change through
``backoffice.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST
from django_stubs_ext import StrOrPromise

from accounts.models import User
from backoffice import selectors, services
from backoffice.access import (
    dossier_for_staff,
    service_for_queue,
    staff_required,
    visible_services,
)
from backoffice.forms import (
    ApproveForm,
    AwaitOriginalsForm,
    QueueFilterForm,
    RejectForm,
    ReopenForm,
    RequestDocumentsForm,
    VersionForm,
    status_choices,
)
from documents.http import document_file_response
from dossiers.constants import OPEN_STATUSES, Actor, DossierStatus, may_transition
from dossiers.errors import DossierError
from dossiers.models import Dossier
from fos.fields import page_number

S = DossierStatus


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # staff_required ran first
        raise PermissionDenied
    return user


# Queues ------------------------------------------------------------------------------------------


@never_cache
@require_GET
@staff_required
def queue_index(request: HttpRequest) -> HttpResponse:
    """The services the agent handles, each with its open dossiers; ``?service=CODE`` opens
    that service's queue (the picker on every queue page)."""
    code = request.GET.get("service", "")
    if code:
        service = service_for_queue(request.user, code)
        return redirect("backoffice:queue", code=service.code)
    queues = selectors.service_queues(request.user)
    return render(request, "backoffice/queue_index.html", {"queues": queues})


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "")
    return page_number(value)


@never_cache
@require_GET
@staff_required
def queue(request: HttpRequest, code: str) -> HttpResponse:
    service = service_for_queue(request.user, code)
    form = QueueFilterForm(request.GET or None, service=service)
    filters = form.filters()
    page = selectors.queue_page(
        service,
        filters,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        number=_page_number(request),
    )
    counts = selectors.status_counts(service)
    tabs = [(value, label, _tab_count(value, counts)) for value, label in status_choices()]
    context = {
        "service": service,
        "form": form,
        "filters": filters,
        "page": page,
        "tabs": tabs,
        "filtered": any(
            request.GET.get(name) for name in form.fields if name not in ("q", "status")
        ),
        "services": list(visible_services(request.user)),
    }
    return render(request, "backoffice/queue.html", context)


def _tab_count(value: str, counts: dict[str, int]) -> int | None:
    if value == selectors.OPEN:
        return sum(counts[s] for s in OPEN_STATUSES)
    if value == selectors.ALL:
        return sum(counts.values())
    return counts.get(value)  # None for the second approvals: not counted on every page


# The dossier page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionSpec:
    form: type[VersionForm]
    run: Callable[[Dossier, User, dict[str, Any]], Dossier]
    done: StrOrPromise


def _available(dossier: Dossier, user_is_supervisor: bool, approver: Any, user: User) -> set[str]:
    role = Actor.SUPERVISOR if user_is_supervisor else Actor.AGENT
    status = dossier.status
    found = set()
    if status == S.SUBMITTED and may_transition(status, S.IN_REVIEW, role):
        found.add("take")
    if may_transition(status, S.DOCUMENTS_REQUESTED, role):
        found.add("request_documents")
    if status == S.IN_REVIEW and may_transition(status, S.ORIGINALS_AWAITED, role):
        found.add("await_originals")
    if status == S.ORIGINALS_AWAITED and may_transition(status, S.IN_REVIEW, role):
        found.add("originals_received")
    if may_transition(status, S.APPROVED, role):
        found.add("approve")
    if may_transition(status, S.REJECTED, role):
        found.add("reject")
    if status in (S.APPROVED, S.REJECTED) and may_transition(status, S.IN_REVIEW, role):
        found.add("reopen")
    pending = dossier.second_approval_required and dossier.second_approved_by_id is None
    if user_is_supervisor and status == S.APPROVED and pending and approver != user:
        found.add("second_approval")
    return found


def _blank_forms(dossier: Dossier, page: selectors.StaffDossierPage) -> dict[str, forms.Form]:
    version = {"version": dossier.version}
    return {
        name: spec.form(
            initial={**version, "amount": page.rules.amount_now} if name == "approve" else version,
            prefix=name,
        )
        for name, spec in ACTIONS.items()
    }


def _render_dossier(
    request: HttpRequest, dossier: Dossier, *, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    user = _staff(request)
    page = selectors.staff_dossier_page(dossier, user=user)
    action_forms = {**_blank_forms(dossier, page), **(bound or {})}
    context = {
        "dossier": dossier,
        "page": page,
        "forms": action_forms,
        "available": _available(dossier, page.supervisor, page.first_approver, user),
        "member": page.member,
        "refused": bool(bound),
    }
    return render(request, "backoffice/dossier.html", context, status=400 if bound else 200)


@never_cache
@require_GET
@staff_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for_staff(request.user, pk)
    services.mark_alerts_read(user=_staff(request), dossier=dossier)
    return _render_dossier(request, dossier)


@require_POST
@staff_required
def dossier_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    user = _staff(request)
    dossier = dossier_for_staff(user, pk)
    form = spec.form(request.POST, prefix=action)
    if form.is_valid():
        try:
            spec.run(dossier, user, form.cleaned_data)
        except ValidationError as error:
            _attach_errors(form, error)
        except DossierError as error:
            messages.error(request, error.message)
            return redirect("backoffice:dossier", pk=dossier.pk)
        else:
            messages.success(request, spec.done)
            return redirect("backoffice:dossier", pk=dossier.pk)
    return _render_dossier(request, dossier, bound={action: form})


def _attach_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def framed_by_the_portal(view: Callable[..., FileResponse]) -> Callable[..., FileResponse]:
    """The dossier page previews a PDF in a frame: the file may be framed by the portal's own
    pages and by no other site (X-Frame-Options, and frame-ancestors in the file's own policy,
    which the site-wide policy does not replace). Chromium's PDF viewer does not run in a
    sandboxed frame, so a PDF loaded *as a frame* drops the ``sandbox`` directive and keeps the
    rest (nothing may load or run, type proven by content, nosniff); opened any other way (new
    tab, download) it stays sandboxed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        response = view(request, *args, **kwargs)
        policy = response.get("Content-Security-Policy")
        if policy:
            directives = [d.strip() for d in policy.split(";") if d.strip()]
            framed = request.headers.get("Sec-Fetch-Dest") == "iframe"
            if framed and response.get("Content-Type") == "application/pdf":
                directives = [d for d in directives if d != "sandbox"]
            if not any(d.startswith("frame-ancestors") for d in directives):
                directives.append("frame-ancestors 'self'")
            response["Content-Security-Policy"] = "; ".join(directives)
        return response

    return xframe_options_sameorigin(wrapped)


@never_cache
@require_GET
@staff_required
@framed_by_the_portal
def dossier_file(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """A document of the dossier, served as the documents app serves it (sandboxed)."""
    dossier = dossier_for_staff(request.user, pk)
    found = selectors.attachment_of(dossier, attachment)
    if found is None:
        raise Http404
    return document_file_response(found.document, as_attachment=request.GET.get("download") == "1")


# The actions: each a form and a service call ----------------------------------------------------


def _take(dossier: Dossier, user: User, data: dict[str, Any]) -> Dossier:
    return services.take_in_review(dossier=dossier, user=user, expected_version=data["version"])


def _request_documents(dossier: Dossier, user: User, data: dict[str, Any]) -> Dossier:
    return services.request_documents(
        dossier=dossier, user=user, expected_version=data["version"], message=data["message"]
    )


def _await_originals(dossier: Dossier, user: User, data: dict[str, Any]) -> Dossier:
    return services.await_originals(
        dossier=dossier, user=user, expected_version=data["version"], message=data["message"]
    )


def _originals_received(dossier: Dossier, user: User, data: dict[str, Any]) -> Dossier:
    return services.mark_originals_received(
        dossier=dossier, user=user, expected_version=data["version"]
    )


def _approve(dossier: Dossier, user: User, data: dict[str, Any]) -> Dossier:
    return services.approve(
        dossier=dossier,
        user=user,
        expected_version=data["version"],
        amount=data["amount"],
        override_reason=data["override_reason"],
    )


def _second_approval(dossier: Dossier, user: User, data: dict[str, Any]) -> Dossier:
    return services.give_second_approval(
        dossier=dossier, user=user, expected_version=data["version"]
    )


def _reject(dossier: Dossier, user: User, data: dict[str, Any]) -> Dossier:
    return services.reject(
        dossier=dossier,
        user=user,
        expected_version=data["version"],
        reason=data["reason"],
        text=data["text"],
    )


def _reopen(dossier: Dossier, user: User, data: dict[str, Any]) -> Dossier:
    return services.reopen(
        dossier=dossier, user=user, expected_version=data["version"], reason=data["reason"]
    )


ACTIONS: dict[str, ActionSpec] = {
    "take": ActionSpec(VersionForm, _take, _("Le dossier est à l'étude.")),
    "request_documents": ActionSpec(
        RequestDocumentsForm, _request_documents, _("La demande de documents a été envoyée.")
    ),
    "await_originals": ActionSpec(
        AwaitOriginalsForm, _await_originals, _("Le dossier attend les originaux.")
    ),
    "originals_received": ActionSpec(
        VersionForm, _originals_received, _("Originaux reçus : l'étude reprend.")
    ),
    "approve": ActionSpec(ApproveForm, _approve, _("Le dossier est accepté.")),
    "second_approval": ActionSpec(
        VersionForm,
        _second_approval,
        _("Seconde validation enregistrée : le dossier peut être payé."),
    ),
    "reject": ActionSpec(RejectForm, _reject, _("Le dossier est rejeté.")),
    "reopen": ActionSpec(ReopenForm, _reopen, _("Le dossier est rouvert.")),
}
