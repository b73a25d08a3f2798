from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from accounts.roles import is_staff_user


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public home; signed-in staff land on their workspace (LOGIN_REDIRECT_URL is "home",
    and a member's dashboard is served before this view by dossiers.views.home)."""
    if is_staff_user(request.user):
        return redirect("backoffice:home")
    return render(request, "home.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on the account (for emails)."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and translation.check_for_language(language):
        user = request.user
        if user.preferred_language != language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    # Django's own check of a live connection (a "SELECT 1" on PostgreSQL); a database that
    # does not answer raises, which fos.errors turns into a 503.
    connection.ensure_connection()
    if not connection.is_usable():
        raise OperationalError("the database does not answer")
    return JsonResponse({"status": "ok"})
