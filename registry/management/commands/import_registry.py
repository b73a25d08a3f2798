"""manage.py import_registry FILE: create or update members from an HR / payroll export."""

from __future__ import annotations

from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.import_jobs import rejections_csv
from registry.importer import MAX_BATCH_SIZE, ImportFileError, ImportReport, import_members


def batch_size(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_BATCH_SIZE:
        raise ArgumentTypeError(
            _("un nombre entre 1 et %(max)d est attendu") % {"max": MAX_BATCH_SIZE}
        )
    return value


class Command(BaseCommand):
    help = (
        "Crée ou met à jour les adhérents depuis un export CSV (RH, paie, pensions). Les lignes "
        "invalides sont listées et ignorées ; le code de sortie n'est non nul que si le fichier "
        "entier est inutilisable."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="Fichier CSV, UTF-8, séparé par , ou ;")
        parser.add_argument(
            "--batch-size",
            type=batch_size,
            default=None,
            help="Lignes par lot (par défaut REGISTRY_IMPORT_BATCH_SIZE).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Tout vérifier sans rien enregistrer."
        )
        parser.add_argument(
            "--report",
            type=Path,
            default=None,
            help="Écrire les lignes rejetées (ligne, matricule, motif) dans ce fichier CSV.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_members(
                options["file"], batch_size=options["batch_size"], dry_run=options["dry_run"]
            )
        except ImportFileError as exc:
            raise CommandError(exc.message) from exc
        self._print(report)
        if options["report"] is not None:
            options["report"].write_bytes(rejections_csv(report))

    def _print(self, report: ImportReport) -> None:
        if report.dry_run:
            self.stdout.write(_("Simulation : rien n'a été enregistré."))
        if report.ignored_columns:
            self.stdout.write(
                _("Colonnes ignorées : %(columns)s")
                % {"columns": ", ".join(report.ignored_columns)}
            )
        self.stdout.write(_("Adhérents créés : %(count)d") % {"count": report.created})
        self.stdout.write(_("Adhérents mis à jour : %(count)d") % {"count": report.updated})
        self.stdout.write(_("Adhérents inchangés : %(count)d") % {"count": report.unchanged})
        self.stdout.write(_("Lignes rejetées : %(count)d") % {"count": report.rejected})
        for rejection in report.rejections:
            self.stdout.write(
                _("Ligne %(line)d (matricule %(matricule)s) : %(reason)s")
                % {
                    "line": rejection.line,
                    "matricule": rejection.matricule or "?",
                    "reason": rejection.reason,
                }
            )
