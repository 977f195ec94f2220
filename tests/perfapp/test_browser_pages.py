"""In Chromium: the job page's progress bar follows the job by itself (htmx polling), and the
audit administrator verifies the chain with one button."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from perfapp import audit, jobs
from perfapp.models import AuditEvent, EventKind, Job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def report_kind(monkeypatch):
    registry = dict(jobs.REGISTRY)
    monkeypatch.setattr(jobs, "REGISTRY", registry)

    @jobs.job_kind("test_report", "测试报告")
    def make(job):
        return "测试报告.txt", "绩效评价报告".encode()


def test_the_job_page_shows_the_download_link_without_reloading(
    page, live_server, login_as, personas, media, report_kind
):
    job = Job.objects.create(kind="test_report", created_by=personas.officer_a)
    login_as(personas.officer_a, personas.password)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    expect(page.locator("#job-status")).to_contain_text("排队中")
    shot(page, "perfapp-job-pending")

    jobs.claim(job.pk)
    jobs.set_progress(job, 60)
    expect(page.locator(".progress-bar")).to_have_text("60%", timeout=5000)

    Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING)
    jobs.run(job.pk)
    download = page.get_by_role("link", name="下载结果")
    expect(download).to_be_visible(timeout=5000)
    shot(page, "perfapp-job-done")
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "测试报告.txt"


def test_the_audit_admin_verifies_the_chain_and_sees_a_tampered_row(page, live_server, login_as, personas):
    for i in range(3):
        audit.record(EventKind.LOGIN, personas.officer_a, summary=f"登录{i}")
    login_as(personas.audit_admin, personas.password)
    page.goto(f"{live_server.url}/audit/")
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()

    page.get_by_role("button", name="校验哈希链").click()
    expect(page.locator("#verify-result")).to_contain_text("校验通过")
    shot(page, "perfapp-audit-ok")

    tampered = AuditEvent.objects.order_by("id").first()
    AuditEvent.objects.filter(pk=tampered.pk).update(summary="改过")
    page.get_by_role("button", name="校验哈希链").click()
    expect(page.locator("#verify-result")).to_contain_text(f"#{tampered.pk}")
    shot(page, "perfapp-audit-tampered")
