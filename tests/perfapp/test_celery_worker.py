"""A real Celery worker against Redis runs perfapp's tasks (issue #2: a task run by a real worker).

Settings make tasks eager when no broker is configured; this test points the app at Redis
(CELERY_BROKER_URL, default redis://127.0.0.1:6379/15) for its duration and starts an embedded
worker thread. The database is transactional so the worker thread sees the rows the test commits.
"""

import os
import threading
import time
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.signals import task_postrun
from django.db import connections

from accounts.models import Role
from perfapp import jobs
from perfapp.celery import app
from perfapp.models import Job
from perfapp.tasks import ping
from tests.conftest import require
from tests.factories import OrganizationFactory, make_user

BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


def _drop_connections():
    """Forget pooled broker connections and the cached result backend, so the new conf applies."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    # kombu keeps its own registry of producer pools per connection: forget those too, or the
    # next send to this broker acquires from a closed pool.
    pools.reset()
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    app._backend_cache = None
    app._local = threading.local()


@contextmanager
def celery_against(url: str):
    keys = ("task_always_eager", "broker_url", "result_backend")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(task_always_eager=False, broker_url=url, result_backend=url)
    _drop_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _drop_connections()


def _close_worker_db(**kwargs):
    # The worker thread has its own database connection; close it so the test database can be
    # flushed and dropped afterwards.
    connections.close_all()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_ping_and_a_pdf_job(settings, tmp_path):
    require(redis_answers(BROKER_URL), f"Redis 无法连接：{BROKER_URL}")
    settings.MEDIA_ROOT = str(tmp_path)
    user = make_user("worker_test", Role.UNIT_OFFICER, OrganizationFactory())
    task_postrun.connect(_close_worker_db, weak=False)
    try:
        with (
            celery_against(BROKER_URL),
            start_worker(
                app, perform_ping_check=False, shutdown_timeout=30, queues=["celery", "reports", "reminders"]
            ),
        ):
            result = ping.delay(21)
            assert not isinstance(result, EagerResult)
            assert result.get(timeout=30) == 42

            # Outside any transaction the on_commit hook sends the task at once.
            job = jobs.start_job("demo_pdf", user, {"title": "绩效评价报告", "rows": [["项目甲", 10]]})
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.is_finished:
                    break
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(_close_worker_db)

    assert job.status == Job.Status.DONE, job.error
    assert job.progress == 100
    assert job.result_file.read().startswith(b"%PDF")
    assert len(job.result_sha256) == 64
