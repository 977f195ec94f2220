"""End to end in Debian Chromium: the finance admin reads the ranking, the radar portrait draws
(an ECharts canvas, no console errors), switches subject and opens a department's detail."""

import datetime

import pytest

from dashboards import scorecards as rules
from tests.dashboards.scorecard_data import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ranking_page_draws_the_radar_and_reaches_a_subject(page, live_server, login_as, personas):
    card, _ = build(personas)
    rules.publish(card, personas.finance_admin, today=datetime.date(2027, 3, 1))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login_as(personas.finance_admin, personas.password)
    page.goto(f"{live_server.url}/dashboards/scorecards/{card.pk}/")
    page.wait_for_selector("#radar canvas")
    assert page.locator("#ranking tbody tr").count() == 2
    page.select_option("#radar-subject", label="吉林省卫生健康委员会")
    page.wait_for_timeout(200)
    assert page.locator("#radar canvas").count() >= 1
    page.click("text=吉林省教育厅")
    page.wait_for_selector("#radar canvas")
    assert "16.00" in page.locator("h1 + span, .fs-5").first.inner_text()
    assert errors == []
