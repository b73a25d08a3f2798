"""Gapless numbering per year: dossiers, cards and attestations, letters, payment batches.

Each numbered thing has a table of ``YearSequence`` rows: the last number given in a year
(per service, per prefix… where the numbering has a scope). ``next_number`` moves the row
with one UPDATE, whose lock is held until the caller's transaction ends, so two callers
numbering in the same year queue one behind the other, and a caller whose transaction rolls
back gives its number back: numbers have no gap and no twin.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import IntegrityError, connection, models, transaction
from django.utils.translation import gettext_lazy as _


class YearSequence(models.Model):
    """The last number given in a year; a concrete subclass adds its scope fields (if any) and
    the unique constraint over them and ``year`` (or makes ``year`` unique on its own)."""

    year = models.PositiveSmallIntegerField(_("année"))
    last_value = models.PositiveIntegerField(_("dernier numéro donné"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"


S = TypeVar("S", bound=YearSequence)


def next_number(model: type[S], year: int, **scope: Any) -> int:
    """The year's next number in ``model`` (for ``scope``: ``service=…``, ``prefix=…``), 1 first.

    One statement, ``UPDATE ... SET last_value = last_value + 1 ... RETURNING last_value``:
    the row it changes stays locked until the caller's transaction ends, as with SELECT ...
    FOR UPDATE, without a second round trip. Call inside ``atomic``, and as late as the caller
    can, so that concurrent callers wait only for what follows.
    """
    meta = model._meta
    columns = ["year"]
    values: list[Any] = [year]
    for name, value in scope.items():
        columns.append(str(meta.get_field(name).column))  # type: ignore[union-attr]
        values.append(value.pk if isinstance(value, models.Model) else value)
    where = " AND ".join(f"{column} = %s" for column in columns)
    # The table and column names come from the model; the values are parameters.
    sql = (
        f"UPDATE {meta.db_table} SET last_value = last_value + 1 "  # noqa: S608 # nosec B608
        f"WHERE {where} RETURNING last_value"
    )
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
        try:
            with transaction.atomic():
                model._default_manager.create(year=year, last_value=0, **scope)
        except IntegrityError:
            pass  # another caller made the row first: the UPDATE waits for it
    raise RuntimeError(f"no {meta.db_table} row for {year} {scope}")  # pragma: no cover
