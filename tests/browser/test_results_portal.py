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
