"""Index for the order of the self-evaluation list /evaluation/self/ (make bench, issue 7 "Add the
indexes the plans need"): (year DESC, department_id, unit_id, id) is read in index order up to the
page's LIMIT instead of sorting every visible evaluation. PostgreSQL only (perfapp.pg_indexes).
"""

from django.db import migrations

from perfapp.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_report_version")]

    operations = [
        postgres_indexes(
            {
                "evaluation_evaluation_list_order": "ON evaluation_evaluation (year DESC, department_id, unit_id, id)"
            }
        ),
    ]
