"""Benchmark the registry import: 50,000 members into a fresh database, then the same file again.

    make bench
    .venv/bin/python bench/registry_import.py --rows 50000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/fos_bench make bench  # empty database

The CSV is generated (deterministic, valid, written as a French-locale spreadsheet would: BOM,
semicolons, French headers, dates in both formats) in a temporary directory. Without
BENCH_DATABASE_URL the database is a new SQLite file there too. Three runs are timed: the first
creates every member, the second finds them all unchanged, the third updates 5 % of them.
Target (bench/RESULTS.md): under 30 s for 50,000 members.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0

HEADER = [
    "Matricule",
    "CIN",
    "Nom",
    "Prénom",
    "Nom_AR",
    "Prenom_AR",
    "Date_Naissance",
    "Sexe",
    "Position",
    "Num_Pension",
    "Échelle",
    "Échelon",
    "Date_Recrutement",
    "Type_Affectation",
    "Entité",
    "Ville",
    "Province",
    "Email",
    "Téléphone",
    "RIB",
    "Décédé",
    "Date_Deces",
]
LAST_NAMES = [
    ("Alaoui", "العلوي"),
    ("Bennani", "بناني"),
    ("Tazi", "التازي"),
    ("El Idrissi", "الإدريسي"),
    ("Berrada", "برادة"),
    ("Chraibi", "الشرايبي"),
    ("Amrani", "العمراني"),
    ("Ouazzani", "الوزاني"),
    ("Benjelloun", "بنجلون"),
    ("Lahlou", "لحلو"),
]
FIRST_NAMES = [
    ("Sami", "سامي", "M"),
    ("Karim", "كريم", "M"),
    ("Youssef", "يوسف", "M"),
    ("Hamza", "حمزة", "M"),
    ("Omar", "عمر", "M"),
    ("Salma", "سلمى", "F"),
    ("Nadia", "نادية", "F"),
    ("Fatima Zahra", "فاطمة الزهراء", "F"),
    ("Khadija", "خديجة", "F"),
    ("Imane", "إيمان", "F"),
]
ENTITIES = [
    "Direction du Budget",
    "Trésorerie Générale du Royaume",
    "Administration des Douanes",
    "Direction Générale des Impôts",
    "Direction des Affaires Administratives et Générales",
]
CIN_PREFIXES = ["A", "AB", "BE", "BK", "C", "CD", "D", "EE", "G", "H", "J", "K", "L", "M", "Z"]
BANKS = ["007", "011", "013", "021", "022", "145", "190", "230", "310", "350"]
LAST_DAY = dt.date(2024, 12, 31)  # fixed, so the file is the same whatever today is
POSITIONS = [("actif", 80), ("retraité", 14), ("détaché", 4), ("mis à disposition", 2)]


def configure(work_dir: Path) -> str:
    os.environ["FOS_ENV"] = "test"
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
    os.environ["FOS_VAR_DIR"] = str(work_dir / "var")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{work_dir / 'bench.db'}"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "fos.settings"
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    return database_url


def rib(rng: random.Random, n: int) -> str:
    from registry.validators import rib_key

    prefix = f"{rng.choice(BANKS)}{rng.randint(100, 999)}{n:016d}"
    return prefix + rib_key(prefix)


def day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def written(date: dt.date, rng: random.Random) -> str:
    return date.isoformat() if rng.random() < 0.5 else date.strftime("%d/%m/%Y")


def member_row(n: int, rng: random.Random, provinces: list[tuple[str, str, str]]) -> list[str]:
    from registry.validators import add_years

    last, last_ar = rng.choice(LAST_NAMES)
    first, first_ar, sex = rng.choice(FIRST_NAMES)
    position = rng.choices([p for p, _ in POSITIONS], [w for _, w in POSITIONS])[0]
    retired = position == "retraité"
    born = day(rng, dt.date(1955, 1, 1), dt.date(1966, 12, 31) if retired else dt.date(2000, 1, 1))
    recruited = day(rng, add_years(born, 20), min(add_years(born, 30), LAST_DAY))
    deceased = retired and rng.random() < 0.05
    code, name_fr, name_ar = rng.choice(provinces)
    return [
        str(1_000_000 + n),
        f"{rng.choice(CIN_PREFIXES)}{100_000 + n}",
        last,
        first,
        last_ar,
        first_ar,
        written(born, rng),
        "H" if sex == "M" and rng.random() < 0.3 else sex,
        position,
        f"{n:08d}" if retired else "",
        str(rng.randint(5, 11)),
        str(rng.randint(1, 10)),
        written(recruited, rng),
        rng.choice(["Services centraux", "Services extérieurs"]),
        rng.choice(ENTITIES),
        name_fr,
        rng.choice([code, name_fr, name_ar]),
        f"{first.split()[0].lower()}.{n}@finances.gov.ma",
        f"06{rng.randint(10_000_000, 99_999_999)}",
        rib(rng, n),
        "oui" if deceased else "non",
        written(dt.date(2023, 3, 1), rng) if deceased else "",
    ]


def rows(count: int, seed: int) -> Iterator[list[str]]:
    from registry.models import Province

    provinces = list(Province.objects.order_by("code").values_list("code", "name_fr", "name_ar"))
    rng = random.Random(seed)
    for n in range(1, count + 1):
        yield member_row(n, rng, provinces)


def write_csv(path: Path, count: int, changed_share: float = 0.0) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(codecs.BOM_UTF8.decode("utf-8"))
        writer = csv.writer(file, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for row in rows(count, seed=2024):
            if rng.random() < changed_share:
                row[11] = str(int(row[11]) % 10 + 1)  # a step up: the commonest HR change
            writer.writerow(row)


def timed_import(path: Path) -> tuple[float, Any]:
    from registry.importer import import_members

    started = time.perf_counter()
    report = import_members(path)
    return time.perf_counter() - started, report


def describe_machine(database_url: str) -> None:
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print(f"machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}")
    print(f"database: {connection.vendor} {database_url.split('@')[-1]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fos-bench-") as tmp:
        database_url = configure(Path(tmp))
        from django.core.management import call_command

        from registry.models import Member

        call_command("migrate", verbosity=0)
        if Member.objects.exists():
            print("The database already holds members: give the benchmark an empty one.")
            return 2
        describe_machine(database_url)
        return run(Path(tmp), args.rows)


def run(work_dir: Path, count: int) -> int:
    first_file, changed_file = work_dir / "registre.csv", work_dir / "registre-modifie.csv"
    started = time.perf_counter()
    write_csv(first_file, count)
    write_csv(changed_file, count, changed_share=0.05)
    print(f"generated 2 files of {count} rows in {time.perf_counter() - started:.1f} s")
    print(f"file size: {first_file.stat().st_size / 1e6:.1f} MB")
    ok = True
    for label, path, expected in [
        ("first run (all created)", first_file, lambda r: r.created == count),
        ("second run (all unchanged)", first_file, lambda r: r.unchanged == count),
        ("third run (5% updated)", changed_file, lambda r: r.updated + r.unchanged == count),
    ]:
        seconds, report = timed_import(path)
        print(
            f"{label}: {seconds:.1f} s, {count / seconds:,.0f} rows/s; created {report.created}, "
            f"updated {report.updated}, unchanged {report.unchanged}, rejected {report.rejected}"
        )
        ok = ok and expected(report) and report.rejected == 0 and seconds < TARGET_SECONDS
    print("OK" if ok else f"FAILED: expected counts or the {TARGET_SECONDS:.0f} s target missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
