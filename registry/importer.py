"""Import the member registry from an HR / payroll / pension CSV export.

``import_members`` is the one entry point; the management command ``import_registry`` and the
admin upload (through ``registry.import_jobs``, in the background for a large file) both call it.
``check_file`` runs the whole-file checks alone, so that a form refuses a bad file before
keeping it. A row is checked with the model's own validation (``clean_fields``
and ``Member.clean``); a bad row is reported with its line number and skipped, the good rows are
written in batches, one transaction and one lookup query per batch.

The file is the truth for the columns it has: a column absent from the file changes nothing, an
empty cell in a column that is present empties the value (or restores the model's default).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from registry.models import Member, Position, PostingType, Province, Sex
from registry.signals import members_imported

logger = logging.getLogger(__name__)

Source = str | Path | IO[bytes] | IO[str] | File
Parser = Callable[[str], object]
# Called after each batch with the report so far, the records read and the records in the file.
Progress = Callable[["ImportReport", int, int], None]

MEGABYTE = 1024 * 1024

# SQLite accepts 32,766 variables in one statement and the lookup query binds two per row.
MAX_BATCH_SIZE = 10_000

# Canonical (English) header -> the other names HR files use. Matching ignores case, accents,
# spaces, hyphens and underscores.
HEADERS: dict[str, tuple[str, ...]] = {
    "matricule": (),
    "cin": (),
    "last_name": ("nom",),
    "first_name": ("prenom",),
    "last_name_ar": ("nom_ar",),
    "first_name_ar": ("prenom_ar",),
    "birth_date": ("date_naissance", "date_de_naissance"),
    "sex": ("sexe",),
    "position": (),
    "pension_number": ("num_pension", "numero_pension", "numero_de_pension"),
    "grade_scale": ("echelle",),
    "step": ("echelon",),
    "recruitment_date": ("date_recrutement", "date_de_recrutement"),
    "posting_type": ("type_affectation", "type_d_affectation"),
    "posting_entity": ("entite", "entite_d_affectation"),
    "posting_city": ("ville", "ville_d_affectation"),
    "posting_province": ("province", "province_d_affectation"),
    "professional_email": ("email", "email_professionnel"),
    "private_email": ("email_personnel", "email_prive"),
    "phone": ("telephone",),
    "rib": (),
    "deceased": ("decede",),
    "death_date": ("date_deces", "date_de_deces"),
}
REQUIRED = ("matricule", "cin", "last_name", "first_name", "birth_date", "sex", "position")
FIELD_NAMES = {key: key for key in HEADERS} | {"deceased": "is_deceased"}

SEXES = {"m": Sex.MALE, "h": Sex.MALE, "homme": Sex.MALE, "masculin": Sex.MALE}
SEXES |= {"f": Sex.FEMALE, "femme": Sex.FEMALE, "feminin": Sex.FEMALE}
POSITIONS = {
    "active": Position.ACTIVE,
    "actif": Position.ACTIVE,
    "retired": Position.RETIRED,
    "retraite": Position.RETIRED,
    "retraitee": Position.RETIRED,
    "seconded": Position.SECONDED,
    "detache": Position.SECONDED,
    "detachee": Position.SECONDED,
    "disposal": Position.DISPOSAL,
    "mis a disposition": Position.DISPOSAL,
    "mise a disposition": Position.DISPOSAL,
}
POSTING_TYPES = {
    "central": PostingType.CENTRAL,
    "centraux": PostingType.CENTRAL,
    "services centraux": PostingType.CENTRAL,
    "external": PostingType.EXTERNAL,
    "exterieur": PostingType.EXTERNAL,
    "exterieurs": PostingType.EXTERNAL,
    "services exterieurs": PostingType.EXTERNAL,
}
BOOLEANS = {"1": True, "oui": True, "yes": True, "true": True, "vrai": True}
BOOLEANS |= {"0": False, "non": False, "no": False, "false": False, "faux": False, "": False}

_NON_WORD = re.compile(r"[\W_]+")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_FIRST_LINE = re.compile(r"[^\r\n]*")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (encoding, missing columns); nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class Rejection:
    line: int
    matricule: str
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def reject(self, line: int, matricule: str, reason: str) -> None:
        self.rejections.append(Rejection(line, matricule, reason))


@dataclass(frozen=True)
class ParsedRow:
    line: int
    matricule: str
    cin: str
    values: dict[str, object]  # Member attribute name -> value


def normalize(text: str) -> str:
    """Lower case, no accents, words separated by one space: how headers and values match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", bare).strip()


# Cell parsers -------------------------------------------------------------------------------


def _text(raw: str) -> str:
    return raw.strip()


def _upper(raw: str) -> str:
    return raw.strip().upper()


def _without_spaces(raw: str) -> str:
    return "".join(raw.split())


def _date(raw: str) -> dt.date | None:
    value = raw.strip()
    if not value:
        return None
    iso, french = _ISO_DATE.match(value), _FRENCH_DATE.match(value)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if french:
            return dt.date(int(french[3]), int(french[2]), int(french[1]))
    except ValueError:
        pass
    raise CellError(
        _("date illisible « %(value)s » (attendu AAAA-MM-JJ ou JJ/MM/AAAA).") % {"value": value}
    )


def _whole_number(raw: str) -> int | None:
    value = raw.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise CellError(_("nombre entier attendu, « %(value)s » lu.") % {"value": value})
    return int(value)


def _one_of(values: Mapping[str, object], expected: str, default: object = "") -> Parser:
    def parse(raw: str) -> object:
        if not raw.strip():
            return default
        try:
            return values[normalize(raw)]
        except KeyError:
            raise CellError(
                _("valeur « %(value)s » inconnue (valeurs admises : %(expected)s).")
                % {"value": raw.strip(), "expected": expected}
            ) from None

    return parse


class ProvinceLookup:
    """Finds a province by code, French name, Arabic name or one of its other spellings."""

    def __init__(self, provinces: Iterable[Province]) -> None:
        self._ids: dict[str, int] = {}
        for province in provinces:
            names = [province.code, province.name_fr, province.name_ar]
            for name in [*names, *province.aliases.split(",")]:
                if normalize(name):
                    self._ids.setdefault(normalize(name), province.pk)

    def __call__(self, raw: str) -> int | None:
        if not raw.strip():
            return None
        try:
            return self._ids[normalize(raw)]
        except KeyError:
            raise CellError(
                _("province « %(value)s » inconnue (code, nom français ou arabe attendu).")
                % {"value": raw.strip()}
            ) from None


PARSERS: dict[str, Parser] = {
    "matricule": _text,
    "cin": _upper,
    "last_name": _text,
    "first_name": _text,
    "last_name_ar": _text,
    "first_name_ar": _text,
    "birth_date": _date,
    "sex": _one_of(SEXES, "M, F (H pour homme)"),
    "position": _one_of(POSITIONS, "active, retired, seconded, disposal"),
    "pension_number": _upper,
    "grade_scale": _whole_number,
    "step": _whole_number,
    "recruitment_date": _date,
    "posting_type": _one_of(POSTING_TYPES, "central, external", PostingType.CENTRAL),
    "posting_entity": _text,
    "posting_city": _text,
    "professional_email": _text,
    "private_email": _text,
    "phone": _text,
    "rib": _without_spaces,
    "deceased": _one_of(BOOLEANS, "1, 0, oui, non, yes, no, true, false", False),
    "death_date": _date,
}


# The file -----------------------------------------------------------------------------------


def max_file_bytes() -> int:
    return settings.REGISTRY_IMPORT_MAX_MB * MEGABYTE


def check_size(size: int) -> None:
    """Refuse a file larger than REGISTRY_IMPORT_MAX_MB before anything reads it whole."""
    limit = max_file_bytes()
    if size > limit:
        raise ImportFileError(
            _(
                "Le fichier dépasse la taille maximale admise (%(max)s Mo) : découpez-le en "
                "plusieurs fichiers."
            )
            % {"max": formats.number_format(limit / MEGABYTE, decimal_pos=0)}
        )


def _read_data(source: Source) -> bytes | str:
    limit = max_file_bytes()
    try:
        if isinstance(source, str | Path):
            check_size(Path(source).stat().st_size)
            return Path(source).read_bytes()
        size = getattr(source, "size", None)  # an upload knows its size before being read
        if isinstance(size, int):
            check_size(size)
        data = source.read(limit + 1)
    except OSError as exc:
        raise ImportFileError(
            _("Le fichier ne peut pas être lu : %(error)s") % {"error": exc.strerror or exc}
        ) from exc
    check_size(len(data))
    return data


def _line_at(text: str, index: int) -> int:
    """The physical line (from 1) of ``text[index]``, line ends as the CSV reader counts them."""
    breaks = text.count("\n", 0, index) + text.count("\r", 0, index)
    return breaks - text.count("\r\n", 0, index) + 1


def _refuse_nul(data: bytes | str) -> None:
    """A spreadsheet never writes a NUL; a UTF-16 export or a binary file does."""
    if isinstance(data, str):
        text, index = data, data.find("\x00")
    else:
        index = data.find(b"\x00")
        text = data[: max(index, 0)].decode("utf-8", errors="replace")
        index = len(text) if index >= 0 else -1
    if index < 0:
        return
    raise ImportFileError(
        _(
            "Le fichier contient un caractère nul (ligne %(line)d) : ce n'est pas un CSV "
            "texte ; enregistrez-le au format « CSV UTF-8 »."
        )
        % {"line": _line_at(text, index)}
    )


def _read_text(source: Source) -> str:
    data = _read_data(source)
    _refuse_nul(data)
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "Le fichier n'est pas encodé en UTF-8 (ligne %(line)d) : enregistrez-le au "
                "format « CSV UTF-8 »."
            )
            % {"line": data.count(b"\n", 0, exc.start) + 1}
        ) from exc


def _delimiter(text: str) -> str:
    """A French-locale spreadsheet writes semicolons; the header line tells which was used."""
    header = _FIRST_LINE.match(text)
    first_line = header.group() if header else ""
    return max((";", ",", "\t"), key=lambda char: (first_line.count(char), char == ","))


def _header_keys() -> dict[str, str]:
    keys = {}
    for key, aliases in HEADERS.items():
        for name in (key, *aliases):
            keys[normalize(name)] = key
    return keys


def resolve_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Canonical column -> position in the row, and the columns that are not imported."""
    keys = _header_keys()
    positions: dict[str, int] = {}
    ignored: list[str] = []
    repeated: list[str] = []
    for index, name in enumerate(header):
        key = keys.get(normalize(name))
        if key in positions:
            repeated.append(name.strip())
        elif key is not None:
            positions[key] = index
        elif name.strip():
            ignored.append(name.strip())
    _refuse_bad_header(positions, repeated)
    return positions, ignored


def _refuse_bad_header(positions: Mapping[str, int], repeated: list[str]) -> None:
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        names = [f"{key} ({HEADERS[key][0]})" if HEADERS[key] else key for key in missing]
        raise ImportFileError(
            _("Colonnes obligatoires absentes de la ligne d'en-tête : %(columns)s.")
            % {"columns": ", ".join(names)}
        )
    if repeated:
        raise ImportFileError(
            _("Colonnes en double dans la ligne d'en-tête : %(columns)s.")
            % {"columns": ", ".join(repeated)}
        )


@dataclass(frozen=True)
class Record:
    line: int
    cells: list[str]
    error: str  # set when the CSV syntax breaks: reading stops there
    lines: list[str]  # the physical lines the record was read from


class _PhysicalLines:
    """The file's lines as the CSV reader takes them; ``taken`` keeps the current record's."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self.taken: list[str] = []

    def __iter__(self) -> _PhysicalLines:
        return self

    def __next__(self) -> str:
        line = self._lines.readline()
        if not line:
            raise StopIteration
        self.taken.append(line)
        return line


def _records(text: str, delimiter: str) -> Iterator[Record]:
    """Non-blank records with the physical line each starts on (a quoted cell may span lines).

    The reader is strict: a quote that does not close its cell raises instead of swallowing the
    lines that follow, and the record then points at the line where that quote was opened."""
    lines = _PhysicalLines(text)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    previous = 0
    while True:
        lines.taken = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _broken_record(lines.taken, previous + 1, delimiter, exc)
            return
        start, previous = previous + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield Record(start, cells, "", lines.taken)


def _broken_record(lines: list[str], start: int, delimiter: str, exc: csv.Error) -> Record:
    quote_line = open_quote_line(lines, start, delimiter)
    if quote_line is not None:
        message = _(
            "Guillemet ouvert à la ligne %(line)d et jamais refermé en fin de cellule : "
            "l'import s'arrête à cette ligne."
        ) % {"line": quote_line}
        return Record(quote_line, [], message, lines)
    if "field larger than field limit" in str(exc):
        message = _(
            "Ligne illisible (une cellule dépasse %(max)d caractères) : l'import s'arrête à "
            "cette ligne."
        ) % {"max": csv.field_size_limit()}
    else:
        message = _("Ligne illisible (%(error)s) : l'import s'arrête à cette ligne.") % {
            "error": exc
        }
    return Record(start, [], message, lines)


def open_quote_line(lines: list[str], first_line: int, delimiter: str) -> int | None:
    """The line where a quoted cell of these lines starts and does not end as a cell should:
    never closed, or followed by other text after its closing quote; failing that, the first
    quoted cell that runs over a line end (a registry value never holds one)."""
    text = "".join(lines)
    line, index, cell_start = first_line, 0, True
    spanning: int | None = None
    while index < len(text):
        char = text[index]
        if cell_start and char == '"':
            close = _closing_quote(text, index + 1)
            if close < 0 or text[close + 1 : close + 2] not in (delimiter, "\r", "\n", ""):
                return line
            breaks = _line_at(text[index:close], close - index) - 1
            if breaks and spanning is None:
                spanning = line
            line += breaks
            index, cell_start = close + 1, False
            continue
        if char in "\r\n":
            line += 0 if text.startswith("\r\n", index) else 1
        cell_start = char in (delimiter, "\r", "\n")
        index += 1
    return spanning


def _closing_quote(text: str, start: int) -> int:
    """The quote that closes a quoted cell opened before ``start`` (a doubled quote is a quote
    inside the cell), or -1."""
    index = start
    while True:
        index = text.find('"', index)
        if index < 0 or not text.startswith('""', index):
            return index
        index += 2


# Rows ---------------------------------------------------------------------------------------


def _member_field(name: str) -> models.Field[Any, Any]:
    return {field.name: field for field in Member._meta.fields}[name]


def _label(field_name: str) -> str:
    return str(capfirst(_member_field(field_name).verbose_name))


class RowReader:
    """Turns records into Member values and remembers what earlier rows of the file claimed."""

    def __init__(
        self, positions: Mapping[str, int], width: int, province: Parser, delimiter: str
    ) -> None:
        self.positions = positions
        self.width = width
        self.delimiter = delimiter
        self.records_read = 0
        self.parsers = {**PARSERS, "posting_province": province}
        self.attnames = {key: _member_field(FIELD_NAMES[key]).attname for key in positions}
        self.labels = {key: _label(FIELD_NAMES[key]) for key in positions}
        self.matricule_lines: dict[str, int] = {}
        self.cin_claims: dict[str, tuple[str, int]] = {}

    def read(self, record: Record) -> ParsedRow | Rejection:
        self.records_read += 1
        if len(record.cells) != self.width:
            line, reason = self._width_error(record)
            return Rejection(line, self._matricule_of(record.cells), reason)
        values, errors = self._values(record.cells)
        matricule, cin = str(values.get("matricule", "")), str(values.get("cin", ""))
        errors = self._claim(record.line, matricule, cin) + errors
        if errors:
            return Rejection(record.line, matricule, " ; ".join(errors))
        return ParsedRow(record.line, matricule, cin, values)

    def _values(self, cells: list[str]) -> tuple[dict[str, object], list[str]]:
        values: dict[str, object] = {}
        errors: list[str] = []
        for key, index in self.positions.items():
            label = self.labels[key]
            try:
                value = self.parsers[key](cells[index])
            except CellError as exc:
                errors.append(f"{label} : {exc}")
                continue
            if key in REQUIRED and value in ("", None):
                errors.append(_("%(field)s : valeur obligatoire manquante.") % {"field": label})
            values[self.attnames[key]] = value
        return values, errors

    def _claim(self, line: int, matricule: str, cin: str) -> list[str]:
        """Refuse a matricule seen before, or a CIN an earlier row gave to another matricule."""
        if matricule in self.matricule_lines:
            return [
                _("Matricule déjà présent à la ligne %(line)d du fichier.")
                % {"line": self.matricule_lines[matricule]}
            ]
        if matricule:
            self.matricule_lines[matricule] = line
        if not (matricule and cin):
            return []
        owner, owner_line = self.cin_claims.setdefault(cin, (matricule, line))
        if owner != matricule:
            return [
                _("Le CIN %(cin)s est déjà celui du matricule %(owner)s (ligne %(line)d).")
                % {"cin": cin, "owner": owner, "line": owner_line}
            ]
        return []

    def _matricule_of(self, cells: list[str]) -> str:
        index = self.positions["matricule"]
        return cells[index].strip() if index < len(cells) else ""

    def _width_error(self, record: Record) -> tuple[int, str]:
        if record.error:
            return record.line, record.error
        quote_line = None
        if len(record.lines) > 1:
            quote_line = open_quote_line(record.lines, record.line, self.delimiter)
        if quote_line is not None:
            # A quote left open swallowed the line ends up to the next quote: the count of
            # columns is a symptom; the quote is what the file's author must fix.
            end = record.line + len(record.lines) - 1
            return quote_line, _(
                "Guillemet ouvert à la ligne %(line)d et refermé seulement à la ligne %(end)d : "
                "ces lignes ont été lues comme une seule, de %(found)d colonnes au lieu de "
                "%(expected)d."
            ) % {
                "line": quote_line,
                "end": end,
                "found": len(record.cells),
                "expected": self.width,
            }
        return record.line, _("La ligne compte %(found)d colonnes au lieu de %(expected)d.") % {
            "found": len(record.cells),
            "expected": self.width,
        }


# Batches ------------------------------------------------------------------------------------


@dataclass
class BatchWriter:
    """Checks a batch against the database (one query), then writes it in one transaction."""

    report: ImportReport
    unchecked: frozenset[str]  # model fields clean_fields() leaves alone
    dry_run: bool

    def write(self, rows: list[ParsedRow]) -> None:
        existing = list(
            Member.objects.filter(
                Q(matricule__in=[row.matricule for row in rows])
                | Q(cin__in=[row.cin for row in rows])
            )
        )
        by_matricule = {member.matricule: member for member in existing}
        cin_owners = {member.cin: member.matricule for member in existing}
        created: list[Member] = []
        updated: list[Member] = []
        changed_fields: set[str] = set()
        for row in rows:
            owner = cin_owners.get(row.cin, row.matricule)
            if owner != row.matricule:
                self._reject_cin(row, owner)
                continue
            member = by_matricule.get(row.matricule)
            applied = self._apply(row, member)
            if applied is not None:
                (created if member is None else updated).append(applied[0])
                changed_fields.update(applied[1])
        if not self.dry_run:
            _save(created, updated, changed_fields)
        self.report.created += len(created)
        self.report.updated += len(updated)

    def _apply(self, row: ParsedRow, member: Member | None) -> tuple[Member, set[str]] | None:
        """The member with the row's values, and what changed; None if unchanged or invalid."""
        target = member or Member()
        changes = {
            name: value for name, value in row.values.items() if getattr(target, name) != value
        }
        if member is not None and not changes:
            self.report.unchanged += 1
            return None
        for name, value in changes.items():
            setattr(target, name, value)
        try:
            target.clean_fields(exclude=self.unchecked)
            target.clean()
        except ValidationError as exc:
            self.report.reject(row.line, row.matricule, " ; ".join(_reasons(exc)))
            return None
        return target, set(changes)

    def _reject_cin(self, row: ParsedRow, owner: str) -> None:
        self.report.reject(
            row.line,
            row.matricule,
            _("Le CIN %(cin)s appartient déjà à l'adhérent de matricule %(owner)s.")
            % {"cin": row.cin, "owner": owner},
        )


def _reasons(error: ValidationError) -> list[str]:
    reasons = []
    for name, messages in error.message_dict.items():
        text = " ".join(messages)
        reasons.append(text if name == NON_FIELD_ERRORS else f"{_label(name)} : {text}")
    return reasons


def _save(created: list[Member], updated: list[Member], changed_fields: set[str]) -> None:
    with transaction.atomic():
        Member.objects.bulk_create(created)
        if updated:
            now = timezone.now()
            for member in updated:
                member.updated_at = now  # bulk_update does not apply auto_now
            Member.objects.bulk_update(updated, [*sorted(changed_fields), "updated_at"])


# Entry point --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedFile:
    text: str
    delimiter: str
    header: Record
    records: Iterator[Record]  # the records after the header
    positions: dict[str, int]
    ignored: list[str]


def open_file(source: Source) -> OpenedFile:
    """The file read, decoded and its header understood; ImportFileError if it is unusable."""
    text = _read_text(source)
    delimiter = _delimiter(text)
    records = _records(text, delimiter)
    header = next(records, None)
    if header is None:
        raise ImportFileError(_("Le fichier est vide."))
    if header.error:
        raise ImportFileError(header.error)
    positions, ignored = resolve_header(header.cells)
    return OpenedFile(text, delimiter, header, records, positions, ignored)


def check_file(source: Source) -> None:
    """Raise ImportFileError if ``import_members`` would refuse the file as a whole."""
    open_file(source)
    if not isinstance(source, str | Path) and source.seekable():
        source.seek(0)


def count_records(text: str, delimiter: str) -> int:
    """The rows under the header that the import will read (blank lines are not rows)."""
    return max(0, sum(1 for _record in _records(text, delimiter)) - 1)


def import_members(
    source: Source,
    *,
    batch_size: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Create or update members from a CSV export; see docs/admin-guide.md for the format.

    ``source`` is a path (str or Path) or an open file, binary (an upload) or text.
    ``progress``, if given, is called after each batch (the file is then read twice: once to
    count its rows).

    Raises ImportFileError when the file itself is unusable; bad rows are only reported.
    """
    opened = open_file(source)
    total = count_records(opened.text, opened.delimiter) if progress else 0
    report = ImportReport(ignored_columns=opened.ignored, dry_run=dry_run)
    rows = RowReader(
        opened.positions,
        len(opened.header.cells),
        ProvinceLookup(Province.objects.all()),
        opened.delimiter,
    )
    writer = BatchWriter(report, _unchecked_fields(opened.positions), dry_run)
    size = max(1, min(batch_size or settings.REGISTRY_IMPORT_BATCH_SIZE, MAX_BATCH_SIZE))
    for batch in _batches(opened.records, rows, report, size):
        writer.write(batch)
        if progress:
            progress(report, rows.records_read, total)
    report.rejections.sort(key=lambda rejection: rejection.line)
    if progress:
        progress(report, rows.records_read, total)
    if not dry_run:
        members_imported.send(sender=Member, report=report)
    logger.info(
        "registry import%s: %d created, %d updated, %d unchanged, %d rejected",
        " (dry run)" if dry_run else "",
        report.created,
        report.updated,
        report.unchanged,
        report.rejected,
    )
    return report


def _batches(
    records: Iterable[Record], rows: RowReader, report: ImportReport, size: int
) -> Iterator[list[ParsedRow]]:
    batch: list[ParsedRow] = []
    for record in records:
        parsed = rows.read(record)
        if isinstance(parsed, Rejection):
            report.rejections.append(parsed)
            continue
        batch.append(parsed)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unchecked_fields(positions: Mapping[str, int]) -> frozenset[str]:
    """Fields the file does not carry, and the province, which ForeignKey.validate would query
    row by row although the lookup already proved it exists."""
    imported = {FIELD_NAMES[key] for key in positions} - {"posting_province"}
    return frozenset(f.name for f in Member._meta.fields if f.name not in imported)
