"""Shared background tasks: email, the health-check ping and jobs (perfapp.jobs)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(address: str, subject: str, text: str) -> None:
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)


@shared_task(acks_late=True)
def ping(value: int) -> int:
    """A trivial task used by the health check and by the real-worker test."""
    return value * 2


@shared_task(acks_late=True)
def run_job(job_id: int) -> str:
    """Run one perfapp.jobs Job; a second delivery finds it claimed and does nothing."""
    from perfapp import jobs

    return jobs.run(job_id)


def enqueue(task, *args, **options) -> bool:
    """Send a task, and keep serving if the broker is down [DESIGN §7 Reliability].

    Returns False (and logs) when the broker cannot be reached; the caller's row stays pending so
    that a later run (or `manage.py` retry command) picks it up.
    """
    import logging

    from kombu.exceptions import OperationalError

    try:
        task.apply_async(args=args, **options)
    except (OperationalError, ConnectionError, OSError) as exc:
        logging.getLogger("perfapp.tasks").error("任务未能发送（消息队列不可用）：%s %s", task.name, exc)
        return False
    return True
