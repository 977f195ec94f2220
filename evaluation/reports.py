"""评价报告: versions, finalization (定稿), corrections, the PDF and the Excel score table.

[004 第三十四条] an evaluation ends with a report; [004 第四十四条 (二)] a final report never
changes — a correction is a new version with its reason, the earlier versions stay visible, and
the correction is an audit event. The rendered PDF of a final version is stored once with its
SHA-256 (DESIGN.md §4 Documents), by a job with a progress bar (perfapp.jobs).

The evaluator (the department for a department evaluation, finance for a fiscal one or a
re-evaluation) drafts the report while the evaluation runs. `finalize_evaluation` runs the
evaluation's `finalize` transition (from 联评联审) and then `finalize_report`; the transition's
own hook (evaluation.external.before_finalize) may call `finalize_report` too — it is idempotent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.indicators import ratio
from budgets.models import project_year_totals
from evaluation.models import (
    Assignment,
    Criterion,
    CriterionResult,
    Evaluation,
    EvaluationReport,
    ExpertScore,
    FinalReportImmutable,
    SelfEvaluationRow,
)
from evaluation.records import EXTERNAL_KINDS, is_evaluator, records_of
from perfapp import audit
from perfapp.documents import render_pdf, sha256_of
from perfapp.jobs import job_kind, set_progress, start_job
from perfapp.models import EventKind, Job
from perfapp.workflow import WorkflowError, check_version, perform

RENDER_JOB = "evaluation_report_pdf"
#: A report is drafted while its evaluation runs.
DRAFTING_STATUSES = frozenset(
    {Evaluation.Status.PLANNED, Evaluation.Status.IN_PROGRESS, Evaluation.Status.JOINT_REVIEW}
)
FINAL_MESSAGE = gettext_lazy("定稿的评价报告不能修改，请新建更正版本。")


class ReportError(WorkflowError):
    """A refused report action, with a message in Chinese; `field` names the form field."""

    def __init__(self, message: str, code: str = "refused", field: str | None = None):
        super().__init__(str(message), code=code)
        self.field = field


# --- reading --------------------------------------------------------------------------------------


def reports_visible_to(user):
    """Every report version of the evaluations `user` sees."""
    return EvaluationReport.objects.filter(evaluation__in=Evaluation.objects.visible_to(user).values("pk"))


def get_final_report_for_user(user, pk) -> EvaluationReport:
    """A final report version of an evaluation `user` sees; a draft or anyone else's is a 404."""
    try:
        return (
            reports_visible_to(user)
            .filter(status=EvaluationReport.Status.FINAL)
            .select_related("evaluation")
            .get(pk=pk)
        )
    except (EvaluationReport.DoesNotExist, ValueError, TypeError):
        raise Http404


def versions_of(evaluation: Evaluation) -> list[EvaluationReport]:
    """All versions, newest first (the earlier ones stay visible)."""
    return list(
        EvaluationReport.objects.filter(evaluation=evaluation)
        .select_related("created_by")
        .order_by("-number")
    )


def latest_of(evaluation: Evaluation) -> EvaluationReport | None:
    return EvaluationReport.objects.filter(evaluation=evaluation).order_by("-number").first()


def can_edit_report(user, evaluation: Evaluation) -> tuple[bool, str]:
    """Whether `user` may write the evaluation's reports (draft, finalize, correct), with the reason."""
    if evaluation.kind not in EXTERNAL_KINDS:
        return False, _("只有部门评价、财政重点评价和再评价在此编写评价报告。")
    if not is_evaluator(user, evaluation):
        return False, _("只有评价组织单位可以编写评价报告。")
    return True, ""


def _require_editor(user, evaluation: Evaluation) -> None:
    ok, reason = can_edit_report(user, evaluation)
    if not ok:
        raise ReportError(reason, code="permission")


def _locked_latest(evaluation: Evaluation) -> EvaluationReport | None:
    """The latest version, with every version of the evaluation locked (numbers are handed out
    one at a time: two corrections at once cannot both become version n+1)."""
    versions = list(
        EvaluationReport.objects.select_for_update().filter(evaluation_id=evaluation.pk).order_by("-number")
    )
    return versions[0] if versions else None


# --- drafting -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportText:
    summary: str = ""
    findings: str = ""
    recommendations: str = ""


def save_draft(
    evaluation: Evaluation, user, text: ReportText, *, seen_version=None, request=None
) -> EvaluationReport:
    """Write the draft: the latest version while it is a draft, else version 1.

    A final latest version is refused (FinalReportImmutable's message): change it by correction.
    A draft someone else saved since the form was loaded is refused (StaleObject), not overwritten.
    """
    _require_editor(user, evaluation)
    if evaluation.status not in DRAFTING_STATUSES:
        raise ReportError(
            _("评价处于“%(s)s”状态，不能编写报告初稿。") % {"s": evaluation.get_status_display()},
            code="state",
        )
    with transaction.atomic():
        latest = _locked_latest(evaluation)
        if latest is not None and latest.status == EvaluationReport.Status.FINAL:
            raise ReportError(FINAL_MESSAGE, code="final")
        created = latest is None
        if latest is not None:
            check_version(latest, seen_version)
            latest.version += 1
        report = latest or EvaluationReport(evaluation=evaluation, number=1, created_by=user)
        report.summary = text.summary.strip()
        report.findings = text.findings.strip()
        report.recommendations = text.recommendations.strip()
        report.save()
        audit.record(
            EventKind.CREATED if created else EventKind.UPDATED,
            user,
            report,
            summary=_("%(a)s评价报告初稿：%(r)s") % {"a": _("新建") if created else _("修改"), "r": report},
            data={"evaluation": evaluation.pk, "number": report.number},
            request=request,
        )
    return report


def finalize_report(evaluation: Evaluation, user, *, request=None) -> EvaluationReport:
    """定稿: the latest draft becomes final with the evaluation's total and grade, and its PDF is
    rendered by a job. Idempotent: when the latest version is already final it is returned as is.

    Called with the evaluation in 联评联审 (from the finalize transition's hook, before the state
    changes) or already final. Without a draft, version 1 is made from the evaluation's findings
    and recommendations. Refused without a total score.
    """
    with transaction.atomic():
        latest = _locked_latest(evaluation)
        if latest is not None and latest.status == EvaluationReport.Status.FINAL:
            return latest
        if evaluation.status not in (Evaluation.Status.JOINT_REVIEW, Evaluation.Status.FINAL):
            raise ReportError(_("评价须经联评联审后才能定稿报告。"), code="state")
        if evaluation.total_score is None or not evaluation.grade_label:
            raise ReportError(_("评价尚未形成总分和等级，不能定稿报告。"), code="score")
        if latest is None:
            latest = EvaluationReport(
                evaluation=evaluation,
                number=1,
                summary="",
                findings=evaluation.findings,
                recommendations=evaluation.recommendations,
                created_by=user,
            )
        latest.status = EvaluationReport.Status.FINAL
        latest.finalized_at = timezone.now()
        latest.total_score = evaluation.total_score
        latest.grade_label = evaluation.grade_label
        latest.save()
        audit.record(
            EventKind.REPORT,
            user,
            latest,
            summary=_("评价报告定稿：%(r)s") % {"r": latest},
            data={
                "evaluation": evaluation.pk,
                "number": latest.number,
                "total": latest.total_score,
                "grade": latest.grade_label,
            },
            request=request,
        )
        start_render(latest, user)
    return latest


def finalize_evaluation(evaluation: Evaluation, user, *, seen_version=None, request=None) -> EvaluationReport:
    """The page's "定稿报告": the evaluation's finalize transition (from 联评联审), then the report."""
    _require_editor(user, evaluation)
    with transaction.atomic():
        if evaluation.status == Evaluation.Status.JOINT_REVIEW:
            evaluation = perform(evaluation, "finalize", user, seen_version=seen_version, request=request)
        elif evaluation.status != Evaluation.Status.FINAL:
            raise ReportError(_("只有处于联评联审阶段的评价才能定稿报告。"), code="state")
        return finalize_report(evaluation, user, request=request)


def correct_report(
    evaluation: Evaluation, user, text: ReportText, reason: str, *, request=None
) -> EvaluationReport:
    """更正: a new final version (number + 1) with its reason; the earlier ones are untouched.

    The correction is an audit event naming both versions, the reason and the old file's hash.
    """
    _require_editor(user, evaluation)
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_("请填写更正原因。"), code="reason", field="reason")
    with transaction.atomic():
        latest = _locked_latest(evaluation)
        if latest is None or latest.status != EvaluationReport.Status.FINAL:
            raise ReportError(_("只有定稿的评价报告才需要更正；草稿请直接修改。"), code="state")
        report = EvaluationReport.objects.create(
            evaluation=evaluation,
            number=latest.number + 1,
            status=EvaluationReport.Status.FINAL,
            summary=text.summary.strip(),
            findings=text.findings.strip(),
            recommendations=text.recommendations.strip(),
            total_score=evaluation.total_score,
            grade_label=evaluation.grade_label,
            reason=reason,
            created_by=user,
            finalized_at=timezone.now(),
        )
        audit.record(
            EventKind.UPDATED,
            user,
            report,
            summary=_("更正评价报告：%(e)s 第%(a)s版 → 第%(b)s版")
            % {"e": evaluation.name, "a": latest.number, "b": report.number},
            data={
                "evaluation": evaluation.pk,
                "from_version": latest.number,
                "to_version": report.number,
                "reason": reason,
                "previous_sha256": latest.sha256,
            },
            request=request,
        )
        start_render(report, user)
    return report


# --- the PDF --------------------------------------------------------------------------------------


def start_render(report: EvaluationReport, user) -> Job:
    """Queue the PDF job of a final version (it runs once the transaction commits)."""
    return start_job(RENDER_JOB, user, {"report": report.pk, "evaluation": report.evaluation_id})


def render_job_of(report: EvaluationReport, user) -> Job | None:
    """The latest render job `user` started for `report` (the page shows its progress)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Job.objects.filter(kind=RENDER_JOB, created_by_id=user.pk, params__report=report.pk)
        .order_by("-created_at", "-id")
        .first()
    )


def pdf_filename(report: EvaluationReport) -> str:
    return f"{report.evaluation.name}绩效评价报告（第{report.number}版）.pdf"


def _read_stored(report: EvaluationReport, stored: EvaluationReport) -> bytes:
    report.file, report.sha256 = stored.file, stored.sha256
    with stored.file.open("rb") as handle:
        return handle.read()


def store_pdf(report: EvaluationReport, user=None, progress=None) -> bytes:
    """The stored PDF of a final version; rendered and stored with its SHA-256 the first time.

    Rendering happens outside any lock (its progress shows on the page); the file is stored under
    the row's lock only if nobody stored one meanwhile, so a version keeps exactly one file.
    """
    if report.status != EvaluationReport.Status.FINAL:
        raise ReportError(_("只有定稿的评价报告才生成存档 PDF。"), code="state")
    current = EvaluationReport.objects.select_related("evaluation").get(pk=report.pk)
    if current.sha256 and current.file:
        return _read_stored(report, current)
    content = report_pdf(current, progress=progress)
    with transaction.atomic():
        locked = EvaluationReport.objects.select_for_update().get(pk=report.pk)
        if locked.sha256 and locked.file:
            return _read_stored(report, locked)
        locked.file.save(pdf_filename(current).replace("/", "_"), ContentFile(content), save=False)
        locked.sha256 = sha256_of(content)
        locked.save(update_fields=["file", "sha256"])
        audit.record(
            EventKind.REPORT,
            user,
            locked,
            summary=_("生成评价报告 PDF：%(r)s") % {"r": current},
            data={"sha256": locked.sha256, "size": len(content), "number": locked.number},
        )
    report.file, report.sha256 = locked.file, locked.sha256
    return content


@job_kind(RENDER_JOB, gettext_lazy("评价报告 PDF"), queue="reports")
def render_report_job(job: Job) -> tuple[str, bytes]:
    report = EvaluationReport.objects.select_related("evaluation").get(pk=(job.params or {})["report"])
    set_progress(job, 5)
    content = store_pdf(report, job.created_by, progress=lambda p: set_progress(job, p))
    set_progress(job, 95)
    return pdf_filename(report), content


@dataclass
class ScoreRow:
    level: int
    group: str
    name: str
    points: Decimal | None
    score: Decimal | None
    comment: str = ""
    guidance: str = ""
    criterion_id: int | None = None
    is_leaf: bool = True
    expert_scores: list = field(default_factory=list)


def criteria_rows(evaluation: Evaluation) -> list[ScoreRow]:
    """The scheme's criteria in tree order with the agreed scores (a parent: its children's sum)."""
    if evaluation.scheme_id is None:
        return []
    criteria = list(Criterion.objects.filter(scheme_id=evaluation.scheme_id).order_by("order", "id"))
    results = {r.criterion_id: r for r in CriterionResult.objects.filter(evaluation_id=evaluation.pk)}
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    known = {c.pk for c in criteria}
    roots = [c for c in criteria if c.parent_id is None or c.parent_id not in known]
    group_labels = dict(Criterion.Group.choices)
    rows: list[ScoreRow] = []

    def score_of(node: Criterion) -> Decimal | None:
        if node.pk in results:
            return results[node.pk].score
        scores = [score_of(child) for child in children.get(node.pk, [])]
        scores = [s for s in scores if s is not None]
        return sum(scores, Decimal("0")) if scores else None

    def walk(node: Criterion, depth: int) -> None:
        result = results.get(node.pk)
        rows.append(
            ScoreRow(
                level=depth,
                group=str(group_labels.get(node.group, node.group)),
                name=node.name,
                points=node.points,
                score=score_of(node),
                comment=result.comment if result else "",
                guidance=node.guidance,
                criterion_id=node.pk,
                is_leaf=not children.get(node.pk),
            )
        )
        for child in children.get(node.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 1)
    return rows


def self_rows(evaluation: Evaluation) -> list[ScoreRow]:
    """A self-evaluation's rows: the execution rate, then each indicator with its computed score."""
    rows = [
        ScoreRow(
            level=1,
            group=_("预算执行率"),
            name=_("预算执行率"),
            points=None,
            score=evaluation.execution_score,
        )
    ]
    for row in SelfEvaluationRow.objects.filter(evaluation_id=evaluation.pk).order_by("order", "id"):
        rows.append(
            ScoreRow(
                level=3,
                group=row.get_level1_display(),
                name=f"{row.level2} / {row.name}" if row.level2 else row.name,
                points=row.points,
                score=row.score,
                comment=row.deviation_reason,
            )
        )
    return rows


def score_rows(evaluation: Evaluation) -> list[ScoreRow]:
    return self_rows(evaluation) if evaluation.kind == Evaluation.Kind.SELF else criteria_rows(evaluation)


@dataclass(frozen=True)
class Figures:
    budget: Decimal
    spent: Decimal
    rate: Decimal | None


def figures_of(evaluations: Iterable[Evaluation], year: int | None = None) -> dict[int, Figures]:
    """全年预算数, 执行数 and 执行率 of each evaluation: the figures frozen on it when it has them
    (a submitted self-evaluation), else its project's year totals — two queries for the lot."""
    evaluations = list(evaluations)
    live = [e for e in evaluations if not e.annual_budget and e.project_id]
    totals: dict[tuple[int, int], dict] = {}
    by_year: dict[int, list[int]] = {}
    for e in live:
        by_year.setdefault(year or e.year, []).append(e.project_id)
    for y, project_ids in by_year.items():
        for pid, values in project_year_totals(sorted(set(project_ids)), y).items():
            totals[(pid, y)] = values
    out = {}
    for e in evaluations:
        if e.annual_budget or not e.project_id:
            rate = e.execution_rate if e.execution_rate is not None else ratio(e.spent, e.annual_budget)
            out[e.pk] = Figures(e.annual_budget, e.spent, rate)
        else:
            values = totals.get(
                (e.project_id, year or e.year), {"budget": Decimal("0"), "spent": Decimal("0")}
            )
            out[e.pk] = Figures(values["budget"], values["spent"], ratio(values["spent"], values["budget"]))
    return out


def organizer_of(evaluation: Evaluation) -> str:
    """评价组织单位: the department (department evaluation) or the finance bureau above it."""
    if evaluation.kind == Evaluation.Kind.DEPARTMENT:
        return evaluation.department.name
    bureau = evaluation.department.parent
    return bureau.name if bureau else _("财政部门")


def agencies_of(evaluation: Evaluation) -> list[str]:
    names = (
        Assignment.objects.filter(evaluation_id=evaluation.pk, agency__isnull=False)
        .values_list("agency__name", flat=True)
        .distinct()
    )
    return sorted(set(names))


def pdf_context(report: EvaluationReport) -> dict:
    evaluation = (
        Evaluation.objects.select_related("project", "unit", "department__parent", "scheme", "region")
        .filter(pk=report.evaluation_id)
        .first()
    )
    figures = figures_of([evaluation])[evaluation.pk]
    title = _("%(name)s绩效评价报告") % {
        "name": evaluation.project.name if evaluation.project else evaluation.name
    }
    return {
        "title": title,
        "report": report,
        "evaluation": evaluation,
        "figures": figures,
        "organizer": organizer_of(evaluation),
        "agencies": agencies_of(evaluation),
        "rows": score_rows(evaluation),
        "records": list(records_of(evaluation)),
        "report_date": timezone.localtime(report.finalized_at).date()
        if report.finalized_at
        else timezone.localdate(),
        "is_draft": report.status != EvaluationReport.Status.FINAL,
    }


def report_pdf(report: EvaluationReport, progress=None) -> bytes:
    """Cover, basic information, score table by criterion, findings, recommendations, appendix
    (the work records); page numbers in the footer (pdf/base.html)."""
    context = pdf_context(report)
    if progress:
        progress(30)
    content = render_pdf("evaluation/pdf/evaluation_report.html", context)
    if progress:
        progress(90)
    return content


# --- the Excel score table ------------------------------------------------------------------------


def expert_columns(evaluation: Evaluation, user) -> list[Assignment]:
    """The experts whose scores may be shown to `user`: only submitted scores, and none to an
    assigned expert who has not submitted their own (blind scoring)."""
    assignments = list(
        Assignment.objects.filter(evaluation_id=evaluation.pk, submitted_at__isnull=False)
        .select_related("expert")
        .order_by("role", "id")
    )
    own = Assignment.objects.filter(evaluation_id=evaluation.pk, expert_id=getattr(user, "pk", None)).first()
    if own is not None and own.submitted_at is None:
        return []
    return assignments


def score_table_xlsx(evaluation: Evaluation, user) -> bytes:
    """评分表: each criterion with its points, every submitted expert's score and the agreed score."""
    import io

    from perfapp.documents import Sheet, write_xlsx

    rows = score_rows(evaluation)
    experts = expert_columns(evaluation, user) if evaluation.kind != Evaluation.Kind.SELF else []
    scores: dict[tuple[int, int], Decimal] = {}
    if experts:
        for s in ExpertScore.objects.filter(assignment__in=experts).values(
            "assignment_id", "criterion_id", "score"
        ):
            scores[(s["assignment_id"], s["criterion_id"])] = s["score"]
    headers = [_("层级"), _("一级指标类别"), _("指标名称"), _("分值")]
    headers += [_("专家评分：%(name)s") % {"name": a.expert.display_name} for a in experts]
    headers += [_("认定得分"), _("评分说明")]
    body = []
    for row in rows:
        line = [row.level, row.group, ("　" * (row.level - 1)) + row.name, row.points]
        line += [scores.get((a.pk, row.criterion_id)) if row.criterion_id else None for a in experts]
        line += [row.score, row.comment]
        body.append(line)
    body.append(
        ["", "", _("总分"), None, *([None] * len(experts)), evaluation.total_score, evaluation.grade_label]
    )
    stream = io.BytesIO()
    write_xlsx(
        stream,
        [
            Sheet(
                title=_("评分表"),
                headers=headers,
                rows=body,
                widths=(6, 12, 40, 8, *([12] * len(experts)), 10, 40),
            )
        ],
    )
    return stream.getvalue()


# --- demo -----------------------------------------------------------------------------------------


def seed_reports(evaluations: Iterable[Evaluation], user=None, *, render: bool = False) -> int:
    """A final report (version 1) for each final evaluation that has none; returns how many.

    Demo data (budgets.demo via evaluation.demo_external). The PDF is rendered only with
    `render=True` (about a second each); otherwise the first download renders and stores it.
    """
    made = 0
    for evaluation in evaluations:
        if evaluation.status != Evaluation.Status.FINAL or evaluation.kind not in EXTERNAL_KINDS:
            continue
        if EvaluationReport.objects.filter(
            evaluation=evaluation, status=EvaluationReport.Status.FINAL
        ).exists():
            continue
        draft = latest_of(evaluation)
        if draft is None:
            draft = EvaluationReport(evaluation=evaluation, number=1, created_by=user)
        draft.summary = draft.summary or _("%(u)s%(y)s年度%(n)s的绩效评价。") % {
            "u": evaluation.unit.name,
            "y": evaluation.year,
            "n": evaluation.name,
        }
        draft.findings = draft.findings or evaluation.findings
        draft.recommendations = draft.recommendations or evaluation.recommendations
        draft.status = EvaluationReport.Status.FINAL
        draft.total_score = evaluation.total_score
        draft.grade_label = evaluation.grade_label
        draft.finalized_at = evaluation.finalized_at or timezone.now()
        draft.save()
        if render:
            store_pdf(draft, user)
        made += 1
    return made


__all__ = [
    "FinalReportImmutable",
    "ReportError",
    "ReportText",
    "correct_report",
    "finalize_evaluation",
    "finalize_report",
    "save_draft",
    "seed_reports",
    "store_pdf",
]
