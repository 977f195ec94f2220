"""Indexes for the review queue's unit-cost comparison and the target list's order (make bench,
issue 7 "Add the indexes the plans need").

- targets_target_comparable (region_id, year, category): the comparable targets of the queue
  page's categories and years in its regions (targets.views._comparables), instead of every target
  of the region filtered row by row.
- targets_indicator_quantity: the output-quantity indicators, per target in their order, with
  the value (an index-only probe per comparable target).
- targets_target_list_order (year DESC, department_id, unit_id, id) INCLUDE (region_id): the
  order of /targets/, read in index order up to the page's LIMIT instead of sorting every visible
  target; its count reads the index alone (every scope column is in it).
PostgreSQL only (perfapp.pg_indexes).
"""

from django.db import migrations

from perfapp.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("targets", "0003_bench_indexes")]

    operations = [
        postgres_indexes(
            {
                "targets_target_comparable": "ON targets_target (region_id, year, category)",
                "targets_indicator_quantity": (
                    'ON targets_indicator (target_id, "order", id) INCLUDE (target_value) '
                    "WHERE level1 = 'output' AND level2 = '数量指标'"
                ),
                "targets_target_list_order": (
                    "ON targets_target (year DESC, department_id, unit_id, id) INCLUDE (region_id)"
                ),
            }
        ),
    ]
