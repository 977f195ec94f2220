"""Blind expert scoring, the panel's spread and the agreed scores; the total, the grade by the
year's bands [004 第三十七条], the violation downgrade [003 二(四)], and finalizing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluation import experts as ex
from evaluation.external import run_transition
from evaluation.models import CriterionResult, Evaluation, ExpertScore
from evaluation.schemes import level3
from perfapp.models import Notification
from perfapp.workflow import WorkflowError
from tests.evaluation.test_external_support import assignment_of, running_evaluation, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(personas):
    return running_evaluation(personas, n_experts=2)


def rows_of(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


# --- blind ------------------------------------------------------------------------------------------


def test_an_expert_cannot_read_anothers_scores_through_the_api_before_submitting(personas, running, api):
    evaluation, (first, second) = running
    score_all(evaluation, first, "0.9", submit=True)
    score_all(evaluation, second, "0.5", submit=False)
    a1 = assignment_of(evaluation, first)

    mine = api(second).get(f"/api/v1/external-evaluations/{evaluation.pk}/scores/")
    assert mine.status_code == 200
    assert {r["expert"] for r in rows_of(mine)} == {second.pk}
    assert api(second).get(f"/api/v1/evaluation-assignments/{a1.pk}/scores/").status_code == 404
    assert api(second).get(f"/api/v1/evaluation-assignments/{a1.pk}/").status_code == 404
    assert api(second).get(f"/api/v1/external-evaluations/{evaluation.pk}/panel/").status_code == 403

    # The one who submitted first still sees only their own until everybody has submitted.
    assert {
        r["expert"] for r in rows_of(api(first).get(f"/api/v1/external-evaluations/{evaluation.pk}/scores/"))
    } == {first.pk}


def test_the_evaluator_sees_no_scores_until_every_expert_submitted(personas, running, api, login):
    evaluation, (first, second) = running
    score_all(evaluation, first, "0.9")
    client = api(personas.dept_d_officer)
    assert rows_of(client.get(f"/api/v1/external-evaluations/{evaluation.pk}/scores/")) == []
    assert client.get(f"/api/v1/external-evaluations/{evaluation.pk}/panel/").status_code == 403
    a1 = assignment_of(evaluation, first)
    assert client.get(f"/api/v1/evaluation-assignments/{a1.pk}/scores/").status_code == 403
    page = login(personas.dept_d_officer).get(f"/evaluation/evaluations/{evaluation.pk}/").content.decode()
    assert "全部专家提交评分后，方可查看各专家评分" in page
    assert "专家评分汇总与认定得分" not in page

    score_all(evaluation, second, "0.5")

    rows = rows_of(client.get(f"/api/v1/external-evaluations/{evaluation.pk}/scores/"))
    assert {r["expert"] for r in rows} == {first.pk, second.pk}
    assert client.get(f"/api/v1/evaluation-assignments/{a1.pk}/scores/").status_code == 200
    page = login(personas.dept_d_officer).get(f"/evaluation/evaluations/{evaluation.pk}/").content.decode()
    assert "专家评分汇总与认定得分" in page


def test_the_expert_page_hides_the_others_scores(personas, running, login):
    evaluation, (first, second) = running
    score_all(evaluation, first, "0.9")
    page = login(second).get(f"/evaluation/evaluations/{evaluation.pk}/").content.decode()
    assert "我的评分" in page and "提交评分" in page
    assert "专家评分汇总与认定得分" not in page
    assert first.display_name not in page


def test_the_evaluated_unit_never_sees_individual_expert_scores(personas, running, api):
    evaluation, (first, second) = running
    score_all(evaluation, first, "0.9")
    score_all(evaluation, second, "0.5")
    assert rows_of(api(personas.officer_a).get(f"/api/v1/external-evaluations/{evaluation.pk}/scores/")) == []
    assert (
        api(personas.officer_a).get(f"/api/v1/external-evaluations/{evaluation.pk}/panel/").status_code == 403
    )
    assert api(personas.officer_b).get(f"/api/v1/external-evaluations/{evaluation.pk}/").status_code == 404


def test_an_expert_scores_through_the_api_and_submits(personas, running, api):
    evaluation, (first, _second) = running
    a1 = assignment_of(evaluation, first)
    criteria = level3(evaluation.scheme)
    client = api(first)
    url = f"/api/v1/evaluation-assignments/{a1.pk}/scores/"

    too_high = client.put(
        url, {"scores": [{"criterion": criteria[0].pk, "score": str(criteria[0].points + 1)}]}, format="json"
    )
    assert too_high.status_code == 400
    assert "得分须在 0 到" in too_high.json()["detail"]
    assert not ExpertScore.objects.exists()

    partial = client.put(url, {"scores": [{"criterion": criteria[0].pk, "score": "1.5"}]}, format="json")
    assert partial.status_code == 200
    incomplete = client.post(f"/api/v1/evaluation-assignments/{a1.pk}/submit/")
    assert incomplete.status_code == 400 and "尚未评分，不能提交" in incomplete.json()["detail"]

    full = [{"criterion": c.pk, "score": str(c.points), "comment": "资料齐全"} for c in criteria]
    assert client.put(url, {"scores": full}, format="json").status_code == 200
    assert client.post(f"/api/v1/evaluation-assignments/{a1.pk}/submit/").status_code == 200
    again = client.put(url, {"scores": full}, format="json")
    assert again.status_code == 400 and "评分已提交" in again.json()["detail"]
    assert api(personas.dept_d_officer).put(url, {"scores": full}, format="json").status_code == 403


def test_scoring_only_while_the_evaluation_is_in_progress(personas):
    evaluation, (first, _second) = running_evaluation(personas)
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.PLANNED)
    evaluation.refresh_from_db()
    with pytest.raises(WorkflowError, match="当前不能评分"):
        score_all(evaluation, first, "1")


# --- the panel and the agreed scores ----------------------------------------------------------------


def test_spread_standard_deviation_and_highlighted_disagreements(personas):
    evaluation, experts = running_evaluation(personas, n_experts=3)
    criteria = level3(evaluation.scheme)
    disputed = criteria[3]

    def shares(k):
        return lambda c: (
            (c.points * Decimal(k)).quantize(Decimal("0.01")) if c != disputed else c.points * Decimal(k)
        )

    # Everybody agrees except on one criterion, scored 100 % / 50 % / 0 %.
    for user, share in zip(experts, ("1", "0.5", "0"), strict=True):
        score_all(evaluation, user, lambda c, s=share: c.points if c != disputed else c.points * Decimal(s))

    rows = ex.panel(evaluation)
    row = next(r for r in rows if r.criterion == disputed)
    assert row.spread == disputed.points
    assert row.mean == (disputed.points / 2).quantize(Decimal("0.01"))
    # population standard deviation of (p, p/2, 0) = p × √(1/6)
    assert row.stdev == (disputed.points * Decimal("0.408248")).quantize(Decimal("0.01"))
    assert row.highlighted
    assert [r.criterion for r in rows if r.highlighted] == [disputed]
    assert all(r.spread == 0 and r.stdev == 0 for r in rows if r is not row)


def test_agreed_scores_give_the_total_and_the_grade(personas, running, api):
    evaluation, (first, second) = running
    score_all(evaluation, first, "0.9")
    score_all(evaluation, second, "0.8")
    criteria = level3(evaluation.scheme)
    entries = [
        {"criterion": c.pk, "score": str((c.points * Decimal("0.85")).quantize(Decimal("0.01")))}
        for c in criteria
    ]
    expected = sum(Decimal(e["score"]) for e in entries)
    client = api(personas.dept_d_officer)

    fixed = client.post(
        f"/api/v1/external-evaluations/{evaluation.pk}/agreed/", {"scores": entries}, format="json"
    )

    assert fixed.status_code == 200, fixed.content
    body = fixed.json()
    assert Decimal(body["total"]) == expected
    assert body["complete"] is True and body["grade_label"] == "良"
    evaluation.refresh_from_db()
    assert evaluation.total_score == expected and evaluation.grade_label == "良"
    for user in (first, personas.leader, personas.finance_admin):
        assert (
            api(user)
            .post(f"/api/v1/external-evaluations/{evaluation.pk}/agreed/", {"scores": entries}, format="json")
            .status_code
            == 403
        )


def test_agreed_scores_wait_for_every_expert(personas, running):
    evaluation, (first, _second) = running
    score_all(evaluation, first, "0.9")
    c = level3(evaluation.scheme)[0]
    with pytest.raises(WorkflowError, match="专家尚未全部提交评分"):
        ex.fix_agreed_scores(evaluation, {c.pk: (c.points, "")}, personas.dept_d_officer)


def test_a_violation_lowers_the_grade_one_band(personas, running):
    evaluation, (first, second) = running
    score_all(evaluation, first, "0.95")
    score_all(evaluation, second, "0.95")
    entries = {
        c.pk: ((c.points * Decimal("0.95")).quantize(Decimal("0.01")), "") for c in level3(evaluation.scheme)
    }
    evaluation = ex.fix_agreed_scores(evaluation, entries, personas.dept_d_officer)
    assert evaluation.grade_label == "优" and not evaluation.downgraded

    from evaluation.external import update_evaluation

    evaluation = update_evaluation(
        evaluation,
        personas.dept_d_officer,
        evaluation.version,
        violation=True,
        violation_note="挤占项目资金 5 万元",
    )

    assert evaluation.grade_label == "良" and evaluation.downgraded
    assert evaluation.total_score == sum(v for v, _c in entries.values())


def test_finalize_needs_every_agreed_score_and_stores_the_result(personas, running):
    evaluation, (first, second) = running
    score_all(evaluation, first, "0.7")
    score_all(evaluation, second, "0.6")
    criteria = level3(evaluation.scheme)
    evaluation = run_transition(
        evaluation, "to_joint_review", personas.dept_d_officer, seen_version=evaluation.version
    )
    partial = {c.pk: (Decimal("0"), "") for c in criteria[:-1]}
    evaluation = ex.fix_agreed_scores(evaluation, partial, personas.dept_d_officer)

    with pytest.raises(WorkflowError) as refused:
        run_transition(evaluation, "finalize", personas.dept_d_officer, seen_version=evaluation.version)
    assert "尚未认定得分，不能定稿" in refused.value.message and criteria[-1].name in refused.value.message

    evaluation = ex.fix_agreed_scores(
        evaluation, {criteria[-1].pk: (criteria[-1].points, "")}, personas.dept_d_officer
    )
    done = run_transition(evaluation, "finalize", personas.dept_d_officer, seen_version=evaluation.version)

    assert done.status == Evaluation.Status.FINAL
    assert done.total_score == criteria[-1].points
    assert done.grade_label == "差" and done.finalized_at is not None
    assert Notification.objects.filter(recipient=personas.officer_a, title__contains="已定稿").exists()
    # The transition, whichever way it is run, also makes the report final [004 第四十四条 (二)].
    # Its money is computed from the allocations and expenditures, frozen with the result.
    from evaluation.selfeval import execution_of

    money = execution_of(done)
    assert (done.annual_budget, done.spent, done.execution_rate) == (
        money.budget,
        money.spent,
        money.execution_rate,
    )
    assert done.annual_budget > 0
    report = done.reports.get()
    assert report.status == "final" and report.total_score == done.total_score and report.grade_label == "差"
    with pytest.raises(WorkflowError):
        ex.fix_agreed_scores(evaluation, {criteria[0].pk: (Decimal("1"), "")}, personas.dept_d_officer)
    assert CriterionResult.objects.filter(evaluation=evaluation).count() == len(criteria)


def test_starting_needs_a_confirmed_plan_and_experts(personas):
    from evaluation import plans as pl
    from tests.evaluation.test_external_support import budgeted, dept_plan

    plan = dept_plan(personas)
    evaluation = pl.add_project(plan, budgeted(personas.unit_a), personas.dept_d_officer)
    with pytest.raises(WorkflowError) as refused:
        run_transition(evaluation, "start", personas.dept_d_officer, seen_version=evaluation.version)
    assert "评价计划尚未确定" in refused.value.message and "尚未指派专家或第三方机构" in refused.value.message
    with pytest.raises(WorkflowError) as refused:
        run_transition(evaluation, "start", personas.dept_e_officer, seen_version=evaluation.version)
    assert refused.value.code == "permission"


def test_starting_notifies_the_assigned_experts(personas, running):
    _evaluation, (first, second) = running
    for user in (first, second):
        assert Notification.objects.filter(recipient=user, title__contains="绩效评价已开始").exists()


def test_the_panel_page_fixes_agreed_scores(personas, running, login):
    evaluation, (first, second) = running
    score_all(evaluation, first, "0.9")
    score_all(evaluation, second, "0.7")
    criteria = level3(evaluation.scheme)
    data = {f"a-score_{c.pk}": str(c.points) for c in criteria}
    client = login(personas.dept_d_officer)
    bad = dict(data, **{f"a-score_{criteria[0].pk}": str(criteria[0].points + 5)})
    refused = client.post(f"/evaluation/evaluations/{evaluation.pk}/agreed/", bad)
    assert refused.status_code == 400
    saved = client.post(f"/evaluation/evaluations/{evaluation.pk}/agreed/", data)
    assert saved.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.total_score == Decimal("100.00") and evaluation.grade_label == "优"
    assert (
        login(personas.leader).post(f"/evaluation/evaluations/{evaluation.pk}/agreed/", data).status_code
        == 403
    )
    assert (
        login(personas.dept_e_officer)
        .post(f"/evaluation/evaluations/{evaluation.pk}/agreed/", data)
        .status_code
        == 404
    )


def test_the_expert_scores_on_the_page(personas, running, login):
    evaluation, (first, _second) = running
    criteria = level3(evaluation.scheme)
    data = {f"s-score_{c.pk}": str(c.points) for c in criteria}
    client = login(first)
    saved = client.post(f"/evaluation/evaluations/{evaluation.pk}/scores/", dict(data, action="submit"))
    assert saved.status_code == 302
    assert assignment_of(evaluation, first).submitted_at is not None
    assert (
        login(personas.dept_d_officer)
        .post(f"/evaluation/evaluations/{evaluation.pk}/scores/", data)
        .status_code
        == 403
    )


def test_transitions_through_the_api_with_role_checks(personas, running, api):
    evaluation, _experts = running
    url = f"/api/v1/external-evaluations/{evaluation.pk}/transitions/"
    body = {"name": "to_joint_review", "version": evaluation.version}
    assert api(personas.leader).post(url, body, format="json").status_code == 403
    assert api(personas.officer_a).post(url, body, format="json").status_code == 403
    assert api(personas.dept_e_officer).post(url, body, format="json").status_code == 404
    assert api(personas.dept_d_officer).post(url, dict(body, version=1), format="json").status_code == 409
    done = api(personas.dept_d_officer).post(url, body, format="json")
    assert done.status_code == 200 and done.json()["status"] == "joint_review"
