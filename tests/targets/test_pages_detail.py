"""The target page: who sees it, the hints beside each indicator, submission, the department and
finance reviews through their forms (each grade's consequence, 两上两下), adjustment and versions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from perfapp.models import TransitionLog
from targets.models import Target, TargetReview
from tests.targets.helpers import clean_indicators, make_target
from tests.targets.pages import approved, at_finance, submitted

pytestmark = pytest.mark.django_db


def detail(target):
    return reverse("targets:target_detail", args=[target.pk])


def opinions(**extra):
    return {
        "completeness": "指标完整",
        "relevance": "与项目相关",
        "appropriateness": "目标值适当",
        "feasibility": "可行",
        **extra,
    }


@pytest.mark.parametrize(
    "who", ["officer_a", "dept_d_officer", "finance_reviewer", "finance_admin", "leader", "auditor"]
)
def test_the_target_page_opens_for_those_who_may_see_it(personas, login, who, django_assert_max_num_queries):
    target = make_target(personas)
    client = login(getattr(personas, who))
    with django_assert_max_num_queries(40):
        response = client.get(detail(target))
    assert response.status_code == 200
    assert "培训人次" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("officer_b", 404), ("officer_c", 404), ("dept_e_officer", 404)])
def test_another_units_target_is_not_found(personas, login, who, status):
    assert login(getattr(personas, who)).get(detail(make_target(personas))).status_code == status


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_are_refused(personas, login, who):
    assert login(getattr(personas, who)).get(detail(make_target(personas))).status_code == 403


def test_hints_are_shown_beside_the_indicator_they_concern(personas, login):
    rows = clean_indicators()
    rows[0]["target_value"] = Decimal("400")  # below last year's 450
    target = make_target(personas, indicators=rows)
    response = login(personas.dept_d_officer).get(detail(target))
    row = next(r for r in response.context["rows"] if r["ind"].name == "培训人次")
    assert [h.code for h in row["hints"]] == ["below_last_year"]
    assert "目标可能偏低" in response.content.decode()


def test_unit_officer_submits_and_a_target_with_errors_is_refused(personas, login):
    target = make_target(personas)
    client = login(personas.officer_a)
    url = reverse("targets:target_transition", args=[target.pk, "submit"])
    assert client.post(url, {"version": target.version}).status_code == 302
    target.refresh_from_db()
    assert target.status == Target.Status.SUBMITTED

    bad = make_target(personas, indicators=clean_indicators()[:1])
    response = client.post(reverse("targets:target_transition", args=[bad.pk, "submit"]), {"version": 1})
    assert response.status_code == 400
    assert "至少需要一个效益指标" in response.content.decode()
    bad.refresh_from_db()
    assert bad.status == Target.Status.DRAFT


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_read_only_roles_cannot_act(personas, login, who):
    target = at_finance(personas)
    client = login(getattr(personas, who))
    for url, data in [
        (reverse("targets:target_transition", args=[target.pk, "submit"]), {}),
        (reverse("targets:target_finance_review", args=[target.pk]), {"grade": "优", **opinions()}),
        (reverse("targets:target_dept_review", args=[target.pk]), {"decision": "approve"}),
        (reverse("targets:target_adjust", args=[target.pk]), {"reason": "预算调整"}),
    ]:
        assert client.post(url, data).status_code == 403
    target.refresh_from_db()
    assert target.status == Target.Status.DEPT_APPROVED


def test_department_approves_with_the_four_opinions(personas, login):
    target = submitted(personas)
    url = reverse("targets:target_dept_review", args=[target.pk])
    response = login(personas.dept_d_officer).post(
        url, {"decision": "approve", "version": target.version, **opinions()}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == Target.Status.DEPT_APPROVED
    review = TargetReview.objects.get(target=target)
    assert (review.stage, review.approved, review.feasibility) == ("department", True, "可行")


def test_department_return_needs_a_reason(personas, login):
    target = submitted(personas)
    url = reverse("targets:target_dept_review", args=[target.pk])
    client = login(personas.dept_d_officer)
    response = client.post(url, {"decision": "return", "version": target.version, **opinions()})
    assert response.status_code == 400
    assert "退回时须填写退回理由" in response.content.decode()
    response = client.post(
        url, {"decision": "return", "version": target.version, **opinions(comment="缺少成本指标")}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == Target.Status.RETURNED


def test_another_department_cannot_review(personas, login):
    target = submitted(personas)
    url = reverse("targets:target_dept_review", args=[target.pk])
    assert login(personas.dept_e_officer).post(url, {"decision": "approve"}).status_code == 404
    response = login(personas.finance_reviewer).post(url, {"decision": "approve", **opinions()})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.status == Target.Status.SUBMITTED


@pytest.mark.parametrize(
    ("grade", "status"),
    [
        ("优", Target.Status.APPROVED),
        ("良", Target.Status.FIXES_REQUIRED),
        ("中", Target.Status.RETURNED),
        ("差", Target.Status.BLOCKED),
    ],
)
def test_each_finance_grade_has_its_consequence(personas, login, grade, status):
    target = at_finance(personas)
    client = login(personas.finance_reviewer)
    page = client.get(detail(target)).content.decode()
    assert "按审核意见完善后通过" in page and "不得进入预算编制" in page  # consequences shown
    url = reverse("targets:target_finance_review", args=[target.pk])
    response = client.post(url, {"grade": grade, "version": target.version, **opinions(comment="意见")})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.status, target.grade) == (status, grade)
    assert TargetReview.objects.get(target=target, stage="finance").grade == grade


def test_a_lower_grade_without_an_opinion_is_refused_and_the_input_kept(personas, login):
    target = at_finance(personas)
    url = reverse("targets:target_finance_review", args=[target.pk])
    response = login(personas.finance_reviewer).post(
        url, {"grade": "中", "version": target.version, **opinions(feasibility="我的可行性意见")}
    )
    assert response.status_code == 400
    assert "我的可行性意见" in response.content.decode()
    target.refresh_from_db()
    assert target.status == Target.Status.DEPT_APPROVED


def test_good_grade_goes_back_to_finance_after_fixes(personas, login):
    target = at_finance(personas)
    login(personas.finance_reviewer).post(
        reverse("targets:target_finance_review", args=[target.pk]),
        {"grade": "良", "version": target.version, **opinions(comment="补充成本指标")},
    )
    target.refresh_from_db()
    response = login(personas.officer_a).post(
        reverse("targets:target_transition", args=[target.pk, "submit_fixes"]), {"version": target.version}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == Target.Status.DEPT_APPROVED


def test_special_fund_first_round_is_returned_and_kept_beside_the_second(personas, login):
    target = at_finance(personas, is_special_fund=True)
    finance = login(personas.finance_reviewer)
    url = reverse("targets:target_finance_review", args=[target.pk])
    finance.post(url, {"grade": "优", "version": target.version, **opinions(comment="第一轮意见")})
    target.refresh_from_db()
    assert (target.status, target.review_round) == (Target.Status.RETURNED, 2)
    from perfapp.workflow import perform
    from targets.review import review_by_department
    from tests.targets.pages import OPINIONS

    target = perform(target, "submit", personas.officer_a)
    target = review_by_department(target, personas.dept_d_officer, approved=True, opinions=OPINIONS)
    finance.post(url, {"grade": "优", "version": target.version, **opinions(comment="第二轮意见")})
    target.refresh_from_db()
    assert target.status == Target.Status.APPROVED
    response = finance.get(detail(target))
    assert [r["round"] for r in response.context["rounds"]] == [1, 2]
    body = response.content.decode()
    assert "第一轮意见" in body and "第二轮意见" in body


def test_an_approved_target_is_adjusted_as_a_new_version_and_compared(personas, login):
    target = approved(personas)
    client = login(personas.officer_a)
    url = reverse("targets:target_adjust", args=[target.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "预算调整，资金减少"})
    new = Target.objects.get(previous=target)
    assert response.status_code == 302
    assert response["Location"] == reverse("targets:target_edit", args=[new.pk])
    assert (new.status, new.adjustment_no) == (Target.Status.DRAFT, 1)
    new.indicators.filter(name="培训人次").update(target_value=Decimal("400"))
    Target.objects.filter(pk=new.pk).update(amount=Decimal("800000"))

    page = client.get(reverse("targets:target_compare", args=[new.pk]))
    assert page.status_code == 200
    assert {(c.where, c.field) for c in page.context["changes"]} >= {("目标", "年度资金总额（元）")}
    assert any(g["name"] == "培训人次" and "target_value" in g["changed"] for g in page.context["grid"])
    assert "data-changed" in page.content.decode()
    # The old version lists both versions.
    versions = client.get(detail(target)).context["versions"]
    assert [v.pk for v in versions] == [target.pk, new.pk]
    # A version outside the chain is not found.
    other = make_target(personas)
    bad = client.get(reverse("targets:target_compare", args=[new.pk]), {"a": other.pk})
    assert bad.status_code == 404


def test_history_lists_each_step(personas, login):
    target = approved(personas)
    response = login(personas.officer_a).get(detail(target))
    labels = [t["label"] for t in response.context["transitions"]]
    assert labels == ["审核通过", "初审通过", "申报"]
    assert TransitionLog.objects.filter(object_id=target.pk).count() == 3
