"""End to end in Debian Chromium: an anonymous visitor searches the public results portal, sees only
the disclosed result and downloads the CSV of the same rows [004 第四十三条]."""

import pytest
from django.core.cache import cache

from results import disclosure
from tests.results.linkage_data import linked_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_visitor_searches_and_downloads_csv(page, live_server, personas):
    cache.clear()
    from evaluation.models import Evaluation

    for name in ("公开道路项目", "公开学校项目"):
        project = linked_project(personas, "优", name=name)
        disclosure.mark(Evaluation.objects.get(project=project), personas.finance_admin)
    linked_project(personas, "良", name="未公开项目")

    page.goto(f"{live_server.url}/public/results/")
    assert page.locator("tbody tr").count() == 2
    assert "未公开项目" not in page.content()
    page.fill("#f-q", "道路")
    page.click("button[type=submit]")
    assert page.locator("tbody tr").count() == 1
    assert "公开道路项目" in page.locator("tbody").inner_text()
    with page.expect_download() as info:
        page.click("text=下载CSV")
    text = open(info.value.path(), encoding="utf-8-sig").read()
    assert "公开道路项目" in text and "公开学校项目" not in text


def test_anonymous_visitor_picks_region_and_year_opens_an_item_and_downloads_its_pdf(
    page, live_server, personas
):
    """Region and year selectors, the item page, its stored report PDF; the tab to the targets."""
    cache.clear()
    from evaluation.models import Evaluation, EvaluationReport
    from evaluation.reports import store_pdf
    from tests.factories import OrganizationFactory

    city_unit = OrganizationFactory(
        kind="unit", code="CITY-U", name="长春市第一中学", region=personas.city, parent=personas.dept_d
    )
    evaluations = {}
    for key, unit, name in (
        ("province", personas.unit_a, "省级道路项目"),
        ("city", city_unit, "市级学校项目"),
        ("old", city_unit, "市级往年项目"),
    ):
        evaluation = Evaluation.objects.get(project=linked_project(personas, "良", unit=unit, name=name))
        disclosure.mark(evaluation, personas.finance_admin)
        evaluations[key] = evaluation
    Evaluation.objects.filter(pk__in=[evaluations["city"].pk, evaluations["old"].pk]).update(
        region=personas.city
    )
    Evaluation.objects.filter(pk=evaluations["old"].pk).update(year=2024)
    report = EvaluationReport.objects.create(
        evaluation=evaluations["city"],
        number=1,
        status=EvaluationReport.Status.FINAL,
        findings="校舍改造进度滞后。",
        total_score=evaluations["city"].total_score,
        grade_label="良",
    )
    content = store_pdf(report, personas.finance_admin)

    page.goto(f"{live_server.url}/public/results/")
    assert page.locator("#f-year").input_value() == "2025"
    assert page.locator("tbody tr").count() == 2
    page.select_option("#f-region", label="长春市")
    page.click("#portal-filter button[type=submit]")
    assert page.locator("tbody tr").count() == 1
    assert "市级学校项目" in page.locator("tbody").inner_text()
    page.select_option("#f-year", "2024")
    page.click("#portal-filter button[type=submit]")
    assert page.locator("tbody tr").count() == 1
    assert "市级往年项目评价" in page.locator("tbody").inner_text()
    page.select_option("#f-year", "2025")
    page.click("#portal-filter button[type=submit]")
    # the targets tab keeps the selection
    href = page.locator("#portal-tabs a", has_text="绩效目标").get_attribute("href")
    assert f"region={personas.city.pk}" in href and "year=2025" in href

    page.click("text=市级学校项目评价")
    assert "校舍改造进度滞后。" in page.content()
    assert page.locator("#result-grade").inner_text() == "良"
    with page.expect_download() as info:
        page.click("#result-pdf")
    assert open(info.value.path(), "rb").read() == content
