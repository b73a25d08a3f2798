from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from documents.constants import FILE_TYPES, LIBRARY_MAX_SIZE_MB
from documents.models import DocumentKind, MemberDocument

ACCEPT = ",".join(info.content_type for info in FILE_TYPES.values())


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de document"), choices=DocumentKind.choices, initial=DocumentKind.OTHER
    )
    title = forms.CharField(
        label=_("Intitulé"),
        required=False,
        max_length=MemberDocument._meta.get_field("title").max_length,
        help_text=_("Facultatif, pour le retrouver : « RIB Banque Populaire 2026 », par exemple."),
    )
    # Empty files reach the service, whose message names the file.
    file = forms.FileField(
        label=_("Fichier"),
        allow_empty_file=True,
        help_text=format_lazy(
            _("PDF, JPEG ou PNG, {size} Mo au plus. Le type est vérifié d'après le contenu."),
            size=LIBRARY_MAX_SIZE_MB,
        ),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
