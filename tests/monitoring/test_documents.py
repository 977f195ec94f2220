"""Monitoring summaries (department and region) in Excel and PDF, and a unit's report as PDF."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budgets.models import Allocation
from monitoring import documents
from monitoring.models import IndicatorProgress, MonitoringReport, Possibility
from perfapp.models import AuditEvent, EventKind, Job
from tests.factories import ExpenditureFactory
from tests.monitoring.test_reminders import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_with_reports(personas):
    """Units A and B (department D), C (department E); A submitted with a deviation, B lagging."""
    round, reports = make_round(personas)
    for code, spent in (("A", "600000.00"), ("B", "100000.00"), ("C", "450000.00")):
        report = reports[code]
        Allocation.objects.create(
            project=report.project, year=2026, fund_source="local", initial_amount=Decimal("1000000.00")
        )
        ExpenditureFactory(project=report.project, date=datetime.date(2026, 5, 20), amount=Decimal(spent))
    a = reports["A"]
    a.refresh_from_db()
    indicators = list(a.target.indicators.order_by("order"))
    for ind in indicators:
        IndicatorProgress.objects.create(
            report=a,
            indicator=ind,
            expected_value=ind.target_value,
            possibility=Possibility.CERTAIN,
        )
    IndicatorProgress.objects.filter(report=a, indicator=indicators[0]).update(
        expected_value=Decimal("420"),
        possibility=Possibility.POSSIBLE,
        deviation="staff",
        deviation_reason="师资不足，部分培训班推迟",
        measure="下半年增开两期培训班",
    )
    MonitoringReport.objects.filter(pk=a.pk).update(
        status=MonitoringReport.Status.SUBMITTED,
        annual_budget=Decimal("1000000.00"),
        initial_budget=Decimal("1000000.00"),
        spent=Decimal("600000.00"),
        execution_rate=Decimal("60.00"),
        time_progress=Decimal("49.59"),
        expected_full_year=Decimal("1000000.00"),
        submitted_at=datetime.datetime(2026, 7, 10, 9, tzinfo=datetime.UTC),
    )
    return round, reports


def xlsx_rows(content):
    ws = load_workbook(io.BytesIO(content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_department_summary_lists_each_report_with_its_execution_and_risks(
    personas, round_with_reports, login
):
    round, reports = round_with_reports
    client = login(personas.dept_d_officer)
    url = reverse("monitoring_docs:department_summary", args=[round.pk, personas.dept_d.pk, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    rows = xlsx_rows(response.content)
    assert rows[0][:4] == ["主管部门", "填报单位", "绩效目标", "状态"]
    by_unit = {r[1]: r for r in rows[1:-1]}
    assert set(by_unit) == {"吉林省实验中学", "吉林省教育考试院"}  # not unit C of department E
    a = by_unit["吉林省实验中学"]
    assert a[3] == "待部门审核"
    assert a[6] == 60 and a[7] == pytest.approx(49.59)
    assert a[9] == "培训人次"
    b = by_unit["吉林省教育考试院"]
    # Still being filled: computed now at the round's date.
    assert b[5] == 100000 and b[6] == 10
    assert rows[-1][0] == "合计" and rows[-1][5] == 700000 and rows[-1][6] == 35
    event = AuditEvent.objects.filter(kind=EventKind.EXPORT).latest("pk")
    assert "绩效监控汇总" in event.summary


def test_the_department_summary_pdf_renders(personas, round_with_reports, login, tmp_path):
    round, _ = round_with_reports
    client = login(personas.finance_reviewer)
    url = reverse("monitoring_docs:department_summary", args=[round.pk, personas.dept_d.pk, "pdf"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_another_department_or_a_unit_officer_gets_404_and_an_admin_403(personas, round_with_reports, login):
    round, _ = round_with_reports
    url = reverse("monitoring_docs:department_summary", args=[round.pk, personas.dept_d.pk, "xlsx"])
    assert login(personas.dept_e_officer).get(url).status_code == 404
    assert login(personas.officer_c).get(url).status_code == 404
    assert login(personas.system_admin).get(url).status_code == 403
    assert login(personas.other_finance_admin).get(url).status_code == 404


def test_the_region_summary_is_a_job_with_every_report_of_the_region(
    personas, round_with_reports, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    round, _ = round_with_reports
    client = login(personas.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("monitoring_docs:region_summary", args=[round.pk, "xlsx"]))
    job = Job.objects.get(created_by=personas.leader)
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    assert job.status == Job.Status.DONE, job.error
    assert job.progress == 100
    rows = xlsx_rows(job.result_file.read())
    assert {r[1] for r in rows[1:-1]} == {"吉林省实验中学", "吉林省教育考试院", "吉林省人民医院"}
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, actor=personas.leader).exists()


def test_the_region_summary_pdf_job_renders(personas, round_with_reports, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    round, _ = round_with_reports
    from perfapp.jobs import start_job

    job = start_job("monitoring_region_summary", personas.finance_admin, {"round": round.pk, "format": "pdf"})
    from perfapp import jobs

    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.result_file.read().startswith(b"%PDF")


def test_only_region_wide_roles_start_the_region_summary(personas, round_with_reports, login):
    round, _ = round_with_reports
    url = reverse("monitoring_docs:region_summary", args=[round.pk, "pdf"])
    assert login(personas.dept_d_officer).get(url).status_code == 403
    assert login(personas.other_finance_admin).get(url).status_code == 404
    assert not Job.objects.exists()


def test_a_unit_downloads_its_report_as_pdf_and_another_unit_gets_404(personas, round_with_reports, login):
    _, reports = round_with_reports
    url = reverse("monitoring_docs:report_pdf", args=[reports["A"].pk])
    response = login(personas.officer_a).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert login(personas.officer_b).get(url).status_code == 404
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, actor=personas.officer_a).count() == 1


def test_indicators_certain_and_on_target_are_not_at_risk(personas, round_with_reports):
    _, reports = round_with_reports
    row = documents.summary_row(
        MonitoringReport.objects.prefetch_related("progress__indicator").get(pk=reports["A"].pk)
    )
    assert row.at_risk == ["培训人次"]
    assert row.lagging is False
