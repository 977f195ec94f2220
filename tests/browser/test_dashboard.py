"""End to end in Debian Chromium: the leader opens the dashboard (驾驶舱), its ECharts draw on
canvas without console errors, and a figure drills down to its project list and on to a project."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboards import summary
from tests.dashboards.data import YEAR, build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_leader_dashboard_draws_its_charts_and_drills_down_to_a_project(
    page, live_server, login_as, personas
):
    data = build(personas)
    summary.refresh(YEAR)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    login_as(personas.leader, personas.password)
    page.goto(f"{live_server.url}/dashboards/?year={YEAR}")
    expect(page.locator("h1")).to_contain_text("预算绩效管理驾驶舱")
    for chart in ("coverage", "radar", "execution", "departments", "grades", "warnings", "moved"):
        expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)
    expect(page.locator("#coverage-table tr[data-stage='target_approved']")).to_contain_text("2")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard_leader.png"), full_page=True)

    page.locator("#grade-table a").first.click()  # 优: one project
    expect(page.locator("#drill-summary")).to_contain_text("共 1 个项目")
    page.locator(f"#drill-table tr[data-project='{data.p1.pk}'] a").click()
    expect(page).to_have_url(f"{live_server.url}/budgets/projects/{data.p1.pk}/")
    expect(page.locator("body")).to_contain_text(data.p1.name)
    assert errors == []
