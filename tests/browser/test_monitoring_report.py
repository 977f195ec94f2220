"""End to end in Debian Chromium: a unit fills its monitoring report with a deviation — first
without the reason and measure (refused, errors beside the fields, input kept), then complete —
and submits it; the department sees it waiting for review; the submission raises a warning for the
indicator expected to miss, the unit acknowledges it and the finance reviewer resolves it with a
recall (收回 [002 三(三)]): the allocation shrinks and the money is listed for reallocation."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from budgets.models import Allocation
from monitoring.models import FundAction, MonitoringReport, Warning
from monitoring.reports import open_round
from tests.factories import AllocationFactory, ExpenditureFactory
from tests.monitoring.conftest import approved_target, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_unit_reports_a_deviation_and_finance_recalls_funds_on_the_warning(
    page, live_server, login_as, logout, personas
):
    p = personas
    target = approved_target(p)
    allocation = AllocationFactory(project=target.project, initial_amount=Decimal("1000000.00"))
    ExpenditureFactory(project=target.project, date=datetime.date(2026, 5, 20), amount=Decimal("280000.00"))
    rnd = make_round(p)
    open_round(rnd, p.finance_admin)
    report = MonitoringReport.objects.get(round=rnd)

    login_as(p.officer_a, p.password)
    page.goto(f"{live_server.url}/monitoring/")
    page.click(f"text={target.name}")
    expect(page.locator("#execution")).to_contain_text("28.00%")
    expect(page.locator("#execution")).to_contain_text("49.59%")

    page.fill("#id_expected_full_year", "950000")
    page.fill("#id_expected_carryover", "50000")
    page.fill("#id_carryover_reason", "部分培训采购结余")
    page.fill("#id_overall_progress", "上半年完成培训2期，共210人次。")
    rows = report.target.indicators.order_by("order")
    for n, ind in enumerate(rows):
        page.fill(f"#id_ind-{n}-completed_value", str(ind.target_value / 2))
        page.fill(f"#id_ind-{n}-expected_value", str(ind.target_value))
        page.select_option(f"#id_ind-{n}-possibility", "certain")
    # 培训人次: only 420 of 500 expected — a deviation.
    page.fill("#id_ind-0-expected_value", "420")
    page.select_option("#id_ind-0-possibility", "possible")
    page.click("button[value=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("监控报告还不完整")
    expect(page.locator("body")).to_contain_text("“培训人次”存在偏差：请说明偏差原因。")
    expect(page.locator("#id_ind-0-expected_value")).to_have_value("420")
    shot(page, "monitoring_report_refused")

    page.select_option("#id_ind-0-deviation", "staff")
    page.fill("#id_ind-0-deviation_reason", "部分地区教师工学矛盾突出，报名人数不足。")
    page.fill("#id_ind-0-measure", "下半年增开线上班次，联合教育局组织报名。")
    page.click("button[value=submit]")
    expect(page.locator(".alert-success")).to_contain_text("监控报告已报送")
    expect(page.locator("body")).to_contain_text("待部门审核")
    shot(page, "monitoring_report_submitted")

    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.SUBMITTED
    assert report.spent == Decimal("280000.00") and report.execution_rate == Decimal("28.00")
    assert report.progress.get(indicator__name="培训人次").deviation == "staff"

    logout()
    login_as(p.dept_d_officer, p.password)
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/")
    expect(page.locator("#review")).to_contain_text("主管部门审核")

    # The submission raised the warning from the numbers; the unit acknowledges it.
    warning = Warning.objects.get(report=report, rule=Warning.Rule.INDICATOR_MISS)
    assert warning.indicator.name == "培训人次"
    logout()
    login_as(p.officer_a, p.password)
    page.goto(f"{live_server.url}/monitoring/warnings/")
    page.click(f"a[href='/monitoring/warnings/{warning.pk}/']")
    expect(page.locator("body")).to_contain_text("指标预计无法完成")
    expect(page.locator("body")).to_contain_text("预计全年完成值")  # the numbers that raised it, labelled
    expect(page.locator("body")).to_contain_text("预计全年完成420，目标值500（有可能）")
    page.fill("textarea[name=note]", "已知悉，下半年增开线上班次。")
    page.click("button:text-is('确认')")
    expect(page.locator("body")).to_contain_text("已知悉，下半年增开线上班次。")
    expect(page.locator("text=处置预警")).to_have_count(0)  # a unit cannot resolve

    # The finance reviewer of the department's division resolves it with a recall.
    logout()
    login_as(p.finance_reviewer, p.password)
    page.goto(f"{live_server.url}/monitoring/warnings/{warning.pk}/")
    page.check("input[name=measure][value=recall]")
    page.fill("#id_note", "培训人数不足，收回部分资金统筹使用。")
    page.click("text=提交处置")  # no amount: refused, the note kept
    expect(page.locator("body")).to_contain_text("请填写收回金额")
    expect(page.locator("#id_note")).to_have_value("培训人数不足，收回部分资金统筹使用。")
    page.fill("#id_amount", "150000")
    page.click("text=提交处置")
    expect(page.locator("body")).to_contain_text("收回资金")
    expect(page.locator("body")).to_contain_text("150,000.00")
    shot(page, "monitoring_warning_recalled")

    warning.refresh_from_db()
    assert warning.status == Warning.Status.RESOLVED and warning.measure == Warning.Measure.RECALL
    recall = FundAction.objects.get(warning=warning)
    assert recall.kind == FundAction.Kind.RECALL and recall.amount == Decimal("150000.00")
    assert Allocation.objects.get(pk=allocation.pk).total_amount == Decimal("850000.00")

    page.goto(f"{live_server.url}/monitoring/warnings/recalled/")
    row = page.locator("tr", has_text=target.project.name)
    expect(row).to_contain_text("150,000.00")
