"""The site keeps serving while Redis is down [DESIGN §7 Reliability]: work that would be queued
is kept (pending rows, inbox entries) and the request still succeeds."""

from contextlib import contextmanager

import pytest

from accounts.models import Role
from perfapp import jobs
from perfapp.celery import app
from perfapp.models import EventKind, Job, Notification
from perfapp.notify import notify
from tests.factories import OrganizationFactory, make_user
from tests.perfapp.test_celery_worker import _drop_connections

# Nothing listens on port 1: connecting fails at once, as when Redis has stopped.
DEAD_BROKER = "redis://127.0.0.1:1/0"


@contextmanager
def celery_against(url):
    """Point the app at `url` as its broker (no result backend, as in production)."""
    keys = ("task_always_eager", "broker_url", "result_backend")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(task_always_eager=False, broker_url=url, result_backend=None)
    _drop_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _drop_connections()


@pytest.mark.django_db(transaction=True)
def test_notification_and_job_survive_a_dead_broker():
    org = OrganizationFactory()
    actor = make_user("actor_down", Role.UNIT_OFFICER, org)
    recipient = make_user("recipient_down", Role.DEPT_OFFICER, org)
    with celery_against(DEAD_BROKER):
        notify(EventKind.TRANSITION, actor, None, [recipient], title="待初审：测试项目")
        job = jobs.start_job("demo_pdf", actor, {"title": "报告"})
    assert Notification.objects.filter(recipient=recipient, title="待初审：测试项目").exists()
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_pages_answer_while_the_broker_is_down(client):
    org = OrganizationFactory()
    user = make_user("page_down", Role.UNIT_OFFICER, org)
    client.force_login(user)
    with celery_against(DEAD_BROKER):
        assert client.get("/").status_code == 200
        assert client.get("/healthz").status_code == 200
