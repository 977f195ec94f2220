"""Re-scoring spot-check items [003 三(五)]: the gap against the tolerance (10 is not flagged, 10.01
is), a grade change flags whatever the gap, the recheck scored by the original's rules, who may
re-score, stale forms."""

from decimal import Decimal

import pytest

from evaluation.models import Evaluation, SpotCheck
from evaluation.spotchecks import RowEdit, SpotCheckError, draw, judge, rescore_department, rescore_self
from perfapp.workflow import StaleObject
from tests.evaluation.spot_helpers import department_evaluation, drawn, self_evaluation, set_share

pytestmark = pytest.mark.django_db
D = Decimal


# --- the rule -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "recheck", "flagged"),
    [
        (D("85"), D("75"), False),  # gap exactly the tolerance
        (D("85"), D("74.99"), True),  # 10.01
        (D("75"), D("85"), False),
        (D("75"), D("85.01"), True),
        (D("85"), D("85"), False),
    ],
)
def test_a_gap_above_the_tolerance_is_flagged_and_one_equal_to_it_is_not(original, recheck, flagged):
    gap, is_flagged = judge(original, "good", recheck, "good", D("10"))
    assert gap == abs(recheck - original)
    assert is_flagged is flagged


def test_a_different_grade_is_flagged_whatever_the_gap():
    assert judge(D("90.00"), "excellent", D("89.50"), "good", D("10")) == (D("0.50"), True)


# --- department evaluations: a typed total --------------------------------------------------------


@pytest.fixture
def poor_dept_item(personas):
    """A department evaluation graded 差 at 50: a gap of 10 downwards stays 差."""
    year = set_share(personas)
    evaluation = department_evaluation(personas, total=D("50.00"), grade=("poor", "差"))
    spot_check = draw(year, personas.finance_admin, seed=1)
    return spot_check.items.select_related("spot_check", "evaluation").get(evaluation=evaluation)


def test_a_department_evaluation_rescored_exactly_at_the_tolerance_is_not_flagged(personas, poor_dept_item):
    item = rescore_department(
        poor_dept_item, personas.finance_admin, total=D("40.00"), note="部分产出未达成", seen_version=0
    )
    assert (item.recheck_score, item.recheck_grade, item.gap, item.flagged) == (
        D("40.00"),
        "差",
        D("10.00"),
        False,
    )


def test_a_department_evaluation_rescored_one_hundredth_beyond_the_tolerance_is_flagged(
    personas, poor_dept_item
):
    item = rescore_department(
        poor_dept_item, personas.finance_admin, total=D("39.99"), note="部分产出未达成", seen_version=0
    )
    assert (item.gap, item.flagged) == (D("10.01"), True)


def test_a_small_gap_that_changes_the_grade_is_flagged(personas):
    item = drawn(personas).dept_d  # 82.00 良
    item = rescore_department(
        item, personas.finance_admin, total=D("79.50"), note="过程管理扣分", seen_version=0
    )
    assert (item.gap, item.recheck_grade, item.flagged) == (D("2.50"), "中", True)


def test_a_violation_found_in_the_recheck_lowers_its_grade_one_band(personas):
    item = drawn(personas).dept_d  # 82.00 良
    item = rescore_department(
        item, personas.finance_admin, total=D("82.00"), note="发现挪用资金", violation=True, seen_version=0
    )
    assert (item.gap, item.recheck_grade, item.flagged) == (D("0.00"), "中", True)
    assert item.recheck.violation and item.recheck.downgraded


def test_the_recheck_is_a_spot_check_evaluation_of_the_original(personas):
    item = drawn(personas).dept_d
    item = rescore_department(item, personas.finance_admin, total=D("80"), note="复核", seen_version=0)
    recheck = item.recheck
    assert (recheck.kind, recheck.original_id, recheck.department_id, recheck.status) == (
        Evaluation.Kind.SPOT_CHECK,
        item.evaluation_id,
        item.department_id,
        Evaluation.Status.IN_PROGRESS,
    )
    original = Evaluation.objects.get(pk=item.evaluation_id)
    assert (original.total_score, original.grade_label) == (D("82.00"), "良")
    assert SpotCheck.objects.get(pk=item.spot_check_id).status == SpotCheck.Status.IN_PROGRESS
    assert (item.checked_by, item.note) == (personas.finance_admin, "复核")


def test_a_department_rescore_needs_a_note_and_a_total_within_the_points(personas):
    item = drawn(personas).dept_d
    with pytest.raises(SpotCheckError, match="请填写复核意见"):
        rescore_department(item, personas.finance_admin, total=D("80"), note=" ", seen_version=0)
    with pytest.raises(SpotCheckError, match="复核总分须在 0 到满分之间"):
        rescore_department(item, personas.finance_admin, total=D("100.01"), note="复核", seen_version=0)
    item.refresh_from_db()
    assert item.recheck_id is None and item.checked_at is None


def test_a_second_rescore_updates_the_same_recheck_and_a_stale_one_is_refused(personas):
    item = drawn(personas).dept_d
    first = rescore_department(item, personas.finance_admin, total=D("80"), note="初次复核", seen_version=0)
    version = first.recheck.version
    with pytest.raises(StaleObject):
        rescore_department(item, personas.finance_admin, total=D("70"), note="过期表单", seen_version=0)
    again = rescore_department(
        item, personas.finance_admin, total=D("70"), note="再次复核", seen_version=version
    )
    assert again.recheck_id == first.recheck_id
    assert (again.recheck_score, again.gap, again.flagged) == (D("70.00"), D("12.00"), True)
    assert Evaluation.objects.filter(kind=Evaluation.Kind.SPOT_CHECK).count() == 1


# --- who re-scores --------------------------------------------------------------------------------


def test_the_finance_reviewer_of_the_departments_division_rescores(personas):
    spot = drawn(personas)
    item = rescore_department(
        spot.dept_d, personas.finance_reviewer, total=D("81"), note="复核", seen_version=0
    )
    assert item.checked_by == personas.finance_reviewer
    # Division X does not manage department E.
    with pytest.raises(SpotCheckError, match="只有财政管理员或该部门的归口业务科室"):
        rescore_self(spot.self_e, personas.finance_reviewer, seen_version=0)


@pytest.mark.parametrize("who", ["dept_d_officer", "officer_a", "leader", "auditor", "other_finance_admin"])
def test_others_cannot_rescore(personas, who):
    item = drawn(personas).dept_d
    with pytest.raises(SpotCheckError, match="只有财政管理员或该部门的归口业务科室"):
        rescore_department(item, getattr(personas, who), total=D("80"), note="复核", seen_version=0)


def test_a_done_spot_check_cannot_be_rescored(personas):
    item = drawn(personas).dept_d
    SpotCheck.objects.filter(pk=item.spot_check_id).update(status=SpotCheck.Status.DONE)
    item.spot_check.refresh_from_db()
    with pytest.raises(SpotCheckError, match="已通报"):
        rescore_department(item, personas.finance_admin, total=D("80"), note="复核", seen_version=0)


# --- self-evaluations: the recheck scored by rule ---------------------------------------------------


@pytest.fixture
def scored_self_item(personas):
    """An accepted self-evaluation scored by evaluation.selfeval.recompute under the year's scheme:
    execution 95 % → 9.50; 培训人次 450/500 of 25 → 22.50; the other rows full: total 97.00 (优)."""
    from evaluation.selfeval import recompute

    year = set_share(personas)
    evaluation = self_evaluation(personas, execution_rate=D("95.00"))
    score = recompute(evaluation, save=True)
    assert (score.total, score.grade_label) == (D("97.00"), "优")
    evaluation.refresh_from_db()
    spot_check = draw(year, personas.finance_admin, seed=1)
    return spot_check.items.select_related("spot_check", "evaluation").get(evaluation=evaluation)


def test_an_unchanged_recheck_reproduces_the_original_score(personas, scored_self_item):
    item = rescore_self(scored_self_item, personas.finance_admin, note="复核无差异", seen_version=0)
    assert (item.original_score, item.recheck_score, item.gap, item.flagged) == (
        D("97.00"),
        D("97.00"),
        D("0.00"),
        False,
    )
    assert item.recheck.rows.count() == 4
    assert item.recheck.scheme_data == item.evaluation.scheme_data


def test_lower_actual_values_found_by_finance_lower_the_recheck_score_and_flag_it(personas, scored_self_item):
    rows = {r.name: r for r in scored_self_item.evaluation.rows.all()}
    item = rescore_self(
        scored_self_item,
        personas.finance_admin,
        rows=[
            RowEdit(row_id=rows["培训人次"].pk, actual_value=D("250")),  # 250/500 × 25 = 12.50
            RowEdit(row_id=rows["培训合格率"].pk, actual_value=D("80")),  # 80/95 × 25 = 21.05
        ],
        note="佐证材料显示实际培训 250 人次",
        seen_version=0,
    )
    # 9.50 + 12.50 + 21.05 + 30 + 10
    assert (item.recheck_score, item.recheck_grade, item.gap, item.flagged) == (
        D("83.05"),
        "良",
        D("13.95"),
        True,
    )
    shown = {r.name: r.score for r in item.recheck.rows.all()}
    assert shown["培训人次"] == D("12.50")
    # The unit's own evaluation does not move.
    original = {r.name: (r.actual_value, r.score) for r in item.evaluation.rows.all()}
    assert original["培训人次"] == (D("450.0000"), D("22.50"))


def test_a_violation_in_a_self_recheck_downgrades_it(personas, scored_self_item):
    item = rescore_self(
        scored_self_item,
        personas.finance_admin,
        violation=True,
        violation_note="挤占项目资金",
        seen_version=0,
    )
    assert (item.recheck_score, item.recheck_grade, item.gap, item.flagged) == (
        D("97.00"),
        "良",
        D("0.00"),
        True,
    )


def test_a_row_of_another_evaluation_is_refused(personas, scored_self_item):
    stranger = self_evaluation(personas, department=personas.dept_e, unit=personas.unit_c).rows.first()
    with pytest.raises(SpotCheckError, match="指标行不属于被复核的自评"):
        rescore_self(
            scored_self_item,
            personas.finance_admin,
            rows=[RowEdit(row_id=stranger.pk, actual_value=D("1"))],
            seen_version=0,
        )
    assert not Evaluation.objects.filter(kind=Evaluation.Kind.SPOT_CHECK).exists()
