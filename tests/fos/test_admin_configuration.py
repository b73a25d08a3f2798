"""The Django admin is the configuration back office: every configuration model is there, each
with its columns, a search and filters, and each list answers a search."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from accounts.roles import STAFF_GROUPS
from tests.factories import ChildFactory, SpouseFactory, UserFactory

pytestmark = pytest.mark.django_db

CONFIGURATION_MODELS = [
    "catalog.Service",
    "catalog.Campaign",
    "catalog.Rule",
    "catalog.RequiredDocument",
    "catalog.Motive",
    "catalog.ServiceCategory",
    "accounts.TermsVersion",
    "accounts.User",
    "accounts.AccountEvent",
    "registry.Member",
    "registry.Spouse",
    "registry.Child",
    "registry.Province",
    "auth.Group",
]


def model(label: str) -> type[Model]:
    return apps.get_model(label)


@pytest.mark.parametrize("label", CONFIGURATION_MODELS)
def test_each_configuration_model_has_columns_a_search_and_filters(label: str) -> None:
    model_admin = admin.site._registry.get(model(label))

    assert model_admin is not None, f"{label} is not in the admin"
    assert model_admin.search_fields, f"{label} has no search"
    assert model_admin.list_filter, f"{label} has no filter"
    assert model_admin.list_display != ("__str__",), f"{label} shows only its name"


@pytest.mark.parametrize("label", CONFIGURATION_MODELS)
def test_each_list_answers_a_search_and_its_filters(admin_client: Client, label: str) -> None:
    SpouseFactory.create()
    ChildFactory.create()
    UserFactory.create()
    meta = model(label)._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")

    response = admin_client.get(url, {"q": "a"})

    assert response.status_code == 200
    for spec in response.context["cl"].filter_specs:
        choices = list(spec.choices(response.context["cl"]))[1:4]  # past "All"
        for choice in choices:
            assert admin_client.get(url + choice["query_string"]).status_code == 200


def test_the_groups_filter_the_portals_roles(admin_client: Client) -> None:
    Group.objects.create(name="comptabilité")
    url = reverse("admin:auth_group_changelist")

    roles = admin_client.get(url, {"portal_role": "yes"}).context["cl"].result_list
    others = admin_client.get(url, {"portal_role": "no"}).context["cl"].result_list

    assert {group.name for group in roles} == set(STAFF_GROUPS)
    assert [group.name for group in others] == ["comptabilité"]
