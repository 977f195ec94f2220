"""Keep the dashboard's summary current: mark the project-years a change touches as stale.

Registered once (DashboardsConfig.ready): every workflow transition and edit
(perfapp.workflow.CHANGE_HOOKS, which bulk writers such as warning generation also call), the
single-row saves that happen outside a transition (a warning's measure, a recall or suspension,
an allocation, a rectification item), and finished imports (budgets.imports.AFTER_IMPORT).
A confirmed linkage calls workflow.changed() itself (results.linkage._finish).
"""

from __future__ import annotations

from django.db.models.signals import post_save

from dashboards.summary import mark_dirty


def project_years(objs) -> set[tuple[int, int]]:
    """The (project_id, year) pairs whose summary rows these objects feed."""
    from budgets.models import Project
    from results.models import LinkageProposal

    pairs: set[tuple[int, int]] = set()
    for obj in objs:
        if isinstance(obj, Project):
            pairs.update((obj.pk, y) for y in range(obj.start_year, obj.end_year + 1))
            continue
        project_id = getattr(obj, "project_id", None)
        if not project_id:
            continue
        if isinstance(obj, LinkageProposal):
            # The grade of the evaluated year moves next year's money: both rows change.
            pairs.update({(project_id, obj.evaluated_year), (project_id, obj.year)})
            continue
        year = getattr(obj, "year", None)
        if year:
            pairs.add((project_id, year))
    return pairs


def on_change(objs) -> None:
    mark_dirty(project_years(objs))


def _on_save(sender, instance, **kwargs) -> None:
    mark_dirty(project_years([instance]))


def after_import(batch) -> None:
    """A finished allocation or expenditure import changes the money of the projects it touched."""
    from budgets.models import Allocation, Expenditure, ImportBatch

    if batch.status != ImportBatch.Status.DONE:
        return
    model = Allocation if batch.kind == ImportBatch.Kind.ALLOCATIONS else Expenditure
    mark_dirty(model.objects.filter(batch_id=batch.pk).values_list("project_id", "year").distinct())


def register() -> None:
    from budgets import imports
    from budgets.models import Allocation
    from monitoring.models import FundAction, Warning
    from perfapp.workflow import CHANGE_HOOKS
    from results.models import Rectification

    if on_change not in CHANGE_HOOKS:
        CHANGE_HOOKS.append(on_change)
    hooks = getattr(imports, "AFTER_IMPORT", None)
    if hooks is not None and after_import not in hooks:
        hooks.append(after_import)
    for model in (Warning, FundAction, Allocation, Rectification):
        post_save.connect(_on_save, sender=model, dispatch_uid=f"dashboards-dirty-{model._meta.label}")
