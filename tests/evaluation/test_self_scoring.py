"""The money and the score of a self-evaluation are computed, never typed: execution from
Allocation/Expenditure [002 三(二)], the score by evaluation.scoring with each row's formula and
rule [财预〔2020〕10号], the scheme snapshotted at submission, a violation one band lower [003 二(四)]."""

import datetime
from decimal import Decimal

import pytest

from budgets.models import Policy
from evaluation import selfeval as se
from evaluation.models import Evaluation
from perfapp.workflow import WorkflowError, perform
from targets.models import Target
from tests.evaluation.self_helpers import D, fill, funded_target, self_evaluation_a, submitted, walk
from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_execution_comes_from_allocations_and_every_payment_of_the_year(personas):
    target = funded_target(personas, spent=None)
    AllocationFactory(
        project=target.project, fund_source="transfer", initial_amount=D("200000"), adjustment=D("50000")
    )
    ExpenditureFactory(project=target.project, date=datetime.date(2026, 3, 1), amount=D("400000"))
    ExpenditureFactory(project=target.project, date=datetime.date(2026, 12, 28), amount=D("362500.50"))
    ExpenditureFactory(project=target.project, year=2025, date=datetime.date(2025, 12, 1), amount=D("99999"))
    e = se.open_season(personas.year, personas.finance_admin) and Evaluation.objects.get(target=target)
    money = se.execution_of(e)
    assert (money.initial_budget, money.budget, money.spent, money.execution_rate) == (
        D("1200000.00"),
        D("1250000.00"),
        D("762500.50"),
        D("61.00"),
    )


def test_a_departments_overall_self_evaluation_sums_the_departments_projects(personas):
    from tests.evaluation.test_self_season import department_target

    dept = department_target(personas)
    for unit, budget, spent in ((personas.unit_a, "600000", "500000"), (personas.unit_b, "400000", "100000")):
        project = ProjectFactory(unit=unit)
        AllocationFactory(project=project, initial_amount=D(budget))
        ExpenditureFactory(project=project, amount=D(spent))
    other = ProjectFactory(unit=personas.unit_c)  # department E: not counted
    AllocationFactory(project=other, initial_amount=D("999999"))
    se.open_season(personas.year, personas.finance_admin)
    e = Evaluation.objects.get(target=dept)
    money = se.execution_of(e)
    assert (money.budget, money.spent, money.execution_rate) == (D("1000000.00"), D("600000.00"), D("60.00"))
    assert (e.annual_budget, e.spent) == (D("1000000.00"), D("600000.00"))


def test_saving_recomputes_every_row_with_its_formula_and_rule(personas):
    e = fill(self_evaluation_a(personas), personas.officer_a, actuals={"培训人次": D("450")})
    rows = {r.name: r for r in e.rows.all()}
    row = rows["培训人次"]
    assert (row.points, row.score) == (D("16.67"), D("15.00"))
    assert row.formula == "15.00 = 16.67 × 450 / 500"
    assert row.rule == "[财预〔2020〕10号] 正向指标：得分 = 分值 × min(实际值 / 目标值, 1)"
    assert rows["人均培训成本"].formula == "16.66 = 16.66 × min(2000 / 1800, 1)"
    assert (e.execution_score, e.total_score, e.grade, e.grade_label) == (
        D("9.50"),
        D("97.83"),
        "excellent",
        "优",
    )


def test_money_follows_the_payments_while_filled_and_is_frozen_at_submission(personas):
    e = self_evaluation_a(personas)
    ExpenditureFactory(project=e.project, amount=D("50000"))
    e = fill(e, personas.officer_a)
    assert (e.spent, e.execution_score) == (D("1000000.00"), D("10.00"))
    e = perform(e, "submit", personas.officer_a, seen_version=e.version)
    assert e.submitted_at is not None and e.spent == D("1000000.00")
    ExpenditureFactory(project=e.project, amount=D("1"))
    se.recompute(e)
    e.refresh_from_db()
    assert e.spent == D("1000000.00") and se.money_of(e).spent == D("1000000.00")


def test_submission_snapshots_the_scheme_and_a_later_policy_never_moves_the_score(personas):
    e = submitted(personas, self_evaluation_a(personas))
    assert e.policy_version == 1 and e.scheme_data["execution_weight"] == "10"
    total = e.total_score
    Policy.objects.create(
        fiscal_year=personas.year,
        version=2,
        data={"self_evaluation": {"execution_weight": "20", "output_weight": "40"}},
    )
    e = Evaluation.objects.get(pk=e.pk)
    se.recompute(e)
    e.refresh_from_db()
    assert e.total_score == total and e.policy_version == 1


def test_a_draft_is_scored_under_the_policy_in_force(personas):
    e = self_evaluation_a(personas)
    Policy.objects.create(
        fiscal_year=personas.year,
        version=2,
        data={"self_evaluation": {"execution_weight": "20", "output_weight": "40", "rounding": "down"}},
    )
    e = fill(Evaluation.objects.get(pk=e.pk), personas.officer_a, actuals={"培训人次": D("450")})
    row = e.rows.get(name="培训人次")
    assert (row.points, row.score) == (D("13.34"), D("12.00"))
    assert row.formula == "12.00 = 13.34 × 450 / 500 = 12.01，向下取整"
    assert e.execution_score == D("19.00")


def test_posting_a_score_changes_nothing(personas, login):
    e = fill(self_evaluation_a(personas), personas.officer_a, actuals={"培训人次": D("450")})
    rows = list(e.rows.order_by("order", "pk"))
    data = {
        "version": e.version,
        "goal_actual": "完成培训",
        "execution_explanation": "",
        "total_score": "100",
        "grade_label": "优",
        "execution_score": "10",
        "annual_budget": "1",
        "spent": "1",
        "row-TOTAL_FORMS": len(rows),
        "row-INITIAL_FORMS": len(rows),
        "action": "save",
    }
    for n, row in enumerate(rows):
        data |= {
            f"row-{n}-id": row.pk,
            f"row-{n}-actual_value": str(row.actual_value.normalize()),
            f"row-{n}-score": "99",
            f"row-{n}-points": "99",
            f"row-{n}-formula": "我说了算",
            f"row-{n}-deviation_reason": "原因" if row.name == "培训人次" else "",
        }
    response = login(personas.officer_a).post(f"/evaluation/self/{e.pk}/", data)
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.total_score, e.execution_score, e.annual_budget) == (D("97.83"), D("9.50"), D("1000000.00"))
    row = e.rows.get(name="培训人次")
    assert (row.score, row.points, row.formula) == (D("15.00"), D("16.67"), "15.00 = 16.67 × 450 / 500")


def test_the_api_ignores_scores_too(personas, api):
    e = self_evaluation_a(personas)
    row = e.rows.get(name="培训人次")
    response = api(personas.officer_a).patch(
        f"/api/v1/self-evaluations/{e.pk}/",
        {
            "version": e.version,
            "total_score": "100",
            "rows": [{"id": row.pk, "actual_value": "250", "score": "16.67", "points": "50"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    got = next(r for r in data["rows"] if r["id"] == row.pk)
    assert (got["actual_value"], got["points"], got["score"]) == ("250.0000", "16.67", "8.34")
    assert got["formula"] == "8.34 = 16.67 × 250 / 500"
    assert data["total_score"] is None or Decimal(data["total_score"]) < 100


def test_a_violation_found_by_finance_lowers_the_grade_one_band(personas):
    e = walk(personas, self_evaluation_a(personas), Evaluation.Status.DEPT_APPROVED)
    assert e.grade_label == "优"
    e = se.record_violation(
        e, personas.finance_reviewer, violation=True, note="挤占项目资金 5 万元", seen_version=e.version
    )
    e.refresh_from_db()
    assert (e.total_score, e.grade_label, e.downgraded, e.violation) == (D("99.50"), "良", True, True)
    e = se.record_violation(e, personas.finance_admin, violation=False, seen_version=e.version)
    e.refresh_from_db()
    assert (e.grade_label, e.downgraded) == ("优", False)


@pytest.mark.parametrize("who", ["officer_a", "dept_d_officer", "leader", "auditor", "dept_e_officer"])
def test_only_finance_records_a_violation(personas, who):
    e = submitted(personas, self_evaluation_a(personas))
    with pytest.raises(WorkflowError) as refused:
        se.record_violation(e, getattr(personas, who), violation=True, note="挪用", seen_version=e.version)
    assert refused.value.code == "permission"


def test_a_violation_needs_its_description_and_an_accepted_evaluation_never_changes(personas):
    e = submitted(personas, self_evaluation_a(personas))
    with pytest.raises(WorkflowError, match="请说明违规问题"):
        se.record_violation(e, personas.finance_admin, violation=True, note=" ", seen_version=e.version)
    e = walk(personas, self_evaluation_a(personas, unit=personas.unit_a), Evaluation.Status.ACCEPTED)
    with pytest.raises(WorkflowError, match="已审核的绩效自评不能修改"):
        se.record_violation(e, personas.finance_admin, violation=True, note="挪用", seen_version=e.version)


def test_input_that_cannot_be_scored_yet_is_saved_and_the_old_score_cleared(personas):
    from targets.models import Comparator, Indicator, Level1

    target = funded_target(personas)
    Target.objects.filter(pk=target.pk).update(status=Target.Status.DRAFT)
    Indicator.objects.create(
        target=target,
        level1=Level1.OUTCOME,
        level2="社会效益指标",
        name="家长认可度",
        comparator=Comparator.QUALITATIVE,
        qualitative_value="好",
        order=9,
    )
    Target.objects.filter(pk=target.pk).update(status=Target.Status.APPROVED)
    e = se.open_season(personas.year, personas.finance_admin) and Evaluation.objects.get(target=target)
    e, problem = se.save_inputs(e, personas.officer_a, fields={"goal_actual": "完成"}, seen_version=e.version)
    assert problem == "定性指标“家长认可度”须选择评价档次。"
    assert e.total_score is None and e.goal_actual == "完成"
    qualitative = e.rows.get(name="家长认可度")
    e, problem = se.save_inputs(
        e,
        personas.officer_a,
        rows={qualitative.pk: {"band": "partial", "achievement": D("0.7"), "actual_text": "基本认可"}},
        seen_version=e.version,
    )
    assert problem == ""
    qualitative.refresh_from_db()
    assert (qualitative.points, qualitative.score) == (D("15.00"), D("10.50"))
    assert qualitative.formula == "10.50 = 15 × 70%（部分达成）"


def test_an_achievement_outside_its_band_is_refused(personas):
    from targets.models import Comparator, Indicator, Level1

    target = funded_target(personas)
    Indicator.objects.create(
        target=target,
        level1=Level1.OUTCOME,
        level2="社会效益指标",
        name="家长认可度",
        comparator=Comparator.QUALITATIVE,
        order=9,
    )
    e = se.open_season(personas.year, personas.finance_admin) and Evaluation.objects.get(target=target)
    row = e.rows.get(name="家长认可度")
    with pytest.raises(WorkflowError, match="完成程度须在“部分达成”档次的 60%–80% 之间"):
        se.save_inputs(
            e,
            personas.officer_a,
            rows={row.pk: {"band": "partial", "achievement": D("0.9")}},
            seen_version=e.version,
        )
    with pytest.raises(WorkflowError, match="评价档次无效"):
        se.save_inputs(e, personas.officer_a, rows={row.pk: {"band": "great"}}, seen_version=e.version)
