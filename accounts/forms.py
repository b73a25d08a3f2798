from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.captcha import IMAGE, captcha_field
from accounts.validators import (
    validate_new_password_differs,
    validate_pension_given,
    validate_registration_email,
)
from registry.models import Position
from registry.validators import validate_cin, validate_matricule


def _matricule_field() -> forms.CharField:
    return forms.CharField(
        label=_("Matricule"),
        max_length=12,
        validators=[validate_matricule],
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric"}),
    )


def _cin_field() -> forms.CharField:
    return forms.CharField(
        label=_("Numéro de CIN"),
        max_length=10,
        help_text=_("Tel qu'il figure sur votre carte, par exemple AB123456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


def _clean_cin(value: str) -> str:
    value = value.strip().upper().replace(" ", "")
    validate_cin(value)
    return value


class CaptchaFormMixin:
    """Adds the captcha (image, or question in words) as the form's last field."""

    fields: dict[str, forms.Field]

    def add_captcha(self, mode: str) -> None:
        self.captcha_mode = mode
        self.fields["captcha"] = captcha_field(mode)


class LoginForm(CaptchaFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Matricule ou identifiant"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Matricule ou mot de passe incorrect. Après %(limit)s essais infructueux, "
            "les connexions à ce compte depuis cette adresse sont bloquées pendant "
            "%(minutes)s minutes."
        ),
        "inactive": _("Ce compte est désactivé. Contactez la Fondation."),
    }

    def __init__(self, request: Any = None, *args: Any, captcha_mode: str = IMAGE, **kwargs: Any):
        super().__init__(request, *args, **kwargs)
        self.add_captcha(captcha_mode)

    def clean(self) -> dict[str, Any]:
        # A wrong captcha stops here: the password is not tried and no attempt is counted.
        if "captcha" in self.errors:
            return self.cleaned_data
        return super().clean()

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            },
        )


class RegistrationForm(CaptchaFormMixin, forms.Form):
    """ "Créer un compte / Récupérer mot de passe" (DOMAIN.md 2.1)."""

    matricule = _matricule_field()
    cin = _cin_field()
    position = forms.ChoiceField(
        label=_("Position"), choices=[("", _("Choisissez…")), *Position.choices]
    )
    pension_number = forms.CharField(
        label=_("Numéro de pension"),
        max_length=20,
        required=False,
        help_text=_("Pour les retraités seulement."),
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_(
            "En activité : votre adresse professionnelle. Détachés, mis à disposition et "
            "retraités : une adresse personnelle est acceptée."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, captcha_mode: str = IMAGE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_captcha(captcha_mode)

    def clean_cin(self) -> str:
        return _clean_cin(self.cleaned_data["cin"])

    def clean_pension_number(self) -> str:
        return str(self.cleaned_data.get("pension_number", "")).strip().upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        position = cleaned.get("position", "")
        if cleaned.get("email"):
            try:
                validate_registration_email(position=position, email=cleaned["email"])
            except ValidationError as error:
                self.add_error("email", error)
        try:
            validate_pension_given(
                position=position, pension_number=cleaned.get("pension_number", "")
            )
        except ValidationError as error:
            self.add_error("pension_number", error)
        return cleaned


class PasswordResetRequestForm(CaptchaFormMixin, forms.Form):
    """ "Mot de passe oublié": the link goes to the address already on the account."""

    matricule = _matricule_field()
    cin = _cin_field()

    def __init__(self, *args: Any, captcha_mode: str = IMAGE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_captcha(captcha_mode)

    def clean_cin(self) -> str:
        return _clean_cin(self.cleaned_data["cin"])


class LinkPasswordForm(SetPasswordForm):
    """Choose a password after following an emailed link."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nouveau mot de passe")
        self.fields[
            "new_password1"
        ].help_text = password_validation.password_validators_help_text_html()
        self.fields["new_password2"].label = _("Confirmation du nouveau mot de passe")


class PortalPasswordChangeForm(PasswordChangeForm):
    """ "Changer le mot de passe": current, new, confirmation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mot de passe actuel")
        self.fields["new_password1"].label = _("Nouveau mot de passe")
        self.fields["new_password2"].label = _("Confirmation du nouveau mot de passe")

    def clean_new_password1(self) -> str:
        password = str(self.cleaned_data.get("new_password1", ""))
        validate_new_password_differs(user=self.user, new_password=password)
        return password


class EmailChangeForm(forms.Form):
    """ "Changer d'adresse électronique": the current password, then the new address."""

    current_password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_email = forms.EmailField(
        label=_("Nouvelle adresse électronique"),
        help_text=_(
            "Un lien de confirmation y sera envoyé ; l'adresse actuelle sera prévenue. "
            "En activité : votre adresse professionnelle."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code à 6 chiffres de votre application d'authentification"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if not code.isdigit():
            raise ValidationError(_("Le code ne contient que des chiffres."), code="otp_digits")
        return code
