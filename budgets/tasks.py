"""Background work of the budgets app: large allocation and expenditure imports."""

from celery import shared_task


@shared_task(acks_late=True)
def run_import(batch_id: int) -> str:
    """Process one pending ImportBatch (budgets.imports.process_batch).

    Takes the id, loads inside; the batch is claimed with a conditional UPDATE (pending → running),
    so a redelivered or duplicated message does nothing. A running batch whose heartbeat is older
    than the job heartbeat timeout (its worker died) is claimed again and imported from the start.
    """
    from budgets.imports import process_batch

    batch = process_batch(batch_id)
    return batch.status if batch is not None else "skipped"
