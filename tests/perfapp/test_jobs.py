"""Background jobs: queued on commit, claimed once, progress, stored result with SHA-256, pages."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from perfapp import jobs
from perfapp.models import AuditEvent, EventKind, Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(monkeypatch):
    """Extra job kinds for these tests only."""
    registry = dict(jobs.REGISTRY)
    monkeypatch.setattr(jobs, "REGISTRY", registry)

    @jobs.job_kind("test_text", "测试文本")
    def make_text(job):
        jobs.set_progress(job, 50)
        return "结果.txt", f"你好，{job.params['name']}".encode()

    @jobs.job_kind("test_crash", "测试崩溃")
    def crash(job):
        raise RuntimeError("boom")

    @jobs.job_kind("test_refuse", "测试拒绝")
    def refuse(job):
        raise jobs.JobError("所选年度没有可导出的数据。")

    return registry


def test_a_job_is_queued_only_when_the_transaction_commits(
    personas, media, kinds, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.start_job("test_text", personas.officer_a, {"name": "张三"})
        assert Job.objects.get(pk=job.pk).status == Job.Status.PENDING
    assert len(callbacks) == 1

    callbacks[0]()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.progress == 100
    content = job.result_file.read()
    assert content.decode() == "你好，张三"
    assert job.result_sha256 == hashlib.sha256(content).hexdigest()
    assert job.result["filename"] == "结果.txt"
    assert job.started_at and job.finished_at and job.created_by == personas.officer_a


def test_a_second_run_of_the_same_job_does_nothing(personas, media, kinds):
    job = Job.objects.create(kind="test_text", created_by=personas.officer_a, params={"name": "甲"})
    assert jobs.run(job.pk) == Job.Status.DONE
    job.refresh_from_db()
    first_file, first_finished = job.result_file.name, job.finished_at

    assert jobs.claim(job.pk) is False
    assert jobs.run(job.pk) == Job.Status.DONE

    job.refresh_from_db()
    assert (job.result_file.name, job.finished_at) == (first_file, first_finished)


def test_a_running_job_is_not_taken_by_a_second_worker_until_its_heartbeat_stops(personas, kinds):
    job = Job.objects.create(kind="test_text", created_by=personas.officer_a, params={"name": "甲"})
    assert jobs.claim(job.pk) is True
    assert jobs.claim(job.pk) is False

    stale = timezone.now() - datetime.timedelta(seconds=jobs.HEARTBEAT_TIMEOUT + 1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=stale, progress=40)
    assert jobs.claim(job.pk) is True
    assert Job.objects.get(pk=job.pk).progress == 0


def test_progress_is_recorded_while_running(personas, kinds):
    job = Job.objects.create(kind="test_text", created_by=personas.officer_a)
    jobs.claim(job.pk)
    jobs.set_progress(job, 42.7)
    assert Job.objects.get(pk=job.pk).progress == 42
    jobs.set_progress(job, 250)
    assert Job.objects.get(pk=job.pk).progress == 99


def test_an_unexpected_error_fails_the_job_with_a_chinese_message(personas, kinds, media):
    job = Job.objects.create(kind="test_crash", created_by=personas.officer_a)
    assert jobs.run(job.pk) == Job.Status.FAILED
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "任务执行失败" in job.error and "boom" not in job.error
    assert not job.result_file


def test_a_job_error_message_is_shown_as_it_is(personas, kinds):
    job = Job.objects.create(kind="test_refuse", created_by=personas.officer_a)
    jobs.run(job.pk)
    assert Job.objects.get(pk=job.pk).error == "所选年度没有可导出的数据。"


def test_an_unknown_kind_is_refused_at_start(personas):
    with pytest.raises(jobs.JobError, match="未知的任务类型"):
        jobs.start_job("no_such_kind", personas.officer_a, {})
    assert not Job.objects.exists()


def test_the_demo_pdf_kind_renders_and_stores_a_pdf(
    personas, media, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job("demo_pdf", personas.officer_a, {"title": "示例/报告", "rows": [["项目甲", 1]]})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result["filename"] == "示例_报告.pdf"
    assert job.result_file.read().startswith(b"%PDF")


# ---------------------------------------------------------------------------------------------
# Pages


def done_job(user, name="甲"):
    job = Job.objects.create(kind="test_text", created_by=user, params={"name": name})
    jobs.run(job.pk)
    job.refresh_from_db()
    return job


def test_the_job_list_shows_only_the_users_own_jobs(
    personas, login, kinds, media, django_assert_max_num_queries
):
    mine = [done_job(personas.officer_a) for _ in range(3)]
    theirs = done_job(personas.officer_b)

    client = login(personas.officer_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("job_list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "后台任务" in html and "测试文本" in html and "已完成" in html
    for job in mine:
        assert reverse("job_detail", args=[job.pk]) in html
    assert reverse("job_detail", args=[theirs.pk]) not in html


def test_the_job_list_runs_the_same_queries_for_few_and_many_jobs(personas, login, kinds):
    client = login(personas.officer_a)
    for _ in range(2):
        Job.objects.create(kind="test_text", created_by=personas.officer_a)
    client.get(reverse("job_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("job_list"))
    for _ in range(18):
        Job.objects.create(kind="test_text", created_by=personas.officer_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("job_list"))
    assert len(many) == len(few)


def test_a_pending_job_page_polls_every_second_and_a_finished_one_stops(personas, login, kinds, media):
    job = Job.objects.create(kind="test_text", created_by=personas.officer_a, params={"name": "甲"})
    client = login(personas.officer_a)

    html = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and reverse("job_status", args=[job.pk]) in html
    assert "排队中" in html

    jobs.run(job.pk)
    fragment = client.get(reverse("job_status", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("job_download", args=[job.pk]) in fragment
    assert "100%" in fragment


def test_a_failed_job_page_shows_the_chinese_error(personas, login, kinds):
    job = Job.objects.create(kind="test_refuse", created_by=personas.officer_a)
    jobs.run(job.pk)
    html = login(personas.officer_a).get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "所选年度没有可导出的数据。" in html and "失败" in html


def test_the_creator_downloads_the_result_and_the_download_is_audited(personas, login, kinds, media):
    job = done_job(personas.officer_a)
    response = login(personas.officer_a).get(reverse("job_download", args=[job.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "你好，甲"
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.get(kind=EventKind.EXPORT)
    assert event.actor == personas.officer_a and event.object_id == str(job.pk)


@pytest.mark.parametrize("who", ["officer_b", "dept_d_officer", "finance_admin", "audit_admin"])
@pytest.mark.parametrize("name", ["job_detail", "job_status", "job_download"])
def test_someone_elses_job_is_a_404(personas, login, kinds, media, who, name):
    job = done_job(personas.officer_a)
    response = login(getattr(personas, who)).get(reverse(name, args=[job.pk]))
    assert response.status_code == 404


def test_an_unfinished_jobs_download_is_a_404(personas, login):
    job = Job.objects.create(kind="demo_pdf", created_by=personas.officer_a)
    assert login(personas.officer_a).get(reverse("job_download", args=[job.pk])).status_code == 404


def test_job_pages_refuse_writes(personas, login, kinds, media):
    job = done_job(personas.officer_a)
    client = login(personas.officer_a)
    assert client.post(reverse("job_detail", args=[job.pk])).status_code == 405
    assert client.post(reverse("job_list")).status_code == 405
