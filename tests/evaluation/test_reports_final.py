"""Evaluation reports: drafting, 定稿 through the evaluation's finalize transition, the PDF job
storing the file with its SHA-256, immutability of a final report (model, page, API, admin) and
corrections as new versions with their reason and an audit event [004 第四十四条 (二)]."""

import dataclasses
import datetime
import hashlib
import shutil
import subprocess

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from evaluation.models import Evaluation, EvaluationReport, FinalReportImmutable
from evaluation.records import RecordInput, add_record
from evaluation.reports import (
    ReportError,
    ReportText,
    correct_report,
    finalize_evaluation,
    finalize_report,
    save_draft,
    seed_reports,
)
from perfapp.models import AuditEvent, EventKind, Job
from perfapp.workflow import WorkflowError
from tests.conftest import require
from tests.evaluation.reports_data import TOTAL, make_evaluation, media_root  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

DRAFT = ReportText(
    summary="该项目2026年安排资金200万元，用于改善薄弱学校办学条件。",
    findings="部分学校设备采购滞后，验收不及时。",
    recommendations="加快采购进度，完善验收制度。",
)


def pdf_text(content: bytes) -> str:
    require(shutil.which("pdftotext") is not None, "需要 poppler-utils (pdftotext)")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def final_report(personas, django_capture_on_commit_callbacks):
    """A fiscal evaluation in 联评联审 with a draft, finalized by the finance reviewer (the PDF job
    runs in process when the transaction commits)."""
    evaluation = make_evaluation(personas)
    add_record(
        evaluation,
        personas.finance_reviewer,
        RecordInput("onsite", datetime.date(2026, 9, 3), "吉林省实验中学", "张三、李四", "现场核查设备验收"),
    )
    save_draft(evaluation, personas.finance_reviewer, DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        report = finalize_evaluation(evaluation, personas.finance_reviewer)
    report.refresh_from_db()
    return report


def test_finalizing_runs_the_evaluation_transition_and_freezes_total_and_grade(personas, final_report):
    evaluation = Evaluation.objects.get(pk=final_report.evaluation_id)
    assert evaluation.status == Evaluation.Status.FINAL
    assert final_report.status == EvaluationReport.Status.FINAL and final_report.finalized_at
    assert final_report.number == 1
    assert final_report.total_score == TOTAL and final_report.grade_label == "良"
    assert final_report.findings == DRAFT.findings
    assert AuditEvent.objects.filter(kind=EventKind.TRANSITION, data__transition="finalize").exists()
    assert AuditEvent.objects.filter(kind=EventKind.REPORT, object_id=str(final_report.pk)).exists()


def test_the_pdf_job_stores_the_file_with_its_sha256(personas, final_report):
    job = Job.objects.get(kind="evaluation_report_pdf")
    assert job.status == Job.Status.DONE and job.progress == 100
    with final_report.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert final_report.sha256 == hashlib.sha256(content).hexdigest()
    assert job.result_sha256 == final_report.sha256


def test_the_pdf_names_the_project_the_total_and_the_grade_in_chinese(personas, final_report):
    with final_report.file.open("rb") as handle:
        text = pdf_text(handle.read())
    compact = "".join(text.split())
    assert "义务教育薄弱环节改善与能力提升项目" in compact
    assert "综合评分84.50分，评价等级为“良”。" in compact
    for words in (
        "一、基本情况",
        "三、评分情况",
        "立项依据充分性",
        "四、主要问题",
        "五、意见建议",
        "附件：评价工作记录",
    ):
        assert words in compact
    assert "现场核查设备验收" in compact  # the appendix lists the work records
    assert "吉林省财政厅" in compact  # the cover names the evaluator
    assert "第1页/共3页" in compact or "第1页/共2页" in compact


def test_a_final_report_cannot_be_changed_through_the_model(personas, final_report):
    final_report.findings = "改写后的问题"
    with pytest.raises(FinalReportImmutable):
        final_report.save()
    with pytest.raises(FinalReportImmutable):
        final_report.delete()
    # Nor its stored file once filled.
    final_report.refresh_from_db()
    final_report.sha256 = "0" * 64
    with pytest.raises(FinalReportImmutable):
        final_report.save(update_fields=["file", "sha256"])
    final_report.refresh_from_db()
    assert final_report.findings == DRAFT.findings


def test_a_final_report_cannot_be_changed_on_the_page(personas, final_report, login):
    url = reverse("evaluation:report_draft", args=[final_report.evaluation_id])
    response = login(personas.finance_reviewer).post(
        url, {"summary": "改", "findings": "改", "recommendations": "改"}
    )
    assert response.status_code == 400
    assert "评价处于“已定稿”状态，不能编写报告初稿。" in response.content.decode()
    final_report.refresh_from_db()
    assert final_report.summary == DRAFT.summary


def test_the_draft_of_a_final_report_is_refused_by_the_rule(personas, final_report):
    # Even while the evaluation were still running, a final latest version takes no edit.
    Evaluation.objects.filter(pk=final_report.evaluation_id).update(status=Evaluation.Status.JOINT_REVIEW)
    evaluation = Evaluation.objects.get(pk=final_report.evaluation_id)
    with pytest.raises(ReportError) as refused:
        save_draft(evaluation, personas.finance_reviewer, DRAFT)
    assert refused.value.message == "定稿的评价报告不能修改，请新建更正版本。"


def test_a_final_report_cannot_be_changed_through_the_api(personas, final_report, api):
    url = f"/api/v1/evaluation-reports/{final_report.pk}/"
    response = api(personas.finance_reviewer).patch(url, {"findings": "改写"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "定稿的评价报告不能修改，请新建更正版本。"
    assert api(personas.finance_reviewer).delete(url).status_code == 405
    final_report.refresh_from_db()
    assert final_report.findings == DRAFT.findings


def test_the_admin_is_read_only_for_reports(personas, final_report, rf):
    admin = site._registry[EvaluationReport]
    request = rf.get("/")
    request.user = personas.finance_admin
    assert not admin.has_change_permission(request, final_report)
    assert not admin.has_delete_permission(request, final_report)
    assert not admin.has_add_permission(request)


def test_a_correction_is_a_new_version_with_its_reason_and_an_audit_event(personas, final_report):
    evaluation = Evaluation.objects.get(pk=final_report.evaluation_id)
    old_hash = final_report.sha256
    corrected = correct_report(
        evaluation,
        personas.finance_reviewer,
        ReportText(DRAFT.summary, "部分学校设备采购滞后（更正：涉及3所学校）。", DRAFT.recommendations),
        "主要问题中学校数量有误",
    )
    assert corrected.number == 2 and corrected.status == EvaluationReport.Status.FINAL
    assert corrected.reason == "主要问题中学校数量有误"
    old = EvaluationReport.objects.get(pk=final_report.pk)
    assert old.findings == DRAFT.findings and old.sha256 == old_hash  # the earlier version stays
    event = AuditEvent.objects.get(kind=EventKind.UPDATED, object_id=str(corrected.pk))
    assert event.data["from_version"] == 1 and event.data["to_version"] == 2
    assert event.data["reason"] == "主要问题中学校数量有误" and event.data["previous_sha256"] == old_hash


def test_a_correction_needs_a_reason(personas, final_report):
    evaluation = Evaluation.objects.get(pk=final_report.evaluation_id)
    with pytest.raises(ReportError) as refused:
        correct_report(evaluation, personas.finance_reviewer, DRAFT, "  ")
    assert refused.value.message == "请填写更正原因。"
    assert EvaluationReport.objects.filter(evaluation=evaluation).count() == 1


def test_the_page_corrects_and_shows_every_version_with_its_hash(
    personas, final_report, login, django_capture_on_commit_callbacks
):
    client = login(personas.finance_reviewer)
    url = reverse("evaluation:report_correct", args=[final_report.evaluation_id])
    refused = client.post(url, {"summary": "s", "findings": "更正后的问题", "recommendations": "r"})
    assert refused.status_code == 400 and "请填写更正原因。" in refused.content.decode()
    assert "更正后的问题" in refused.content.decode()  # the input is kept
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"reason": "金额口径更正", "summary": "s", "findings": "更正后的问题", "recommendations": "r"},
        )
    assert response.status_code == 302
    corrected = EvaluationReport.objects.get(evaluation_id=final_report.evaluation_id, number=2)
    assert corrected.sha256  # rendered by the job
    html = client.get(
        reverse("evaluation:evaluation_detail", args=[final_report.evaluation_id])
    ).content.decode()
    assert final_report.sha256 in html and corrected.sha256 in html
    assert "金额口径更正" in html and "第1版" in html and "第2版" in html


def test_the_api_corrects_and_lists_versions(personas, final_report, api):
    client = api(personas.finance_reviewer)
    base = f"/api/v1/evaluation-reports/{final_report.pk}/"
    assert client.post(f"{base}correct/", {"reason": ""}, format="json").status_code == 400
    response = client.post(f"{base}correct/", {"reason": "更正错别字", "findings": "更正后"}, format="json")
    assert response.status_code == 201 and response.json()["number"] == 2
    versions = api(personas.auditor).get(f"{base}versions/").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[1]["sha256"] == final_report.sha256
    assert api(personas.auditor).post(f"{base}correct/", {"reason": "x"}, format="json").status_code == 403


def test_only_the_evaluator_finalizes_and_only_from_joint_review(personas, login, api):
    running = make_evaluation(personas, status=Evaluation.Status.IN_PROGRESS)
    with pytest.raises(ReportError) as refused:
        finalize_evaluation(running, personas.finance_reviewer)
    assert refused.value.message == "只有处于联评联审阶段的评价才能定稿报告。"
    evaluation = make_evaluation(personas, project_name="校舍维修项目")
    url = reverse("evaluation:report_finalize", args=[evaluation.pk])
    assert login(personas.dept_d_officer).post(url).status_code == 403  # a fiscal evaluation is finance's
    assert login(personas.auditor).post(url).status_code == 403
    assert login(personas.dept_e_officer).post(url).status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.JOINT_REVIEW and not evaluation.reports.exists()


def test_finalizing_without_scores_is_refused_and_nothing_changes(personas):
    evaluation = make_evaluation(personas, scored=False)
    save_draft(evaluation, personas.finance_reviewer, DRAFT)
    with pytest.raises(WorkflowError):  # the transition wants every agreed score
        finalize_evaluation(evaluation, personas.finance_reviewer)
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.JOINT_REVIEW
    assert evaluation.reports.get().status == EvaluationReport.Status.DRAFT
    with pytest.raises(ReportError) as refused:  # and the report wants the total
        finalize_report(evaluation, personas.finance_reviewer)
    assert refused.value.message == "评价尚未形成总分和等级，不能定稿报告。"
    assert evaluation.reports.get().status == EvaluationReport.Status.DRAFT


def test_finalize_report_is_idempotent_and_makes_version_1_without_a_draft(personas):
    evaluation = make_evaluation(personas, kind=Evaluation.Kind.DEPARTMENT)
    first = finalize_report(evaluation, personas.dept_d_officer)
    again = finalize_report(evaluation, personas.dept_d_officer)
    assert first.pk == again.pk and first.number == 1
    assert first.findings == evaluation.findings
    assert Job.objects.filter(kind="evaluation_report_pdf").count() == 1


def test_the_page_finalizes_with_a_progress_bar_for_the_pdf(personas, login):
    evaluation = make_evaluation(personas)
    client = login(personas.finance_reviewer)
    client.post(reverse("evaluation:report_draft", args=[evaluation.pk]), DRAFT.__dict__)
    # Without on-commit callbacks the job stays pending: the page shows its progress bar.
    response = client.post(
        reverse("evaluation:report_finalize", args=[evaluation.pk]), {"version": evaluation.version}
    )
    assert response.status_code == 302
    html = client.get(reverse("evaluation:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert 'id="render-job"' in html and 'role="progressbar"' in html


def test_the_api_writes_a_draft_and_finalizes_it(personas, api, django_capture_on_commit_callbacks):
    evaluation = make_evaluation(personas, kind=Evaluation.Kind.DEPARTMENT)
    client = api(personas.dept_d_officer)
    created = client.post(
        "/api/v1/evaluation-reports/", {"evaluation": evaluation.pk, **DRAFT.__dict__}, format="json"
    )
    assert created.status_code == 201, created.content
    report_id = created.json()["id"]
    patched = client.patch(
        f"/api/v1/evaluation-reports/{report_id}/", {"findings": "修改后的问题"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["findings"] == "修改后的问题"
    assert patched.json()["summary"] == DRAFT.summary
    with django_capture_on_commit_callbacks(execute=True):
        final = client.post(f"/api/v1/evaluation-reports/{report_id}/finalize/", {}, format="json")
    assert final.status_code == 200, final.content
    body = final.json()
    assert body["status"] == "final" and body["total_score"] == "84.50" and body["grade_label"] == "良"
    report = EvaluationReport.objects.get(pk=report_id)
    assert report.sha256 and body["pdf_url"].endswith(f"/{report_id}/pdf/")


def test_seed_reports_makes_a_final_report_for_each_final_evaluation(personas):
    final = make_evaluation(personas, status=Evaluation.Status.FINAL)
    running = make_evaluation(personas, project_name="校舍维修项目")
    assert seed_reports([final, running]) == 1
    report = final.reports.get()
    assert report.status == EvaluationReport.Status.FINAL and report.total_score == TOTAL
    assert not report.sha256  # rendered on first download
    assert seed_reports([final]) == 0


def test_a_draft_left_when_the_evaluation_was_finalized_elsewhere_is_finalized_on_the_page(
    personas, login, django_capture_on_commit_callbacks
):
    # The plan/scoring panel's own 定稿 button moves the evaluation to final without the report.
    evaluation = make_evaluation(personas, status=Evaluation.Status.FINAL)
    save_draft_while_running = make_evaluation(personas, project_name="校舍维修项目")
    save_draft(save_draft_while_running, personas.finance_reviewer, DRAFT)
    EvaluationReport.objects.filter(evaluation=save_draft_while_running).update(evaluation=evaluation)
    client = login(personas.finance_reviewer)
    html = client.get(reverse("evaluation:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert 'id="finalize-form"' in html and 'id="draft-form"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:report_finalize", args=[evaluation.pk]))
    assert response.status_code == 302
    report = evaluation.reports.get()
    assert report.status == EvaluationReport.Status.FINAL and report.sha256
    assert report.findings == DRAFT.findings


def test_a_stale_draft_is_refused_on_the_page_and_the_api_with_the_input_kept(personas, login, api):
    """Two people editing one draft: the second save, made from the version both loaded, is refused
    instead of overwriting the first (perfapp.workflow.StaleObject)."""
    evaluation = make_evaluation(personas, kind=Evaluation.Kind.DEPARTMENT)
    draft = save_draft(evaluation, personas.dept_d_officer, DRAFT)
    loaded = draft.version
    save_draft(
        evaluation,
        personas.dept_d_officer,
        dataclasses.replace(DRAFT, findings="甲的修改"),
        seen_version=loaded,
    )

    client = login(personas.dept_d_officer)
    url = reverse("evaluation:report_draft", args=[evaluation.pk])
    form = {**DRAFT.__dict__, "findings": "乙的修改", "version": loaded}
    response = client.post(url, form)
    assert response.status_code == 409
    assert "乙的修改" in response.content.decode()  # the refused input is kept
    assert EvaluationReport.objects.get(pk=draft.pk).findings == "甲的修改"

    stale = api(personas.dept_d_officer).patch(
        f"/api/v1/evaluation-reports/{draft.pk}/", {"findings": "丙的修改", "version": loaded}, format="json"
    )
    assert stale.status_code == 409
    fresh = EvaluationReport.objects.get(pk=draft.pk)
    assert fresh.findings == "甲的修改"
    ok = api(personas.dept_d_officer).patch(
        f"/api/v1/evaluation-reports/{draft.pk}/",
        {"findings": "丙的修改", "version": fresh.version},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["findings"] == "丙的修改"
