"""One `notify()` for every event: an inbox entry for each recipient and an email, sent on commit.

Views and rules say what happened; they never send mail themselves (STYLE.md Events).
"""

from django.conf import settings
from django.db import transaction

from perfapp.models import EventKind, Notification


def notify(
    event: EventKind | str, actor, obj, recipients, *, title: str, body: str = "", url: str = "", due=None
):
    """Write inbox entries now and queue one email per recipient for after the transaction commits."""
    recipients = [r for r in recipients if r is not None and r.is_active and r != actor]
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient=r, kind=str(event), title=title[:200], body=body, url=url, due=due)
            for r in recipients
        ]
    )
    emails = [r.email for r in recipients if r.email]
    if emails:

        def send():
            from perfapp.tasks import enqueue, send_email

            text = f"{body}\n\n{url}" if url else body
            for address in emails:
                enqueue(send_email, address, f"[{settings.SITE_TITLE}] {title}", text)

        transaction.on_commit(send)
    return rows
