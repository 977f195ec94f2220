"""Background work of monitoring: the daily warning generation (Celery beat, settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

# A worker never loads the URLconf: importing the rules here (tasks.py is autodiscovered) registers
# the after-expenditure-import hook in budgets.imports.AFTER_IMPORT for imports run by a worker too.
import monitoring.warnings  # noqa: F401,E402


@shared_task(acks_late=True)
def generate_warnings() -> dict:
    """Run every warning rule (monitoring.warnings.generate_all). Idempotent: the unique warning key
    makes a duplicated or retried run create nothing."""
    from monitoring.warnings import generate_all

    r = generate_all()
    return {"created": r.created, "updated": r.updated, "reopened": r.reopened, "closed": r.closed}
