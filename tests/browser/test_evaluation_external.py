"""End to end in Debian Chromium: a department plans its evaluation from the suggested candidates
(coverage shown against the Policy's 20 %), assigns two experts — an expert of the evaluated unit
is refused for conflict of interest — confirms the plan and starts; each expert scores blind (the
second does not see the first's scores); then the department sees the spread, the disputed
criterion highlighted, and fixes the agreed scores: total and grade appear."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from evaluation.models import Evaluation, EvaluationPlan
from evaluation.schemes import level3
from tests.evaluation.test_external_support import budgeted, experts, pool_entry
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_department_plans_assigns_experts_scores_blind_and_fixes_agreed_scores(
    page, live_server, login_as, logout, personas
):
    p = personas
    major = budgeted(p.unit_a, "40000000", total="40000000")
    for _ in range(4):
        budgeted(p.unit_b, "2000000")
    first, second = experts(p, 2)
    insider = make_user("insider", Role.EXPERT, p.agency, full_name="王内部")
    pool_entry(p, insider, employer=p.unit_a)

    login_as(p.dept_d_officer, p.password)
    page.goto(f"{live_server.url}/evaluation/plans/")
    page.click("text=部门评价计划")
    expect(page.locator("#candidates")).to_contain_text(major.name)
    page.locator("#candidates form").first.locator("button").click()
    expect(page.locator("#coverage")).to_contain_text("已达到政策要求的覆盖比例")
    shot(page, "external-plan")
    plan = EvaluationPlan.objects.get(department=p.dept_d)
    evaluation = plan.evaluations.get()

    page.click(f"a:has-text('{evaluation.name}')")
    page.select_option("#id_expert", str(insider.pk))
    page.click("#assign-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("存在利益冲突，须回避")
    for expert in (first, second):
        page.goto(f"{live_server.url}/evaluation/evaluations/{evaluation.pk}/")
        page.select_option("#id_expert", str(expert.pk))
        page.click("#assign-form button[type=submit]")
    page.goto(f"{live_server.url}/evaluation/plans/{plan.pk}/")
    page.click("text=确定计划")
    page.goto(f"{live_server.url}/evaluation/evaluations/{evaluation.pk}/")
    page.click("button:has-text('开始评价')")
    expect(page.locator("body")).to_contain_text("评价中")
    logout()

    criteria = level3(Evaluation.objects.get(pk=evaluation.pk).scheme)
    disputed = criteria[2]
    for expert, low in ((first, False), (second, True)):
        login_as(expert, p.password)
        page.goto(f"{live_server.url}/evaluation/evaluations/{evaluation.pk}/")
        expect(page.locator("#my-scores")).to_contain_text("背对背评分")
        expect(page.locator("body")).not_to_contain_text("专家评分汇总与认定得分")
        if expert == second:
            expect(page.locator("#assignments")).not_to_contain_text(first.display_name)
        for c in criteria:
            value = c.points * Decimal("0.9")
            if low and c == disputed:
                value = Decimal("0")
            page.fill(f"#id_s-score_{c.pk}", str(value.quantize(Decimal("0.01"))))
        shot(page, f"external-scoring-{expert.username}")
        page.click("button[value=submit]")
        expect(page.locator("#my-scores")).to_contain_text("已提交")
        logout()

    login_as(p.dept_d_officer, p.password)
    page.goto(f"{live_server.url}/evaluation/evaluations/{evaluation.pk}/")
    expect(page.locator("#panel tr[data-disagree]")).to_have_count(1)
    expect(page.locator("#panel tr[data-disagree]")).to_contain_text(disputed.name)
    shot(page, "external-panel")
    page.click("button:has-text('保存认定得分')")
    evaluation.refresh_from_db()
    expected = sum(((c.points * Decimal("0.9")).quantize(Decimal("0.01")) for c in criteria), Decimal("0"))
    expected -= (disputed.points * Decimal("0.45")).quantize(Decimal("0.01"))
    assert abs(evaluation.total_score - expected) <= Decimal("0.01") * len(criteria)
    expect(page.locator("#result")).to_contain_text(str(evaluation.total_score))
    expect(page.locator("#result")).to_contain_text(evaluation.grade_label)
