"""Department and fiscal evaluation plans: coverage by count and by money against the Policy's
shares [003 三(二)(三)], candidates, on-site rules, confirmation, and who may do what."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.models import Policy, Project
from evaluation import plans as pl
from evaluation.models import Evaluation, EvaluationPlan
from monitoring.models import MonitoringRound
from perfapp.workflow import WorkflowError
from targets.models import Target, TargetReview
from tests.evaluation.test_external_support import budgeted, dept_plan, fiscal_plan
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db


def ten_projects(personas):
    """Department D: 10 budgeted projects, 100万 each except one of 500万 (1,400万 in all)."""
    projects = [budgeted(personas.unit_a if i % 2 else personas.unit_b, "1000000") for i in range(9)]
    projects.append(budgeted(personas.unit_a, "5000000"))
    return projects


# --- coverage ---------------------------------------------------------------------------------------


def test_department_coverage_counts_projects_and_money_of_the_year(personas):
    projects = ten_projects(personas)
    budgeted(personas.unit_c, "9000000")  # department E: not in D's base
    budgeted(personas.unit_a, "1000000", status=Project.Status.DRAFT)  # not in the budget
    plan = dept_plan(personas)
    pl.add_project(plan, projects[0], personas.dept_d_officer)

    cov = pl.coverage(plan)

    assert (cov.base_count, cov.base_money) == (10, Decimal("14000000.00"))
    assert (cov.planned_count, cov.planned_money) == (1, Decimal("1000000.00"))
    assert cov.required == Decimal("0.20")
    assert cov.count_share == Decimal("0.1000")
    assert cov.money_share == Decimal("0.0714")
    assert not cov.met
    assert pl.coverage_warnings(cov) == ["评价项目数量占比 10.0%、资金占比 7.1%，均低于政策要求的 20.0%。"]


def test_department_coverage_is_met_by_money_alone(personas):
    projects = ten_projects(personas)
    plan = dept_plan(personas)
    # The 500万 project is 1 of 10 by count (10 %) but 5/14 of the money (35.7 %).
    pl.add_project(plan, projects[-1], personas.dept_d_officer)

    cov = pl.coverage(plan)

    assert cov.count_share == Decimal("0.1000")
    assert cov.met
    assert pl.coverage_warnings(cov) == []


def test_department_coverage_is_met_by_count_at_exactly_the_share(personas):
    projects = ten_projects(personas)
    plan = dept_plan(personas)
    for p in projects[:2]:
        pl.add_project(plan, p, personas.dept_d_officer)

    cov = pl.coverage(plan)

    assert cov.count_share == Decimal("0.2000")
    assert cov.money_share < Decimal("0.20")
    assert cov.met


def test_the_share_comes_from_the_years_policy(personas):
    Policy.objects.create(
        fiscal_year=personas.year, version=2, data={"evaluation": {"department_share": "0.30"}}
    )
    personas.year.__dict__.pop("policy_row", None)
    projects = ten_projects(personas)
    plan = dept_plan(personas)
    plan.fiscal_year.__dict__.pop("policy_row", None)
    for p in projects[:2]:
        pl.add_project(plan, p, personas.dept_d_officer)

    cov = pl.coverage(plan)

    assert cov.required == Decimal("0.30")
    assert not cov.met


def test_fiscal_coverage_is_measured_against_key_project_money(personas):
    major = budgeted(personas.unit_a, "40000000", total="40000000")  # major: ≥ 3,000万
    monitored = budgeted(personas.unit_c, "10000000")
    budgeted(personas.unit_b, "50000000", total="1000000")  # not key
    rnd = MonitoringRound.objects.create(
        fiscal_year=personas.year, name="第一轮", data_as_of="2026-06-30", due="2026-07-15"
    )
    rnd.key_projects.add(monitored)
    plan = fiscal_plan(personas)
    pl.add_project(plan, monitored, personas.finance_admin)

    cov = pl.coverage(plan)

    assert major.is_major
    assert cov.base_label == "本年度重点项目"
    assert (cov.base_count, cov.base_money) == (2, Decimal("50000000.00"))
    assert cov.money_share == Decimal("0.2000")
    assert cov.required == Decimal("0.10")
    assert cov.met


def test_fiscal_plan_on_site_share_and_audit_flags(personas):
    projects = [budgeted(personas.unit_a, "1000000") for _ in range(5)]
    plan = fiscal_plan(personas)
    items = [pl.add_project(plan, p, personas.finance_admin) for p in projects]

    assert not pl.coverage(plan).onsite.met
    pl.update_item(items[0], personas.finance_admin, is_onsite=True)
    onsite = pl.coverage(plan).onsite
    assert (onsite.count, onsite.total_count, onsite.count_share, onsite.met) == (
        1,
        5,
        Decimal("0.2000"),
        True,
    )

    pl.update_item(items[1], personas.finance_admin, flagged_by_audit=True)
    assert pl.coverage(plan).onsite.flagged_offsite == [items[1]]
    with pytest.raises(WorkflowError) as refused:
        pl.confirm_plan(plan, personas.finance_admin)
    assert "审计或督查发现问题的项目须全部开展现场评价" in refused.value.message
    assert items[1].name in refused.value.message
    plan.refresh_from_db()
    assert plan.status == EvaluationPlan.Status.DRAFT

    pl.update_item(items[1], personas.finance_admin, is_onsite=True)
    pl.confirm_plan(plan, personas.finance_admin)
    plan.refresh_from_db()
    assert plan.status == EvaluationPlan.Status.CONFIRMED


def test_an_item_added_as_flagged_by_audit_is_on_site(personas):
    plan = fiscal_plan(personas)
    item = pl.add_project(plan, budgeted(personas.unit_a), personas.finance_admin, flagged_by_audit=True)
    assert item.is_onsite and item.flagged_by_audit


def test_confirming_below_the_share_warns_but_confirms(personas):
    projects = ten_projects(personas)
    plan = dept_plan(personas)
    pl.add_project(plan, projects[0], personas.dept_d_officer)

    warnings = pl.confirm_plan(plan, personas.dept_d_officer)

    assert warnings and "低于政策要求的 20.0%" in warnings[0]
    plan.refresh_from_db()
    assert plan.status == EvaluationPlan.Status.CONFIRMED


def test_an_empty_plan_cannot_be_confirmed(personas):
    plan = dept_plan(personas)
    with pytest.raises(WorkflowError, match="计划中还没有评价项目"):
        pl.confirm_plan(plan, personas.dept_d_officer)


# --- items ------------------------------------------------------------------------------------------


def test_a_listed_project_becomes_a_planned_evaluation_with_its_scope_target_and_default_scheme(personas):
    target = make_target(personas, unit=personas.unit_a)
    Target.objects.filter(pk=target.pk).update(status=Target.Status.APPROVED)
    project = target.project
    Project.objects.filter(pk=project.pk).update(status=Project.Status.IN_PROGRESS)
    from tests.factories import AllocationFactory

    AllocationFactory(project=project, initial_amount=Decimal("800000"))
    plan = dept_plan(personas)

    evaluation = pl.add_project(plan, project, personas.dept_d_officer)

    assert evaluation.kind == Evaluation.Kind.DEPARTMENT
    assert evaluation.status == Evaluation.Status.PLANNED
    assert evaluation.plan == plan and evaluation.target == target
    assert (evaluation.unit, evaluation.department, evaluation.region) == (
        personas.unit_a,
        personas.dept_d,
        personas.province,
    )
    assert evaluation.annual_budget == Decimal("800000.00")
    assert evaluation.scheme.category == project.category and evaluation.scheme.is_default


def test_another_departments_project_or_a_listed_one_is_refused(personas):
    plan = dept_plan(personas)
    project = budgeted(personas.unit_a)
    pl.add_project(plan, project, personas.dept_d_officer)
    with pytest.raises(WorkflowError, match="已列入本计划"):
        pl.add_project(plan, project, personas.dept_d_officer)
    with pytest.raises(WorkflowError, match="不是本部门本年度已入库的预算项目"):
        pl.add_project(plan, budgeted(personas.unit_c), personas.dept_d_officer)


def test_a_confirmed_plan_is_locked_until_reopened(personas):
    plan = dept_plan(personas)
    item = pl.add_project(plan, budgeted(personas.unit_a), personas.dept_d_officer)
    pl.confirm_plan(plan, personas.dept_d_officer)
    with pytest.raises(WorkflowError, match="评价计划已确定"):
        pl.add_project(plan, budgeted(personas.unit_b), personas.dept_d_officer)
    with pytest.raises(WorkflowError, match="评价计划已确定"):
        pl.remove_item(item, personas.dept_d_officer)
    pl.reopen_plan(plan, personas.dept_d_officer)
    pl.remove_item(item, personas.dept_d_officer)
    assert not Evaluation.objects.filter(pk=item.pk).exists()


def test_only_the_departments_officer_makes_its_plan(personas):
    plan = dept_plan(personas)
    for user in (personas.dept_e_officer, personas.officer_a, personas.finance_admin, personas.leader):
        with pytest.raises(WorkflowError) as refused:
            pl.add_project(plan, budgeted(personas.unit_a), user)
        assert refused.value.code == "permission"
    with pytest.raises(WorkflowError):
        pl.create_plan(
            personas.year, EvaluationPlan.Kind.DEPARTMENT, personas.dept_e_officer, department=personas.dept_d
        )


def test_only_finance_admin_makes_the_fiscal_plan(personas):
    for user in (personas.finance_reviewer, personas.dept_d_officer):
        with pytest.raises(WorkflowError) as refused:
            pl.create_plan(personas.year, EvaluationPlan.Kind.FISCAL, user)
        assert refused.value.code == "permission"
    assert fiscal_plan(personas) == fiscal_plan(personas)  # one a year


# --- candidates -------------------------------------------------------------------------------------


def test_candidates_are_major_projects_low_self_scores_and_review_problems(personas):
    plain = budgeted(personas.unit_a, "1000000")
    major = budgeted(personas.unit_a, "40000000", total="40000000")
    low = budgeted(personas.unit_b, "1000000")
    higher = budgeted(personas.unit_b, "1000000")
    for project, score in ((low, "55.50"), (higher, "88.00")):
        target = make_target(personas, unit=project.unit, project=project)
        Evaluation.objects.create(
            kind=Evaluation.Kind.SELF,
            fiscal_year=personas.year,
            year=2026,
            target=target,
            project=project,
            name=project.name,
            unit=project.unit,
            department=personas.dept_d,
            region=personas.province,
            total_score=Decimal(score),
            status=Evaluation.Status.ACCEPTED,
        )
    troubled = budgeted(personas.unit_a, "1000000")
    target = make_target(personas, unit=personas.unit_a, project=troubled)
    TargetReview.objects.create(target=target, stage="department", approved=False)
    TargetReview.objects.create(target=target, stage="finance", grade="中")
    TargetReview.objects.create(target=target, stage="finance", grade="优", approved=True)
    plan = dept_plan(personas)

    found = pl.candidates(plan)

    assert [c.project for c in found["major"]] == [major]
    assert [c.project for c in found["low_score"]] == [low, higher]
    assert found["low_score"][0].reason == "自评得分 55.50"
    assert [c.project for c in found["review_problems"]] == [troubled]
    assert found["review_problems"][0].reason == "目标审核问题 2 次"
    assert plain not in {c.project for rows in found.values() for c in rows}

    pl.add_project(plan, major, personas.dept_d_officer)
    assert pl.candidates(plan)["major"] == []


# --- pages and API ----------------------------------------------------------------------------------


def test_plan_page_shows_coverage_and_candidates(personas, login):
    projects = ten_projects(personas)
    plan = dept_plan(personas)
    pl.add_project(plan, projects[0], personas.dept_d_officer)
    page = login(personas.dept_d_officer).get(f"/evaluation/plans/{plan.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "覆盖情况" in text and "10.0%" in text and "7.1%" in text
    assert "均低于政策要求的 20.0%" in text
    assert "建议优先评价的项目" in text


def test_department_officer_adds_a_project_on_the_page_and_confirms(personas, login):
    project = budgeted(personas.unit_a)
    client = login(personas.dept_d_officer)
    created = client.post("/evaluation/plans/", {"year": personas.year.pk, "kind": "department"})
    plan = EvaluationPlan.objects.get(department=personas.dept_d)
    assert created.status_code == 302
    added = client.post(f"/evaluation/plans/{plan.pk}/add/", {"project": project.pk, "is_onsite": "on"})
    assert added.status_code == 302
    assert plan.evaluations.get().is_onsite
    confirmed = client.post(f"/evaluation/plans/{plan.pk}/confirm/")
    assert confirmed.status_code == 302
    plan.refresh_from_db()
    assert plan.status == EvaluationPlan.Status.CONFIRMED


def test_another_departments_plan_is_a_404_on_page_and_api(personas, login, api):
    plan = dept_plan(personas)
    assert login(personas.dept_e_officer).get(f"/evaluation/plans/{plan.pk}/").status_code == 404
    assert login(personas.dept_e_officer).post(f"/evaluation/plans/{plan.pk}/confirm/").status_code == 404
    assert api(personas.dept_e_officer).get(f"/api/v1/evaluation-plans/{plan.pk}/").status_code == 404
    assert api(personas.officer_a).get(f"/api/v1/evaluation-plans/{plan.pk}/").status_code == 404
    assert api(personas.other_finance_admin).get(f"/api/v1/evaluation-plans/{plan.pk}/").status_code == 404


def test_visible_plan_changes_by_others_are_403(personas, login, api):
    plan = dept_plan(personas)
    project = budgeted(personas.unit_a)
    for user in (personas.finance_admin, personas.leader, personas.auditor, personas.finance_reviewer):
        assert login(user).get(f"/evaluation/plans/{plan.pk}/").status_code == 200
        assert (
            login(user).post(f"/evaluation/plans/{plan.pk}/add/", {"project": project.pk}).status_code == 403
        )
        assert (
            api(user).post(f"/api/v1/evaluation-plans/{plan.pk}/items/", {"project": project.pk}).status_code
            == 403
        )
    assert not plan.evaluations.exists()


def test_api_builds_a_plan_and_reports_coverage(personas, api):
    projects = ten_projects(personas)
    client = api(personas.dept_d_officer)
    made = client.post(
        "/api/v1/evaluation-plans/",
        {"kind": "department", "fiscal_year": personas.year.pk, "department": personas.dept_d.pk},
        format="json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    added = client.post(f"/api/v1/evaluation-plans/{pk}/items/", {"project": projects[-1].pk}, format="json")
    assert added.status_code == 201, added.content
    assert added.json()["status"] == "planned"
    cov = client.get(f"/api/v1/evaluation-plans/{pk}/coverage/").json()
    assert cov["base_count"] == 10 and cov["planned_count"] == 1
    assert cov["count_share"] == "0.1000" and cov["money_share"] == "0.3571" and cov["met"] is True
    assert client.get(f"/api/v1/evaluation-plans/{pk}/candidates/").status_code == 200
    confirmed = client.post(f"/api/v1/evaluation-plans/{pk}/confirm/", format="json")
    assert confirmed.status_code == 200 and confirmed.json()["warnings"] == []


def test_api_refuses_confirming_a_fiscal_plan_with_a_flagged_item_off_site(personas, api):
    plan = fiscal_plan(personas)
    item = pl.add_project(plan, budgeted(personas.unit_a), personas.finance_admin)
    client = api(personas.finance_admin)
    client.post(
        f"/api/v1/evaluation-plans/{plan.pk}/update-item/",
        {"evaluation": item.pk, "flagged_by_audit": True, "is_onsite": False},
        format="json",
    )
    refused = client.post(f"/api/v1/evaluation-plans/{plan.pk}/confirm/", format="json")
    assert refused.status_code == 400
    assert "须全部开展现场评价" in refused.json()["detail"]


def test_experts_have_no_plans(personas, api):
    dept_plan(personas)
    assert api(personas.expert).get("/api/v1/evaluation-plans/").status_code == 403
