"""The self-hosted captcha: an image with a refresh button, or a question in words.

django-simple-captcha's audio needs the ``flite`` program, which servers seldom have; the
accessible alternative is an arithmetic question written in words in the reader's language,
which a screen reader reads aloud (docs/decisions/captcha-text-alternative.md). Both kinds are
stored and checked by django-simple-captcha in the same way.
"""

from __future__ import annotations

import secrets
from typing import Any

from captcha.fields import CaptchaField, CaptchaTextInput
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

IMAGE = "image"
TEXT = "text"
MODES = (IMAGE, TEXT)

ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def arithmetic_challenge() -> tuple[str, str]:
    """A sum of two numbers from 1 to 9, such as ("3+4", "7")."""
    first = secrets.randbelow(9) + 1
    second = secrets.randbelow(9) + 1
    return f"{first}+{second}", str(first + second)


def number_in_words(number: int) -> str:
    words = {
        1: pgettext("captcha number", "un"),
        2: pgettext("captcha number", "deux"),
        3: pgettext("captcha number", "trois"),
        4: pgettext("captcha number", "quatre"),
        5: pgettext("captcha number", "cinq"),
        6: pgettext("captcha number", "six"),
        7: pgettext("captcha number", "sept"),
        8: pgettext("captcha number", "huit"),
        9: pgettext("captcha number", "neuf"),
    }
    return words[number]


def question_in_words(challenge: str) -> str:
    first, second = (int(part) for part in challenge.split("+"))
    return pgettext("captcha question", "Combien font %(first)s plus %(second)s ?") % {
        "first": number_in_words(first),
        "second": number_in_words(second),
    }


class ImageCaptchaInput(CaptchaTextInput):
    template_name = "accounts/widgets/captcha_image.html"


class TextCaptchaInput(CaptchaTextInput):
    template_name = "accounts/widgets/captcha_text.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, generator="accounts.captcha.arithmetic_challenge")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from captcha.models import CaptchaStore

        context = super().get_context(name, value, attrs)
        store = CaptchaStore.objects.filter(hashkey=self._key).first()
        context["question"] = question_in_words(store.challenge) if store else ""
        return context


class PortalCaptchaField(CaptchaField):
    """Accepts Arabic-Indic digits as well as Western ones."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list) and len(value) == 2 and value[1]:
            value = [value[0], str(value[1]).translate(ARABIC_INDIC_DIGITS)]
        return super().clean(value)


def captcha_field(mode: str) -> PortalCaptchaField:
    widget = TextCaptchaInput() if mode == TEXT else ImageCaptchaInput()
    return PortalCaptchaField(
        label=_("Vérification : je ne suis pas un robot"),
        help_text=(
            _("Écrivez le résultat en chiffres.")
            if mode == TEXT
            else _("Recopiez les caractères de l'image (majuscules ou minuscules).")
        ),
        widget=widget,
        error_messages={
            "invalid": _("La vérification n'est pas correcte : réessayez avec le nouveau code."),
            "required": _("Répondez à la vérification."),
            "incomplete": _("Répondez à la vérification."),
        },
    )


def captcha_mode(data: Any) -> str:
    mode = data.get("captcha", IMAGE) if data is not None else IMAGE
    return mode if mode in MODES else IMAGE
