"""The mail desk's links and selects: the status tabs filter (Django's ``querystring`` writes the
``?`` itself, a second one made ``??status=``), and services are listed alphabetically by their
name in the reader's language, wherever the page's order field would put them."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client

from catalog.models import Service
from correspondence import staff_views
from correspondence.constants import LetterStatus
from tests.catalog.factories import ServiceFactory
from tests.correspondence.factories import LetterFactory

pytestmark = pytest.mark.django_db
INBOX = "/backoffice/mail/"
HREF = re.compile(r'href="([^"]*)"')
OPTION = re.compile(r'<option value="(\d+)"')


def hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in HREF.findall(page)]


def test_it_filters_by_the_clicked_status_tab(agent_client: Client) -> None:
    received = LetterFactory.create()
    closed = LetterFactory.create(status=LetterStatus.CLOSED)
    page = agent_client.get(INBOX).content.decode()
    assert not [h for h in hrefs(page) if h.startswith("??")]
    tab = [h for h in hrefs(page) if f"status={LetterStatus.CLOSED}" in h]
    assert tab == [f"?status={LetterStatus.CLOSED}"]
    response = agent_client.get(INBOX + tab[0])
    assert [letter.pk for letter in response.context["page"].object_list] == [closed.pk]
    everything = [h for h in hrefs(response.content.decode()) if h == "?"]
    assert everything  # "Tous" drops the status
    listed = agent_client.get(INBOX + everything[0]).context["page"].object_list
    assert {letter.pk for letter in listed} == {received.pk, closed.pk}


def test_the_next_page_keeps_the_filters(
    agent_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staff_views, "LETTERS_PER_PAGE", 1)
    for _n in range(2):
        LetterFactory.create(status=LetterStatus.CLOSED)
    LetterFactory.create()
    first = agent_client.get(INBOX, {"status": LetterStatus.CLOSED})
    following = [h for h in hrefs(first.content.decode()) if "page=2" in h]
    assert following == [f"?status={LetterStatus.CLOSED}&page=2"]
    second = agent_client.get(INBOX + following[0])
    assert second.context["page"].number == 2
    assert [letter.status for letter in second.context["page"].object_list] == ["closed"]


@pytest.fixture
def three_services() -> list[Service]:
    """Entered in an order that is alphabetical in neither language."""
    return [
        ServiceFactory.create(name_fr="Zakat solidaire", name_ar="أضحية العيد", order=1),
        ServiceFactory.create(name_fr="Éducation", name_ar="مساعدة الدراسة", order=2),
        ServiceFactory.create(name_fr="aide au logement", name_ar="بعثة الحج", order=3),
    ]


def _service_options(client: Client, select_id: str, path: str = INBOX) -> list[int]:
    """The order of the test's services in the select (the catalogue's own are there too)."""
    page = client.get(path).content.decode()
    select = page.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    ours = set(Service.objects.filter(code__startswith="TEST_").values_list("pk", flat=True))
    return [int(pk) for pk in OPTION.findall(select) if int(pk) in ours]


def test_the_services_filter_is_alphabetical_in_french(
    agent_client: Client, three_services: list[Service]
) -> None:
    zakat, education, housing = three_services
    assert _service_options(agent_client, "id_service") == [housing.pk, education.pk, zakat.pk]


def test_the_services_filter_is_alphabetical_in_arabic(
    agent_client: Client, three_services: list[Service]
) -> None:
    zakat, education, housing = three_services
    agent_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert _service_options(agent_client, "id_service") == [zakat.pk, housing.pk, education.pk]


def test_the_routing_select_is_alphabetical_too(
    agent_client: Client, three_services: list[Service]
) -> None:
    zakat, education, housing = three_services
    letter = LetterFactory.create()
    path = f"{INBOX}{letter.pk}/"
    assert _service_options(agent_client, "route_service", path) == [
        housing.pk,
        education.pk,
        zakat.pk,
    ]
