"""Back-office section "Cartes d'adhérent": find a card, issue one (agents), revoke one
(supervisors). The same services as the member's pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from backoffice.access import is_supervisor, staff_required
from cards import selectors, services
from cards.forms import CardSearchForm, IssueCardForm, RevokeCardForm
from cards.models import MemberCard

CARDS_PER_PAGE = 25


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@require_GET
@staff_required
def card_list(request: HttpRequest) -> HttpResponse:
    search = CardSearchForm(request.GET or None)
    query, status = "", ""
    if search.is_valid():
        query, status = search.cleaned_data["q"], search.cleaned_data["status"]
    cards = selectors.search_cards(query=query, status=status)
    page = Paginator(cards, CARDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "page": page,
        "issue_form": IssueCardForm(),
        "may_revoke": is_supervisor(request.user),
    }
    return render(request, "cards/backoffice/list.html", context)


@require_POST
@staff_required
def card_issue(request: HttpRequest) -> HttpResponse:
    form = IssueCardForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["matricule"]))
        return redirect("cards_backoffice")
    member = form.cleaned_data["matricule"]
    try:
        card = services.issue_card(member=member, actor=_staff(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cards_backoffice")
    messages.success(
        request,
        _("Carte n° %(number)s délivrée à %(name)s.")
        % {"number": card.number, "name": f"{member.first_name} {member.last_name}"},
    )
    return redirect(f"{reverse('cards_backoffice')}?{urlencode({'q': member.matricule})}")


@require_http_methods(["GET", "POST"])
@staff_required
def card_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_supervisor(request.user):
        raise PermissionDenied
    card = get_object_or_404(MemberCard.objects.select_related("member"), pk=pk)
    form = RevokeCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_card(
                card=card, reason=form.cleaned_data["reason"], actor=_staff(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La carte n° %(number)s est révoquée.") % {"number": card})
        return redirect(f"{reverse('cards_backoffice')}?{urlencode({'q': card.number})}")
    return render(request, "cards/backoffice/revoke.html", {"card": card, "form": form})
