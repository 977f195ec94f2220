"""End to end in Debian Chromium: a unit fills its monitoring report with a deviation — first
without the reason and measure (refused, errors beside the fields, input kept), then complete —
and submits it; the department sees it waiting for review."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from monitoring.models import MonitoringReport
from monitoring.reports import open_round
from tests.factories import AllocationFactory, ExpenditureFactory
from tests.monitoring.conftest import approved_target, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_unit_fills_a_report_with_a_deviation_and_submits_it(page, live_server, login_as, logout, personas):
    p = personas
    target = approved_target(p)
    AllocationFactory(project=target.project, initial_amount=Decimal("1000000.00"))
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
