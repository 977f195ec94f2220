"""Department and fiscal evaluations for the report tests, built directly with the ORM (the plan,
assignment and scoring pages are tested with their own part)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluation.models import Assignment, Criterion, CriterionResult, Evaluation, ExpertScore, Scheme
from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory

#: (group, level-1 name, points, [(level-2 name, [(level-3 name, points, agreed score)])])
CRITERIA = [
    (
        "decision",
        "决策",
        "20",
        [
            ("项目立项", [("立项依据充分性", "5", "5"), ("立项程序规范性", "5", "4")]),
            ("绩效目标", [("绩效目标合理性", "10", "8")]),
        ],
    ),
    ("process", "过程", "20", [("资金管理", [("资金到位率", "10", "10"), ("资金使用合规性", "10", "7")])]),
    ("output", "产出", "30", [("产出数量", [("实际完成率", "30", "26")])]),
    ("outcome", "效益", "30", [("项目效益", [("社会效益", "20", "16"), ("服务对象满意度", "10", "8.5")])]),
]
#: The sum of the agreed scores above.
TOTAL = Decimal("84.50")


def make_scheme(personas, name="财政重点评价通用指标体系") -> Scheme:
    scheme, created = Scheme.objects.get_or_create(region=personas.province, name=name)
    if not created:
        return scheme
    order = 0
    for group, l1_name, l1_points, level2 in CRITERIA:
        order += 1
        l1 = Criterion.objects.create(
            scheme=scheme, level=1, group=group, name=l1_name, points=Decimal(l1_points), order=order
        )
        for l2_name, level3 in level2:
            order += 1
            l2_points = sum(Decimal(p) for _n, p, _s in level3)
            l2 = Criterion.objects.create(
                scheme=scheme, parent=l1, level=2, group=group, name=l2_name, points=l2_points, order=order
            )
            for l3_name, points, _score in level3:
                order += 1
                Criterion.objects.create(
                    scheme=scheme,
                    parent=l2,
                    level=3,
                    group=group,
                    name=l3_name,
                    points=Decimal(points),
                    order=order,
                    guidance=f"{l3_name}的评分标准",
                )
    return scheme


def agreed_scores(evaluation: Evaluation, user=None) -> None:
    agreed = {
        n: Decimal(s) for _g, _l1, _p, level2 in CRITERIA for _l2, level3 in level2 for n, _p3, s in level3
    }
    for criterion in Criterion.objects.filter(scheme=evaluation.scheme, level=3):
        CriterionResult.objects.create(
            evaluation=evaluation,
            criterion=criterion,
            score=agreed[criterion.name],
            comment=f"{criterion.name}：专家组认定",
            fixed_by=user,
        )


def make_evaluation(
    personas,
    *,
    kind=Evaluation.Kind.FISCAL,
    status=Evaluation.Status.JOINT_REVIEW,
    unit=None,
    name=None,
    project_name=None,
    scored=True,
    money=True,
    year=2026,
) -> Evaluation:
    """A department or fiscal evaluation of a project of `unit` (default unit A) with its scheme,
    agreed scores, total 84.50 and grade 良; budget 200万, spent 170万 when `money`."""
    unit = unit or personas.unit_a
    project = ProjectFactory(unit=unit, name=project_name or "义务教育薄弱环节改善与能力提升项目")
    if money:
        AllocationFactory(project=project, year=year, initial_amount=Decimal("2000000.00"))
        ExpenditureFactory(project=project, year=year, amount=Decimal("1700000.00"))
    scheme = make_scheme(personas)
    evaluation = Evaluation.objects.create(
        kind=kind,
        fiscal_year=personas.year,
        year=year,
        project=project,
        name=name or f"{project.name}{'财政重点评价' if kind == Evaluation.Kind.FISCAL else '部门评价'}",
        unit=unit,
        department=unit.parent,
        region=unit.region,
        category=project.category,
        scheme=scheme,
        status=status,
        total_score=TOTAL if scored else None,
        grade="good" if scored else "",
        grade_label="良" if scored else "",
        findings="部分学校设备采购滞后。",
        recommendations="加快采购进度，完善验收制度。",
    )
    if scored:
        agreed_scores(evaluation)
    return evaluation


def assign(evaluation: Evaluation, expert, *, submitted=False, agency=None, scores=None) -> Assignment:
    from django.utils import timezone

    assignment = Assignment.objects.create(
        evaluation=evaluation,
        expert=expert,
        agency=agency,
        no_conflict_declared=True,
        submitted_at=timezone.now() if submitted else None,
    )
    for criterion_name, score in (scores or {}).items():
        ExpertScore.objects.create(
            assignment=assignment,
            criterion=Criterion.objects.get(scheme=evaluation.scheme, name=criterion_name),
            score=Decimal(score),
        )
    return assignment


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded and rendered files go to a temporary directory, never var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT
