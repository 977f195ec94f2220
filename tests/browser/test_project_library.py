"""End to end in Debian Chromium: a unit officer creates and submits a project, the department
officer approves it (初审), finance admits it (入库); every page speaks Chinese."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from budgets.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def act(page, label, comment=""):
    """Press a workflow button (it may open a form with a comment box) and wait for the result."""
    button = page.get_by_role("button", name=label, exact=True).first
    button.click()
    confirm = page.locator("form:visible textarea[name=comment]")
    if confirm.count():
        confirm.first.fill(comment)
        confirm.first.locator("xpath=ancestor::form").get_by_role("button").last.click()
    page.wait_for_load_state()


def test_project_goes_from_unit_through_department_to_finance(page, live_server, login_as, logout, personas):
    p = personas
    login_as(p.officer_a, p.password)
    expect(page.get_by_text("我的待办").first).to_be_visible()
    page.goto(f"{live_server.url}/budgets/projects/new/")
    page.fill("#id_name", "全省中小学教师信息技术能力提升培训")
    page.select_option("#id_category", "livelihood")
    page.check("input[name=fund_sources][value=local]")
    page.fill("#id_start_year", "2026")
    page.fill("#id_end_year", "2026")
    page.fill("#id_total_amount", "1200000")
    page.fill("#id_leader_name", "王老师")
    shot(page, "01-unit-create")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("全省中小学教师信息技术能力提升培训")
    expect(page.locator("body")).to_contain_text("储备")
    project = Project.objects.get(name="全省中小学教师信息技术能力提升培训")
    assert project.unit_id == p.unit_a.pk
    act(page, "申报", "请审核")
    expect(page.locator("body")).to_contain_text("申报")
    shot(page, "02-unit-submitted")
    project.refresh_from_db()
    assert project.status == Project.Status.SUBMITTED

    logout()
    login_as(p.dept_d_officer, p.password)
    page.goto(f"{live_server.url}/budgets/projects/{project.pk}/")
    act(page, "初审通过", "同意")
    project.refresh_from_db()
    assert project.status == Project.Status.DEPT_APPROVED
    shot(page, "03-dept-approved")

    logout()
    login_as(p.finance_admin, p.password)
    page.goto(f"{live_server.url}/budgets/projects/{project.pk}/")
    act(page, "审核入库", "准予入库")
    project.refresh_from_db()
    assert project.status == Project.Status.ADMITTED
    expect(page.locator("body")).to_contain_text("入库")
    shot(page, "04-finance-admitted")
    # The history shows every step with its actor.
    body = page.locator("body").inner_text()
    assert re.search("初审通过", body) and re.search("审核入库|入库", body)

    logout()
    login_as(p.officer_b, p.password)
    response = page.goto(f"{live_server.url}/budgets/projects/{project.pk}/")
    assert response.status == 404
