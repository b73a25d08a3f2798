"""The member's card and attestation ("Ma carte"), and the public verification pages.

The member's pages take no identifier: they only ever read ``request.user``'s own member, so
there is nothing in a URL to change to reach someone else's card. The verification pages take
only a signed token and print only what ``cards.verification`` exposes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.views import member_required, site_url
from cards import selectors, services
from cards.constants import AttestationKind, Verdict
from cards.models import AttestationIssued, MemberCard
from cards.photos import portrait_data_uri, portrait_jpeg
from cards.qr import qr_data_uri, qr_svg
from cards.statements import statement_years, yearly_statement
from cards.throttling import throttled
from cards.tokens import attestation_token, card_token
from cards.verification import verify_attestation, verify_card
from registry.membership import is_current_member
from registry.models import Member

FIRST_STATEMENT_YEAR = 2000

PUBLIC_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
}


def _member_user(request: HttpRequest) -> tuple[User, Member]:
    user = request.user
    if not isinstance(user, User) or user.member is None:
        raise PermissionDenied
    return user, user.member


def absolute_url(request: HttpRequest, path: str) -> str:
    """A link that works from a phone scanning a printed card: PORTAL_URL when it is set."""
    return urljoin(site_url(request), path)


def card_verify_url(request: HttpRequest, card: MemberCard) -> str:
    return absolute_url(request, reverse("card_verify", args=[card_token(card)]))


def attestation_verify_url(request: HttpRequest, attestation: AttestationIssued) -> str:
    return absolute_url(
        request, reverse("attestation_verify", args=[attestation_token(attestation)])
    )


def render_pdf(template_name: str, context: dict[str, Any], request: HttpRequest) -> bytes:
    # Imported here: loading WeasyPrint parses its stylesheets, which no other page needs.
    from cards.pdf import render_pdf as render

    return render(template_name, context, request)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _public(response: HttpResponse) -> HttpResponse:
    for header, value in PUBLIC_HEADERS.items():
        response[header] = value
    return response


# The member's pages ------------------------------------------------------------------------


@never_cache
@member_required
@require_GET
def card(request: HttpRequest) -> HttpResponse:
    _user, member = _member_user(request)
    page = selectors.card_page(member.pk)
    context: dict[str, Any] = {
        "page": page,
        "today": timezone.localdate(),
        "is_current_member": is_current_member(page.member),
        "statement_years": statement_years(page.member),
    }
    if page.card is not None:
        verify_url = card_verify_url(request, page.card)
        context["verify_url"] = verify_url
        context["qr_svg"] = mark_safe(qr_svg(verify_url))  # noqa: S308 # nosec B308 B703 - qrcode SVG
    return render(request, "cards/card.html", context)


@never_cache
@member_required
@require_POST
def card_issue(request: HttpRequest) -> HttpResponse:
    user, member = _member_user(request)
    try:
        issued = services.issue_card(member=member, actor=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Votre carte d'adhérent n° %(number)s est prête.") % {"number": issued.number},
        )
    return redirect("card")


@never_cache
@member_required
@require_GET
def card_pdf(request: HttpRequest) -> HttpResponse:
    _user, member = _member_user(request)
    page = selectors.card_page(member.pk)
    if page.card is None:
        messages.info(request, _("Obtenez d'abord votre carte d'adhérent."))
        return redirect("card")
    verify_url = card_verify_url(request, page.card)
    context = {
        "page": page,
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
        "photo": portrait_data_uri(page.photo),
        "today": timezone.localdate(),
        "language": get_language(),
    }
    pdf = render_pdf("cards/pdf/card.html", context, request)
    return _pdf_response(pdf, f"carte-{page.card.number}.pdf")


@never_cache
@member_required
@require_GET
def attestation_pdf(request: HttpRequest) -> HttpResponse:
    user, member = _member_user(request)
    try:
        attestation = services.issue_attestation(member=member, actor=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("card")
    verify_url = attestation_verify_url(request, attestation)
    context = {
        "attestation": attestation,
        "member": member,
        "name_fr": f"{member.first_name} {member.last_name}",
        "name_ar": f"{member.first_name_ar} {member.last_name_ar}".strip()
        or f"{member.first_name} {member.last_name}",
        "card": selectors.active_card(member),
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
        "language": get_language(),
        "other_language": "fr" if get_language() == "ar" else "ar",
    }
    pdf = render_pdf("cards/pdf/attestation.html", context, request)
    return _pdf_response(pdf, f"attestation-{attestation.number}.pdf")


def _statement_year_allowed(year: int) -> bool:
    """Any year up to this one: a year with nothing paid gives a statement that says so."""
    return FIRST_STATEMENT_YEAR <= year <= timezone.localdate().year


@never_cache
@member_required
@require_GET
def statement_choose(request: HttpRequest) -> HttpResponse:
    """The card page's year picker: on to the statement of the year chosen."""
    _member_user(request)
    year = request.GET.get("year", "")
    if year.isdigit() and _statement_year_allowed(int(year)):
        return redirect("card_statement", year=int(year))
    messages.error(request, _("Choisissez une année dans la liste."))
    return redirect("card")


@never_cache
@member_required
@require_GET
def statement_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The yearly statement of the signed-in member's family, as a PDF with a QR code."""
    user, member = _member_user(request)
    if not _statement_year_allowed(year):
        raise Http404
    try:
        attestation = services.issue_attestation(
            member=member, actor=user, kind=AttestationKind.YEARLY_STATEMENT, year=year
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("card")
    verify_url = attestation_verify_url(request, attestation)
    context = {
        "attestation": attestation,
        "member": member,
        "statement": yearly_statement(member, year),
        "card": selectors.active_card(member),
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
        "language": get_language(),
    }
    pdf = render_pdf("cards/pdf/statement.html", context, request)
    return _pdf_response(pdf, f"releve-{year}-{attestation.number}.pdf")


# Public verification -----------------------------------------------------------------------


@require_GET
@throttled(finish=_public)
def verify_card_page(request: HttpRequest, token: str) -> HttpResponse:
    result = verify_card(token)
    context = {
        "result": result,
        "Verdict": Verdict,
        "photo_url": reverse("card_verify_photo", args=[token]) if result.photo else None,
    }
    status = 404 if result.verdict == Verdict.INVALID else 200
    return _public(render(request, "cards/verify.html", context, status=status))


@require_GET
@throttled(finish=_public)
def verify_card_photo(request: HttpRequest, token: str) -> HttpResponse:
    """The holder's photo, for the page above and for partners' API: the same token decides."""
    result = verify_card(token)
    data = portrait_jpeg(result.photo) if result.photo is not None else None
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Partners' own web tools may show it next to the API's answer.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return _public(response)


@require_GET
@throttled(finish=_public)
def verify_attestation_page(request: HttpRequest, token: str) -> HttpResponse:
    result = verify_attestation(token)
    status = 404 if result.verdict == Verdict.INVALID else 200
    context = {"result": result, "Verdict": Verdict}
    return _public(render(request, "cards/verify_attestation.html", context, status=status))
