"""Fail when a string a person reads is missing from a catalogue or left untranslated.

It extracts the strings of a scratch copy of the tracked files with ``makemessages`` (so the
working tree is not touched) and compares them with the committed catalogues. It needs GNU
gettext (``apt-get install gettext``); CI runs it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LANGUAGES = ("ar", "fr")
IGNORED = (".venv/*", "var/*", "tests/*", "bench/*")


def tracked_files(root: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [name for name in listing.split("\0") if name]


def extract(root: Path, scratch: Path) -> None:
    for name in tracked_files(root):
        source = root / name
        if source.is_file():
            target = scratch / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    ignores = [arg for pattern in IGNORED for arg in ("--ignore", pattern)]
    languages = [arg for code in LANGUAGES for arg in ("-l", code)]
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", *languages, *ignores],
        cwd=scratch,
        check=True,
        capture_output=True,
    )


def problems(extracted: Path, committed: Path) -> list[str]:
    fresh = polib.pofile(str(extracted))
    known = {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(committed))}
    found = []
    for entry in fresh:
        kept = known.get((entry.msgctxt, entry.msgid))
        if kept is None:
            found.append(f"not in the catalogue: {entry.msgid!r} ({entry.occurrences[0][0]})")
        elif not kept.translated() or "fuzzy" in kept.flags:
            found.append(f"untranslated: {entry.msgid!r}")
    return found


class Command(BaseCommand):
    help = "Check that the ar and fr catalogues hold and translate every string of the code."

    def handle(self, *args: Any, **options: Any) -> None:
        if not shutil.which("xgettext"):
            raise CommandError("GNU gettext is needed: apt-get install gettext")
        root = Path(settings.BASE_DIR)
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp)
            extract(root, scratch)
            found = []
            for code in LANGUAGES:
                relative = Path("locale", code, "LC_MESSAGES", "django.po")
                found += [f"[{code}] {p}" for p in problems(scratch / relative, root / relative)]
        if found:
            for line in found:
                self.stderr.write(line)
            raise CommandError(
                f"{len(found)} catalogue problems: run `make makemessages` and translate them"
            )
        self.stdout.write("Catalogues complete: every string is translated in ar and fr.")
