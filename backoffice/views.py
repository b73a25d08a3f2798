from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from backoffice.access import is_supervisor, staff_required
from backoffice.sections import SECTIONS


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    supervisor = is_supervisor(request.user)
    sections = [s for s in SECTIONS if supervisor or not s.supervisors_only]
    return render(request, "backoffice/home.html", {"sections": sections})
