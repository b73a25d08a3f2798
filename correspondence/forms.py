"""The mail desk's forms. They check what a browser can be told; the services decide the rest
(attachments by content, who may act), and their refusals are shown on these forms' fields."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts.captcha import IMAGE
from accounts.forms import CaptchaFormMixin
from accounts.models import User
from accounts.roles import STAFF_GROUPS
from catalog.models import Service
from correspondence.constants import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, LetterStatus
from correspondence.selectors import MINE, UNASSIGNED, InboxFilters
from documents.constants import FILE_TYPES
from fos.fields import DateField
from registry.validators import validate_cin

ACCEPT = ",".join(info.content_type for info in FILE_TYPES.values())


def _attachments_help() -> str:
    return str(
        _(
            "Facultatif. Jusqu'à %(count)s fichiers PDF, JPEG ou PNG de %(size)s Mo chacun au "
            "plus ; le type est vérifié d'après le contenu."
        )
        % {"count": settings.MAIL_DESK_MAX_FILES, "size": settings.MAIL_DESK_MAX_UPLOAD_MB}
    )


attachments_help = lazy(_attachments_help, str)


def _reading_key(name: str) -> str:
    """Alphabetical order as a reader expects it: É with E, hamza-carrying alifs with the bare
    alif, any case."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


class _ByNameIterator(forms.models.ModelChoiceIterator):
    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = sorted(self.queryset, key=lambda row: (_reading_key(str(row)), row.pk))
        for row in rows:
            yield self.choice(row)


class ByNameChoiceField(forms.ModelChoiceField):
    """Choices in the alphabetical order of their names in the reader's language, sorted when
    the select is drawn (in the page's language), from the one query the select makes anyway."""

    iterator = _ByNameIterator


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each one and names the refused ones."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty_file", True)  # the service's message names the file
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(item, initial) for item in files if item]
        limit = settings.MAIL_DESK_MAX_FILES
        if len(files) > limit:
            raise ValidationError(
                _("Joignez %(limit)s fichiers au plus."),
                code="too_many_files",
                params={"limit": limit},
            )
        return files


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Pièces jointes"),
        help_text=attachments_help(),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )


def _body_field(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Votre message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _subject_field() -> forms.CharField:
    return forms.CharField(
        label=_("Objet"),
        max_length=SUBJECT_MAX_LENGTH,
        help_text=_("En quelques mots : « Demande d'attestation », « Réclamation », …"),
    )


class LetterForm(forms.Form):
    """ "Nouveau courrier" of a member."""

    subject = _subject_field()
    body = _body_field()
    attachments = _attachments_field()


class VisitorLetterForm(CaptchaFormMixin, forms.Form):
    """A letter from someone without an account: who they are, how to answer them."""

    full_name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    cin = forms.CharField(
        label=_("Numéro de CIN"),
        max_length=10,
        required=False,
        help_text=_("Facultatif. Il aide la Fondation à retrouver votre dossier."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("Le récépissé, le code de suivi et les réponses y sont envoyés."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=20,
        required=False,
        help_text=_("Facultatif."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    subject = _subject_field()
    body = _body_field()
    attachments = _attachments_field()

    def __init__(self, *args: Any, captcha_mode: str = IMAGE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_captcha(captcha_mode)

    def clean_cin(self) -> str:
        value = str(self.cleaned_data.get("cin", "")).strip().upper().replace(" ", "")
        if value:
            validate_cin(value)
        return value


class FollowForm(forms.Form):
    """ "Suivre un courrier": the reference and the access code, never one without the other."""

    reference = forms.CharField(
        label=_("Référence du courrier"),
        max_length=30,
        help_text=_("Par exemple BO-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    access_code = forms.CharField(
        label=_("Code de suivi"),
        max_length=40,
        help_text=_("Le code reçu par courriel et affiché sur le récépissé."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ReplyForm(forms.Form):
    """The sender writes again while the letter is open."""

    body = _body_field(_("Votre message"))
    attachments = _attachments_field()


# Back office -------------------------------------------------------------------------------


def staff_users() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=STAFF_GROUPS))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class _ActionForm(forms.Form):
    """The letter page holds several forms: each has its own ids (answer_body, note_body)."""

    id_prefix = "action"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class RouteForm(_ActionForm):
    id_prefix = "route"

    service = ByNameChoiceField(
        label=_("Service destinataire"),
        queryset=Service.objects.filter(is_active=True),
    )
    agent = StaffChoiceField(
        label=_("Agent chargé"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— Le service choisira —"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agent_field = self.fields["agent"]
        if isinstance(agent_field, forms.ModelChoiceField):
            agent_field.queryset = staff_users()


class AnswerForm(_ActionForm):
    id_prefix = "answer"
    body = _body_field(_("Réponse à l'expéditeur"))
    attachments = _attachments_field()


class NoteForm(_ActionForm):
    id_prefix = "note"
    body = forms.CharField(
        label=_("Note interne"),
        max_length=BODY_MAX_LENGTH,
        help_text=_("Visible des seuls agents : jamais montrée ni envoyée à l'expéditeur."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(_ActionForm):
    id_prefix = "reopen"
    reason = forms.CharField(
        label=_("Motif de la réouverture"),
        max_length=1000,
        help_text=_("Gardé dans l'historique du personnel ; l'expéditeur est prévenu."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ASSIGNMENT_CHOICES = [
    ("", _("Tous")),
    (MINE, _("Qui me sont confiés")),
    (UNASSIGNED, _("Sans agent")),
]


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=150,
        help_text=_("Référence, nom, CIN, adresse électronique ou objet."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *LetterStatus.choices]
    )
    service = ByNameChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.all(),
        empty_label=_("Tous"),
    )
    assignment = forms.ChoiceField(label=_("Agent"), required=False, choices=ASSIGNMENT_CHOICES)
    received_from = DateField(
        label=_("Reçu à partir du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    received_to = DateField(
        label=_("Reçu jusqu'au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def filters(self) -> InboxFilters:
        """The filters to apply: the valid ones; an invalid value is ignored, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        service = data.get("service")
        return InboxFilters(
            status=data.get("status") or "",
            service_id=service.pk if service is not None else None,
            assignment=data.get("assignment") or "",
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            search=data.get("q") or "",
        )
