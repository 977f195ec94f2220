"""Celery task of the reminders (beat: daily at 08:00 Asia/Shanghai, queue "reminders")."""

from __future__ import annotations

import datetime

from celery import shared_task


@shared_task(acks_late=True)
def send_reminders(date: str | None = None) -> dict:
    """Send the reminders due on `date` (YYYY-MM-DD; default today). Safe to run twice: the
    SentReminder claim sends each step once (monitoring.reminders)."""
    from monitoring import reminders

    today = datetime.date.fromisoformat(date) if date else None
    return dict(reminders.send_reminders(today))
