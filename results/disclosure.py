"""Disclosure of final evaluation results on the public portal [003][004 第四十三条].

Finance marks a final (external) or accepted (self) evaluation for disclosure; the portal lists only
marked evaluations, never one whose target — or any target of its project — is 涉密 (Target.is_secret),
and never personal names.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from evaluation.models import Evaluation
from perfapp import audit
from perfapp.models import EventKind
from results.models import Disclosure
from targets.models import Target

FINISHED = (Evaluation.Status.FINAL, Evaluation.Status.ACCEPTED)
PUBLIC_KINDS = (Evaluation.Kind.SELF, Evaluation.Kind.DEPARTMENT, Evaluation.Kind.FISCAL)


def mark(evaluation: Evaluation, user, *, disclosed: bool = True) -> Disclosure:
    """Mark (or unmark) one finished evaluation for disclosure [004 第四十三条]; a person's mark is
    an audit event (the demo marks with no user)."""
    if evaluation.status not in FINISHED:
        raise ValueError("只有已定稿或已验收的评价结果才能公开")
    obj, _created = Disclosure.objects.update_or_create(
        evaluation=evaluation,
        defaults={
            "year": evaluation.year,
            "region": evaluation.region,
            "disclosed": disclosed,
            "disclosed_by": user,
        },
    )
    if user is not None:
        audit.record(
            EventKind.UPDATED,
            user,
            evaluation,
            summary=(_("公开评价结果：%(e)s") if disclosed else _("取消公开评价结果：%(e)s"))
            % {"e": evaluation.name},
            data={"what": "results.disclosure", "disclosed": disclosed},
        )
    return obj


def secret_targets():
    """涉密 targets of the outer evaluation's project or its own target (for Exists())."""
    return Target.objects.filter(
        Q(project_id=OuterRef("project_id")) | Q(pk=OuterRef("target_id")), is_secret=True
    )


def public_evaluations(*, region=None, year=None, q: str = ""):
    """The disclosed, non-secret, finished evaluations; the same queryset feeds page, CSV and JSON."""
    qs = (
        Evaluation.objects.filter(disclosure__disclosed=True, status__in=FINISHED, kind__in=PUBLIC_KINDS)
        .exclude(Exists(secret_targets()))
        .exclude(target__is_secret=True)
        .select_related("unit", "department", "region", "project")
    )
    if region:
        qs = qs.filter(region=region)
    if year:
        qs = qs.filter(year=year)
    return search(qs, q).order_by("-year", "region_id", "department__code", "unit__code", "id")


def search(qs, q: str):
    """The portal's search: the words in the evaluation's, project's, unit's or department's name."""
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(project__name__icontains=q)
            | Q(unit__name__icontains=q)
            | Q(department__name__icontains=q)
        )
    return qs


COLUMNS = ("year", "region", "name", "project", "unit", "department", "kind", "total", "grade")
HEADERS = ("年度", "地区", "名称", "项目", "单位", "主管部门", "评价类型", "总分", "评价等级")


def row(e: Evaluation) -> dict:
    """One public row: no personal names, only what [004 第四十三条] asks to disclose."""
    return {
        "id": e.pk,
        "year": e.year,
        "region": e.region.name,
        "name": e.name,
        "project": e.project.name if e.project_id else "",
        "unit": e.unit.name,
        "department": e.department.name,
        "kind": str(e.get_kind_display()),
        "total": str(e.total_score) if e.total_score is not None else "",
        "grade": e.grade_label or e.grade,
    }
