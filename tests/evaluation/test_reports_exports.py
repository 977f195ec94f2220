"""Exports for auditors: the region-wide table of a year's evaluations (streamed Excel, scoped),
any final report's stored PDF (checked against its SHA-256), the score table — each an audit
event."""

import hashlib
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import Evaluation, EvaluationReport
from evaluation.reports import ReportText, save_draft, seed_reports, store_pdf
from perfapp.models import AuditEvent, EventKind
from tests.evaluation.reports_data import assign, make_evaluation, media_root  # noqa: F401
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def table_url(year=2026):
    return f"{reverse('evaluation:export_table')}?year={year}"


def workbook_rows(response):
    content = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture
def region(personas):
    """A year of evaluations: a final fiscal one of unit A with its PDF, a department one of unit B,
    a fiscal one of unit C (department E), a self-evaluation of unit A, plus a spot-check
    re-scoring and a 2025 evaluation that the 2026 table leaves out."""
    p = personas
    fiscal_a = make_evaluation(p, status=Evaluation.Status.FINAL)
    seed_reports([fiscal_a])
    store_pdf(fiscal_a.reports.get())
    dept_b = make_evaluation(
        p,
        kind=Evaluation.Kind.DEPARTMENT,
        unit=p.unit_b,
        project_name="教师培训项目",
        status=Evaluation.Status.IN_PROGRESS,
        scored=False,
    )
    fiscal_c = make_evaluation(
        p, unit=p.unit_c, project_name="公立医院能力建设项目", status=Evaluation.Status.FINAL
    )
    seed_reports([fiscal_c])
    self_a = Evaluation.objects.create(
        kind=Evaluation.Kind.SELF,
        fiscal_year=p.year,
        year=2026,
        project=ProjectFactory(unit=p.unit_a, name='=HYPERLINK("x")学生资助项目'),
        name="学生资助项目自评",
        unit=p.unit_a,
        department=p.dept_d,
        region=p.province,
        status=Evaluation.Status.ACCEPTED,
        annual_budget=Decimal("500000.00"),
        spent=Decimal("450000.00"),
        execution_rate=Decimal("90.00"),
        total_score=Decimal("76.00"),
        grade="poor_band",
        grade_label="中",
        violation=True,
        downgraded=True,
    )
    Evaluation.objects.create(
        kind=Evaluation.Kind.SPOT_CHECK,
        fiscal_year=p.year,
        year=2026,
        name="抽查复核",
        unit=p.unit_a,
        department=p.dept_d,
        region=p.province,
        original=self_a,
        status=Evaluation.Status.IN_PROGRESS,
    )
    make_evaluation(p, project_name="2025年项目", year=2025)
    return {"fiscal_a": fiscal_a, "dept_b": dept_b, "fiscal_c": fiscal_c, "self_a": self_a}


def test_the_region_table_holds_every_evaluation_of_the_year_with_its_figures(personas, region, login):
    response = login(personas.auditor).get(table_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = workbook_rows(response)
    assert rows[0] == [
        "年度",
        "评价类型",
        "项目",
        "被评价单位",
        "主管部门",
        "资金类别",
        "全年预算数（元）",
        "执行数（元）",
        "执行率（%）",
        "总分",
        "评价等级",
        "状态",
        "已降档",
        "定稿报告 SHA-256",
    ]
    body = rows[1:]
    assert len(body) == 4  # no spot-check re-scoring, no 2025 evaluation
    by_project = {r[2]: r for r in body}
    fiscal = by_project["义务教育薄弱环节改善与能力提升项目"]
    report = region["fiscal_a"].reports.get()
    assert fiscal == [
        2026,
        "财政重点评价",
        "义务教育薄弱环节改善与能力提升项目",
        "吉林省实验中学",
        "吉林省教育厅",
        "民生类资金",
        2000000,
        1700000,
        85,
        84.5,
        "良",
        "已定稿",
        "否",
        report.sha256,
    ]
    own = by_project['\'=HYPERLINK("x")学生资助项目']  # a formula is neutralised
    assert own[1] == "绩效自评" and own[6:13] == [500000, 450000, 90, 76, "中", "已审核", "是"]
    assert own[13] is None
    dept = by_project["教师培训项目"]
    assert dept[1] == "部门评价" and dept[9] is None and dept[11] == "评价中"
    assert by_project["公立医院能力建设项目"][13] is None  # final, but its PDF not rendered yet


def test_a_department_officer_exports_only_its_own_departments_rows(personas, region, login):
    rows = workbook_rows(login(personas.dept_d_officer).get(table_url()))
    units = {r[3] for r in rows[1:]}
    assert units == {"吉林省实验中学", "吉林省教育考试院"}
    assert "吉林省人民医院" not in units
    unit_rows = workbook_rows(login(personas.officer_c).get(table_url()))
    assert [r[3] for r in unit_rows[1:]] == ["吉林省人民医院"]


def test_every_export_is_an_audit_event(personas, region, login):
    client = login(personas.auditor)
    workbook_rows(client.get(table_url()))
    event = AuditEvent.objects.get(kind=EventKind.EXPORT, data__what="evaluation.region_table")
    assert event.actor == personas.auditor and event.data["rows"] == 4 and event.data["year"] == 2026

    report = region["fiscal_a"].reports.get()
    client.get(reverse("evaluation:report_download", args=[report.pk]))
    event = AuditEvent.objects.get(kind=EventKind.EXPORT, data__what="evaluation.final_report")
    assert event.object_id == str(report.pk) and event.data["sha256"] == report.sha256

    client.get(reverse("evaluation:score_table", args=[region["fiscal_a"].pk]))
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, data__what="evaluation.score_table").count() == 1


def test_the_auditor_downloads_a_final_report_matching_its_sha256(personas, region, login):
    report = region["fiscal_a"].reports.get()
    response = login(personas.auditor).get(reverse("evaluation:report_download", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == report.sha256


def test_a_final_report_without_its_file_is_rendered_and_stored_on_first_download(personas, region, login):
    report = region["fiscal_c"].reports.get()
    assert not report.sha256
    response = login(personas.leader).get(reverse("evaluation:report_download", args=[report.pk]))
    content = b"".join(response.streaming_content)
    report.refresh_from_db()
    assert report.sha256 == hashlib.sha256(content).hexdigest()
    again = login(personas.auditor).get(reverse("evaluation:report_download", args=[report.pk]))
    assert b"".join(again.streaming_content) == content  # the stored file, not a new rendering


def test_a_tampered_report_file_is_not_exported(personas, region, login):
    report = region["fiscal_a"].reports.get()
    with open(report.file.path, "ab") as handle:
        handle.write(b"tampered")
    response = login(personas.auditor).get(reverse("evaluation:report_download", args=[report.pk]))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(kind=EventKind.EXPORT, data__what="evaluation.final_report").exists()


def test_drafts_and_other_departments_reports_are_404(personas, region, login):
    draft = save_draft(region["dept_b"], personas.dept_d_officer, ReportText("s", "f", "r"))
    assert (
        login(personas.auditor).get(reverse("evaluation:report_download", args=[draft.pk])).status_code == 404
    )
    report = region["fiscal_a"].reports.get()
    assert (
        login(personas.dept_e_officer)
        .get(reverse("evaluation:report_download", args=[report.pk]))
        .status_code
        == 404
    )
    assert (
        login(personas.dept_d_officer)
        .get(reverse("evaluation:report_download", args=[report.pk]))
        .status_code
        == 200
    )


def test_the_exports_page_lists_final_reports_with_their_hashes(
    personas, region, login, django_assert_max_num_queries
):
    client = login(personas.auditor)
    client.get(reverse("evaluation:auditor_exports"))  # warm up
    with django_assert_max_num_queries(14):
        response = client.get(reverse("evaluation:auditor_exports"))
    html = response.content.decode()
    assert region["fiscal_a"].reports.get().sha256 in html
    assert "公立医院能力建设项目" in html and "首次下载时生成" in html
    assert 'id="export-table"' in html and '<option value="2026"' in html
    scoped = login(personas.dept_e_officer).get(reverse("evaluation:auditor_exports")).content.decode()
    assert "义务教育薄弱环节改善与能力提升项目" not in scoped and "公立医院能力建设项目" in scoped


def test_the_score_table_shows_submitted_expert_scores_but_not_to_an_expert_still_scoring(
    personas, region, login
):
    from accounts.models import Role
    from tests.factories import make_user

    evaluation = region["fiscal_a"]
    assign(evaluation, personas.expert, submitted=True, scores={"立项依据充分性": "4.5", "社会效益": "18"})
    late = make_user("expert_late", Role.EXPERT, personas.agency, full_name="王五")
    assign(evaluation, late)
    url = reverse("evaluation:score_table", args=[evaluation.pk])
    rows = workbook_rows(login(personas.finance_reviewer).get(url))
    header = rows[0]
    expert_col = header.index(f"专家评分：{personas.expert.display_name}")
    line = next(r for r in rows if r[2] and r[2].strip() == "立项依据充分性")
    assert line[3] == 5 and line[expert_col] == 4.5 and line[header.index("认定得分")] == 5
    assert rows[-1][2] == "总分" and rows[-1][header.index("认定得分")] == 84.5
    hidden = workbook_rows(login(late).get(url))[0]
    assert not any(str(h).startswith("专家评分") for h in hidden)


def test_the_api_exports_the_region_table_and_a_final_report(personas, region, api):
    client = api(personas.auditor)
    response = client.get("/api/v1/evaluation-exports/region-table/", {"year": 2026})
    assert response.status_code == 200
    assert len(workbook_rows(response)) == 5
    assert client.get("/api/v1/evaluation-exports/region-table/").status_code == 400
    report = region["fiscal_a"].reports.get()
    pdf = client.get(f"/api/v1/evaluation-reports/{report.pk}/pdf/")
    assert hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == report.sha256
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, actor=personas.auditor).count() == 2
    assert api(personas.dept_e_officer).get(f"/api/v1/evaluation-reports/{report.pk}/pdf/").status_code == 404
    assert (
        api(personas.system_admin).get("/api/v1/evaluation-exports/region-table/", {"year": 2026}).status_code
        == 403
    )


def test_the_region_table_reads_a_constant_number_of_queries(personas, login, django_assert_max_num_queries):
    def export_queries(client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            workbook_rows(client.get(table_url()))
        return len(ctx.captured_queries)

    for n in range(3):
        make_evaluation(personas, project_name=f"项目{n}")
    client = login(personas.auditor)
    export_queries(client)
    few = export_queries(client)
    for n in range(3, 30):
        make_evaluation(personas, project_name=f"项目{n}", scored=False)
    assert export_queries(client) == few
    assert EvaluationReport.objects.count() == 0
