"""Benchmark the back office's queue: 1,000,000 dossiers in PostgreSQL, each page under 100 ms.

    .venv/bin/python bench/backoffice_queue.py
    .venv/bin/python bench/backoffice_queue.py --dossiers 1000000 --members 100000 --rebuild
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/fos_bench_queue \\
        .venv/bin/python bench/backoffice_queue.py --explain bench-queue-plans.txt

The database (created when missing, migrated first) is filled by INSERT ... SELECT over
generate_series: members with Latin and Arabic names, postings spread over the provinces as
staff are (Rabat and Casablanca first), and dossiers over the default catalogue's services in
the proportions of the 2020 newsletter, over eight years, with statuses by age (old dossiers
closed, this year's open). A filled database is kept and reused: ``--rebuild`` starts again.

Every scenario runs through the selectors the queue's views use (``backoffice.selectors``), on
the largest service's queue, several times; the median is compared with ``SELECT 1`` and with
the same first-page read on the smallest service, measured in the same run. ``EXPLAIN
(ANALYZE, BUFFERS)`` of every query shows which index answers it. Target (bench/RESULTS.md):
every queue page under 100 ms; the script exits non-zero otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/fos_bench_queue"
TARGET_MS = 100.0
FIRST_YEAR = 2019
SEED = 0.42

# Files per service in the 2020 newsletter (DOMAIN.md 4); services it does not list get 150.
NEWSLETTER = {
    "RISTOURNE": 1484,
    "PRET_AID": 1369,
    "AID_ADHA": 2276,
    "PRET_SOC": 1969,
    "PRET_RENT": 711,
    "BOURSE_EXC": 241,
    "TRANS_AIR": 733,
    "COVID_TEST": 254,
    "CONDOLEANCE": 27,
    "AIDE_SANTE": 36,
    "UNIV_PART": 13,
    "SCOL_DIFF": 20,
    "ESTIVAGE": 502,
}
OTHER_SERVICE_WEIGHT = 150
LAST_NAMES = [
    ("Alaoui", "العلوي"), ("Bennani", "بناني"), ("Tazi", "التازي"), ("El Idrissi", "الإدريسي"),
    ("Berrada", "برادة"), ("Chraibi", "الشرايبي"), ("Amrani", "العمراني"), ("Ouazzani", "الوزاني"),
    ("Benjelloun", "بنجلون"), ("Lahlou", "لحلو"), ("Fassi", "الفاسي"), ("Kettani", "الكتاني"),
    ("Benkirane", "بنكيران"), ("Sqalli", "السقلي"), ("Tahiri", "الطاهري"), ("Hajji", "الحجي"),
    ("Naciri", "الناصري"), ("Mernissi", "المرنيسي"), ("Filali", "الفيلالي"), ("Zniber", "زنيبر"),
    ("Bouzidi", "البوزيدي"), ("Cherkaoui", "الشرقاوي"), ("Jabri", "الجابري"), ("Rami", "الرامي"),
    ("Skalli", "السكالي"), ("Bakkali", "البقالي"), ("Ziani", "الزياني"), ("Hassani", "الحسني"),
    ("Mansouri", "المنصوري"), ("Ghazi", "الغازي"), ("Karimi", "الكريمي"), ("Saidi", "السعيدي"),
    ("Kabbaj", "القباج"), ("Guessous", "كسوس"), ("Bennis", "بنيس"), ("Lamrani", "اللمراني"),
    ("Belhaj", "بلحاج"), ("Raji", "الراجي"), ("Touimi", "التويمي"), ("Sebti", "السبتي"),
    ("Squalli", "السقالي"), ("Benali", "بنعلي"), ("Doukkali", "الدكالي"), ("Harti", "الحارثي"),
    ("Ouali", "الوالي"), ("Yacoubi", "اليعقوبي"), ("Chami", "الشامي"), ("Slaoui", "السلاوي"),
    ("Marrakchi", "المراكشي"), ("Tounsi", "التونسي"), ("Rifi", "الريفي"), ("Soussi", "السوسي"),
    ("Dahbi", "الذهبي"), ("Khattabi", "الخطابي"), ("Bekkali", "البكالي"), ("Najjar", "النجار"),
    ("Haddad", "الحداد"), ("Sabri", "الصبري"), ("Moussaoui", "الموساوي"), ("Aouad", "العواد"),
]  # fmt: skip
FIRST_NAMES = [
    ("Sami", "سامي", "M"), ("Karim", "كريم", "M"), ("Youssef", "يوسف", "M"), ("Hamza", "حمزة", "M"),
    ("Omar", "عمر", "M"), ("Mehdi", "المهدي", "M"), ("Anas", "أنس", "M"), ("Rachid", "رشيد", "M"),
    ("Hicham", "هشام", "M"), ("Nabil", "نبيل", "M"), ("Said", "سعيد", "M"),
    ("Mustapha", "مصطفى", "M"),
    ("Abdellah", "عبد الله", "M"), ("Driss", "إدريس", "M"), ("Amine", "أمين", "M"),
    ("Khalid", "خالد", "M"), ("Tarik", "طارق", "M"), ("Yassine", "ياسين", "M"),
    ("Adil", "عادل", "M"), ("Jamal", "جمال", "M"),
    ("Salma", "سلمى", "F"), ("Nadia", "نادية", "F"), ("Fatima Zahra", "فاطمة الزهراء", "F"),
    ("Khadija", "خديجة", "F"), ("Imane", "إيمان", "F"), ("Meryem", "مريم", "F"),
    ("Hanane", "حنان", "F"), ("Laila", "ليلى", "F"), ("Sanaa", "سناء", "F"), ("Amal", "أمل", "F"),
    ("Nawal", "نوال", "F"), ("Souad", "سعاد", "F"), ("Asmae", "أسماء", "F"), ("Hind", "هند", "F"),
    ("Zineb", "زينب", "F"), ("Ghizlane", "غزلان", "F"), ("Siham", "سهام", "F"),
    ("Loubna", "لبنى", "F"), ("Naima", "نعيمة", "F"), ("Houda", "هدى", "F"),
]  # fmt: skip


def configure(database_url: str, work_dir: Path) -> None:
    os.environ["FOS_ENV"] = "test"
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
    os.environ["FOS_VAR_DIR"] = str(work_dir / "var")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "fos.settings"
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def ensure_database(database_url: str, *, rebuild: bool) -> None:
    """Create the benchmark's database if it does not exist (dropped first with --rebuild)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        if rebuild:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


# Filling the database ----------------------------------------------------------------------------


def insert_select(model: Any, expressions: dict[str, str], source: str) -> str:
    """INSERT INTO model's table SELECT expressions FROM source; every other column gets its
    field's default (or NULL), so a field added later does not break the benchmark."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.column in expressions:
            values.append(expressions[field.column])
        elif field.null and not field.has_default():
            values.append("NULL")
        else:
            default = field.get_default()
            if default is None:
                raise SystemExit(f"benchmark: no value for {model.__name__}.{field.name}")
            values.append(_literal(field.get_db_prep_save(default, connection=_connection())))
    table, names, selected = model._meta.db_table, ", ".join(columns), ", ".join(values)
    # Built from the models and this file's constants: nothing comes from outside.
    return f"INSERT INTO {table} ({names}) SELECT {selected} FROM {source}"  # noqa: S608


def _connection() -> Any:
    from django.db import connection

    return connection


def _literal(value: Any) -> str:
    with _connection().cursor() as cursor:
        return str(cursor.mogrify("%s", [value]))


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join(_literal(v) for v in values) + "]::text[]"


def _weights_table(name: str, rows: list[tuple[Any, float]]) -> str:
    """A temporary table (value, lo, hi): a uniform random number in [lo, hi) picks value."""
    total = sum(weight for _value, weight in rows)
    lines, low = [], 0.0
    for value, weight in rows:
        high = low + weight / total
        lines.append(f"({_literal(value)}, {low!r}, {high!r})")
        low = high
    return (
        f"DROP TABLE IF EXISTS {name}; CREATE TEMP TABLE {name} (value text, lo float8, hi float8);"  # noqa: S608
        f" INSERT INTO {name} VALUES {', '.join(lines)};"
        f" UPDATE {name} SET hi = 2 WHERE hi = (SELECT max(hi) FROM {name});"
    )


def fill(*, members: int, dossiers: int, this_year: int) -> None:
    from django.db import connection, transaction

    from catalog.models import Campaign, Service
    from dossiers.models import Dossier
    from registry.models import Member, Province

    started = time.perf_counter()
    provinces = list(Province.objects.values_list("id", "code"))
    heavy = {"rabat": 40.0, "casablanca": 15.0}
    province_weights = [
        (str(pk), heavy.get(code, 45.0 / (len(provinces) - len(heavy)))) for pk, code in provinces
    ]
    services = list(Service.objects.order_by("pk"))
    campaigns = [
        Campaign(
            service=service,
            key="bench",
            year=year,
            name_fr=f"{service.name_fr} {year}",
            name_ar=f"{service.name_ar} {year}",
            opens_at=dt.datetime(year, 1, 1, tzinfo=dt.UTC),
            closes_at=dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC),
        )
        for service in services
        for year in range(FIRST_YEAR, this_year + 1)
    ]
    Campaign.objects.bulk_create(campaigns, ignore_conflicts=True)
    years = list(range(FIRST_YEAR, this_year + 1))
    # More dossiers each year, as services were added and the portal grew.
    year_weights = [(str(year), 6.0 + 2 * i) for i, year in enumerate(years)]
    service_weights = [
        (str(s.pk), float(NEWSLETTER.get(s.code, OTHER_SERVICE_WEIGHT))) for s in services
    ]
    old = [("paid", 78), ("rejected", 15), ("cancelled", 7)]
    last_year = [
        ("paid", 60), ("approved", 15), ("rejected", 12), ("cancelled", 5), ("in_review", 4),
        ("originals_awaited", 2), ("documents_requested", 2),
    ]  # fmt: skip
    current = [
        ("submitted", 25), ("in_review", 20), ("documents_requested", 8),
        ("originals_awaited", 7), ("approved", 15), ("paid", 10), ("rejected", 10),
        ("cancelled", 5),
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET work_mem = '256MB'")
        cursor.execute(f"SELECT setseed({SEED})")
        for name, rows in [
            ("bench_province", province_weights),
            ("bench_service", service_weights),
            ("bench_year", year_weights),
            ("bench_status_old", [(s, float(w)) for s, w in old]),
            ("bench_status_last", [(s, float(w)) for s, w in last_year]),
            ("bench_status_now", [(s, float(w)) for s, w in current]),
        ]:
            cursor.execute(_weights_table(name, rows))
        with transaction.atomic():
            cursor.execute(_members_sql(members))
        print(f"  {members:,} members in {time.perf_counter() - started:.1f} s", flush=True)
        step = time.perf_counter()
        cursor.execute(_raw_dossiers_sql(dossiers, this_year))
        with transaction.atomic():
            cursor.execute(_dossiers_sql())
        print(f"  {dossiers:,} dossiers in {time.perf_counter() - step:.1f} s", flush=True)
        step = time.perf_counter()
        for model in (Member, Dossier):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
        print(f"  VACUUM ANALYZE in {time.perf_counter() - step:.1f} s", flush=True)
    print(f"filled in {time.perf_counter() - started:.1f} s", flush=True)


def _pick(table: str, draw: str) -> str:
    return f"(SELECT value FROM {table} WHERE {draw} >= lo AND {draw} < hi LIMIT 1)"  # noqa: S608


def _members_sql(count: int) -> str:
    from registry.models import Member

    last_fr = _array([fr for fr, _ar in LAST_NAMES])
    last_ar = _array([ar for _fr, ar in LAST_NAMES])
    first_fr = _array([fr for fr, _ar, _s in FIRST_NAMES])
    first_ar = _array([ar for _fr, ar, _s in FIRST_NAMES])
    first_sex = _array([s for _fr, _ar, s in FIRST_NAMES])
    position = "(CASE WHEN r.p < 0.85 THEN 'active' WHEN r.p < 0.97 THEN 'retired' " \
        "WHEN r.p < 0.99 THEN 'seconded' ELSE 'disposal' END)"  # fmt: skip
    expressions = {
        "matricule": "(1000000 + g)::text",
        "cin": "(ARRAY['A','AB','BE','BK','C','D','EE','G','H','J','K','L'])"
        "[1 + g % 12] || (100000 + g)::text",
        "last_name": f"({last_fr})[1 + (r.l * {len(LAST_NAMES)})::int % {len(LAST_NAMES)}]",
        "last_name_ar": f"({last_ar})[1 + (r.l * {len(LAST_NAMES)})::int % {len(LAST_NAMES)}]",
        "first_name": f"({first_fr})[1 + (r.f * {len(FIRST_NAMES)})::int % {len(FIRST_NAMES)}]",
        "first_name_ar": f"({first_ar})[1 + (r.f * {len(FIRST_NAMES)})::int % {len(FIRST_NAMES)}]",
        "sex": f"({first_sex})[1 + (r.f * {len(FIRST_NAMES)})::int % {len(FIRST_NAMES)}]",
        "birth_date": "DATE '1958-01-01' + (r.b * 15000)::int",
        "position": position,
        "pension_number": f"CASE WHEN {position} = 'retired' THEN (2000000 + g)::text ELSE '' END",
        "grade_scale": "5 + (r.b * 7)::int",
        "step": "1 + (r.f * 9)::int",
        "recruitment_date": "DATE '1980-01-01' + (r.b * 14000)::int",
        "posting_type": "CASE WHEN r.pr < 0.4 THEN 'central' ELSE 'external' END",
        "posting_entity": "'Direction régionale'",
        "posting_province_id": _pick("bench_province", "r.pr") + "::bigint",
        "professional_email": "(1000000 + g)::text || '@finances.gov.ma'",
        "membership_status": "'member'",
        "created_at": "now()",
        "updated_at": "now()",
    }
    source = (
        f"generate_series(1, {count}) AS g, LATERAL (SELECT random() + g * 0 AS l, random() AS f,"
        " random() AS b, random() AS p, random() AS pr) AS r"
    )
    return insert_select(Member, expressions, source)


def _raw_dossiers_sql(count: int, this_year: int) -> str:
    """A temporary table of the dossiers' random draws: service, year, moment, status."""
    status = (
        f"CASE WHEN y.year = {this_year} THEN {_pick('bench_status_now', 'r.st')}"
        f" WHEN y.year = {this_year - 1} THEN {_pick('bench_status_last', 'r.st')}"
        f" ELSE {_pick('bench_status_old', 'r.st')} END"
    )
    year_end = "least(make_timestamptz(y.year + 1, 1, 1, 0, 0, 0, 'UTC'), now())"
    return (
        "DROP TABLE IF EXISTS bench_raw; CREATE TEMP TABLE bench_raw AS "  # noqa: S608
        "SELECT g, s.service_id, y.year, "
        f"make_timestamptz(y.year, 1, 1, 0, 0, 0, 'UTC') + r.t * ({year_end} - "
        "make_timestamptz(y.year, 1, 1, 0, 0, 0, 'UTC')) AS submitted_at, "
        f"{status} AS status, r.m AS m, r.a AS a, r.n AS n "
        f"FROM generate_series(1, {count}) AS g, "
        "LATERAL (SELECT random() + g * 0 AS s, random() AS y, random() AS st, random() AS t,"
        " random() AS m, random() AS a, random() AS n) AS r, "
        f"LATERAL (SELECT {_pick('bench_service', 'r.s')}::bigint AS service_id) AS s, "
        f"LATERAL (SELECT {_pick('bench_year', 'r.y')}::int AS year) AS y"
    )


def _dossiers_sql() -> str:
    from dossiers.models import Dossier

    approved = "d.status IN ('approved', 'paid')"
    amount = "round((100 + d.a * 4900)::numeric, 2)"
    open_ = "d.status IN ('submitted', 'in_review', 'documents_requested', 'originals_awaited')"
    expressions = {
        "member_id": "(SELECT min(id) FROM registry_member) + (d.m * "
        "((SELECT max(id) FROM registry_member) - (SELECT min(id) FROM registry_member)))::bigint",
        "service_id": "d.service_id",
        "campaign_id": "c.id",
        "beneficiary_type": "'member'",
        "declared_amount": "round((300 + d.a * 16000)::numeric, 2)",
        "computed_amount": amount,
        "approved_amount": f"CASE WHEN {approved} THEN {amount} END",
        "status": "d.status",
        "number": "d.seq || '/' || sv.code || '/' || d.year",
        "sequence": "d.seq",
        "year": "d.year",
        "created_at": "d.submitted_at - interval '20 minutes'",
        "submitted_at": "d.submitted_at",
        "updated_at": "d.submitted_at",
        "member_answered_at": "CASE WHEN d.status = 'in_review' AND d.n < 0.05 "
        "THEN d.submitted_at + interval '9 days' END",
        "needs_attention": "(d.status = 'in_review' AND d.n < 0.05)",
        "idempotency_key": "md5('bench' || d.g)::uuid",
        "version": f"CASE WHEN {open_} THEN 2 ELSE 4 END",
        "amount_overridden": f"({approved} AND d.n > 0.97)",
        "second_approval_required": f"(d.status = 'approved' AND {amount} > 4000)",
    }
    source = (
        "(SELECT b.*, row_number() OVER (PARTITION BY b.service_id, b.year "
        "ORDER BY b.submitted_at, b.g) AS seq FROM bench_raw AS b) AS d "
        "JOIN catalog_service AS sv ON sv.id = d.service_id "
        "JOIN catalog_campaign AS c ON c.service_id = d.service_id AND c.year = d.year "
        "AND c.key = 'bench' "
        # Rows land in the order dossiers are sent, as in production: ids grow with time and
        # a service's dossiers are spread over the whole table.
        "ORDER BY d.submitted_at, d.g"
    )
    return insert_select(Dossier, expressions, source)


# Measuring ----------------------------------------------------------------------------------------


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(median ms, max ms, last result) of ``repeat`` runs after one warm-up run."""
    result = run()
    times = []
    for _n in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), result


def captured_sql(run: Callable[[], Any]) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    return [query["sql"] for query in queries]


def explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def describe_machine(database_url: str) -> None:
    import django
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(",")[0]
    print(f"machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}")
    print("load average before the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"Django {django.get_version()}, {version} at {database_url.split('@')[-1]}")


def scenarios(repeat: int) -> tuple[list[tuple[str, float, float, int, list[str]]], bool]:
    from django.db import connection
    from django.db.models import Count

    from accounts.models import User
    from backoffice import selectors
    from backoffice.selectors import Cursor, QueueFilters, queue_page, status_counts
    from catalog.models import Campaign, Service
    from dossiers.models import Dossier
    from registry.models import Member, Province

    sizes = dict(Dossier.objects.values_list("service_id").annotate(n=Count("id")).order_by())
    largest = Service.objects.get(pk=max(sizes, key=lambda pk: sizes[pk]))
    smallest = Service.objects.get(pk=min(sizes, key=lambda pk: sizes[pk]))
    print(
        f"largest queue: {largest.code}, {sizes[largest.pk]:,} dossiers; "
        f"smallest: {smallest.code}, {sizes[smallest.pk]:,}"
    )
    supervisor, _created = User.objects.get_or_create(
        username="bench-supervisor", defaults={"is_staff": True, "is_superuser": True}
    )
    everything = QueueFilters(status=selectors.ALL)
    normal = Dossier.objects.filter(
        service=largest, submitted_at__isnull=False, needs_attention=False
    ).order_by("submitted_at", "id")
    middle = normal.values("id", "submitted_at", "member_id", "number")[sizes[largest.pk] // 2]
    assert middle["submitted_at"] is not None
    deep = Cursor(False, middle["submitted_at"], middle["id"]).encode()
    open_rows = normal.filter(status__in=["submitted", "in_review"]).values("id", "submitted_at")
    open_middle = open_rows[open_rows.count() // 2]
    assert open_middle["submitted_at"] is not None
    deep_open = Cursor(False, open_middle["submitted_at"], open_middle["id"]).encode()
    member = Member.objects.get(pk=middle["member_id"])
    oujda = Province.objects.get(code="oujda-angad")
    figuig = Province.objects.get(code="figuig")
    rabat = Province.objects.get(code="rabat")

    def page(service: Service, filters: QueueFilters, **kwargs: Any) -> Callable[[], Any]:
        return lambda: queue_page(service, filters, **kwargs).rows

    def whole_page(filters: QueueFilters) -> Callable[[], Any]:
        """Every read of the queue's view: rows, counts, the filters' choices, the picker."""

        def run() -> Any:
            rows = queue_page(largest, filters).rows
            status_counts(largest)
            list(Campaign.objects.filter(service=largest))
            list(Province.objects.all())
            list(Service.objects.all())
            return rows

        return run

    cases: list[tuple[str, Callable[[], Any]]] = [
        ("first page, open dossiers (the default)", page(largest, QueueFilters())),
        ("first page, all statuses", page(largest, everything)),
        ("deep page (middle of 'all statuses')", page(largest, everything, after=deep)),
        ("previous page from the middle", page(largest, everything, before=deep)),
        ("deep page of the open dossiers", page(largest, QueueFilters(), after=deep_open)),
        ("status = paid, page 1", page(largest, QueueFilters(status="paid"))),
        (
            "province Oujda-Angad + in review",
            page(largest, QueueFilters(status="in_review", province_id=oujda.pk)),
        ),
        (
            "province Figuig + paid",
            page(largest, QueueFilters(status="paid", province_id=figuig.pk)),
        ),
        (
            "province Rabat + retired + paid",
            page(
                largest,
                QueueFilters(status="paid", province_id=rabat.pk, position="retired"),
            ),
        ),
        (
            "submitted in March last year, amount 1,000-2,000",
            page(
                largest,
                QueueFilters(
                    status=selectors.ALL,
                    submitted_from=dt.date(middle["submitted_at"].year, 3, 1),
                    submitted_to=dt.date(middle["submitted_at"].year, 3, 31),
                    amount_min=Decimal(1000),
                    amount_max=Decimal(2000),
                ),
            ),
        ),
        ("search by matricule", page(largest, QueueFilters(status=selectors.ALL,
                                                           search=member.matricule))),
        ("search by CIN", page(largest, QueueFilters(status=selectors.ALL, search=member.cin))),
        (
            "search by dossier number",
            page(largest, QueueFilters(status=selectors.ALL, search=middle["number"])),
        ),
        (
            "search by name (Latin, 2 words)",
            page(
                largest,
                QueueFilters(
                    status=selectors.ALL, search=f"{member.last_name} {member.first_name}"
                ),
            ),
        ),
        (
            "search by name (Arabic)",
            page(largest, QueueFilters(status=selectors.ALL, search=member.last_name_ar)),
        ),
        ("counts per status (GROUP BY)", lambda: status_counts(largest)),
        ("service picker with open counts", lambda: selectors.service_queues(supervisor)),
        ("whole queue page, default", whole_page(QueueFilters())),
        ("whole queue page, all statuses", whole_page(everything)),
    ]  # fmt: skip

    def select_one() -> Any:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()

    baseline_ms, _max, _r = timed(select_one, max(repeat, 50))
    small_ms, _max, _r = timed(page(smallest, everything), repeat)
    print(f"baseline SELECT 1: {baseline_ms:.2f} ms (median of {max(repeat, 50)})")
    print(
        f"baseline first page of the smallest queue ({sizes[smallest.pk]:,} dossiers): "
        f"{small_ms:.2f} ms"
    )
    results = []
    ok = True
    for label, run in cases:
        median, worst, result = timed(run, repeat)
        count = len(result) if hasattr(result, "__len__") else 0
        results.append((label, median, worst, count, captured_sql(run)))
        ok = ok and median < TARGET_MS
    print()
    print("| scenario | rows | median ms | max ms | x SELECT 1 | x smallest queue |")
    print("|---|---|---|---|---|---|")
    for label, median, worst, count, _sql in results:
        print(
            f"| {label} | {count} | **{median:.1f}** | {worst:.1f} | "
            f"{median / baseline_ms:.0f} | {median / small_ms:.1f} |"
        )
    return results, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--rebuild", action="store_true", help="drop and fill the database again")
    parser.add_argument("--explain", type=Path, help="write EXPLAIN (ANALYZE) of every query")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not database_url.startswith("postgres"):
        print("This benchmark needs PostgreSQL (BENCH_DATABASE_URL=postgres://...).")
        return 2
    with tempfile.TemporaryDirectory(prefix="fos-bench-") as tmp:
        ensure_database(database_url, rebuild=args.rebuild)
        configure(database_url, Path(tmp))
        from django.core.management import call_command
        from django.utils import timezone

        from dossiers.models import Dossier

        describe_machine(database_url)
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s")
        present = Dossier.objects.count()
        if present == 0:
            fill(
                members=args.members,
                dossiers=args.dossiers,
                this_year=timezone.now().year,
            )
        elif present != args.dossiers:
            print(f"The database holds {present:,} dossiers, not {args.dossiers:,}: --rebuild.")
            return 2
        else:
            print(f"reusing the {present:,} dossiers already there (--rebuild to start again)")
        results, ok = scenarios(args.repeat)
        plans = []
        for label, _median, _worst, _count, sqls in results:
            for sql in sqls:
                plan = explain(sql)
                plans.append(f"## {label}\n{sql}\n" + "\n".join(plan))
                uses = [line.strip() for line in plan if "Index" in line or "Seq Scan" in line]
                if any("Seq Scan on dossiers_dossier" in line for line in plan):
                    print(f"WARNING: {label}: a sequential scan of the dossiers")
                total = next((ln for ln in plan if ln.startswith("Execution Time")), "")
                print(f"  {label}: {total}; " + " / ".join(u.split("  (")[0] for u in uses[:3]))
        if args.explain:
            args.explain.write_text("\n\n".join(plans) + "\n")
            print(f"plans written to {args.explain}")
    print("load average after the run: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("OK" if ok else f"FAILED: a queue page took {TARGET_MS:.0f} ms or more")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
