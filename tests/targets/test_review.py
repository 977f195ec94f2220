from decimal import Decimal

import pytest

from budgets.models import Project
from perfapp.models import TransitionLog
from perfapp.workflow import StaleObject, TransitionRefused, WorkflowError, perform
from targets.models import Target, TargetReview
from targets.review import (
    Opinions,
    approve_many,
    diff,
    review_by_department,
    review_by_finance,
    start_adjustment,
    versions_of,
)
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db
OPINIONS = Opinions("指标完整", "与项目相关", "目标值适当", "可行")


def submitted_to_finance(personas, **kwargs):
    target = make_target(personas, **kwargs)
    target = perform(target, "submit", personas.officer_a, seen_version=target.version)
    return review_by_department(
        target, personas.dept_d_officer, approved=True, opinions=OPINIONS, seen_version=target.version
    )


@pytest.mark.parametrize(
    ("grade", "status"),
    [
        ("优", Target.Status.APPROVED),
        ("良", Target.Status.FIXES_REQUIRED),
        ("中", Target.Status.RETURNED),
        ("差", Target.Status.BLOCKED),
    ],
)
def test_finance_grade_decides_the_consequence(personas, grade, status):
    target = submitted_to_finance(personas)
    target = review_by_finance(
        target, personas.finance_reviewer, grade=grade, opinions=OPINIONS, comment="意见"
    )
    assert target.status == status
    review = TargetReview.objects.get(target=target, stage=TargetReview.Stage.FINANCE)
    assert (review.grade, review.completeness) == (grade, "指标完整")


def test_good_grade_goes_back_to_finance_after_fixes_without_second_department_review(personas):
    target = review_by_finance(
        submitted_to_finance(personas),
        personas.finance_reviewer,
        grade="良",
        opinions=OPINIONS,
        comment="补充成本指标",
    )
    target = perform(target, "submit_fixes", personas.officer_a, seen_version=target.version)
    assert target.status == Target.Status.DEPT_APPROVED


def test_blocked_target_cannot_be_resubmitted(personas):
    target = review_by_finance(
        submitted_to_finance(personas),
        personas.finance_reviewer,
        grade="差",
        opinions=OPINIONS,
        comment="不可行",
    )
    with pytest.raises(TransitionRefused):
        perform(target, "submit", personas.officer_a, seen_version=target.version)


def test_lower_grades_need_a_comment(personas):
    with pytest.raises(WorkflowError, match="须填写审核意见"):
        review_by_finance(
            submitted_to_finance(personas), personas.finance_reviewer, grade="中", opinions=OPINIONS
        )


def test_only_the_managing_division_reviews(personas):
    other = make_target(personas, unit=personas.unit_c)
    other = perform(other, "submit", personas.officer_c, seen_version=other.version)
    other = perform(other, "dept_approve", personas.dept_e_officer, seen_version=other.version)
    with pytest.raises(TransitionRefused, match="没有权限"):
        review_by_finance(other, personas.finance_reviewer, grade="优", opinions=OPINIONS)


def test_department_cannot_review_another_departments_target(personas):
    target = make_target(personas)
    target = perform(target, "submit", personas.officer_a, seen_version=target.version)
    with pytest.raises(TransitionRefused):
        review_by_department(target, personas.dept_e_officer, approved=True, opinions=OPINIONS)


def test_special_fund_goes_through_two_rounds(personas):
    """两上两下 [000 #14]: round one is returned with its opinion, round two decides."""
    target = submitted_to_finance(personas, is_special_fund=True)
    target = review_by_finance(
        target, personas.finance_reviewer, grade="优", opinions=OPINIONS, comment="一下：控制数"
    )
    assert (target.status, target.review_round) == (Target.Status.RETURNED, 2)
    target = perform(target, "submit", personas.officer_a, seen_version=target.version)
    target = review_by_department(target, personas.dept_d_officer, approved=True, opinions=OPINIONS)
    target = review_by_finance(target, personas.finance_reviewer, grade="优", opinions=OPINIONS)
    assert target.status == Target.Status.APPROVED
    rounds = list(target.reviews.filter(stage="finance").values_list("review_round", "comment"))
    assert rounds == [(1, "一下：控制数"), (2, "")]


def test_target_of_project_outside_library_cannot_be_approved(personas):
    target = submitted_to_finance(personas, project_status=Project.Status.SUBMITTED)
    with pytest.raises(TransitionRefused, match="尚未入库"):
        review_by_finance(target, personas.finance_reviewer, grade="优", opinions=OPINIONS)
    target.refresh_from_db()
    assert target.status == Target.Status.DEPT_APPROVED


def test_bulk_approval_approves_each_and_reports_refusals(personas):
    good = [submitted_to_finance(personas) for _ in range(3)]
    outside = submitted_to_finance(personas, project_status=Project.Status.SUBMITTED)
    results = approve_many([*good, outside], personas.finance_reviewer)
    assert [r.ok for r in results] == [True, True, True, False]
    assert Target.objects.filter(status=Target.Status.APPROVED).count() == 3


def test_stale_review_is_refused(personas):
    target = make_target(personas)
    seen = target.version
    perform(target, "submit", personas.officer_a, seen_version=seen)
    with pytest.raises(StaleObject):
        perform(target, "submit", personas.officer_a, seen_version=seen)
    assert TransitionLog.objects.filter(object_id=target.pk).count() == 1


def test_adjustment_is_a_new_version_with_a_diff(personas):
    target = review_by_finance(
        submitted_to_finance(personas), personas.finance_reviewer, grade="优", opinions=OPINIONS
    )
    with pytest.raises(WorkflowError):
        start_adjustment(target, personas.officer_a, reason="")
    new = start_adjustment(target, personas.officer_a, reason="预算调减 20 万元")
    assert (new.status, new.adjustment_no, new.previous_id) == (Target.Status.DRAFT, 1, target.pk)
    ind = new.indicators.get(name="培训人次")
    ind.target_value = Decimal("400")
    ind.save()
    new.amount = Decimal("800000.00")
    new.save()
    changes = {(c.where, c.field): (c.old, c.new) for c in diff(target, new)}
    assert changes[("培训人次", "指标值")] == (Decimal("500.0000"), Decimal("400.0000"))
    assert changes[("目标", "年度资金总额（元）")] == (Decimal("1000000.00"), Decimal("800000.00"))
    assert [v.pk for v in versions_of(new)] == [target.pk, new.pk]
    target.refresh_from_db()
    assert target.status == Target.Status.APPROVED


def test_project_cannot_start_without_an_approved_target_for_the_year(personas):
    target = submitted_to_finance(personas)
    project = target.project
    with pytest.raises(TransitionRefused, match="绩效目标尚未批复"):
        perform(project, "start", personas.finance_admin, seen_version=project.version)
    review_by_finance(target, personas.finance_reviewer, grade="优", opinions=OPINIONS)
    project.refresh_from_db()
    project = perform(project, "start", personas.finance_admin, seen_version=project.version)
    assert project.status == Project.Status.IN_PROGRESS
