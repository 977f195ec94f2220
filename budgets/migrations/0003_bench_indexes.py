"""Indexes the benchmarks' query plans asked for (make bench, issue 7 "Add the indexes the plans need").

The project list is ordered by (start_year DESC, code, id) for every user; with this index a page
of the finance admin's whole-city list is an index walk stopped by LIMIT instead of a sort of
every visible project (45,000 at city scale, 600,000 at province scale): 235 ms → 5 ms.
PostgreSQL only (perfapp.pg_indexes).
"""

from django.db import migrations

from perfapp.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("budgets", "0002_import_batch_heartbeat_result")]

    operations = [
        postgres_indexes({"budgets_project_list_order": "ON budgets_project (start_year DESC, code, id)"}),
    ]
