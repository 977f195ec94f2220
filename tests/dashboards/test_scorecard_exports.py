"""The ranking's Excel and PDF exports: cells, scope and audit."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards import scorecards as rules
from dashboards.models_scorecards import Scorecard
from perfapp.models import AuditEvent, EventKind
from tests.conftest import require
from tests.dashboards.scorecard_data import E, build, counties, indicator, last_year

TODAY = datetime.date(2027, 3, 1)


def _sheet(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


@pytest.fixture
def card(personas):
    """2026 as in scorecard_data.build (D 16.00, E 0); 2025: one entered indicator, D 3.00, E 9.00."""
    p = personas
    last_year(p, TODAY)
    card, _ = build(p)
    rules.publish(card, p.finance_admin, today=TODAY)
    return card


def test_the_excel_ranking_has_the_hand_computed_cells(personas, login, card):
    p = personas
    response = login(p.finance_admin).get(reverse("dashboards:scorecard_export_xlsx", args=[card.pk]))
    assert response.status_code == 200
    ws = _sheet(response)
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == [
        "排名",
        "评价对象",
        "预算执行率（20.00）",
        "资产报告质量（10.00）",
        "政府采购（5.00）",
        "问责事项（-10.00）",
        "正向得分",
        "扣分",
        "总分",
        "上年总分",
        "分数变化",
        "上年排名",
        "名次变化",
    ]
    assert rows[1] == [1, "吉林省教育厅", 12, 5, 5, 6, 22, 6, 16, 3, 13, 2, 1]
    assert rows[2] == [2, "吉林省卫生健康委员会", 0, 0, 0, 0, 0, 0, 0, 9, -9, 1, -1]
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, object_id=str(card.pk)).exists()


def test_a_department_officer_exports_only_its_own_row(personas, login, card):
    ws = _sheet(
        login(personas.dept_e_officer).get(reverse("dashboards:scorecard_export_xlsx", args=[card.pk]))
    )
    names = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert names == ["吉林省卫生健康委员会"]


def test_a_citys_finance_exports_only_its_counties(personas, login):
    p = personas
    c = counties(p)
    card = Scorecard.objects.create(
        kind=Scorecard.Kind.REGION, year=2026, region=p.province, subject_level="county", name="县域评价"
    )
    ind = indicator(
        card, "地方自主财力", 10, source=E, unit="%", rule={"type": "linear", "full": 60, "zero": 20}
    )
    for s in rules.subjects_and_context(card)[0]:
        rules.set_entry(ind, s, p.finance_admin, value="40")
    rules.publish(card, p.finance_admin, today=TODAY)
    ws = _sheet(login(c["city_admin"]).get(reverse("dashboards:scorecard_export_xlsx", args=[card.pk])))
    names = sorted(r[1] for r in ws.iter_rows(min_row=2, values_only=True))
    assert names == ["农安县", "德惠市"]


def test_an_entered_value_must_be_a_number(personas):
    card, ind = build(personas)
    subject = rules.subjects_and_context(card)[0][0]
    with pytest.raises(rules.ScorecardError):
        rules.set_entry(ind["assets"], subject, personas.finance_admin, value="=1+1")


def test_the_pdf_ranking_renders_the_chinese_names(personas, login, card, tmp_path):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) 未安装")
    response = login(personas.finance_admin).get(reverse("dashboards:scorecard_export_pdf", args=[card.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "吉林省教育厅" in text and "吉林省卫生健康委员会" in text and "16.00" in text


def test_the_pdf_of_another_provinces_scorecard_is_404(personas, login, card):
    assert (
        login(personas.other_finance_admin)
        .get(reverse("dashboards:scorecard_export_pdf", args=[card.pk]))
        .status_code
        == 404
    )
    assert Decimal("1")
