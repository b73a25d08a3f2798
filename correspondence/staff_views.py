"""The back office's "Bureau d'ordre": the inbox and a letter's page with its actions.

Staff only (``backoffice.access.staff_required``). Every agent sees every letter: sorting the
mail to the services is the mail desk's job (docs/decisions/mail-desk.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.views import site_url
from backoffice.access import is_supervisor, staff_required
from correspondence import services
from correspondence.access import attachment_of, letter_for_staff
from correspondence.constants import LetterStatus
from correspondence.forms import AnswerForm, InboxFilterForm, NoteForm, ReopenForm, RouteForm
from correspondence.http import attachment_response
from correspondence.models import Letter
from correspondence.selectors import inbox, letter_page, status_counts
from correspondence.views import add_service_errors

LETTERS_PER_PAGE = 25


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # staff_required ran first
        raise PermissionDenied
    return user


@never_cache
@require_GET
@staff_required
def mail_inbox(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = InboxFilterForm(request.GET or None)
    filters = form.filters() if request.GET else InboxFilterForm().filters()
    page = Paginator(inbox(filters, user=user), LETTERS_PER_PAGE).get_page(request.GET.get("page"))
    counts = status_counts(filters, user=user)
    tabs = [(status, label, counts[status]) for status, label in LetterStatus.choices]
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "tabs": tabs,
        "total": sum(counts.values()),
    }
    return render(request, "correspondence/backoffice/inbox.html", context)


def _render_letter(request: HttpRequest, letter: Letter, **bound: forms.Form) -> HttpResponse:
    supervisor = is_supervisor(request.user)
    blank: dict[str, forms.Form] = {
        "route_form": RouteForm(
            initial={"service": letter.service_id, "agent": letter.assigned_to_id}
        ),
        "answer_form": AnswerForm(),
        "note_form": NoteForm(),
        "reopen_form": ReopenForm(),
    }
    context: dict[str, Any] = {
        **blank,
        **bound,
        "letter": letter,
        "page": letter_page(letter, staff=True),
        "can_reopen": supervisor and letter.is_closed,
        "files_lost": request.method == "POST" and bool(request.FILES),
    }
    return render(request, "correspondence/backoffice/letter.html", context)


@never_cache
@require_GET
@staff_required
def mail_letter(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_letter(request, letter_for_staff(request.user, pk))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    form_name: str,
    action: Callable[[Letter, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Run one action of the letter page; on a refusal, the page again with the typed text."""
    letter = letter_for_staff(request.user, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            action(letter, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("backoffice_mail_letter", pk=letter.pk)
    letter.refresh_from_db()
    return _render_letter(request, letter, **{form_name: form})


@require_POST
@staff_required
def mail_route(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _staff(request)
    return _act(
        request,
        pk,
        form_class=RouteForm,
        form_name="route_form",
        action=lambda letter, data: services.route_letter(
            letter=letter,
            service=data["service"],
            agent=data["agent"],
            actor=actor,
            site_url=site_url(request),
        ),
        done=_("Le courrier est transmis."),
    )


@require_POST
@staff_required
def mail_answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _staff(request)
    return _act(
        request,
        pk,
        form_class=AnswerForm,
        form_name="answer_form",
        action=lambda letter, data: services.answer_letter(
            letter=letter,
            body=data["body"],
            attachments=data["attachments"],
            actor=actor,
            site_url=site_url(request),
        ),
        done=_("La réponse est envoyée à l'expéditeur."),
    )


@require_POST
@staff_required
def mail_note(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _staff(request)
    return _act(
        request,
        pk,
        form_class=NoteForm,
        form_name="note_form",
        action=lambda letter, data: services.add_internal_note(
            letter=letter, body=data["body"], actor=actor
        ),
        done=_("La note interne est enregistrée."),
    )


@require_POST
@staff_required
def mail_close(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _staff(request)
    letter = letter_for_staff(request.user, pk)
    try:
        services.close_letter(letter=letter, actor=actor, site_url=site_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le courrier est clos ; l'expéditeur en est informé."))
    return redirect("backoffice_mail_letter", pk=letter.pk)


@require_POST
@staff_required
def mail_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Supervisors only: services.reopen_letter refuses anyone else (403)."""
    actor = _staff(request)
    if not is_supervisor(actor):
        raise PermissionDenied
    return _act(
        request,
        pk,
        form_class=ReopenForm,
        form_name="reopen_form",
        action=lambda letter, data: services.reopen_letter(
            letter=letter, actor=actor, reason=data["reason"], site_url=site_url(request)
        ),
        done=_("Le courrier est rouvert."),
    )


@require_GET
@staff_required
def mail_attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    letter = letter_for_staff(request.user, pk)
    found = attachment_of(letter, attachment, staff=True)
    return attachment_response(found, as_attachment=request.GET.get("download") == "1")
