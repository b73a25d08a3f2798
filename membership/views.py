""" "Mes informations": the member's registry data, contact data, photo and change requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.views import member_required
from membership import services
from membership.access import (
    change_request_for_member,
    child_for_member,
    member_of,
    spouse_for_member,
)
from membership.constants import ChangeKind
from membership.forms import ContactForm, PersonChangeForm, PhotoForm, RibChangeForm
from membership.selectors import change_request_detail, compared_values, member_info_page
from registry.membership import is_current_member
from registry.models import Member


def _member_user(request: HttpRequest) -> tuple[User, Member]:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user, member_of(user)


def errors_to_form(form: Any, error: ValidationError) -> None:
    """A service's error on the form: on its field when the form has one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _info_context(member: Member, **forms: Any) -> dict[str, Any]:
    page = member_info_page(member)
    contact = forms.get("contact_form") or ContactForm(
        initial={
            "phone": page.member.phone,
            "address": page.member.address,
            "private_email": page.member.private_email,
        }
    )
    return {
        "page": page,
        "member": page.member,
        "contact_form": contact,
        "photo_form": forms.get("photo_form") or PhotoForm(),
    }


@never_cache
@member_required
@require_GET
def member_info(request: HttpRequest) -> HttpResponse:
    _user, member = _member_user(request)
    return render(request, "membership/info.html", _info_context(member))


@never_cache
@member_required
@require_POST
def contact_update(request: HttpRequest) -> HttpResponse:
    user, member = _member_user(request)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            change = services.update_contact(
                member=member,
                user=user,
                phone=form.cleaned_data["phone"],
                address=form.cleaned_data["address"],
                private_email=form.cleaned_data["private_email"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            if change is None:
                messages.info(request, _("Rien n'a changé dans vos coordonnées."))
            else:
                messages.success(request, _("Vos coordonnées sont à jour."))
            return redirect("member_info")
    context = _info_context(member, contact_form=form)
    return render(request, "membership/info.html", context, status=400)


@never_cache
@member_required
@require_POST
def photo_update(request: HttpRequest) -> HttpResponse:
    user, member = _member_user(request)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_photo(member=member, user=user, uploaded_file=form.cleaned_data["photo"])
        except ValidationError as error:
            form.add_error("photo", error)
        else:
            messages.success(request, _("Votre photo est enregistrée."))
            return redirect("member_info")
    context = _info_context(member, photo_form=form)
    return render(request, "membership/info.html", context, status=400)


def _not_a_member(request: HttpRequest, member: Member) -> HttpResponse | None:
    if is_current_member(member):
        return None
    messages.error(request, str(services.NOT_A_MEMBER))
    return redirect("member_info")


def _change_form_page(
    request: HttpRequest,
    *,
    kind: str,
    form: RibChangeForm | PersonChangeForm,
    member: Member,
    user: User,
    spouse: Any = None,
    child: Any = None,
    subject: Model | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            change = services.request_change(
                member=member,
                user=user,
                kind=kind,
                data=form.proposed(),
                spouse=spouse,
                child=child,
                documents=form.chosen_documents(),
                uploads=form.uploads(),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "Votre demande %(reference)s est envoyée : un agent de la Fondation la "
                    "vérifie. Vous recevrez sa décision par courriel."
                )
                % {"reference": change.reference},
            )
            return redirect("member_info")
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "kind": ChangeKind(kind),
        "member": member,
        "subject": subject,
    }
    return render(request, "membership/change_form.html", context, status=status)


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def rib_change(request: HttpRequest) -> HttpResponse:
    user, member = _member_user(request)
    if (refused := _not_a_member(request, member)) is not None:
        return refused
    data, files = _posted(request)
    form = RibChangeForm(data, files, member=member)
    return _change_form_page(request, kind=ChangeKind.RIB, form=form, member=member, user=user)


def _person_change(
    request: HttpRequest, kind: str, find: Any = None, pk: int | None = None, role: str = ""
) -> HttpResponse:
    """Add or change a spouse or a child: ``find(user, pk)`` reads the member's own row (404
    otherwise), then ``role`` ("spouse" or "child") names it for the service."""
    user, member = _member_user(request)
    row = find(user, pk) if find is not None else None
    if (refused := _not_a_member(request, member)) is not None:
        return refused
    data, files = _posted(request)
    form = PersonChangeForm(data, files, kind=kind, member=member, instance=row)
    person = {role: row, "subject": row} if row is not None else {}
    return _change_form_page(request, kind=kind, form=form, member=member, user=user, **person)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def spouse_add(request: HttpRequest) -> HttpResponse:
    return _person_change(request, ChangeKind.ADD_SPOUSE)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def spouse_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_change(request, ChangeKind.UPDATE_SPOUSE, spouse_for_member, pk, "spouse")


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def child_add(request: HttpRequest) -> HttpResponse:
    return _person_change(request, ChangeKind.ADD_CHILD)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def child_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_change(request, ChangeKind.UPDATE_CHILD, child_for_member, pk, "child")


@never_cache
@member_required
@require_GET
def change_request_page(request: HttpRequest, pk: int) -> HttpResponse:
    user, _member = _member_user(request)
    change = change_request_for_member(user, pk)
    attachments, events = change_request_detail(change)
    context = {
        "change": change,
        "values": compared_values(change),
        "attachments": attachments,
        "events": events,
    }
    return render(request, "membership/change_detail.html", context)


@never_cache
@member_required
@require_POST
def change_request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user, member = _member_user(request)
    change = change_request_for_member(user, pk)
    try:
        services.withdraw_change(member=member, user=user, request_id=change.pk)
    except services.AlreadyDecidedError:
        messages.error(
            request, _("Cette demande a déjà été traitée : elle ne peut plus être retirée.")
        )
    else:
        messages.success(
            request, _("Votre demande %(reference)s est retirée.") % {"reference": change.reference}
        )
    return redirect("member_info")
