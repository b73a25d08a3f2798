# The queue's search by name: trigram indexes on the members' names in both scripts, so that
# "contains" (icontains: UPPER(name) LIKE UPPER('%word%')) reads an index instead of the whole
# registry. PostgreSQL only (SQLite reads its small embedded registry directly); skipped with a
# warning when the database user may not create the pg_trgm extension
# (docs/decisions/backoffice-queue.md).

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)
COLUMNS = ["last_name", "first_name", "last_name_ar", "first_name_ar"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("pg_trgm unavailable, the search by name reads the registry: %s", error)
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS member_{column}_trgm_idx ON registry_member "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS member_{column}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0003_seed_rejection_reasons"),
        ("registry", "0002_load_provinces"),
    ]

    operations = [migrations.RunPython(create, drop)]
