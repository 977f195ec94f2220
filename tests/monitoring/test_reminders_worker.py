"""One reminder task executed by a real Celery worker on Redis (queue "reminders")."""

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.signals import task_postrun

from monitoring.reminder_tasks import send_reminders
from perfapp.celery import app
from perfapp.models import EventKind, Notification
from tests.conftest import require
from tests.monitoring.test_reminders import DUE, make_round
from tests.perfapp.test_celery_worker import BROKER_URL, _close_worker_db, celery_against, redis_answers


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_overdue_reminders_once(personas):
    require(redis_answers(BROKER_URL), f"Redis 无法连接：{BROKER_URL}")
    make_round(personas, units=[personas.unit_a])
    day = (DUE + datetime.timedelta(days=1)).isoformat()
    task_postrun.connect(_close_worker_db, weak=False)
    try:
        with (
            celery_against(BROKER_URL),
            start_worker(
                app, perform_ping_check=False, shutdown_timeout=30, queues=["celery", "reports", "reminders"]
            ),
        ):
            result = send_reminders.delay(day)
            assert not isinstance(result, EagerResult)
            assert result.get(timeout=60) == {"overdue": 1}
            # Delivered twice (beat twice, a retry): the claim sends nothing more.
            assert send_reminders.delay(day).get(timeout=60) == {}
    finally:
        task_postrun.disconnect(_close_worker_db)
    [n] = Notification.objects.filter(recipient=personas.officer_a, kind=EventKind.REMINDER)
    assert "逾期" in n.title
