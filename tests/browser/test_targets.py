"""End to end in Debian Chromium: a unit officer declares a target (picking an indicator from the
library), the department reviews it, finance returns it (中), the unit resubmits, finance approves
it; and a finance reviewer approves several targets at once from the queue."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from budgets.models import Project
from targets.models import IndicatorTemplate, Level1, Target
from tests.factories import ProjectFactory
from tests.targets.pages import at_finance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fill_row(page, n, level2, name, value, unit):
    page.select_option(f"#id_ind-{n}-level2", level2)
    page.fill(f"#id_ind-{n}-name", name)
    page.fill(f"#id_ind-{n}-target_value", value)
    page.fill(f"#id_ind-{n}-unit", unit)


def opinions(page, form_id, comment=""):
    for field, text in [
        ("completeness", "指标完整"),
        ("relevance", "与项目相关"),
        ("appropriateness", "目标值适当"),
        ("feasibility", "可行"),
    ]:
        page.fill(f"#{form_id} textarea[name={field}]", text)
    page.fill(f"#{form_id} textarea[name=comment]", comment)


def test_target_goes_through_declaration_reviews_return_and_approval(
    page, live_server, login_as, logout, personas
):
    p = personas
    project = ProjectFactory(
        unit=p.unit_a,
        status=Project.Status.ADMITTED,
        name="全省中小学教师培训",
        start_year=2026,
        end_year=2026,
    )
    IndicatorTemplate.objects.get_or_create(
        level1=Level1.OUTPUT,
        level2="成本指标",
        name="人均培训成本",
        unit="元/人次",
        defaults={"comparator": "lte"},
    )
    login_as(p.officer_a, p.password)
    page.goto(f"{live_server.url}/targets/new/?project={project.pk}")
    expect(page.get_by_role("heading", name="申报项目支出绩效目标")).to_be_visible()
    page.fill("#id_overall_goal", "完成全省500人次中小学教师培训，参训教师教学能力明显提升。")
    page.fill("#id_amount", "1000000")
    fill_row(page, 0, "数量指标", "培训人次", "500", "人次")
    fill_row(page, 1, "社会效益指标", "参训教师教学能力提升率", "80", "%")
    fill_row(page, 2, "服务对象满意度指标", "参训教师满意度", "90", "%")
    # Library search (htmx) fills a new row with the picked template; the input so far is kept.
    page.fill("input[name=lib_q]", "人均培训")
    item = page.locator("#library-results .border", has_text="人均培训成本").first
    expect(item).to_be_visible()
    expect(page.locator("#library-results .border").first).to_contain_text("人均培训")
    item.get_by_role("button", name="选用").click()
    page.wait_for_load_state()
    expect(page.locator("#id_ind-3-name")).to_have_value("人均培训成本")
    expect(page.locator("#id_ind-0-name")).to_have_value("培训人次")
    page.fill("#id_ind-3-target_value", "2000")
    shot(page, "targets-01-declare")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    target = Target.objects.get(project=project)
    assert target.indicators.count() == 4
    expect(page.locator("body")).to_contain_text("填报中")
    page.get_by_role("button", name="申报", exact=True).click()
    page.wait_for_load_state()
    target.refresh_from_db()
    assert target.status == Target.Status.SUBMITTED
    shot(page, "targets-02-submitted")

    logout()
    login_as(p.dept_d_officer, p.password)
    page.goto(f"{live_server.url}/targets/review/department/")
    page.get_by_role("link", name=target.name).click()
    page.check("#dept-review input[value=approve]")
    opinions(page, "dept-review")
    shot(page, "targets-03-dept-review")
    page.get_by_role("button", name="提交初审意见").click()
    page.wait_for_load_state()
    target.refresh_from_db()
    assert target.status == Target.Status.DEPT_APPROVED

    logout()
    login_as(p.finance_reviewer, p.password)
    page.goto(f"{live_server.url}/targets/{target.pk}/")
    page.check("#finance-review input[value=中]")
    opinions(page, "finance-review", "效益指标应量化到学生成绩提升")
    shot(page, "targets-04-finance-review")
    page.get_by_role("button", name="提交审核意见").click()
    page.wait_for_load_state()
    target.refresh_from_db()
    assert (target.status, target.grade) == (Target.Status.RETURNED, "中")
    expect(page.locator("body")).to_contain_text("退回修改")

    logout()
    login_as(p.officer_a, p.password)
    page.goto(f"{live_server.url}/targets/{target.pk}/")
    expect(page.locator("body")).to_contain_text("效益指标应量化到学生成绩提升")
    page.get_by_role("link", name="修改", exact=True).click()
    page.fill("#id_ind-1-target_value", "85")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="申报", exact=True).click()
    page.wait_for_load_state()
    target.refresh_from_db()
    assert target.status == Target.Status.SUBMITTED

    logout()
    login_as(p.dept_d_officer, p.password)
    page.goto(f"{live_server.url}/targets/{target.pk}/")
    page.check("#dept-review input[value=approve]")
    page.get_by_role("button", name="提交初审意见").click()
    page.wait_for_load_state()

    logout()
    login_as(p.finance_reviewer, p.password)
    page.goto(f"{live_server.url}/targets/{target.pk}/")
    page.check("#finance-review input[value=优]")
    opinions(page, "finance-review")
    page.get_by_role("button", name="提交审核意见").click()
    page.wait_for_load_state()
    target.refresh_from_db()
    assert (target.status, target.grade) == (Target.Status.APPROVED, "优")
    expect(page.locator("body")).to_contain_text("已批复")
    shot(page, "targets-05-approved")

    # The unit adjusts the approved target: a new draft version, compared side by side.
    logout()
    login_as(p.officer_a, p.password)
    page.goto(f"{live_server.url}/targets/")
    expect(page.locator("body")).to_contain_text(target.name)
    shot(page, "targets-06-list")
    page.goto(f"{live_server.url}/targets/{target.pk}/")
    page.fill("#adjust textarea[name=reason]", "年中预算调整，培训规模扩大")
    page.get_by_role("button", name="调整", exact=True).click()
    page.wait_for_load_state()
    page.fill("#id_ind-0-target_value", "600")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="版本对比").click()
    page.wait_for_load_state()
    expect(page.locator("td[data-changed]").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("600")
    shot(page, "targets-07-compare")
    page.goto(f"{live_server.url}/targets/library/")
    shot(page, "targets-08-library")

    logout()
    login_as(p.officer_b, p.password)
    assert page.goto(f"{live_server.url}/targets/{target.pk}/").status == 404


def test_finance_reviewer_approves_several_targets_at_once(page, live_server, login_as, personas):
    p = personas
    first = at_finance(p, name="目标甲")
    second = at_finance(p, name="目标乙", amount=Decimal("1000000"))
    outside = at_finance(p, name="目标丙（项目未入库）", project_status=Project.Status.SUBMITTED)
    login_as(p.finance_reviewer, p.password)
    page.goto(f"{live_server.url}/targets/review/")
    expect(page.get_by_role("heading", name="待财政审核的绩效目标")).to_be_visible()
    page.check("#check-all")
    shot(page, "targets-09-queue")
    page.get_by_role("button", name="批量审核通过（优）").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("已审核通过（优）2 个")
    expect(page.locator("body")).to_contain_text("项目尚未入库")
    shot(page, "targets-10-bulk-result")
    statuses = {t.name: t.status for t in Target.objects.filter(pk__in=[first.pk, second.pk, outside.pk])}
    assert statuses == {
        "目标甲": Target.Status.APPROVED,
        "目标乙": Target.Status.APPROVED,
        "目标丙（项目未入库）": Target.Status.DEPT_APPROVED,
    }
