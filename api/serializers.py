from __future__ import annotations

import copy
from typing import Any, ClassVar

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.validators import validate_pension_given, validate_registration_email
from registry.models import Position
from registry.validators import validate_cin, validate_matricule


# For a ModelSerializer: its fields made from the model once per class, then copied. DRF builds
# a ModelSerializer's fields anew for every instance, reading the model's fields and their
# options each time: on a dossier's answer, most of the serializer's cost. What it builds
# depends on the class alone (Meta and the declared fields); each instance gets its own copy,
# as DRF gives each its own copy of the declared fields. (A comment, not a docstring: the API
# schema would take a docstring as the description of every serializer using it.)
class FieldsBuiltOnce:
    _built_fields: ClassVar[dict[type, dict[str, Any]]] = {}

    def get_fields(self) -> dict[str, Any]:
        built = FieldsBuiltOnce._built_fields.get(type(self))
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            FieldsBuiltOnce._built_fields[type(self)] = built
        return copy.deepcopy(built)


def _clean_cin(value: str) -> str:
    value = value.strip().upper().replace(" ", "")
    try:
        validate_cin(value)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from error
    return value


class TokenRequestSerializer(serializers.Serializer[Any]):
    matricule = serializers.CharField(max_length=150, label=_("Matricule ou identifiant"))
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    device = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=120,
        help_text=_(
            "Nom de l'appareil, montré dans « Mes appareils connectés » (à défaut, "
            "l'en-tête User-Agent)."
        ),
    )
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=6,
        help_text=_(
            "Code de l'application d'authentification, si la double authentification "
            "est activée (obligatoire pour le personnel)."
        ),
    )


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(
        help_text=_(
            "À envoyer dans l'en-tête « Authorization: Token … »; il n'est montré qu'une fois."
        )
    )
    expiry = serializers.DateTimeField(
        help_text=_(
            "Fin du jeton s'il n'est plus utilisé ; chaque appel la repousse, jamais au-delà "
            "de la durée de vie maximale."
        )
    )
    device = serializers.CharField()


class DeviceSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(source="public_id")
    device = serializers.CharField()
    created = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    expiry = serializers.DateTimeField()
    current = serializers.BooleanField(help_text=_("Vrai pour le jeton de l'appel lui-même."))


class MessageSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


# Every refusal of the API: a code the application acts on and a message to show, and for a
# refused input the message of each field (api/exceptions.py, docs/decisions/api-error-shapes.md).
class ErrorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(
        help_text=_("« invalid » pour une saisie refusée ; sinon le code du refus.")
    )
    detail = serializers.CharField(help_text=_("Le message à montrer, dans la langue demandée."))
    field_errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_(
            "Pour une saisie refusée : les messages de chaque champ refusé ; un champ imbriqué "
            "est nommé par son chemin (« documents.0.document »), un refus de l'ensemble est "
            "sous « non_field_errors »."
        ),
    )


# An address that may be unknown, for answers: an email address, or empty (format "email"
# alone refuses ""). A CharField: an EmailField would add its format to the schema.
@extend_schema_field({"type": "string", "anyOf": [{"format": "email"}, {"maxLength": 0}]})
class OptionalEmailField(serializers.CharField):
    pass


class RegistrationRequestSerializer(serializers.Serializer[Any]):
    matricule = serializers.CharField(max_length=12, validators=[validate_matricule])
    cin = serializers.CharField(max_length=10)
    position = serializers.ChoiceField(choices=Position.choices)
    email = serializers.EmailField()
    pension_number = serializers.CharField(max_length=20, required=False, allow_blank=True)

    def validate_cin(self, value: str) -> str:
        return _clean_cin(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["pension_number"] = attrs.get("pension_number", "").strip().upper()
        errors: dict[str, list[str]] = {}
        try:
            validate_registration_email(position=attrs["position"], email=attrs["email"])
        except DjangoValidationError as error:
            errors["email"] = error.messages
        try:
            validate_pension_given(
                position=attrs["position"], pension_number=attrs["pension_number"]
            )
        except DjangoValidationError as error:
            errors["pension_number"] = error.messages
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class PasswordResetRequestSerializer(serializers.Serializer[Any]):
    matricule = serializers.CharField(max_length=12, validators=[validate_matricule])
    cin = serializers.CharField(max_length=10)

    def validate_cin(self, value: str) -> str:
        return _clean_cin(value)


class MeSerializer(serializers.Serializer[Any]):
    matricule = serializers.CharField(source="username")
    full_name = serializers.CharField(source="__str__")
    email = OptionalEmailField()
    preferred_language = serializers.CharField()
    is_member = serializers.BooleanField()
    is_staff = serializers.BooleanField()
    otp_enabled = serializers.BooleanField()
    last_login = serializers.DateTimeField(allow_null=True)


class EmailChangeSerializer(serializers.Serializer[Any]):
    current_password = serializers.CharField(write_only=True, trim_whitespace=False)
    new_email = serializers.EmailField(
        help_text=_("Un lien de confirmation y est envoyé ; l'adresse actuelle est prévenue.")
    )


class TermsSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    published_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)


class TermsAcceptSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        help_text=_("Le numéro de la version lue (celui renvoyé par GET terms/).")
    )


class PasswordChangeSerializer(serializers.Serializer[Any]):
    current_password = serializers.CharField(write_only=True, trim_whitespace=False)
    new_password = serializers.CharField(write_only=True, trim_whitespace=False)
    new_password_confirmation = serializers.CharField(write_only=True, trim_whitespace=False)

    def validate_current_password(self, value: str) -> str:
        if not self.context["user"].check_password(value):
            raise serializers.ValidationError(_("Le mot de passe actuel est incorrect."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["new_password"] != attrs["new_password_confirmation"]:
            raise serializers.ValidationError(
                {"new_password_confirmation": [_("Les deux mots de passe diffèrent.")]}
            )
        try:
            validate_password(attrs["new_password"], self.context["user"])
        except DjangoValidationError as error:
            raise serializers.ValidationError({"new_password": error.messages}) from error
        return attrs
