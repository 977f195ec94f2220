"""Load the common indicator library (targets/library_data.py) into every installation."""

from django.db import migrations


def load(apps, schema_editor):
    from targets.library_data import ROWS

    Template = apps.get_model("targets", "IndicatorTemplate")
    existing = set(Template.objects.values_list("level1", "level2", "name", "unit"))
    Template.objects.bulk_create(
        [
            Template(
                level1=l1, level2=l2, name=name, unit=unit, comparator=comp, categories=list(cats),
                project_kinds=list(kinds), definition=definition, status="confirmed",
            )
            for (l1, l2, name, unit, comp, cats, kinds, definition) in ROWS
            if (l1, l2, name, unit) not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
