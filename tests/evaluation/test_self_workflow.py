"""The layered review of a self-evaluation [003 三(一)]: unit → department (初审) → finance 业务 →
finance 技术, each step by its role only, with return; what a submission must contain; a returned
self-evaluation is editable again and an accepted one never changes."""

import pytest

from evaluation import selfeval as se
from evaluation.models import Evaluation
from perfapp.models import Notification
from perfapp.workflow import TransitionRefused, WorkflowError, available_transitions, history_of, perform
from targets.models import Comparator, Indicator, Level1
from tests.evaluation.self_helpers import (
    D,
    fill,
    funded_target,
    open_and_get,
    self_evaluation_a,
    submitted,
    walk,
)
from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory

pytestmark = pytest.mark.django_db
S = Evaluation.Status

PEOPLE = (
    "finance_admin",
    "finance_reviewer",
    "officer_a",
    "officer_b",
    "officer_c",
    "dept_d_officer",
    "dept_e_officer",
    "leader",
    "auditor",
    "expert",
    "other_finance_admin",
)
#: transition → (the status it starts from, who may run it)
MATRIX = {
    "submit": (S.DRAFT, {"officer_a"}),
    "dept_approve": (S.SUBMITTED, {"dept_d_officer"}),
    "dept_return": (S.SUBMITTED, {"dept_d_officer"}),
    "business_approve": (S.DEPT_APPROVED, {"finance_reviewer", "finance_admin"}),
    "business_return": (S.DEPT_APPROVED, {"finance_reviewer", "finance_admin"}),
    "accept": (S.BUSINESS_APPROVED, {"finance_admin"}),
    "technical_return": (S.BUSINESS_APPROVED, {"finance_admin"}),
}
TARGET = {
    "submit": S.SUBMITTED,
    "dept_approve": S.DEPT_APPROVED,
    "dept_return": S.RETURNED,
    "business_approve": S.BUSINESS_APPROVED,
    "business_return": S.RETURNED,
    "accept": S.ACCEPTED,
    "technical_return": S.RETURNED,
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("name", list(MATRIX))
def test_each_transition_is_allowed_for_its_role_and_refused_for_the_others(personas, name, who):
    source, allowed = MATRIX[name]
    e = fill(self_evaluation_a(personas), personas.officer_a)
    Evaluation.objects.filter(pk=e.pk).update(status=source)
    e.refresh_from_db()
    user = getattr(personas, who)
    if who in allowed:
        done = se.run_transition(e, name, user, comment="意见", seen_version=e.version)
        assert done.status == TARGET[name]
        log = history_of(done).last()
        assert (log.transition, log.source, log.target, log.actor, log.comment) == (
            name,
            source,
            TARGET[name],
            user,
            "意见",
        )
    else:
        with pytest.raises(TransitionRefused) as refused:
            se.run_transition(e, name, user, comment="意见", seen_version=e.version)
        assert refused.value.code == "permission"
        e.refresh_from_db()
        assert e.status == source


@pytest.mark.parametrize("who", PEOPLE)
def test_the_department_declares_its_overall_self_evaluation(personas, who):
    from tests.evaluation.test_self_season import department_target

    target = department_target(personas)
    e = open_and_get(personas, target)
    row = e.rows.get()
    project = ProjectFactory(unit=personas.unit_a)
    AllocationFactory(project=project, initial_amount=D("100"))
    ExpenditureFactory(project=project, amount=D("100"))
    allowed = who == "dept_d_officer"
    assert se.can_edit(getattr(personas, who), e)[0] is allowed
    if allowed:
        e, _p = se.save_inputs(
            e, personas.dept_d_officer, rows={row.pk: {"actual_value": D("12")}}, seen_version=e.version
        )
        assert e.rows.get().score == D("90.00")


@pytest.mark.parametrize("name", ["dept_return", "business_return", "technical_return"])
def test_a_return_needs_a_comment_and_makes_the_self_evaluation_editable_again(personas, name):
    source, allowed = MATRIX[name]
    e = walk(personas, self_evaluation_a(personas), source)
    user = getattr(personas, sorted(allowed)[-1])
    with pytest.raises(TransitionRefused, match="退回时请填写退回意见"):
        se.run_transition(e, name, user, comment="  ", seen_version=e.version)
    e = se.run_transition(e, name, user, comment="偏差原因不具体", seen_version=e.version)
    assert e.status == S.RETURNED and se.can_edit(personas.officer_a, e)[0]
    told = Notification.objects.filter(recipient=personas.officer_a, title__contains="被退回").get()
    assert told.body == "偏差原因不具体"
    e = fill(e, personas.officer_a, actuals={"培训人次": D("480")}, reasons={"培训人次": "部分教师因病缺训"})
    e = perform(e, "submit", personas.officer_a, seen_version=e.version)
    assert e.status == S.SUBMITTED


def test_an_accepted_self_evaluation_never_changes(personas, login, api):
    e = walk(personas, self_evaluation_a(personas), S.ACCEPTED)
    assert se.can_edit(personas.officer_a, e) == (False, "绩效自评处于“已审核”状态，不能修改。")
    with pytest.raises(WorkflowError):
        se.save_inputs(e, personas.officer_a, fields={"goal_actual": "改"}, seen_version=e.version)
    response = login(personas.officer_a).post(
        f"/evaluation/self/{e.pk}/", {"version": e.version, "action": "save"}
    )
    assert response.status_code == 403
    response = api(personas.officer_a).patch(
        f"/api/v1/self-evaluations/{e.pk}/", {"version": e.version, "goal_actual": "改"}, format="json"
    )
    assert response.status_code == 403
    for name in MATRIX:
        assert name not in {t.name for t in available_transitions(e, personas.finance_admin)}
    e.refresh_from_db()
    assert e.goal_actual != "改" and e.status == S.ACCEPTED


def test_each_step_tells_the_next_person(personas):
    e = submitted(personas, self_evaluation_a(personas))
    assert Notification.objects.filter(
        recipient=personas.dept_d_officer, title__contains="待部门初审"
    ).exists()
    e = perform(e, "dept_approve", personas.dept_d_officer, seen_version=e.version)
    assert Notification.objects.filter(
        recipient=personas.finance_reviewer, title__contains="财政业务审核"
    ).exists()
    e = perform(e, "business_approve", personas.finance_reviewer, seen_version=e.version)
    assert Notification.objects.filter(
        recipient=personas.finance_admin, title__contains="财政技术审核"
    ).exists()
    perform(e, "accept", personas.finance_admin, seen_version=e.version)
    accepted = Notification.objects.get(recipient=personas.officer_a, title__contains="已审核通过")
    assert "99.50 分，优" in accepted.title and accepted.url == f"/evaluation/self/{e.pk}/"
    assert not Notification.objects.filter(
        recipient__in=[personas.officer_b, personas.dept_e_officer]
    ).exists()


# --- what a submission must contain -------------------------------------------------------------------


def test_an_empty_self_evaluation_lists_every_gap(personas):
    e = self_evaluation_a(personas)
    assert se.submission_errors(e) == [
        "请填写年度总体目标实际完成情况。",
        "“培训人次”：请填写实际完成值。",
        "“培训合格率”：请填写实际完成值。",
        "“人均培训成本”：请填写实际完成值。",
        "“参训教师教学能力提升率”：请填写实际完成值。",
        "“参训教师满意度”：请填写实际完成值。",
    ]
    with pytest.raises(TransitionRefused, match="请填写年度总体目标实际完成情况") as refused:
        perform(e, "submit", personas.officer_a, seen_version=e.version)
    assert refused.value.code == "invalid"
    e.refresh_from_db()
    assert e.status == S.DRAFT and e.submitted_at is None


def test_a_shortfall_needs_its_reason_and_improvement(personas):
    e = fill(
        self_evaluation_a(personas),
        personas.officer_a,
        actuals={"培训人次": D("450"), "人均培训成本": D("2500")},
    )
    assert se.submission_errors(e) == [
        "“培训人次”未完全达成（得分 15.00 / 16.67）：请填写偏差原因分析及改进措施。",
        "“人均培训成本”未完全达成（得分 13.33 / 16.66）：请填写偏差原因分析及改进措施。",
    ]
    e = fill(
        e,
        personas.officer_a,
        actuals={"培训人次": D("450"), "人均培训成本": D("2500")},
        reasons={"培训人次": "报名不足，下年加强宣传", "人均培训成本": "师资费上涨，下年集中采购"},
    )
    assert se.submission_errors(e) == []


def test_execution_below_the_line_needs_an_explanation(personas):
    e = fill(self_evaluation_a(personas, spent=D("500000")), personas.officer_a)
    assert se.submission_errors(e) == ["预算执行率 50.00% 低于 90%：请说明执行率偏低的原因。"]
    e = fill(e, personas.officer_a, execution_explanation="部分工程款待竣工决算后支付")
    assert se.submission_errors(e) == []


def test_a_qualitative_row_needs_its_band_achievement_and_description(personas):
    target = funded_target(personas)
    Indicator.objects.create(
        target=target,
        level1=Level1.OUTCOME,
        level2="社会效益指标",
        name="家长认可度",
        comparator=Comparator.QUALITATIVE,
        qualitative_value="好",
        order=9,
    )
    e = fill(open_and_get(personas, target), personas.officer_a)
    assert se.submission_errors(e) == [
        "“家长认可度”：请选择定性指标评价档次。",
        "“家长认可度”：请填写实际完成情况。",
    ]
    row = e.rows.get(name="家长认可度")
    e, _p = se.save_inputs(e, personas.officer_a, rows={row.pk: {"band": "achieved"}}, seen_version=e.version)
    assert se.submission_errors(e) == ["“家长认可度”：请填写完成程度。", "“家长认可度”：请填写实际完成情况。"]
    e, _p = se.save_inputs(
        e,
        personas.officer_a,
        rows={row.pk: {"band": "achieved", "achievement": D("0.95"), "actual_text": "家长普遍认可"}},
        seen_version=e.version,
    )
    assert se.submission_errors(e) == [
        "“家长认可度”未完全达成（得分 14.25 / 15.00）：请填写偏差原因分析及改进措施。"
    ]


def test_a_row_marked_not_applicable_needs_nothing_and_its_points_go_to_the_others(personas):
    e = self_evaluation_a(personas)
    rows = {r.name: r for r in e.rows.all()}
    e = fill(e, personas.officer_a)
    e, _p = se.save_inputs(
        e,
        personas.officer_a,
        rows={rows["人均培训成本"].pk: {"not_applicable": True, "actual_value": None}},
        seen_version=e.version,
    )
    assert se.submission_errors(e) == []
    points = {r.name: r.points for r in e.rows.all()}
    assert (points["人均培训成本"], points["培训人次"], points["培训合格率"]) == (
        D("0.00"),
        D("25.00"),
        D("25.00"),
    )
