"""Building targets for tests: a clean project target that passes validation, and variations."""

from decimal import Decimal

from budgets.models import Project
from targets.models import Comparator, Indicator, Level1, Target
from tests.factories import ProjectFactory


def clean_indicators():
    return [
        dict(
            level1=Level1.OUTPUT,
            level2="数量指标",
            name="培训人次",
            comparator=Comparator.GTE,
            target_value=Decimal("500"),
            unit="人次",
            last_year_actual=Decimal("450"),
        ),
        dict(
            level1=Level1.OUTPUT,
            level2="质量指标",
            name="培训合格率",
            comparator=Comparator.GTE,
            target_value=Decimal("95"),
            unit="%",
        ),
        dict(
            level1=Level1.OUTPUT,
            level2="成本指标",
            name="人均培训成本",
            comparator=Comparator.LTE,
            target_value=Decimal("2000"),
            unit="元/人次",
        ),
        dict(
            level1=Level1.OUTCOME,
            level2="社会效益指标",
            name="参训教师教学能力提升率",
            comparator=Comparator.GTE,
            target_value=Decimal("80"),
            unit="%",
        ),
        dict(
            level1=Level1.SATISFACTION,
            level2="服务对象满意度指标",
            name="参训教师满意度",
            comparator=Comparator.GTE,
            target_value=Decimal("90"),
            unit="%",
        ),
    ]


def make_target(personas, unit=None, project_status=Project.Status.ADMITTED, indicators=None, **fields):
    unit = unit or personas.unit_a
    project = fields.pop("project", None) or ProjectFactory(unit=unit, status=project_status)
    target = Target.objects.create(
        fiscal_year=personas.year,
        year=personas.year.year,
        project=project,
        name=fields.pop("name", f"{project.name}绩效目标"),
        unit=unit,
        overall_goal=fields.pop("overall_goal", "完成全省500人次中小学教师培训，提升教学能力。"),
        amount=fields.pop("amount", Decimal("1000000.00")),
        **fields,
    )
    for n, data in enumerate(clean_indicators() if indicators is None else indicators):
        Indicator.objects.create(target=target, order=n, **data)
    return target
