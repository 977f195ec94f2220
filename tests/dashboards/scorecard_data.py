"""Small hand-computed data for the scorecard tests.

Departments D and E of the province (personas), year 2026:
- 预算执行率: D budget 1,000,000 spent 800,000 → 80 %; E budget 1,000,000 spent 300,000 → 30 %.
- 资产报告质量 (entered, steps ≥90 → 1, ≥80 → 0.5, 10 points): D 85 → 5; E not entered → 0.
- 政府采购 (entered, threshold ≥ 90, 5 points): D 95 → 5; E 80 → 0.
- 问责事项 (computed deduction, 3 points per case, up to 10): D 2 cases → 6; E none → 0.
"""

import datetime
from decimal import Decimal

from accounts.models import Organization, Region, Role
from dashboards import scorecards as rules
from dashboards.models_scorecards import Scorecard, ScorecardIndicator
from results.models import AccountabilityCase
from tests.factories import (
    AllocationFactory,
    ExpenditureFactory,
    OrganizationFactory,
    ProjectFactory,
    make_user,
)

P, D = ScorecardIndicator.Kind.POSITIVE, ScorecardIndicator.Kind.DEDUCTION
C, E = ScorecardIndicator.Source.COMPUTED, ScorecardIndicator.Source.ENTERED


def spend(unit, budget, spent, year=2026):
    project = ProjectFactory(unit=unit, start_year=year, end_year=year)
    AllocationFactory(project=project, year=year, initial_amount=Decimal(budget))
    if spent:
        ExpenditureFactory(project=project, year=year, amount=Decimal(spent), date=datetime.date(year, 6, 1))
    return project


def case(unit, year=2026):
    return AccountabilityCase.objects.create(
        year=year,
        case=AccountabilityCase.Case.OTHER,
        unit=unit,
        department=unit.parent,
        region=unit.region,
        facts="测试",
        measure=AccountabilityCase.Measure.INTERVIEW,
        decided_on=datetime.date(year, 9, 1),
    )


def indicator(card, name, points, kind=P, source=C, measure="", rule=None, unit="", order=0):
    return ScorecardIndicator.objects.create(
        scorecard=card,
        name=name,
        points=Decimal(points),
        kind=kind,
        source=source,
        measure=measure,
        unit=unit,
        order=order,
        rule=rules.validate_rule(rule),
    )


def department_card(p, year=2026, **kwargs) -> Scorecard:
    return Scorecard.objects.create(
        kind=Scorecard.Kind.DEPARTMENT, year=year, region=p.province, name="部门预算管理工作评价", **kwargs
    )


def build(p):
    """The department scorecard of the module docstring, with its data and entries."""
    spend(p.unit_a, 600_000, 500_000)
    spend(p.unit_b, 400_000, 300_000)
    spend(p.unit_c, 1_000_000, 300_000)
    case(p.unit_a)
    case(p.unit_b)
    card = department_card(p)
    execution = indicator(
        card,
        "预算执行率",
        20,
        measure="execution_rate",
        rule={"type": "linear", "full": 100, "zero": 50},
        order=1,
    )
    assets = indicator(
        card,
        "资产报告质量",
        10,
        source=E,
        unit="分",
        rule={"type": "steps", "steps": [[90, 1], [80, "0.5"]]},
        order=2,
    )
    purchase = indicator(
        card, "政府采购", 5, source=E, unit="%", rule={"type": "threshold", "at": 90}, order=3
    )
    cases = indicator(
        card,
        "问责事项",
        10,
        kind=D,
        measure="accountability_cases",
        rule={"type": "per_unit", "each": 3},
        order=4,
    )
    subjects = {s.department_id: s for s in rules.subjects_and_context(card)[0]}
    d, e = subjects[p.dept_d.pk], subjects[p.dept_e.pk]
    rules.set_entry(assets, d, p.finance_admin, value="85")
    rules.set_entry(purchase, d, p.finance_admin, value="95")
    rules.set_entry(purchase, e, p.finance_admin, value="80")
    return card, {"execution": execution, "assets": assets, "purchase": purchase, "cases": cases}


def counties(p):
    """Two counties under 长春市 and one under another city, each with a finance bureau; a city
    finance admin of 长春市."""
    jilin = Region.objects.create(code="220200", name="吉林市", level=Region.Level.CITY, parent=p.province)
    out = {
        "nongan": Region.objects.create(
            code="220122", name="农安县", level=Region.Level.COUNTY, parent=p.city
        ),
        "dehui": Region.objects.create(
            code="220183", name="德惠市", level=Region.Level.COUNTY, parent=p.city
        ),
        "yongji": Region.objects.create(
            code="220221", name="永吉县", level=Region.Level.COUNTY, parent=jilin
        ),
    }
    city_bureau = OrganizationFactory(
        kind=Organization.Kind.FINANCE_BUREAU, code="FIN-CC", name="长春市财政局", region=p.city
    )
    out["city_admin"] = make_user("fin_admin_cc", Role.FINANCE_ADMIN, city_bureau)
    return out


def last_year(p, today, d_value="30", e_value="90") -> Scorecard:
    """2025's department scorecard, published: one entered indicator (10 points, linear 0–100):
    D 30 → 3.00 (rank 2), E 90 → 9.00 (rank 1)."""
    last = department_card(p, year=2025)
    ind = indicator(last, "地方评价", 10, source=E, rule={"type": "linear", "full": 100, "zero": 0})
    subjects = {s.department_id: s for s in rules.subjects_and_context(last)[0]}
    rules.set_entry(ind, subjects[p.dept_d.pk], p.finance_admin, value=d_value)
    rules.set_entry(ind, subjects[p.dept_e.pk], p.finance_admin, value=e_value)
    rules.publish(last, p.finance_admin, today=today)
    return last
