"""A realistic, deterministic demo registry: members, spouses and children (``seed_demo``).

Member number ``i`` is drawn from its own random generator seeded with ``i``: every run makes the
same people, and ``--members 300`` extends ``--members 40`` without changing its first 40 members.
Dates are counted back from the day of the run, so ages stay realistic as years pass.
"""

from __future__ import annotations

import datetime as dt
import enum
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from registry.demo_data import (
    AIR_TRANSPORT_CITIES,
    BANK_CITY_CODES,
    BANK_CODES,
    CENTRAL_CITY,
    CENTRAL_ENTITIES,
    CIN_PREFIXES,
    DISPOSAL_HOSTS,
    EXTERNAL_ENTITIES,
    FAMILY_NAMES,
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    OTHER_EXTERNAL_CITIES,
    SECONDMENT_HOSTS,
)
from registry.models import (
    Child,
    Member,
    Position,
    PostingType,
    Province,
    SchoolLevel,
    Sex,
    Spouse,
)
from registry.provinces import AIR_TRANSPORT_PROVINCES
from registry.validators import add_years, age_on, rib_key

SEED = "fos-demo"
DEFAULT_MEMBERS = 300
MIN_MEMBERS = 40  # one block of PLAN: every position, and every air-transport province
PROFESSIONAL_DOMAIN = "finances.gov.ma"
PRIVATE_DOMAIN = "example.com"
BATCH_SIZE = 500
TWO_SPOUSES_SLOT = 21  # the member at this place of each block has two spouses
CHILD_COUNT_WEIGHTS = [12, 20, 33, 25, 10]  # 0, 1, 2, 3 or 4 children
DISABILITY_RATE = 0.04
SCHOOLING_SUPPORT_SINCE = dt.date(2016, 1, 1)


class Kind(enum.Enum):
    ACTIVE = "A"
    ACTIVE_DECEASED = "X"
    RETIRED = "R"
    RETIRED_DECEASED = "Y"
    SECONDED = "S"
    DISPOSAL = "D"


# One letter per member, repeated by blocks of 40: the first four are the demo logins' members
# (active, retired, seconded, at disposal); the first 24 living active members are posted one in
# each air-transport province. Per block: 27 active, 8 retired, 2 seconded, 2 at disposal, and
# 2 of them deceased.
PLAN = "ARSDAARAAXAARAASAAARAAAAYARAADAAARAAARAA"

POSITIONS = {
    Kind.ACTIVE: Position.ACTIVE,
    Kind.ACTIVE_DECEASED: Position.ACTIVE,
    Kind.RETIRED: Position.RETIRED,
    Kind.RETIRED_DECEASED: Position.RETIRED,
    Kind.SECONDED: Position.SECONDED,
    Kind.DISPOSAL: Position.DISPOSAL,
}
RETIRED_KINDS = {Kind.RETIRED, Kind.RETIRED_DECEASED}


@dataclass(frozen=True)
class Persona:
    first_name: str
    first_name_ar: str
    last_name: str
    last_name_ar: str
    sex: str


# The members behind the demo logins (registry/demo_accounts.py).
PERSONAS = {
    0: Persona("Youssef", "يوسف", "Bennani", "بناني", Sex.MALE),
    1: Persona("Fatima", "فاطمة", "Berrada", "برادة", Sex.FEMALE),
    2: Persona("Hicham", "هشام", "El Idrissi", "الإدريسي", Sex.MALE),
    3: Persona("Nadia", "نادية", "Chraibi", "الشرايبي", Sex.FEMALE),
}


@dataclass
class Family:
    member: Member
    spouses: list[Spouse] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)


@dataclass(frozen=True)
class Life:
    birth: dt.date
    recruitment: dt.date
    death: dt.date | None = None

    def last_day(self, today: dt.date) -> dt.date:
        return self.death or today


@dataclass(frozen=True)
class Posting:
    type: str = PostingType.CENTRAL
    entity: str = ""
    city: str = ""
    province: str | None = None


@dataclass
class Context:
    today: dt.date
    province_ids: Mapping[str, int]
    air_slots: dict[int, str]
    emails: set[str] = field(default_factory=set)


def kind_of(index: int) -> Kind:
    return Kind(PLAN[index % len(PLAN)])


def matricule_for(index: int) -> str:
    return str(1_000_000 + (index * 7_717 + 43_210) % 800_000)


# Identifiers ------------------------------------------------------------------------------


def _cin(rng: random.Random, number: int) -> str:
    return f"{rng.choice(CIN_PREFIXES)}{number}"


def member_cin_number(index: int) -> int:
    return 100_000 + (index * 7_919) % 450_000


def spouse_cin_number(index: int, rank: int) -> int:
    return 550_000 + ((2 * index + rank) * 7_919) % 450_000


def _pension_number(index: int) -> str:
    return str(10_000_000 + (index * 7_919) % 9_000_000)


def _rib(rng: random.Random, index: int) -> str:
    account = f"{index:06d}{rng.randrange(10**10):010d}"
    prefix = f"{rng.choice(BANK_CODES)}{rng.choice(BANK_CITY_CODES)}{account}"
    return prefix + rib_key(prefix)


def _phone(rng: random.Random) -> str:
    return f"0{rng.choice('67')}{rng.randrange(10**8):08d}"


def email_local_part(first_name: str, last_name: str) -> str:
    return f"{slugify(first_name).replace('-', '')}.{slugify(last_name).replace('-', '')}"


def _unique_email(ctx: Context, persona: Persona) -> str:
    local = email_local_part(persona.first_name, persona.last_name)
    candidate, number = local, 1
    while candidate in ctx.emails:
        number += 1
        candidate = f"{local}{number}"
    ctx.emails.add(candidate)
    return f"{candidate}@{PROFESSIONAL_DOMAIN}"


# Dates ------------------------------------------------------------------------------------


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)


def _recruitment(rng: random.Random, birth: dt.date, latest: dt.date) -> dt.date:
    # Usually after 18, now and then at 17 (the law allows 16).
    age = 17 if rng.random() < 0.03 else rng.randint(19, 29)
    return min(add_years(birth, age) + _days(rng.randint(0, 200)), latest - _days(30))


def _life(rng: random.Random, kind: Kind, today: dt.date, youngest: int = 24) -> Life:
    if kind in RETIRED_KINDS:
        birth = _between(rng, dt.date(1940, 1, 1), dt.date(1962, 12, 31))
    elif kind is Kind.ACTIVE:
        birth = _between(rng, add_years(today, -62), add_years(today, -youngest))
    else:
        birth = _between(rng, add_years(today, -60), add_years(today, -30))
    death = None
    if kind is Kind.RETIRED_DECEASED:
        death = _between(rng, add_years(birth, 62), today - _days(60))
    return Life(birth, _recruitment(rng, birth, death or today), death)


def _career_end(life: Life, kind: Kind, today: dt.date) -> dt.date:
    if kind in RETIRED_KINDS:
        return add_years(life.birth, 60)
    return life.last_day(today)


def _grade(rng: random.Random, start: dt.date, end: dt.date) -> tuple[int, int]:
    years = max(0, (end - start).days // 365)
    first_scale = rng.choices([5, 6, 7, 8, 9, 10], weights=[1, 2, 3, 3, 2, 2])[0]
    scale = min(11, first_scale + years // 10)
    return scale, rng.randint(1, min(10, 1 + years // 2))


def school_level(age: int, rng: random.Random) -> SchoolLevel:
    for upper, level in (
        (3, SchoolLevel.NONE),
        (6, SchoolLevel.PRESCHOOL),
        (12, SchoolLevel.PRIMARY),
        (15, SchoolLevel.MIDDLE),
        (18, SchoolLevel.SECONDARY),
    ):
        if age < upper:
            return level
    if age < 25 and rng.random() < 0.7:
        return SchoolLevel.HIGHER
    return SchoolLevel.NONE


# People -----------------------------------------------------------------------------------


def _first_names(sex: str) -> list[tuple[str, str]]:
    return MALE_FIRST_NAMES if sex == Sex.MALE else FEMALE_FIRST_NAMES


def _persona(rng: random.Random, sex: str | None = None, not_family: str = "") -> Persona:
    sex = sex or rng.choice([Sex.MALE, Sex.FEMALE])
    first, first_ar = rng.choice(_first_names(sex))
    last, last_ar = rng.choice([name for name in FAMILY_NAMES if name[0] != not_family])
    return Persona(first, first_ar, last, last_ar, sex)


def _posting(rng: random.Random, index: int, kind: Kind, ctx: Context) -> Posting:
    if kind in RETIRED_KINDS:
        return Posting()
    if kind in {Kind.SECONDED, Kind.DISPOSAL}:
        hosts = SECONDMENT_HOSTS if kind is Kind.SECONDED else DISPOSAL_HOSTS
        entity, province, city = rng.choice(hosts)
        central = province == CENTRAL_CITY[0]
        kind_of_posting = PostingType.CENTRAL if central else PostingType.EXTERNAL
        return Posting(kind_of_posting, entity, city, province)
    if index in ctx.air_slots:
        province = ctx.air_slots[index]
        return _external(rng, province, AIR_TRANSPORT_CITIES[province])
    if rng.random() < 0.4:
        province, city = CENTRAL_CITY
        return Posting(PostingType.CENTRAL, rng.choice(CENTRAL_ENTITIES), city, province)
    places = list(OTHER_EXTERNAL_CITIES)
    places += [(p, c, 1) for p, c in AIR_TRANSPORT_CITIES.items()]
    province, city, _weight = rng.choices(places, weights=[w for _p, _c, w in places])[0]
    return _external(rng, province, city)


def _external(rng: random.Random, province: str, city: str) -> Posting:
    of = f"d'{city}" if city[0] in "AEIOUÉ" else f"de {city}"
    entity = rng.choice(EXTERNAL_ENTITIES).format(of=of)
    return Posting(PostingType.EXTERNAL, entity, city, province)


def _member(
    rng: random.Random, index: int, kind: Kind, persona: Persona, life: Life, ctx: Context
) -> Member:
    posting = _posting(rng, index, kind, ctx)
    scale, step = _grade(rng, life.recruitment, _career_end(life, kind, ctx.today))
    working = kind not in RETIRED_KINDS and life.death is None
    return Member(
        matricule=matricule_for(index),
        cin=_cin(rng, member_cin_number(index)),
        last_name=persona.last_name,
        first_name=persona.first_name,
        last_name_ar=persona.last_name_ar,
        first_name_ar=persona.first_name_ar,
        birth_date=life.birth,
        sex=persona.sex,
        position=POSITIONS[kind],
        pension_number=_pension_number(index) if kind in RETIRED_KINDS else "",
        grade_scale=scale,
        step=step,
        recruitment_date=life.recruitment,
        posting_type=posting.type,
        posting_entity=posting.entity,
        posting_city=posting.city,
        posting_province_id=ctx.province_ids.get(posting.province or ""),
        professional_email=_unique_email(ctx, persona) if working else "",
        phone=_phone(rng),
        rib=_rib(rng, index),
        is_deceased=life.death is not None,
        death_date=life.death,
    )


def _spouse_birth(
    rng: random.Random, member_sex: str, member_birth: dt.date, marriage: dt.date, gap: int
) -> dt.date:
    """A wife up to ``gap`` years younger, a husband up to 8 years older; 20 or more at marriage."""
    if member_sex == Sex.MALE:
        upper = min(add_years(member_birth, gap), add_years(marriage, -20))
        lower = min(max(member_birth, add_years(marriage, -35)), upper)
        return _between(rng, lower, upper)
    return _between(rng, add_years(member_birth, -8), min(member_birth, add_years(marriage, -20)))


def _spouse(rng: random.Random, index: int, rank: int, member: Member, marriage: dt.date) -> Spouse:
    persona = _persona(rng, Sex.FEMALE if member.sex == Sex.MALE else Sex.MALE, member.last_name)
    gap = 8 if rank == 0 else 15
    return Spouse(
        last_name=persona.last_name,
        first_name=persona.first_name,
        last_name_ar=persona.last_name_ar,
        first_name_ar=persona.first_name_ar,
        cin=_cin(rng, spouse_cin_number(index, rank)) if rng.random() < 0.92 else "",
        birth_date=_spouse_birth(rng, member.sex, member.birth_date, marriage, gap),
        sex=persona.sex,
        marriage_date=marriage,
    )


def _child(
    rng: random.Random, birth: dt.date, today: dt.date, siblings: list[Child], disabled: bool
) -> Child:
    sex = rng.choice([Sex.MALE, Sex.FEMALE])
    taken = {child.first_name for child in siblings}
    first, first_ar = rng.choice([n for n in _first_names(sex) if n[0] not in taken])
    return Child(
        first_name=first,
        first_name_ar=first_ar,
        birth_date=birth,
        sex=sex,
        school_level=school_level(age_on(birth, today), rng),
        has_disability=disabled,
    )


def _children(rng: random.Random, births: list[dt.date], today: dt.date) -> list[Child]:
    children: list[Child] = []
    for birth in sorted(births):
        disabled = rng.random() < DISABILITY_RATE
        children.append(_child(rng, birth, today, children, disabled))
    return children


# Households -------------------------------------------------------------------------------


def _marriage(rng: random.Random, life: Life, today: dt.date, force: bool) -> dt.date | None:
    earliest = add_years(life.birth, 24)
    latest = life.last_day(today) - _days(60)
    young = add_years(life.birth, 28) > today
    if earliest > latest or (not force and rng.random() > (0.4 if young else 0.88)):
        return None
    return _between(rng, earliest, min(latest, add_years(life.birth, 34)))


def _birth_dates(
    rng: random.Random, marriage: dt.date, mother_birth: dt.date, last_day: dt.date
) -> list[dt.date]:
    wanted = rng.choices(range(len(CHILD_COUNT_WEIGHTS)), weights=CHILD_COUNT_WEIGHTS)[0]
    limit = min(last_day - _days(14), add_years(mother_birth, 44))
    births: list[dt.date] = []
    day = marriage + _days(rng.randint(300, 1100))
    while len(births) < wanted and day <= limit:
        births.append(day)
        day += _days(rng.randint(450, 1800))
    return births


def _household(
    rng: random.Random, index: int, kind: Kind, life: Life, family: Family, ctx: Context
) -> None:
    member = family.member
    two_spouses = _has_two_spouses(index)
    marriage = _marriage(rng, life, ctx.today, force=two_spouses)
    if marriage is None:
        return
    # A few retirees are widowed or divorced: children, no spouse.
    if kind not in RETIRED_KINDS or two_spouses or rng.random() < 0.85:
        family.spouses.append(_spouse(rng, index, 0, member, marriage))
    second = marriage + _days(rng.randint(3 * 365, 12 * 365))
    if two_spouses and second < life.last_day(ctx.today) - _days(60):
        family.spouses.append(_spouse(rng, index, 1, member, second))
    mother = family.spouses[0].birth_date if member.sex == Sex.MALE and family.spouses else None
    births = _birth_dates(rng, marriage, mother or member.birth_date, life.last_day(ctx.today))
    family.children = _children(rng, births, ctx.today)


def _deceased_active(rng: random.Random, index: int, persona: Persona, ctx: Context) -> Family:
    """Died since 2016, leaving a spouse and school-age children (the schooling support)."""
    today = ctx.today
    youngest = _between(rng, add_years(today, -16), add_years(today, -7))
    death = _between(rng, max(SCHOOLING_SUPPORT_SINCE, youngest + _days(60)), today - _days(120))
    marriage = youngest - _days(rng.randint(400, 8 * 365))
    birth = add_years(marriage, -rng.randint(26, 34)) - _days(rng.randint(0, 300))
    life = Life(birth, _recruitment(rng, birth, marriage), death)
    member = _member(rng, index, Kind.ACTIVE_DECEASED, persona, life, ctx)
    family = Family(member, [_spouse(rng, index, 0, member, marriage)])
    births = [youngest]
    for _older in range(rng.randint(1, 2)):
        earlier = births[-1] - _days(rng.randint(500, 1500))
        if earlier > marriage + _days(300):
            births.append(earlier)
    family.children = _children(rng, births, today)
    return family


def _has_two_spouses(index: int) -> bool:
    return index % len(PLAN) == TWO_SPOUSES_SLOT


def _family(index: int, ctx: Context) -> Family:
    rng = random.Random(f"{SEED}:{index}")
    kind = kind_of(index)
    two_spouses = _has_two_spouses(index)
    persona = PERSONAS.get(index) or _persona(rng, Sex.MALE if two_spouses else None)
    if index == 0:
        return _oujda_family(rng, persona, ctx)
    if kind is Kind.ACTIVE_DECEASED:
        return _deceased_active(rng, index, persona, ctx)
    life = _life(rng, kind, ctx.today, youngest=45 if two_spouses else 24)
    family = Family(_member(rng, index, kind, persona, life, ctx))
    _household(rng, index, kind, life, family, ctx)
    return family


# The active demo member's children: name, sex, age in years and days, disability.
OUJDA_CHILDREN = [
    ("Adam", "آدم", Sex.MALE, 17, 40, False),
    ("Lina", "لينا", Sex.FEMALE, 12, 200, True),
    ("Rayan", "ريان", Sex.MALE, 8, 30, False),
    ("Yasmine", "ياسمين", Sex.FEMALE, 0, 300, False),
]


def _oujda_family(rng: random.Random, persona: Persona, ctx: Context) -> Family:
    """The active demo login: posted in Oujda, married, four children from 10 months to 17."""
    today = ctx.today
    birth = add_years(today, -44) - _days(100)
    member = _member(rng, 0, Kind.ACTIVE, persona, Life(birth, add_years(birth, 24)), ctx)
    member.posting_entity = "Direction Régionale des Impôts d'Oujda"
    wife = Spouse(
        last_name="Tazi",
        first_name="Salma",
        last_name_ar="التازي",
        first_name_ar="سلمى",
        cin=_cin(rng, spouse_cin_number(0, 0)),
        birth_date=add_years(birth, 4) + _days(30),
        sex=Sex.FEMALE,
        marriage_date=add_years(birth, 25) + _days(150),
    )
    children = []
    for first, first_ar, sex, years, days, disabled in OUJDA_CHILDREN:
        born = add_years(today, -years) - _days(days)
        level = school_level(age_on(born, today), rng)
        children.append(
            Child(
                first_name=first,
                first_name_ar=first_ar,
                sex=sex,
                birth_date=born,
                school_level=level,
                has_disability=disabled,
            )
        )
    return Family(member, [wife], children)


def _air_slots(count: int) -> dict[int, str]:
    """The first living active members, one per air-transport province (Oujda first)."""
    active = [i for i in range(count) if kind_of(i) is Kind.ACTIVE]
    provinces = ["oujda-angad", *(p for p in AIR_TRANSPORT_PROVINCES if p != "oujda-angad")]
    return dict(zip(active, provinces, strict=False))


def generate(count: int, province_ids: Mapping[str, int], today: dt.date) -> list[Family]:
    """The first ``count`` demo members with their households (unsaved)."""
    ctx = Context(today, province_ids, _air_slots(count))
    return [_family(index, ctx) for index in range(count)]


# Saving -----------------------------------------------------------------------------------

UPDATED_FIELDS = [
    f.name for f in Member._meta.concrete_fields if f.name not in {"id", "matricule", "created_at"}
]


@dataclass(frozen=True)
class SeedReport:
    created: int
    updated: int
    spouses: int
    children: int


@transaction.atomic
def seed(count: int = DEFAULT_MEMBERS, today: dt.date | None = None) -> SeedReport:
    """Upsert the demo members by matricule; households are added only to new members."""
    province_ids = dict(Province.objects.values_list("code", "pk"))
    families = generate(count, province_ids, today or timezone.localdate())
    existing = _ids_of([family.member.matricule for family in families])
    old = [family.member for family in families if family.member.matricule in existing]
    new = [family for family in families if family.member.matricule not in existing]
    _update(old, existing)
    Member.objects.bulk_create([family.member for family in new], batch_size=BATCH_SIZE)
    spouses, children = _create_households(new)
    return SeedReport(len(new), len(old), spouses, children)


def _ids_of(matricules: list[str]) -> dict[str, int]:
    return dict(Member.objects.filter(matricule__in=matricules).values_list("matricule", "pk"))


def _update(members: list[Member], ids: Mapping[str, int]) -> None:
    now = timezone.now()
    for member in members:
        member.pk = ids[member.matricule]
        member.updated_at = now
    Member.objects.bulk_update(members, UPDATED_FIELDS, batch_size=100)


def _create_households(families: list[Family]) -> tuple[int, int]:
    ids = _ids_of([family.member.matricule for family in families])
    spouses: list[Spouse] = []
    children: list[Child] = []
    for family in families:
        member_id = ids[family.member.matricule]
        for spouse in family.spouses:
            spouse.member_id = member_id
        for child in family.children:
            child.member_id = member_id
        spouses += family.spouses
        children += family.children
    Spouse.objects.bulk_create(spouses, batch_size=BATCH_SIZE)
    Child.objects.bulk_create(children, batch_size=BATCH_SIZE)
    return len(spouses), len(children)
