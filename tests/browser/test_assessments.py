"""End to end in Debian Chromium: a unit starts the prior assessment of its 30-million project, tries
to submit it with a dimension left empty (refused, the gap named beside the field, its input kept),
completes and submits it; finance takes it under review and concludes 予以支持; the project page then
shows the conclusion, and admission still waits for the joint review (联合会审) [002 三(一)][000 #16]."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessments.models import PriorAssessment
from budgets.models import Project
from tests.assessments.conftest import ARGUMENTS, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_unit_submits_its_assessment_and_finance_concludes(page, live_server, login_as, logout, personas):
    p = personas
    project = make_project(p.unit_a, "30000000", name="校舍抗震加固工程")

    login_as(p.officer_a, p.password)
    page.goto(f"{live_server.url}/budgets/projects/{project.pk}/")
    expect(page.locator("#prior-assessment")).to_contain_text("不低于重大项目标准")
    page.click("#prior-assessment >> text=开展事前绩效评估")
    expect(page.locator("#id_project")).to_have_value(str(project.pk))
    page.click("button:text-is('开始评估')")
    expect(page.locator(".alert-success")).to_contain_text("已开展事前绩效评估")

    for dimension, text in ARGUMENTS.items():
        if dimension != "financing":
            page.fill(f"#id_argument_{dimension}", text)
    page.fill("#id_need_2026", "18000000")
    page.fill("#id_need_note_2026", "土建工程")
    page.fill("#id_need_2027", "12000000")
    page.click("button[value=submit]")
    expect(page.locator("#error")).to_contain_text("事前绩效评估还不完整，未报送")
    expect(page.locator("body")).to_contain_text("请填写“筹资合规性”的论证情况。")
    expect(page.locator("#id_argument_necessity")).to_have_value(ARGUMENTS["necessity"])
    expect(page.locator("#id_need_2026")).to_have_value("18000000")
    shot(page, "assessment_refused")

    page.fill("#id_argument_financing", ARGUMENTS["financing"])
    page.click("button[value=submit]")
    expect(page.locator(".alert-success")).to_contain_text("事前绩效评估已报送财政审核")
    expect(page.locator("[data-status]").first).to_contain_text("待财政审核")
    assessment = PriorAssessment.objects.get(project=project)
    assert assessment.status == PriorAssessment.Status.SUBMITTED

    logout()
    login_as(p.finance_reviewer, p.password)
    page.goto(f"{live_server.url}/assessments/")
    page.click("text=校舍抗震加固工程")
    page.click("#action-review button")
    expect(page.locator(".alert-success")).to_contain_text("受理审核")
    page.check("input[name=conclusion][value=support]")
    page.fill("#id_opinion_economy", "单位造价合理。")
    page.fill("#id_approved_2026", "18000000")
    page.click("#conclude button[type=submit]")
    expect(page.locator("body")).to_contain_text("请填写结论理由")  # refused, the choice kept
    expect(page.locator("input[name=conclusion][value=support]")).to_be_checked()
    page.fill("#id_reasons", "立项依据充分，资金测算合理。")
    page.click("#conclude button[type=submit]")
    expect(page.locator("#conclusion")).to_contain_text("予以支持")
    expect(page.locator("#dimensions")).to_contain_text("单位造价合理。")
    expect(page.locator("#gate")).to_contain_text("尚未经预算（资金）管理委员会联合会审")
    shot(page, "assessment_concluded")

    page.goto(f"{live_server.url}/budgets/projects/{project.pk}/")
    expect(page.locator("#prior-assessment")).to_contain_text("予以支持")
    expect(page.locator("#prior-assessment")).to_contain_text("尚未会审")
    assessment.refresh_from_db()
    project.refresh_from_db()
    assert assessment.conclusion == "support" and assessment.concluded_by == p.finance_reviewer
    assert project.status == Project.Status.DEPT_APPROVED
