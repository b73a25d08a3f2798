"""The back office's home page and its audit trail; the dossier pages are in dossier_views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from backoffice import selectors
from backoffice.access import is_supervisor, staff_required
from backoffice.forms import AuditFilterForm
from backoffice.sections import SECTIONS
from fos.fields import page_number


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    supervisor = is_supervisor(request.user)
    sections = [s for s in SECTIONS if supervisor or not s.supervisors_only]
    context = {"sections": sections, "home": selectors.home(request.user)}
    return render(request, "backoffice/home.html", context)


@never_cache
@require_GET
@staff_required
def audit(request: HttpRequest) -> HttpResponse:
    """The staff's audit trail, for supervisors and administrators only; read-only."""
    if not is_supervisor(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    number = request.GET.get("page", "")
    page = selectors.audit_page(
        form.filters(),
        after=request.GET.get("after"),
        number=page_number(number),
    )
    return render(request, "backoffice/audit.html", {"form": form, "page": page})
