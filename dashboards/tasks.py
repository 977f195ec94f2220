"""Celery tasks of the dashboard: refresh stale summary rows (on commit and every 30 s from beat)
and rebuild everything nightly (逾期 moves with the date)."""

from celery import shared_task
from django.core.cache import cache

#: While this key lives a refresh is already queued; marks made meanwhile ride along with it.
QUEUED_KEY = "dashboards:refresh-queued"


@shared_task(acks_late=True)
def refresh_dirty() -> int:
    from dashboards import summary

    try:
        cache.delete(QUEUED_KEY)
    except Exception:  # the cache (Redis) may be down; the refresh still runs
        pass
    return summary.refresh_dirty()


@shared_task(acks_late=True)
def refresh_all() -> dict:
    from dashboards import summary

    return {str(k): v for k, v in summary.refresh_all().items()}


def schedule_refresh() -> None:
    """Queue refresh_dirty once for a burst of changes (in process when tasks run eagerly)."""
    from perfapp.celery import app
    from perfapp.tasks import enqueue

    if not app.conf.task_always_eager:
        try:
            if not cache.add(QUEUED_KEY, 1, timeout=60):
                return
        except Exception:
            pass
    enqueue(refresh_dirty)
