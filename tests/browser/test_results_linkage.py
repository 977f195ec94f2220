"""End to end in Debian Chromium: the finance admin generates next year's linkage proposals,
confirms two of them in bulk with the checkboxes, overrides a third (first without a reason:
refused, input kept) and sees next year's allocations change [002 三(五)][004 第四十条]."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from budgets.models import Allocation
from results.models import LinkageProposal
from tests.results.linkage_data import linked_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_finance_confirms_linkage_proposals_in_bulk(page, live_server, login_as, personas):
    p = personas
    fair = linked_project(p, "中", name="校舍维修改造项目")
    good = linked_project(p, "优", name="教师能力提升培训项目")
    poor = linked_project(p, "低", name="教育信息化建设项目")

    login_as(p.finance_admin, p.password)
    page.goto(f"{live_server.url}/results/linkage/?year=2026")
    page.click("text=生成2026年度挂钩建议")
    expect(page.locator(".alert-success")).to_contain_text("已生成或更新2026年度预算挂钩建议3条")
    expect(page.locator("body")).to_contain_text("评价等级为“中”，按政策压减10%：100,000.00元")
    by_project = {x.project_id: x for x in LinkageProposal.objects.all()}

    page.check(f"input[name=ids][value='{by_project[fair.pk].pk}']")
    page.check(f"input[name=ids][value='{by_project[good.pk].pk}']")
    shot(page, "results_linkage_selected")
    page.click("text=确认所选建议")
    expect(page.locator(".alert-success")).to_contain_text("已确认2条挂钩建议")
    expect(page.locator(f"tr[data-proposal='{by_project[fair.pk].pk}']")).to_contain_text("已确认")
    expect(page.locator(f"tr[data-proposal='{by_project[poor.pk].pk}']")).to_contain_text("待确认")

    page.locator(f"tr[data-proposal='{by_project[poor.pk].pk}']").locator("text=调整").click()
    page.fill("#id_change", "-150000")
    page.fill("#id_reason", "   ")  # passes the browser's `required`, refused by the server
    page.click("text=调整并确认")
    expect(page.locator("body")).to_contain_text("调整挂钩建议必须填写调整理由")
    expect(page.locator("#id_change")).to_have_value("-150000")
    page.fill("#id_reason", "项目已完成整改，压减比例酌减")
    page.click("text=调整并确认")
    expect(page.locator(".alert-success")).to_contain_text("已调整确认")
    shot(page, "results_linkage_confirmed")

    totals = dict(Allocation.objects.filter(year=2026).values_list("project__name", "total_amount"))
    assert totals == {
        "校舍维修改造项目": Decimal("900000.00"),
        "教师能力提升培训项目": Decimal("1000000.00"),
        "教育信息化建设项目": Decimal("850000.00"),
    }
    page.goto(f"{live_server.url}/results/linkage/summary/?year=2026")
    expect(page.locator("body")).to_contain_text("-250000.00")
