"""End to end in Debian Chromium: an auditor opens 评价管理, goes to 报告与导出, downloads the
region-wide table of the year's evaluations and a final evaluation report; the table holds the
evaluations with the report's SHA-256, the PDF matches the hash the page shows, and both exports
are in the audit log."""

import hashlib
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from evaluation.models import Evaluation
from evaluation.reports import seed_reports, store_pdf
from perfapp.models import AuditEvent, EventKind
from tests.evaluation.reports_data import make_evaluation, media_root  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_root"),
]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_auditor_exports_the_region_table_and_a_final_report(page, live_server, login_as, personas):
    p = personas
    final = make_evaluation(p, status=Evaluation.Status.FINAL)
    seed_reports([final])
    report = final.reports.get()
    store_pdf(report)
    report.refresh_from_db()
    make_evaluation(
        p, kind=Evaluation.Kind.DEPARTMENT, unit=p.unit_c, project_name="公立医院能力建设项目", scored=False
    )

    login_as(p.auditor, p.password)
    page.goto(f"{live_server.url}/evaluation/evaluations/")
    expect(page.locator("#evaluation-list")).to_contain_text("义务教育薄弱环节改善与能力提升项目")
    page.click("#exports-link")
    expect(page.locator("h1")).to_contain_text("评价报告与导出")
    row = page.locator("#final-reports tr", has_text="义务教育薄弱环节改善与能力提升项目")
    expect(row).to_contain_text(report.sha256)
    expect(row).to_contain_text("良")
    shot(page, "evaluation_auditor_exports")

    page.select_option("#id_year", "2026")
    with page.expect_download() as table_download:
        page.click("#export-table")
    table = table_download.value
    assert table.suggested_filename == "绩效评价汇总表-2026年度.xlsx"
    workbook = load_workbook(io.BytesIO(Path(table.path()).read_bytes()))
    rows = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["年度", "评价类型", "项目"]
    by_project = {r[2]: r for r in rows[1:]}
    assert set(by_project) == {"义务教育薄弱环节改善与能力提升项目", "公立医院能力建设项目"}
    assert by_project["义务教育薄弱环节改善与能力提升项目"][9:14] == [
        84.5,
        "良",
        "已定稿",
        "否",
        report.sha256,
    ]

    with page.expect_download() as pdf_download:
        row.locator("text=下载 PDF").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == report.sha256

    exported = AuditEvent.objects.filter(kind=EventKind.EXPORT, actor=p.auditor)
    assert {e.data["what"] for e in exported} == {"evaluation.region_table", "evaluation.final_report"}
