"""评价工作记录: the work of a department or fiscal evaluation, step by step — plan, off-site
review, on-site visits (date, place, people, findings, files), exchange of opinions with the
evaluated unit, draft report and the joint review (联评联审) comments [004 第三十四条][003 三(三)].

Who records: the evaluator (the department's officer for a department evaluation, finance for a
fiscal one or a re-evaluation); the experts assigned to the evaluation record their own off-site
and on-site work. Records are taken while the evaluation runs, never after it is final. Files are
stored with their SHA-256; a file is read only by those who see its evaluation (others: 404).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from evaluation.models import Assignment, Attachment, Evaluation, WorkRecord, _evaluator_of
from perfapp import audit
from perfapp.access import is_read_only
from perfapp.documents import sha256_of
from perfapp.models import EventKind
from perfapp.workflow import WorkflowError

#: The evaluations that have work records: department, fiscal and re-evaluations.
EXTERNAL_KINDS = frozenset(
    {Evaluation.Kind.DEPARTMENT, Evaluation.Kind.FISCAL, Evaluation.Kind.RE_EVALUATION}
)
#: Work is recorded while the evaluation runs; a final evaluation's record is closed.
OPEN_STATUSES = frozenset(
    {Evaluation.Status.PLANNED, Evaluation.Status.IN_PROGRESS, Evaluation.Status.JOINT_REVIEW}
)
#: What an assigned expert records; the rest is the evaluator's (方案, 交换意见, 报告, 联评联审).
EXPERT_KINDS = frozenset({WorkRecord.Kind.OFFSITE, WorkRecord.Kind.ONSITE})
#: Kinds that need a place and the people present.
VISIT_KINDS = frozenset({WorkRecord.Kind.ONSITE, WorkRecord.Kind.EXCHANGE})
#: Document, image and archive types a work record may carry (an upload of anything else is refused).
ALLOWED_EXTENSIONS = frozenset(
    {
        ".pdf",
        ".ofd",
        ".doc",
        ".docx",
        ".wps",
        ".xls",
        ".xlsx",
        ".et",
        ".ppt",
        ".pptx",
        ".txt",
        ".jpg",
        ".jpeg",
        ".png",
        ".zip",
        ".rar",
        ".7z",
    }
)


def max_file_bytes() -> int:
    """The size limit of one file (settings.EVALUATION_FILE_MAX_BYTES, default 20 MB)."""
    return int(getattr(settings, "EVALUATION_FILE_MAX_BYTES", 20 * 1024 * 1024))


class RecordError(WorkflowError):
    """A refused work record or file; `field` names the form field the message belongs to."""

    def __init__(self, message: str, code: str = "refused", field: str | None = None):
        super().__init__(message, code=code)
        self.field = field


@dataclass(frozen=True)
class RecordInput:
    kind: str
    date: datetime.date
    place: str = ""
    people: str = ""
    content: str = ""


def is_evaluator(user, evaluation: Evaluation) -> bool:
    """The department (department evaluation) or finance (fiscal, re-evaluation) running it."""
    return (
        evaluation.kind in EXTERNAL_KINDS and not is_read_only(user) and bool(_evaluator_of(evaluation, user))
    )


def is_assigned_expert(user, evaluation: Evaluation) -> bool:
    return Assignment.objects.filter(evaluation_id=evaluation.pk, expert_id=user.pk, active=True).exists()


def can_add_record(user, evaluation: Evaluation, kind: str | None = None) -> tuple[bool, str]:
    """Whether `user` may record work of `kind` (None: of any kind) on `evaluation`, with the reason."""
    if evaluation.kind not in EXTERNAL_KINDS:
        return False, _("只有部门评价、财政重点评价和再评价有评价工作记录。")
    if is_read_only(user):
        return False, _("只读角色不能添加评价工作记录。")
    if evaluation.status not in OPEN_STATUSES:
        return False, _("评价已定稿，不能再添加工作记录。")
    if is_evaluator(user, evaluation):
        return True, ""
    if is_assigned_expert(user, evaluation):
        if kind is None or kind in EXPERT_KINDS:
            return True, ""
        return False, _("评审专家只能记录非现场评审和现场评价工作。")
    return False, _("您不是该评价的组织单位或指派专家，不能添加工作记录。")


def kinds_for(user, evaluation: Evaluation) -> list[tuple[str, str]]:
    """The record kinds `user` may add (for the form's choices)."""
    if is_evaluator(user, evaluation):
        return list(WorkRecord.Kind.choices)
    return [(k, label) for k, label in WorkRecord.Kind.choices if k in EXPERT_KINDS]


def check_file(upload: UploadedFile) -> None:
    """Refuse an empty file, one above the size limit, or a type a work record does not take."""
    name = os.path.basename(upload.name or "")
    if not name or not upload.size:
        raise RecordError(_("文件“%(name)s”为空。") % {"name": name or "?"}, field="files")
    limit = max_file_bytes()
    if upload.size > limit:
        raise RecordError(
            _("文件“%(name)s”超过 %(mb)s MB，已拒绝。") % {"name": name, "mb": round(limit / 1024 / 1024, 1)},
            field="files",
        )
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise RecordError(
            _("不支持的文件类型“%(ext)s”（可上传 PDF、OFD、Word、WPS、Excel、PPT、图片或压缩包）。")
            % {"ext": ext or name},
            field="files",
        )


def _clean_name(name: str) -> str:
    name = os.path.basename(name or "")
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(". ")
    return name[:200] or "file"


def store_file(record: WorkRecord, upload: UploadedFile, user) -> Attachment:
    """Keep one file of a work record with its size and SHA-256 (checked first by check_file)."""
    check_file(upload)
    upload.seek(0)
    digest = sha256_of(upload)
    upload.seek(0)
    name = _clean_name(upload.name)
    attachment = Attachment(
        evaluation_id=record.evaluation_id,
        record=record,
        name=name,
        size=upload.size,
        sha256=digest,
        uploaded_by=user,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def _check_input(data: RecordInput) -> None:
    if data.kind not in WorkRecord.Kind.values:
        raise RecordError(_("请选择工作记录类型。"), field="kind")
    if data.date is None:
        raise RecordError(_("请填写日期。"), field="date")
    if data.kind in VISIT_KINDS:
        if not data.place.strip():
            raise RecordError(_("现场评价和交换意见须填写地点。"), field="place")
        if not data.people.strip():
            raise RecordError(_("现场评价和交换意见须填写参加人员。"), field="people")
    if not data.content.strip():
        raise RecordError(_("请填写工作内容与发现。"), field="content")


def add_record(
    evaluation: Evaluation,
    user,
    data: RecordInput,
    files: Iterable[UploadedFile] = (),
    *,
    request=None,
) -> WorkRecord:
    """Record one piece of evaluation work with its files — all or nothing; audited as CREATED."""
    ok, reason = can_add_record(user, evaluation, data.kind)
    if not ok:
        raise RecordError(reason, code="permission")
    _check_input(data)
    files = list(files)
    for upload in files:
        check_file(upload)
    with transaction.atomic():
        record = WorkRecord.objects.create(
            evaluation=evaluation,
            kind=data.kind,
            date=data.date,
            place=data.place.strip(),
            people=data.people.strip(),
            content=data.content.strip(),
            created_by=user,
        )
        stored = [store_file(record, upload, user) for upload in files]
        audit.record(
            EventKind.CREATED,
            user,
            record,
            summary=_("添加评价工作记录：%(e)s · %(k)s")
            % {"e": evaluation.name, "k": record.get_kind_display()},
            data={
                "evaluation": evaluation.pk,
                "kind": record.kind,
                "date": record.date.isoformat(),
                "files": [{"name": a.name, "sha256": a.sha256, "size": a.size} for a in stored],
            },
            request=request,
        )
    return record


def add_files(record: WorkRecord, user, files: Iterable[UploadedFile], *, request=None) -> list[Attachment]:
    """More files for an existing record: by whoever may record that kind of work now."""
    ok, reason = can_add_record(user, record.evaluation, record.kind)
    if not ok:
        raise RecordError(reason, code="permission")
    files = list(files)
    if not files:
        raise RecordError(_("请选择要上传的文件。"), field="files")
    for upload in files:
        check_file(upload)
    with transaction.atomic():
        stored = [store_file(record, upload, user) for upload in files]
        audit.record(
            EventKind.UPDATED,
            user,
            record,
            summary=_("上传评价工作记录附件：%(e)s") % {"e": record.evaluation.name},
            data={"files": [{"name": a.name, "sha256": a.sha256, "size": a.size} for a in stored]},
            request=request,
        )
    return stored


def records_of(evaluation: Evaluation):
    """The evaluation's work records in date order, each with its files and recorder."""
    return (
        WorkRecord.objects.filter(evaluation=evaluation)
        .select_related("created_by")
        .prefetch_related(Prefetch("files", queryset=Attachment.objects.order_by("uploaded_at", "id")))
        .order_by("date", "id")
    )


def records_visible_to(user):
    return WorkRecord.objects.filter(evaluation__in=Evaluation.objects.visible_to(user).values("pk"))


def get_record_file_for_user(user, pk) -> Attachment:
    """A work record's file if `user` sees its evaluation; anything else is a 404."""
    try:
        return Attachment.objects.select_related("record", "evaluation").get(
            pk=pk,
            record__isnull=False,
            evaluation__in=Evaluation.objects.visible_to(user).values("pk"),
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404
