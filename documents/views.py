"""'Mes documents' and the one URL that sends a document's file back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.views import member_required
from documents.access import document_for_user
from documents.forms import DocumentUploadForm
from documents.http import document_file_response
from documents.selectors import member_documents
from documents.services import delete_document, store_or_reuse_document
from documents.usage import is_in_use
from registry.models import Member


def _member_user(request: HttpRequest) -> tuple[User, Member]:
    user = request.user
    if not isinstance(user, User) or user.member is None:
        raise PermissionDenied
    return user, user.member


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def document_list(request: HttpRequest) -> HttpResponse:
    user, member = _member_user(request)
    posted = request.method == "POST"
    form = DocumentUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            document, created = store_or_reuse_document(
                member=member,
                uploaded_by=user,
                uploaded_file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if created:
                messages.success(request, _("« %(name)s » a été déposé.") % {"name": document})
            else:
                messages.info(
                    request,
                    _(
                        "Ce fichier est déjà dans vos documents sous le nom « %(name)s » : "
                        "il n'a pas été déposé une seconde fois."
                    )
                    % {"name": document},
                )
            return redirect("documents")
    context = {"form": form, "rows": member_documents(member)}
    return render(request, "documents/list.html", context)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _user, member = _member_user(request)
    document = document_for_user(request.user, pk)
    if request.method == "POST":
        try:
            delete_document(member=member, document=document)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("« %(name)s » a été supprimé.") % {"name": document})
        return redirect("documents")
    context = {"document": document, "in_use": is_in_use(document)}
    return render(request, "documents/delete.html", context)


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """Members read their own documents, staff any member's (documents.access)."""
    document = document_for_user(request.user, pk)
    return document_file_response(document, as_attachment=request.GET.get("download") == "1")
