import datetime as dt
import re
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.http import HttpRequest
from django.test import RequestFactory, override_settings
from django.utils import timezone

from accounts.models import User
from accounts.roles import ADMINISTRATORS, AGENTS, SUPERVISORS
from registry.demo import MIN_MEMBERS, generate
from registry.demo_accounts import DEMO_LOGINS, DEMO_PASSWORD, DEMO_URL
from registry.models import Child, Member, Position, PostingType, Province, SchoolLevel, Spouse
from registry.provinces import AIR_TRANSPORT_PROVINCES
from registry.validators import age_on, validate_cin, validate_rib
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"^[\u0600-\u06FF ]+$")
LATIN = re.compile(r"^[A-Za-z' -]+$")
PHONE = re.compile(r"^0[67][0-9]{8}$")
LEVELS_BY_AGE = {
    range(0, 3): {SchoolLevel.NONE},
    range(3, 6): {SchoolLevel.PRESCHOOL},
    range(6, 12): {SchoolLevel.PRIMARY},
    range(12, 15): {SchoolLevel.MIDDLE},
    range(15, 18): {SchoolLevel.SECONDARY},
    range(18, 25): {SchoolLevel.HIGHER, SchoolLevel.NONE},
    range(25, 120): {SchoolLevel.NONE},
}


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", members=MIN_MEMBERS, stdout=StringIO())


def counts() -> tuple[int, int, int, int]:
    return (
        Member.objects.count(),
        Spouse.objects.count(),
        Child.objects.count(),
        User.objects.count(),
    )


def login_request() -> HttpRequest:
    return RequestFactory().post("/login/")


@pytest.mark.usefixtures("seeded")
def test_it_creates_members_of_every_position_mostly_active() -> None:
    positions = list(Member.objects.values_list("position", flat=True))
    assert len(positions) == MIN_MEMBERS
    assert set(positions) == set(Position.values)
    assert positions.count(Position.ACTIVE) > len(positions) / 2


@pytest.mark.usefixtures("seeded")
def test_it_gives_every_retiree_a_pension_number_and_no_one_else() -> None:
    retirees = Member.objects.filter(position=Position.RETIRED)
    assert retirees.exists()
    assert not retirees.filter(pension_number="").exists()
    assert not Member.objects.exclude(position=Position.RETIRED).exclude(pension_number="").exists()
    born = retirees.values_list("birth_date__year", flat=True)
    assert all(1940 <= year <= 1962 for year in born)


@pytest.mark.usefixtures("seeded")
def test_it_posts_a_living_active_member_in_every_air_transport_province() -> None:
    provinces = set(
        Member.objects.filter(
            position=Position.ACTIVE, is_deceased=False, posting_type=PostingType.EXTERNAL
        ).values_list("posting_province__code", flat=True)
    )
    assert set(AIR_TRANSPORT_PROVINCES) <= provinces


@pytest.mark.usefixtures("seeded")
def test_it_posts_working_members_with_an_entity_and_a_city() -> None:
    working = Member.objects.exclude(position=Position.RETIRED).filter(is_deceased=False)
    assert not working.filter(posting_entity="").exists()
    assert not working.filter(posting_province__isnull=True).exists()
    central = working.filter(posting_type=PostingType.CENTRAL, position=Position.ACTIVE)
    assert set(central.values_list("posting_city", flat=True)) == {"Rabat"}
    entities = set(working.values_list("posting_entity", flat=True))
    assert "Direction Régionale des Impôts d'Oujda" in entities


@pytest.mark.usefixtures("seeded")
def test_it_makes_valid_ribs_cins_phones_and_unique_professional_emails() -> None:
    for member in Member.objects.all():
        validate_rib(member.rib)
        validate_cin(member.cin)
        assert PHONE.match(member.phone)
    spouse_cins = [cin for cin in Spouse.objects.values_list("cin", flat=True) if cin]
    for cin in spouse_cins:
        validate_cin(cin)
    member_cins = set(Member.objects.values_list("cin", flat=True))
    assert len(set(spouse_cins)) == len(spouse_cins)
    assert not member_cins & set(spouse_cins)
    emails = [e for e in Member.objects.values_list("professional_email", flat=True) if e]
    assert len(set(emails)) == len(emails)
    assert all(email.endswith("@finances.gov.ma") for email in emails)


@pytest.mark.usefixtures("seeded")
def test_every_row_passes_the_models_validation() -> None:
    rows = [*Member.objects.all(), *Spouse.objects.all(), *Child.objects.all()]
    for row in rows:
        row.full_clean()


def test_the_default_registry_passes_the_models_validation() -> None:
    call_command("seed_demo", stdout=StringIO())
    assert Member.objects.count() == 300
    for row in [*Member.objects.all(), *Spouse.objects.all(), *Child.objects.all()]:
        row.full_clean()


@pytest.mark.usefixtures("seeded")
def test_it_dates_careers_coherently() -> None:
    ages = []
    for member in Member.objects.all():
        assert member.recruitment_date is not None
        ages.append(age_on(member.birth_date, member.recruitment_date))
        assert member.grade_scale in range(5, 12)
        assert member.step in range(1, 11)
        if member.death_date:
            assert member.recruitment_date < member.death_date
    assert min(ages) >= 16
    assert sum(age >= 18 for age in ages) > 0.9 * len(ages)


@pytest.mark.usefixtures("seeded")
def test_children_span_infants_to_over_21_with_school_levels_matching_their_age() -> None:
    today = timezone.localdate()
    ages = []
    for child in Child.objects.select_related("member"):
        age = age_on(child.birth_date, today)
        ages.append(age)
        expected = next(levels for span, levels in LEVELS_BY_AGE.items() if age in span)
        assert child.school_level in expected, (age, child.school_level)
        assert child.birth_date > child.member.birth_date
        if child.member.death_date:
            assert child.birth_date <= child.member.death_date
    assert min(ages) == 0
    assert max(ages) > 21
    assert set(Child.objects.values_list("school_level", flat=True)) == set(SchoolLevel.values)
    assert Child.objects.filter(has_disability=True).exists()


@pytest.mark.usefixtures("seeded")
def test_it_writes_every_name_in_latin_and_arabic_script() -> None:
    for member in Member.objects.all():
        assert LATIN.match(member.first_name) and LATIN.match(member.last_name)
        assert ARABIC.match(member.first_name_ar) and ARABIC.match(member.last_name_ar)
    for spouse in Spouse.objects.all():
        assert ARABIC.match(spouse.first_name_ar) and ARABIC.match(spouse.last_name_ar)
    for child in Child.objects.all():
        assert LATIN.match(child.first_name) and ARABIC.match(child.first_name_ar)


@pytest.mark.usefixtures("seeded")
def test_most_members_are_married_and_a_few_have_two_spouses() -> None:
    spouses = Counter(Member.objects.annotate(n=Count("spouses")).values_list("n", flat=True))
    assert spouses[1] > MIN_MEMBERS / 2
    assert spouses[2] >= 1
    for spouse in Spouse.objects.select_related("member"):
        assert spouse.sex != spouse.member.sex
        assert spouse.marriage_date is not None and spouse.birth_date is not None
        assert age_on(spouse.birth_date, spouse.marriage_date) >= 20


@pytest.mark.usefixtures("seeded")
def test_some_active_members_died_since_2016_leaving_school_age_children() -> None:
    today = timezone.localdate()
    deceased = Member.objects.filter(
        position=Position.ACTIVE, is_deceased=True, death_date__gte=dt.date(2016, 1, 1)
    )
    school_levels = {SchoolLevel.PRIMARY, SchoolLevel.MIDDLE, SchoolLevel.SECONDARY}
    assert any(
        6 <= age_on(child.birth_date, today) <= 17 and child.school_level in school_levels
        for member in deceased
        for child in member.children.all()
    )
    assert Member.objects.filter(position=Position.RETIRED, is_deceased=True).exists()


def test_running_it_twice_changes_no_count() -> None:
    call_command("seed_demo", members=MIN_MEMBERS, stdout=StringIO())
    first = counts()
    call_command("seed_demo", members=MIN_MEMBERS, stdout=StringIO())
    assert counts() == first


@pytest.mark.usefixtures("seeded")
def test_it_upserts_members_by_matricule() -> None:
    member = Member.objects.get(matricule=DEMO_LOGINS[0].username)
    phone = member.phone
    Member.objects.filter(pk=member.pk).update(phone="0600000000")
    call_command("seed_demo", members=MIN_MEMBERS + 10, stdout=StringIO())
    member.refresh_from_db()
    assert member.phone == phone
    assert Member.objects.count() == MIN_MEMBERS + 10


def test_it_makes_the_same_people_every_time_and_extends_a_smaller_registry() -> None:
    province_ids = dict(Province.objects.values_list("code", "pk"))
    today = timezone.localdate()

    def people(count: int) -> list[tuple[object, ...]]:
        return [
            (f.member.matricule, f.member.cin, f.member.first_name, f.member.rib, len(f.children))
            for f in generate(count, province_ids, today)
        ]

    assert people(MIN_MEMBERS) == people(MIN_MEMBERS)
    assert people(2 * MIN_MEMBERS)[:MIN_MEMBERS] == people(MIN_MEMBERS)


def test_if_empty_does_nothing_on_a_registry_with_members() -> None:
    MemberFactory.create()
    out = StringIO()
    call_command("seed_demo", "--if-empty", members=MIN_MEMBERS, stdout=out)
    assert Member.objects.count() == 1
    assert not User.objects.exists()
    assert "already" in out.getvalue()


def test_if_empty_seeds_an_empty_registry() -> None:
    call_command("seed_demo", "--if-empty", members=MIN_MEMBERS, stdout=StringIO())
    assert Member.objects.count() == MIN_MEMBERS


def test_it_refuses_fewer_members_than_a_full_block() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", members=MIN_MEMBERS - 1)


@override_settings(PRODUCTION=True)
def test_it_refuses_to_run_in_production_unless_asked() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", members=MIN_MEMBERS)
    call_command("seed_demo", "--allow-production", members=MIN_MEMBERS, stdout=StringIO())
    assert Member.objects.count() == MIN_MEMBERS


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("index", "position"),
    [(0, Position.ACTIVE), (1, Position.RETIRED), (2, Position.SECONDED), (3, Position.DISPOSAL)],
)
def test_the_member_logins_authenticate_and_are_linked_to_their_position(
    index: int, position: str
) -> None:
    login = DEMO_LOGINS[index]
    user = authenticate(login_request(), username=login.username, password=DEMO_PASSWORD)
    assert isinstance(user, User)
    assert user.member is not None
    assert user.member.matricule == user.username
    assert user.member.position == position
    assert not user.member.is_deceased
    assert not user.is_staff and user.email
    if position == Position.RETIRED:
        assert user.member.pension_number
    else:
        assert user.email == user.member.professional_email


@pytest.mark.usefixtures("seeded")
def test_the_active_demo_member_is_posted_in_oujda_with_a_spouse_and_children() -> None:
    member = Member.objects.get(matricule=DEMO_LOGINS[0].username)
    assert member.posting_province is not None
    assert member.posting_province.code == "oujda-angad"
    assert member.posting_type == PostingType.EXTERNAL
    assert member.spouses.count() == 1
    levels = {child.school_level for child in member.children.all()}
    assert {SchoolLevel.NONE, SchoolLevel.PRIMARY, SchoolLevel.SECONDARY} <= levels
    assert member.children.filter(has_disability=True).exists()


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("username", "group", "superuser"),
    [
        ("agent", AGENTS, False),
        ("superviseur", SUPERVISORS, False),
        ("admin", ADMINISTRATORS, True),
    ],
)
def test_the_staff_logins_authenticate_and_hold_their_role(
    username: str, group: str, superuser: bool
) -> None:
    user = authenticate(login_request(), username=username, password=DEMO_PASSWORD)
    assert isinstance(user, User)
    assert user.is_staff and user.member is None
    assert user.is_superuser is superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]


def test_it_restores_a_changed_demo_password() -> None:
    call_command("seed_demo", members=MIN_MEMBERS, stdout=StringIO())
    user = User.objects.get(username="agent")
    user.set_password("something-else-entirely")
    user.save()
    call_command("seed_demo", members=MIN_MEMBERS, stdout=StringIO())
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


@pytest.mark.usefixtures("seeded")
def test_demo_logins_prints_every_login_with_its_password_and_the_address() -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert DEMO_URL in text
    for login in DEMO_LOGINS:
        line = next(line for line in text.splitlines() if f" {login.username} " in line)
        assert login.role in line and DEMO_PASSWORD in line
    assert "Youssef Bennani" in text and "Mis à disposition" in text


@pytest.mark.usefixtures("seeded")
def test_demo_logins_flags_a_changed_password() -> None:
    user = User.objects.get(username="superviseur")
    user.set_password("something-else-entirely")
    user.save()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if " superviseur " in line)
    assert DEMO_PASSWORD not in line and "(modifié)" in line


def test_demo_logins_says_how_to_create_them_when_missing() -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()
    assert DEMO_PASSWORD not in out.getvalue()


def test_the_demo_guide_documents_every_login_and_the_password() -> None:
    guide = (settings.BASE_DIR / "docs" / "demo.md").read_text(encoding="utf-8")
    assert f"`{DEMO_PASSWORD}`" in guide
    for login in DEMO_LOGINS:
        assert f"| `{login.username}` |" in guide


@pytest.mark.usefixtures("seeded")
def test_the_demo_agent_handles_every_active_service() -> None:
    from backoffice.models import AgentAssignment
    from catalog.models import Service

    agent = User.objects.get(username="agent")
    assigned = set(AgentAssignment.objects.filter(user=agent).values_list("service", flat=True))
    assert assigned == set(Service.objects.filter(is_active=True).values_list("pk", flat=True))
    assert assigned


def _closed_services(at: dt.datetime) -> list[str]:
    from catalog.models import Campaign, Service

    open_now = Campaign.objects.filter(is_active=True, opens_at__lte=at, closes_at__gt=at)
    closed = Service.objects.filter(is_active=True).exclude(pk__in=open_now.values("service_id"))
    return list(closed.values_list("code", flat=True))


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2027, 12, 31, 23, 30, tzinfo=dt.UTC),  # 00:30 on 1 January in Morocco
        dt.datetime(2028, 1, 1, 9, 0, tzinfo=dt.UTC),
        dt.datetime(2028, 6, 15, 9, 0, tzinfo=dt.UTC),
    ],
)
def test_every_demo_service_is_open_on_the_day_it_is_seeded(moment: dt.datetime) -> None:
    import time_machine

    with time_machine.travel(moment, tick=False):
        call_command("seed_demo", members=MIN_MEMBERS, stdout=StringIO())
        assert _closed_services(timezone.now()) == []


def test_a_demo_seeded_on_31_december_is_still_open_on_1_january() -> None:
    import time_machine

    with time_machine.travel(dt.datetime(2027, 12, 31, 10, 0, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo", members=MIN_MEMBERS, stdout=StringIO())
    with time_machine.travel(dt.datetime(2028, 1, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        # make run again: the registry is not empty, the year's campaigns are opened all the same
        call_command("seed_demo", "--if-empty", members=MIN_MEMBERS, stdout=StringIO())
        assert _closed_services(timezone.now()) == []


def test_if_empty_opens_no_demo_campaign_in_a_real_registry() -> None:
    from catalog.models import Campaign

    MemberFactory.create()
    call_command("seed_demo", "--if-empty", stdout=StringIO())
    assert not Campaign.objects.filter(key="demo").exists()


@pytest.mark.usefixtures("seeded")
def test_demo_logins_says_how_to_pass_the_captcha_and_the_second_factor(settings: Any) -> None:
    settings.CAPTCHA_TEST_MODE = False  # as in make run
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "CAPTCHA_TEST_MODE=1 make run" in out.getvalue()
    assert "demo_logins --code agent" in out.getvalue()


@pytest.mark.usefixtures("seeded")
def test_demo_logins_prints_the_code_the_staff_enrolment_expects() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    agent = User.objects.get(username="agent")
    with pytest.raises(CommandError, match="no second factor yet"):
        call_command("demo_logins", "--code", "agent", stdout=StringIO())
    device = TOTPDevice.objects.create(user=agent, name="default", confirmed=False)
    out = StringIO()
    call_command("demo_logins", "--code", "agent", stdout=out)
    assert device.verify_token(out.getvalue().strip())
