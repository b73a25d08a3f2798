"""The sender's pages: a member's "Courrier", and a visitor's letter form, receipt and follow-up.

Members reach their letters by number through ``access.letter_for_member``; visitors reach
theirs by reference, once this browser session has been given the access code
(``access.visitor_letter``). Both are refused with 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.captcha import captcha_mode
from accounts.models import User
from accounts.requests import client_ip
from accounts.roles import is_staff_user
from accounts.views import member_required, site_url
from correspondence import services
from correspondence.access import (
    VISITOR_SESSION_KEY,
    attachment_of,
    forget_visitor,
    grant_visitor,
    letter_for_code,
    letter_for_member,
    visitor_letter,
)
from correspondence.constants import FOLLOW_RATE, VISITOR_RATE
from correspondence.forms import FollowForm, LetterForm, ReplyForm, VisitorLetterForm
from correspondence.http import attachment_response
from correspondence.models import Letter
from correspondence.selectors import letter_page, member_letters
from fos import ratelimit

LETTERS_PER_PAGE = 20
RECEIPT_SESSION_KEY = "mail_desk_receipt"
# One answer whether the reference exists or not: the reference alone tells nothing.
FOLLOW_REFUSED = gettext_lazy(
    "Cette référence et ce code de suivi ne correspondent à aucun courrier. Vérifiez-les sur "
    "le récépissé ou dans le courriel reçu."
)


def _member_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.member is None:
        raise PermissionDenied
    return user


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: on its field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _files_lost(request: HttpRequest) -> bool:
    """Files sent with a refused form: browsers never keep them, the page says so."""
    return request.method == "POST" and bool(request.FILES)


# Member ---------------------------------------------------------------------------------------


@never_cache
@member_required
@require_GET
def mail_list(request: HttpRequest) -> HttpResponse:
    member = _member_user(request).member
    if member is None:
        raise PermissionDenied
    page = Paginator(member_letters(member), LETTERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "correspondence/list.html", {"page": page})


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def mail_new(request: HttpRequest) -> HttpResponse:
    user = _member_user(request)
    form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.send_letter(
                subject=data["subject"],
                body=data["body"],
                attachments=data["attachments"],
                language=get_language() or settings.LANGUAGE_CODE,
                user=user,
                site_url=site_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("mail_receipt", pk=sent.letter.pk)
    context = {"form": form, "files_lost": _files_lost(request)}
    return render(request, "correspondence/new.html", context)


@never_cache
@member_required
@require_GET
def mail_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    letter = letter_for_member(request.user, pk)
    return _receipt(request, letter, access_code="")


@never_cache
@member_required
@require_GET
def mail_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = letter_for_member(request.user, pk)
    return _letter_page(request, letter, ReplyForm(), visitor=False)


@never_cache
@member_required
@require_POST
def mail_reply(request: HttpRequest, pk: int) -> HttpResponse:
    letter = letter_for_member(request.user, pk)
    return _reply(request, letter, user=_member_user(request), visitor=False)


@member_required
@require_GET
def mail_attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    letter = letter_for_member(request.user, pk)
    found = attachment_of(letter, attachment, staff=False)
    return attachment_response(found, as_attachment=request.GET.get("download") == "1")


# Shared by members and visitors -----------------------------------------------------------------


def _receipt(request: HttpRequest, letter: Letter, *, access_code: str) -> HttpResponse:
    page = letter_page(letter, staff=False)
    context = {
        "letter": letter,
        "attachments": page.attachments,
        "access_code": access_code,
        "visitor": letter.is_from_visitor,
    }
    return render(request, "correspondence/receipt.html", context)


def _letter_page(
    request: HttpRequest, letter: Letter, form: ReplyForm, *, visitor: bool, status: int = 200
) -> HttpResponse:
    context = {
        "letter": letter,
        "page": letter_page(letter, staff=False),
        "form": form,
        "visitor": visitor,
        "files_lost": _files_lost(request),
    }
    return render(request, "correspondence/detail.html", context, status=status)


def _reply(request: HttpRequest, letter: Letter, *, user: User | None, visitor: bool) -> Any:
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_sender_message(
                letter=letter,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
                user=user,
                site_url=site_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Votre message a été ajouté au courrier."))
            if visitor:
                return redirect("mail_visitor_letter", reference=letter.reference)
            return redirect("mail_detail", pk=letter.pk)
    return _letter_page(request, letter, form, visitor=visitor)


# Visitor ----------------------------------------------------------------------------------------


def _captcha_mode_of(request: HttpRequest) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return captcha_mode({"captcha": source.get("captcha_mode", "")})


def _ident(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


@never_cache
@require_http_methods(["GET", "POST"])
def mail_visitor(request: HttpRequest) -> HttpResponse:
    """A letter from someone without an account (or who prefers not to sign in)."""
    user = request.user
    if isinstance(user, User) and user.is_member and not is_staff_user(user):
        return redirect("mail_new")
    mode = _captcha_mode_of(request)
    form = VisitorLetterForm(request.POST or None, request.FILES or None, captcha_mode=mode)
    status = 200
    if request.method == "POST":
        if ratelimit.is_limited(VISITOR_RATE, _ident(request)):
            form.is_valid()  # the typed text comes back, with the reason it was not sent
            form.add_error(
                None,
                _(
                    "Trop de courriers ont été envoyés depuis cette connexion : réessayez dans "
                    "une heure, ou connectez-vous à votre espace adhérent."
                ),
            )
            status = 429
        elif form.is_valid():
            response = _send_visitor_letter(request, form)
            if response is not None:
                return response
    context = {"form": form, "captcha_mode": mode, "files_lost": _files_lost(request)}
    return render(request, "correspondence/visitor_new.html", context, status=status)


def _send_visitor_letter(request: HttpRequest, form: VisitorLetterForm) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        sent = services.send_letter(
            subject=data["subject"],
            body=data["body"],
            attachments=data["attachments"],
            language=get_language() or settings.LANGUAGE_CODE,
            visitor=services.VisitorIdentity(
                full_name=data["full_name"],
                email=data["email"],
                cin=data["cin"],
                phone=data["phone"],
            ),
            site_url=site_url(request),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    ratelimit.record_hit(VISITOR_RATE, _ident(request))
    grant_visitor(request.session, sent.letter)
    request.session[RECEIPT_SESSION_KEY] = {
        "reference": sent.letter.reference,
        "code": sent.access_code,
    }
    return redirect("mail_visitor_receipt", reference=sent.letter.reference)


@never_cache
@require_GET
def mail_visitor_receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt; right after sending, with the access code, shown this once."""
    letter = visitor_letter(request.session, reference)
    pending = request.session.get(RECEIPT_SESSION_KEY) or {}
    code = ""
    if pending.get("reference") == letter.reference:
        code = pending.get("code", "")
        request.session.pop(RECEIPT_SESSION_KEY, None)
    return _receipt(request, letter, access_code=code)


@never_cache
@require_http_methods(["GET", "POST"])
def mail_follow(request: HttpRequest) -> HttpResponse:
    """ "Suivre un courrier": the reference and the access code open the letter."""
    form = FollowForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        ident = _ident(request)
        if ratelimit.is_limited(FOLLOW_RATE, ident):
            form.add_error(
                None,
                _("Trop d'essais infructueux depuis cette connexion : réessayez dans une heure."),
            )
            status = 429
        else:
            letter = letter_for_code(
                form.cleaned_data["reference"], form.cleaned_data["access_code"]
            )
            if letter is None:
                ratelimit.record_hit(FOLLOW_RATE, ident)
                form.add_error(None, FOLLOW_REFUSED)
            else:
                request.session.cycle_key()  # a new session id now that it opens a letter
                grant_visitor(request.session, letter)
                return redirect("mail_visitor_letter", reference=letter.reference)
    context = {"form": form, "followed": _followed(request)}
    return render(request, "correspondence/follow.html", context, status=status)


def _followed(request: HttpRequest) -> list[str]:
    return list(request.session.get(VISITOR_SESSION_KEY, []))


@never_cache
@require_POST
def mail_follow_end(request: HttpRequest) -> HttpResponse:
    forget_visitor(request.session)
    request.session.pop(RECEIPT_SESSION_KEY, None)
    messages.info(request, _("Le suivi est terminé sur cet appareil."))
    return redirect("mail_follow")


@never_cache
@require_GET
def mail_visitor_letter(request: HttpRequest, reference: str) -> HttpResponse:
    letter = visitor_letter(request.session, reference)
    return _letter_page(request, letter, ReplyForm(), visitor=True)


@never_cache
@require_POST
def mail_visitor_reply(request: HttpRequest, reference: str) -> HttpResponse:
    letter = visitor_letter(request.session, reference)
    return _reply(request, letter, user=None, visitor=True)


@require_GET
def mail_visitor_attachment(request: HttpRequest, reference: str, attachment: int) -> FileResponse:
    letter = visitor_letter(request.session, reference)
    found = attachment_of(letter, attachment, staff=False)
    return attachment_response(found, as_attachment=request.GET.get("download") == "1")
