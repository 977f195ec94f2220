"""Across years (跨年度对比): a project's indicators year by year, a department's grades and scores,
the coverage of each stage by year — against hand-computed data, scoped per role, constant queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import FiscalYear
from dashboards import years
from evaluation.models import Evaluation, SelfEvaluationRow
from targets.models import Indicator, Level1, Target
from tests.factories import AllocationFactory, FiscalYearFactory, ProjectFactory


def approved(project, fiscal_year, amount, value, *, previous=None, qualitative="群众满意"):
    target = Target.objects.create(
        fiscal_year=fiscal_year,
        year=fiscal_year.year,
        project=project,
        name=f"{project.name}绩效目标",
        unit=project.unit,
        overall_goal="完成培训。",
        amount=Decimal(amount),
        status=Target.Status.APPROVED,
        previous=previous,
    )
    Indicator.objects.create(
        target=target,
        level1=Level1.OUTPUT,
        level2="数量指标",
        name="培训人数",
        comparator="gte",
        target_value=Decimal(value),
        unit="人",
        weight=Decimal("20"),
    )
    Indicator.objects.create(
        target=target,
        level1=Level1.SATISFACTION,
        level2="服务对象满意度指标",
        name="学员满意度",
        comparator="qualitative",
        qualitative_value=qualitative,
    )
    return target


def evaluation(personas, project, year, kind, status, grade="", score=None):
    return Evaluation.objects.create(
        kind=kind,
        fiscal_year=personas.year,
        year=year,
        project=project,
        name=f"{project.name}评价",
        unit=project.unit,
        department=project.department,
        region=project.region,
        status=status,
        total_score=score,
        grade_label=grade,
        annual_budget=Decimal("0"),
    )


@pytest.fixture
def data(personas):
    """P (unit A, department D): 2025 budget 1,000,000 and 2026 budget 2,000,000, approved targets
    both years (2026 adjusted once: the current version says ≥ 130), an accepted 2025
    self-evaluation (92 points, 优) with 110 trained, a 2026 self-evaluation still in draft.
    Q (unit C, department E): 2025 budget 500,000, no target, a final fiscal evaluation 差 (55)."""
    fy2025 = FiscalYearFactory(region=personas.province, year=2025, is_current=False)
    p = ProjectFactory(unit=personas.unit_a, start_year=2025, end_year=2026, name="教师培训")
    q = ProjectFactory(unit=personas.unit_c, start_year=2025, end_year=2025, name="医院设备")
    AllocationFactory(project=p, year=2025, initial_amount=Decimal("1000000"))
    AllocationFactory(project=p, year=2026, initial_amount=Decimal("2000000"))
    AllocationFactory(project=q, year=2025, initial_amount=Decimal("500000"))
    approved(p, fy2025, "1000000", "100")
    first = approved(p, personas.year, "2000000", "120")
    approved(p, personas.year, "2000000", "130", previous=first)
    self_2025 = evaluation(
        personas, p, 2025, Evaluation.Kind.SELF, Evaluation.Status.ACCEPTED, "优", Decimal("92")
    )
    SelfEvaluationRow.objects.create(
        evaluation=self_2025,
        level1=Level1.OUTPUT,
        level2="数量指标",
        name="培训人数",
        comparator="gte",
        target_value=Decimal("100"),
        unit="人",
        actual_value=Decimal("110"),
        score=Decimal("20"),
    )
    evaluation(personas, p, 2026, Evaluation.Kind.SELF, Evaluation.Status.DRAFT)
    evaluation(personas, q, 2025, Evaluation.Kind.FISCAL, Evaluation.Status.FINAL, "差", Decimal("55"))
    return {"p": p, "q": q}


def test_coverage_by_year_counts_projects_and_money(personas, data):
    by_year = {c.year: c for c in years.coverage_history(personas.finance_admin)}
    c25, c26 = by_year[2025], by_year[2026]
    assert (c25.projects, c25.budget) == (2, Decimal("1500000"))
    assert c25.stages["targets"] == (1, Decimal("1000000"))
    assert c25.share("targets") == Decimal("50.0")
    assert c25.money_share("targets") == Decimal("66.7")
    assert c25.stages["self"] == (1, Decimal("1000000"))
    assert c25.stages["fiscal"] == (1, Decimal("500000"))
    assert c25.money_share("fiscal") == Decimal("33.3")
    assert "department" not in c25.stages and "monitored" not in c25.stages
    # 2026: one project, its (adjusted) target counted once, the draft self-evaluation not at all
    assert (c26.projects, c26.stages["targets"]) == (1, (1, Decimal("2000000")))
    assert "self" not in c26.stages


def test_coverage_is_scoped_to_the_department(personas, data):
    by_year = {c.year: c for c in years.coverage_history(personas.dept_d_officer)}
    assert by_year[2025].projects == 1 and "fiscal" not in by_year[2025].stages
    # one department's view from a finance user gives the same numbers
    d = {c.year: c for c in years.coverage_history(personas.finance_admin, department=personas.dept_d)}
    assert d[2025].projects == 1 and d[2025].stages["self"] == (1, Decimal("1000000"))


def test_project_indicator_history_uses_the_current_version_and_accepted_actuals(personas, data):
    year_list, rows = years.project_indicator_history(data["p"], personas.officer_a)
    assert year_list == [2025, 2026]
    trained = next(r for r in rows if r.name == "培训人数")
    assert trained.years[2025].target_value == Decimal("100")
    assert trained.years[2025].actual_value == Decimal("110")
    assert trained.years[2025].actual == "110人"
    assert trained.years[2026].target_value == Decimal("130")  # the adjusted version, not 120
    assert trained.years[2026].actual_value is None  # the 2026 self-evaluation is a draft
    satisfaction = next(r for r in rows if r.name == "学员满意度")
    assert not satisfaction.quantitative and satisfaction.years[2026].target == "群众满意"


def test_department_history_grades_and_average(personas, data):
    history = years.department_history(personas.dept_d, personas.finance_admin)
    assert list(history) == [Evaluation.Kind.SELF]
    (row,) = history[Evaluation.Kind.SELF]
    assert (row.year, row.count, row.average, row.grades["优"], row.grades["差"]) == (
        2025,
        1,
        Decimal("92.00"),
        1,
        0,
    )
    e = years.department_history(personas.dept_e, personas.finance_admin)[Evaluation.Kind.FISCAL][0]
    assert (e.count, e.grades["差"], e.average) == (1, 1, Decimal("55.00"))


def test_pages_render_the_figures(personas, data, login):
    client = login(personas.leader)
    page = client.get(reverse("dashboards:years_overview"))
    assert page.status_code == 200
    row25 = next(r for r in page.context["rows"] if r["year"] == 2025)
    assert row25["projects"] == 2
    assert [s["count"] for s in row25["stages"]] == [1, 0, 1, 0, 1]
    assert page.context["chart"]["years"] == ["2025", "2026"]
    body = page.content.decode()
    assert "echarts.min.js" in body and "吉林省教育厅" in body
    dept = client.get(reverse("dashboards:years_department", args=[personas.dept_d.pk]))
    assert dept.status_code == 200 and "92.00" in dept.content.decode()
    proj = client.get(reverse("dashboards:years_project", args=[data["p"].pk]))
    assert proj.status_code == 200
    assert proj.context["charts"][0]["target"] == [100.0, 130.0]
    assert proj.context["charts"][0]["actual"] == [110.0, None]


def test_scoping_of_the_pages(personas, data, login):
    dept_d = login(personas.dept_d_officer)
    assert dept_d.get(reverse("dashboards:years_department", args=[personas.dept_d.pk])).status_code == 200
    assert dept_d.get(reverse("dashboards:years_department", args=[personas.dept_e.pk])).status_code == 404
    assert dept_d.get(reverse("dashboards:years_project", args=[data["q"].pk])).status_code == 404
    overview = dept_d.get(reverse("dashboards:years_overview"))
    assert [d.pk for d in overview.context["departments"]] == [personas.dept_d.pk]
    unit_c = login(personas.officer_c)
    assert unit_c.get(reverse("dashboards:years_project", args=[data["p"].pk])).status_code == 404
    assert unit_c.get(reverse("dashboards:years_department", args=[personas.dept_e.pk])).status_code == 404
    assert unit_c.get(reverse("dashboards:years_project", args=[data["q"].pk])).status_code == 200
    assert login(personas.expert).get(reverse("dashboards:years_overview")).status_code == 403
    assert login(personas.system_admin).get(reverse("dashboards:years_overview")).status_code == 403
    other = login(personas.other_finance_admin)
    assert other.get(reverse("dashboards:years_department", args=[personas.dept_d.pk])).status_code == 404


def test_query_counts_do_not_grow_with_the_data(personas, data, login, django_assert_max_num_queries):
    client = login(personas.finance_admin)
    urls = [
        reverse("dashboards:years_overview"),
        reverse("dashboards:years_department", args=[personas.dept_d.pk]),
        reverse("dashboards:years_project", args=[data["p"].pk]),
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    # ten more projects of department D over both years, each with targets and a self-evaluation
    fy2025 = FiscalYear.objects.get(year=2025)
    for i in range(10):
        p = ProjectFactory(unit=personas.unit_b, start_year=2025, end_year=2026)
        AllocationFactory(project=p, year=2025)
        AllocationFactory(project=p, year=2026)
        approved(p, fy2025, "1000000", str(100 + i))
        approved(p, personas.year, "1000000", "1")
        evaluation(personas, p, 2025, Evaluation.Kind.SELF, Evaluation.Status.ACCEPTED, "良", Decimal("85"))
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_demo_history_gives_a_running_project_last_years_target_and_self_evaluation(personas):
    from budgets.models import Project
    from dashboards import demo_years

    FiscalYearFactory(region=personas.province, year=2025, is_current=False)
    p = ProjectFactory(
        unit=personas.unit_a, start_year=2025, end_year=2026, status=Project.Status.IN_PROGRESS
    )
    done = ProjectFactory(
        unit=personas.unit_a, start_year=2026, end_year=2026, status=Project.Status.IN_PROGRESS
    )
    approved(p, personas.year, "1000000", "120")
    approved(done, personas.year, "1000000", "50")  # started this year: no history
    counts = demo_years.seed([personas.province.pk], 2026, seed=7, log=lambda *a: None)
    assert counts["history_targets"] == 1 and counts["history_self_evaluations"] == 1
    year_list, rows = years.project_indicator_history(p, personas.finance_admin)
    assert year_list == [2025, 2026]
    trained = next(r for r in rows if r.name == "培训人数")
    assert trained.years[2025].target_value <= Decimal("120") and trained.years[2025].actual_value is not None
    self_2025 = Evaluation.objects.get(project=p, year=2025, kind=Evaluation.Kind.SELF)
    assert self_2025.status == Evaluation.Status.ACCEPTED and self_2025.grade_label in years.GRADES
    # once is enough: a second run adds nothing
    assert demo_years.seed([personas.province.pk], 2026, seed=7, log=lambda *a: None)["history_targets"] == 0
