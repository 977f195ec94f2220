"""End to end in Debian Chromium: a unit fills its 项目支出绩效自评表 — the money is computed, each
score shows its formula — uploads evidence, is refused while a shortfall has no reason, then
submits; the department approves (初审), the finance division's reviewer (业务审核) and the
performance administrator (技术审核) accept it [003 三(一)]."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from evaluation import selfeval as se
from evaluation.models import Attachment, Evaluation
from tests.factories import AllocationFactory, ExpenditureFactory
from tests.monitoring.conftest import approved_target

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ACTUALS = ("450", "96", "1800", "85", "93")  # 培训人次, 合格率, 人均成本, 能力提升率, 满意度


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def review(page, live_server, evaluation, title, comment=""):
    page.goto(f"{live_server.url}/evaluation/self/{evaluation.pk}/")
    expect(page.locator("#review")).to_contain_text(title)
    page.check("#review input[name=decision][value=approve]")
    if comment:
        page.fill("#review textarea[name=comment]", comment)
    page.click("#review button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("审核已办理")


def test_a_unit_submits_its_self_evaluation_and_finance_accepts_it(
    page, live_server, login_as, logout, personas
):
    p = personas
    target = approved_target(p)
    AllocationFactory(project=target.project, initial_amount=Decimal("1000000.00"))
    ExpenditureFactory(project=target.project, date=datetime.date(2026, 12, 10), amount=Decimal("950000.00"))
    se.open_season(p.year, p.finance_admin)
    evaluation = Evaluation.objects.get(target=target)

    login_as(p.officer_a, p.password)
    page.goto(f"{live_server.url}/evaluation/self/")
    page.click(f"text={target.name}")
    expect(page.locator("h1")).to_contain_text("项目支出绩效自评表")
    expect(page.locator("#execution")).to_contain_text("95.00%")
    expect(page.locator("#execution")).to_contain_text("100.00")  # 全年预算数 100 万元
    page.fill("#id_goal_actual", "全年完成中小学教师培训450人次，参训教师教学能力明显提升。")
    for n, value in enumerate(ACTUALS):
        page.fill(f"#id_row-{n}-actual_value", value)
    page.click("button[value=save]")
    expect(page.locator(".alert-success")).to_contain_text("已保存，得分已重新计算")
    row = page.locator("#indicators tbody tr", has_text="培训人次")
    expect(row).to_contain_text("15.00 = 16.67 × 450 / 500")
    expect(row).to_contain_text("[财预〔2020〕10号] 正向指标")
    expect(page.locator("#total")).to_contain_text("97.83")
    expect(page.locator("#execution")).to_contain_text("9.50 = 10 × 950000 / 1000000")

    page.select_option("#id_row", label="培训人次")
    page.set_input_files(
        "#id_file",
        files=[{"name": "培训签到表.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 sign-in"}],
    )
    page.click("#evidence button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已上传佐证材料：培训签到表.pdf")
    expect(row).to_contain_text("培训签到表.pdf")

    page.click("button[value=submit]")
    expect(page.locator("#error")).to_contain_text("绩效自评还不完整，未报送")
    expect(page.locator("body")).to_contain_text(
        "“培训人次”未完全达成（得分 15.00 / 16.67）：请填写偏差原因分析及改进措施。"
    )
    expect(page.locator("#id_row-0-actual_value")).to_have_value("450")
    shot(page, "evaluation_self_refused")

    page.fill(
        "#id_row-0-deviation_reason", "部分教师因教学任务冲突未能参训；下年度增设线上班次并提前发布培训计划。"
    )
    page.click("button[value=submit]")
    expect(page.locator(".alert-success")).to_contain_text("绩效自评已报送")
    expect(page.locator("body")).to_contain_text("待部门初审")
    shot(page, "evaluation_self_submitted")

    logout()
    login_as(p.dept_d_officer, p.password)
    review(page, live_server, evaluation, "部门初审", "同意报送")
    logout()
    login_as(p.finance_reviewer, p.password)
    review(page, live_server, evaluation, "财政业务审核")
    logout()
    login_as(p.finance_admin, p.password)
    review(page, live_server, evaluation, "财政技术审核")
    expect(page.locator("body")).to_contain_text("已审核")
    expect(page.locator("#history")).to_contain_text("部门初审通过（同意报送）")
    expect(page.locator("#history")).to_contain_text("财政技术审核通过")
    expect(page.locator("#grade")).to_contain_text("优")
    shot(page, "evaluation_self_accepted")

    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.ACCEPTED
    assert (evaluation.total_score, evaluation.grade_label, evaluation.spent) == (
        Decimal("97.83"),
        "优",
        Decimal("950000.00"),
    )
    assert Attachment.objects.get(evaluation=evaluation).name == "培训签到表.pdf"
    assert evaluation.rows.get(name="培训人次").deviation_reason.startswith("部分教师")
