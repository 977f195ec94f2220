"""Long work (rendering, large exports) as a Job row that Celery runs and the page polls.

An app registers a job kind with `@job_kind("kind", _("标签"))` on a function `(job) -> (filename,
bytes)` in its `documents.py` (imported here on first use, in web and worker processes alike); a
view calls `start_job(kind, user, params)`. The Celery task is sent only after the
transaction commits, takes the job id, and claims the job with a conditional UPDATE
(pending → running), so a second delivery or a second worker does nothing (STYLE.md Background
work). A job whose worker died stops beating; after JOB_HEARTBEAT_TIMEOUT it may be claimed again,
which is how a report job survives a worker crash (the task is acks_late).
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perfapp.models import Job

logger = logging.getLogger(__name__)

#: Seconds without a progress update after which a running job counts as lost with its worker.
HEARTBEAT_TIMEOUT = getattr(settings, "JOB_HEARTBEAT_TIMEOUT", 15 * 60)


class JobError(Exception):
    """A failure with a message for the user in Chinese (shown on the job page as it is)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: str
    func: Callable[[Job], tuple[str, bytes]]
    #: Celery queue; None → the default queue (settings.CELERY_TASK_ROUTES may still route it).
    queue: str | None = None


REGISTRY: dict[str, JobKind] = {}


_discovered = False


def _discover() -> None:
    """Import every app's documents.py once, so kinds registered there are known."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("documents")
        _discovered = True


def job_kind(kind: str, label, queue: str | None = None):
    """Register `func(job) -> (filename, bytes)` as the work of job kind `kind`."""

    def register(func):
        REGISTRY[kind] = JobKind(kind, label, func, queue)
        return func

    return register


def label_of(kind: str) -> str:
    _discover()
    entry = REGISTRY.get(kind)
    return str(entry.label) if entry else kind


def start_job(kind: str, user, params: dict | None = None) -> Job:
    """Create a pending job for `user` and queue it once the surrounding transaction commits."""
    _discover()
    if kind not in REGISTRY:
        raise JobError(_("未知的任务类型：%(kind)s") % {"kind": kind})
    job = Job.objects.create(kind=kind, created_by=user, params=params or {})
    queue = REGISTRY[kind].queue

    def send():
        from perfapp.tasks import enqueue, run_job

        options = {"queue": queue} if queue else {}
        enqueue(run_job, job.pk, **options)

    transaction.on_commit(send)
    return job


def get_job_for_user(user, pk) -> Job:
    """The job if `user` started it; anyone else gets a 404, never a hint that it exists."""
    try:
        return Job.objects.get(pk=pk, created_by_id=user.pk)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404


def claim(job_id: int) -> bool:
    """Take the job: pending → running in one conditional UPDATE. False when someone else has it.

    A running job whose heartbeat is older than HEARTBEAT_TIMEOUT is taken over (its worker died).
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=HEARTBEAT_TIMEOUT)
    claimable = Q(status=Job.Status.PENDING) | Q(status=Job.Status.RUNNING, heartbeat_at__lt=stale)
    return bool(
        Job.objects.filter(claimable, pk=job_id).update(
            status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0, error=""
        )
    )


def set_progress(job: Job, percent: int | float) -> None:
    """Record progress (0–100) and beat the heartbeat; the job page shows it within a second."""
    percent = max(0, min(99, int(percent)))
    job.progress = percent
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        progress=percent, heartbeat_at=timezone.now()
    )


def run(job_id: int) -> str:
    """Run one job to the end (called by the Celery task). Returns the final status.

    The result file is stored with its SHA-256. Any failure marks the job failed with a Chinese
    message: a JobError's own message, or a general one (the details go to the log).
    """
    if not claim(job_id):
        return Job.objects.filter(pk=job_id).values_list("status", flat=True).first() or "missing"
    job = Job.objects.select_related("created_by").get(pk=job_id)
    try:
        _discover()
        entry = REGISTRY.get(job.kind)
        if entry is None:
            raise JobError(_("未知的任务类型：%(kind)s") % {"kind": job.kind})
        filename, content = entry.func(job)
    except JobError as exc:
        return _fail(job, exc.message)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return _fail(job, _("任务执行失败，请稍后重试；如仍失败，请联系系统管理员。"))

    from perfapp.documents import sha256_of

    digest = sha256_of(content)
    # The name comes from user input (a title); keep it a plain file name.
    filename = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", filename).strip(". ") or "result"
    job.result_file.save(filename, ContentFile(content), save=False)
    result = {**(job.result or {}), "filename": filename, "size": len(content)}
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE,
        progress=100,
        result_file=job.result_file.name,
        result_sha256=digest,
        result=result,
        finished_at=timezone.now(),
    )
    return Job.Status.DONE


def _fail(job: Job, message: str) -> str:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=message, finished_at=timezone.now())
    return Job.Status.FAILED


# ---------------------------------------------------------------------------------------------
# Built-in job kinds


@job_kind("demo_pdf", gettext_lazy("示例 PDF 文档"))
def render_demo_pdf(job: Job) -> tuple[str, bytes]:
    """A small PDF from `params` (title, rows): proves the render → store → download path."""
    from perfapp.documents import render_pdf

    params = job.params or {}
    title = params.get("title") or _("示例文档")
    set_progress(job, 10)
    pdf = render_pdf(
        "perfapp/pdf/demo.html",
        {"title": title, "intro": params.get("intro", ""), "rows": params.get("rows", [])},
    )
    set_progress(job, 90)
    return f"{title}.pdf", pdf
