"""Indexes the benchmarks' query plans asked for (make bench, issue 7 "Add the indexes the plans need").

The review queues (财政审核, 部门初审) select the current targets in one status of a set of
departments, whatever the year: (status, department_id) serves them where the existing
(department, year, status) index can only be read department by department and year by year.
PostgreSQL only (perfapp.pg_indexes).
"""

from django.db import migrations

from perfapp.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("targets", "0002_common_indicator_library")]

    operations = [
        postgres_indexes({"targets_target_queue": "ON targets_target (status, department_id)"}),
    ]
