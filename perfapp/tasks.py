"""Shared background tasks: email and document rendering jobs."""

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
