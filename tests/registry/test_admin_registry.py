"""The registry admin finds members by identifier or name in either script, and filters them."""

import pytest
from django.test import Client
from django.urls import reverse

from registry.models import Position, PostingType, Province
from tests.factories import ChildFactory, MemberFactory, SpouseFactory, UserFactory
from tests.registry.staff_login import login_staff

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:registry_member_changelist")


@pytest.fixture
def admin_client(client: Client) -> Client:
    return login_staff(client, UserFactory.create(is_staff=True, is_superuser=True))


def matricules_listed(client: Client, **query: str) -> set[str]:
    response = client.get(CHANGELIST_URL, query)
    assert response.status_code == 200
    return {member.matricule for member in response.context["cl"].result_list}


@pytest.mark.parametrize("term", ["700001", "ZZ700001", "Tazi", "Nadia", "التازي", "نادية"])
def test_it_finds_a_member_by_matricule_cin_or_name_in_either_script(
    admin_client: Client, term: str
) -> None:
    MemberFactory.create(
        matricule="700001",
        cin="ZZ700001",
        last_name="Tazi",
        first_name="Nadia",
        last_name_ar="التازي",
        first_name_ar="نادية",
    )
    MemberFactory.create()

    assert matricules_listed(admin_client, q=term) == {"700001"}


def test_it_filters_by_position_posting_province_and_death(admin_client: Client) -> None:
    oujda = Province.objects.get(code="oujda-angad")
    retiree = MemberFactory.create(position=Position.RETIRED, pension_number="P1")
    external = MemberFactory.create(posting_type=PostingType.EXTERNAL, posting_province=oujda)
    deceased = MemberFactory.create(is_deceased=True, death_date="2020-01-01")

    assert matricules_listed(admin_client, position="retired") == {retiree.matricule}
    assert matricules_listed(admin_client, posting_type="external") == {external.matricule}
    assert matricules_listed(admin_client, posting_province__id__exact=str(oujda.pk)) == {
        external.matricule
    }
    assert matricules_listed(admin_client, is_deceased__exact="1") == {deceased.matricule}


def test_a_member_page_shows_spouses_and_children(admin_client: Client) -> None:
    spouse = SpouseFactory.create(first_name="Salma")
    ChildFactory.create(member=spouse.member, first_name="Yassine")

    page = admin_client.get(reverse("admin:registry_member_change", args=[spouse.member.pk]))

    assert page.status_code == 200
    assert 'value="Salma"' in page.content.decode()
    assert 'value="Yassine"' in page.content.decode()


@pytest.mark.parametrize(
    ("model", "term"), [("province", "Oujda"), ("spouse", "Salma"), ("child", "Yassine")]
)
def test_provinces_spouses_and_children_are_searchable(
    admin_client: Client, model: str, term: str
) -> None:
    ChildFactory.create(member=SpouseFactory.create().member)

    response = admin_client.get(reverse(f"admin:registry_{model}_changelist"), {"q": term})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
