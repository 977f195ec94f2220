"""Indexes that only PostgreSQL gets, for migrations (the `00xx_bench_indexes` of make bench).

The indexes the benchmarks' query plans asked for are operational details of PostgreSQL plans:
SQLite (`make run` without DATABASE_URL) neither needs nor gets them, and the model state is left
unchanged, so `makemigrations --check` stays clean.
"""

from django.db import migrations


def postgres_indexes(indexes: dict[str, str]) -> migrations.RunPython:
    """A migration operation creating {name: "ON table (columns)"} on PostgreSQL; reversible."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name, target in indexes.items():
                schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {target}")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name in indexes:
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
