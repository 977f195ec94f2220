"""Pages of prior assessment (事前绩效评估) and joint review (联合会审).

Views are thin: they check access, call assessments.rules / assessments.experts / perfapp.workflow,
and render. Every read goes through visible_to(user): another unit's assessment is a 404; a visible
one the user may not change is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role, User
from accounts.scoping import scope_of
from assessments import experts as ex
from assessments import rules
from assessments.filters import AssessmentFilter, JointReviewFilter
from assessments.forms import (
    AssessmentForm,
    AssignForm,
    AttachmentForm,
    ConclusionForm,
    CreateForm,
    JointReviewForm,
    ScoreForm,
    TransitionForm,
)
from assessments.models import (
    AssessmentAttachment,
    AssessmentExpertAssignment,
    Dimension,
    JointReview,
    PriorAssessment,
)
from budgets.models import Project
from perfapp import audit
from perfapp.access import deny, is_read_only, require_business_role, require_writer
from perfapp.models import EventKind
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import WorkflowError, available_transitions, history_of

PAGE_SIZE = 20
S = PriorAssessment.Status
#: Transitions run from the buttons of the detail page (出具结论 has its own form).
BUTTONS = ("submit", "review", "commission", "finance_return")
STATUS_CODES = {"stale": 409, "permission": 403}


# --- list ------------------------------------------------------------------------------------------


@require_GET
def assessment_list(request):
    require_business_role(request)
    data = request.GET.copy()
    data.pop("page", None)
    base = (
        PriorAssessment.objects.visible_to(request.user)
        .for_list()
        .order_by("-year", "department__code", "unit__code", "-id")
    )
    filterset = AssessmentFilter(data, queryset=base, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    roles = scope_of(request.user).roles
    return render(
        request,
        "assessments/assessment_list.html",
        {
            "filter": filterset,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": list(page.object_list),
            "can_create": bool(roles & {Role.UNIT_OFFICER, Role.DEPT_OFFICER})
            and not is_read_only(request.user),
            "show_joint_reviews": bool(roles - {Role.EXPERT}),
        },
    )


# --- create ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assessment_create(request):
    """Start the assessment of one of the user's projects; the projects that need one come first."""
    require_writer(request, _("只读角色不能开展事前绩效评估。"))
    if not scope_of(request.user).roles & {Role.UNIT_OFFICER, Role.DEPT_OFFICER}:
        deny(request, _("只有项目所属单位或其主管部门可以开展事前绩效评估。"))
    projects = rules.candidate_projects(request.user)
    initial = {}
    chosen = request.GET.get("project")
    if chosen and chosen.isdigit():
        initial["project"] = int(chosen)
    form = CreateForm(request.POST or None, projects=projects, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                assessment = rules.create_assessment(
                    form.cleaned_data["project"], request.user, request=request
                )
            except WorkflowError as exc:
                form.add_error("project", exc.message)
            else:
                messages.success(request, _("已开展事前绩效评估，请填写五个维度的论证和分年度支出需求。"))
                return redirect("assessments:assessment_detail", pk=assessment.pk)
    needing = []
    cached = rules.RulesCache()
    for p in projects[:200]:
        reasons = rules.needs_assessment(p, cached(p))
        if reasons:
            needing.append({"project": p, "reasons": reasons})
    return render(
        request, "assessments/assessment_create.html", {"form": form, "needing": needing}, status=status
    )


# --- detail ----------------------------------------------------------------------------------------


def _assessment(request, pk) -> PriorAssessment:
    qs = PriorAssessment.objects.select_related(
        "project__unit", "project__department", "unit", "department", "region", "agency", "concluded_by"
    )
    return get_visible_or_404(qs, request.user, pk=pk)


def _dimension_rows(assessment):
    attachments = {}
    for a in assessment.attachments.all():
        attachments.setdefault(a.dimension, []).append(a)
    by_dimension = {d.dimension: d for d in assessment.dimensions.all()}
    return [
        {
            "value": value,
            "label": label,
            "row": by_dimension.get(value),
            "attachments": attachments.get(value, []),
        }
        for value, label in Dimension.choices
    ], attachments.get("", [])


def _context(
    request,
    assessment,
    *,
    form=None,
    conclusion_form=None,
    transition_form=None,
    assign_form=None,
    attachment_form=None,
    error=None,
    failed=None,
):
    user = request.user
    read_only = is_read_only(user)
    editable = not read_only and rules.can_edit_assessment(user, assessment)[0]
    if editable and form is None:
        form = AssessmentForm(assessment=assessment)
    if not editable:
        form = None
    names = set() if read_only else {t.name for t in available_transitions(assessment, user)}
    finance = not read_only and rules.is_reviewer(user, assessment)
    dimensions, general_files = _dimension_rows(assessment)
    needs = list(assessment.spending_needs.all())
    panel_visible = ex.can_see_panel(user, assessment)
    summary_visible = ex.can_see_summary(user, assessment)
    result = ex.result(assessment) if summary_visible else None
    assignments = []
    if finance or panel_visible:
        assignments = list(
            assessment.assignments.select_related("expert", "agency").order_by("-active", "id")
        )
    can_conclude = "conclude" in names
    return {
        "assessment": assessment,
        "project": assessment.project,
        "needs_reasons": rules.needs_assessment(assessment.project),
        "joint_reason": rules.needs_joint_review(assessment.project),
        "dimensions": dimensions,
        "general_files": general_files,
        "has_dimension_files": any(d["attachments"] for d in dimensions),
        "needs": needs,
        "needs_total": sum((n.amount for n in needs), 0),
        "approved_total": (
            sum(n.approved_amount for n in needs if n.approved_amount is not None)
            if any(n.approved_amount is not None for n in needs)
            else None
        ),
        "points": rules.points_of(assessment),
        "form": form,
        "attachment_form": attachment_form or (AttachmentForm() if editable else None),
        # 报送 from the form itself while it is shown (保存并报送); the button serves a saved draft.
        "buttons": [
            {"name": n, "label": rules.transition_label(n)}
            for n in BUTTONS
            if n in names and not (form is not None and n == "submit")
        ],
        "transition_form": transition_form
        or TransitionForm(initial={"version": assessment.version}, agencies=ex.agencies_for(assessment)),
        "failed": failed,
        "can_conclude": can_conclude,
        "conclusion_form": conclusion_form
        or (ConclusionForm(assessment=assessment) if can_conclude else None),
        "panel_complete": ex.panel_complete(assessment),
        "can_assign": finance and assessment.status == S.REASSESSMENT,
        "assign_form": assign_form
        or (
            AssignForm(experts=User.objects.filter(pk__in=ex.pool_for(assessment).values("user_id")))
            if finance and assessment.status == S.REASSESSMENT
            else None
        ),
        "assignments": assignments,
        "panel": result.rows if result and panel_visible else None,
        "result": result,
        "my_assignment": ex.my_assignment(assessment, user),
        "joint_reviews": list(
            JointReview.objects.visible_to(user)
            .filter(project=assessment.project)
            .select_related("recorded_by")
        ),
        "can_record_joint_review": not read_only
        and rules.can_record_joint_review(user, assessment.project)[0],
        "gate": rules.admission_problems(assessment.project),
        "error": error,
        "transitions": [
            {"log": log, "label": rules.transition_label(log.transition)}
            for log in history_of(assessment).order_by("-at", "-id")
        ],
    }


def _render(request, assessment, status=200, **kwargs):
    return render(
        request, "assessments/assessment_detail.html", _context(request, assessment, **kwargs), status=status
    )


def _refused(request, assessment, exc: WorkflowError, **kwargs):
    status = STATUS_CODES.get(exc.code, 400)
    if exc.code == "permission":
        audit.record(EventKind.ACCESS_DENIED, request.user, assessment, summary=exc.message, request=request)
    assessment = _assessment(request, assessment.pk)
    return _render(request, assessment, status=status, error=exc.message, **kwargs)


@require_http_methods(["GET", "POST"])
def assessment_detail(request, pk):
    """The assessment: read-only, or the unit's form while it is editable (保存 / 保存并报送).

    保存并报送 checks completeness first (assessments.rules.submission_problems) and shows each gap
    next to its field with nothing saved; a stale version is refused with the input kept.
    """
    require_business_role(request)
    assessment = _assessment(request, pk)
    if request.method == "GET":
        return _render(request, assessment)
    require_writer(request, _("只读角色不能填写事前绩效评估。"))
    ok, reason = rules.can_edit_assessment(request.user, assessment)
    if not ok:
        deny(request, reason, assessment)
    form = AssessmentForm(request.POST, assessment=assessment)
    submit = request.POST.get("action") == "submit"
    if not form.is_valid():
        return _render(request, assessment, status=400, form=form, error=_("请修正标出的错误。"))
    if submit:
        problems = rules.submission_problems(assessment, form.arguments(), form.needs())
        if problems:
            form.add_rule_errors(problems)
            return _render(
                request, assessment, status=400, form=form, error=_("事前绩效评估还不完整，未报送。")
            )
    try:
        assessment = rules.save_assessment(
            assessment,
            request.user,
            seen_version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
            arguments=form.arguments(),
            needs=form.needs(),
            request=request,
        )
        if submit:
            assessment = rules.run_transition(
                assessment, "submit", request.user, seen_version=assessment.version, request=request
            )
    except rules.AssessmentError as exc:
        form.add_rule_errors(exc.errors)
        return _refused(request, assessment, exc, form=form)
    except WorkflowError as exc:
        return _refused(request, assessment, exc, form=form)
    messages.success(request, _("事前绩效评估已报送财政审核。") if submit else _("事前绩效评估已保存。"))
    return redirect("assessments:assessment_detail", pk=assessment.pk)


@require_POST
def assessment_transition(request, pk, name):
    """受理审核, 委托再评估 (with its reason and agency), 退回修改 and 报送 from the read-only page."""
    require_business_role(request)
    assessment = _assessment(request, pk)
    if name not in BUTTONS:
        raise Http404
    require_writer(request, _("只读角色不能办理事前绩效评估。"))
    form = TransitionForm(request.POST, agencies=ex.agencies_for(assessment))
    if not form.is_valid():
        return _render(
            request, assessment, status=400, transition_form=form, failed=name, error=_("请修正标出的错误。")
        )
    extra = {"agency": form.cleaned_data["agency"]} if name == "commission" else {}
    try:
        rules.run_transition(
            assessment,
            name,
            request.user,
            comment=form.cleaned_data["comment"],
            seen_version=form.cleaned_data["version"],
            request=request,
            **extra,
        )
    except WorkflowError as exc:
        return _refused(request, assessment, exc, transition_form=form, failed=name)
    messages.success(request, _("已办理“%(a)s”。") % {"a": rules.transition_label(name)})
    return redirect("assessments:assessment_detail", pk=assessment.pk)


@require_POST
def assessment_conclude(request, pk):
    """出具评估结论 (finance): the conclusion, reasons, required changes, opinions, approved amounts."""
    require_business_role(request)
    assessment = _assessment(request, pk)
    require_writer(request, _("只读角色不能出具评估结论。"))
    form = ConclusionForm(request.POST, assessment=assessment)
    if not form.is_valid():
        return _render(request, assessment, status=400, conclusion_form=form, error=_("请修正标出的错误。"))
    d = form.cleaned_data
    try:
        rules.conclude(
            assessment,
            request.user,
            conclusion=d["conclusion"],
            reasons=d["reasons"],
            required_changes=d["required_changes"],
            opinions=form.opinions(),
            approved=form.approved(),
            seen_version=d["version"],
            request=request,
        )
    except rules.AssessmentError as exc:
        form.add_rule_errors(exc.errors)
        return _refused(request, assessment, exc, conclusion_form=form)
    except WorkflowError as exc:
        return _refused(request, assessment, exc, conclusion_form=form)
    messages.success(request, _("已出具评估结论。"))
    return redirect("assessments:assessment_detail", pk=assessment.pk)


# --- attachments -----------------------------------------------------------------------------------


@require_POST
def attachment_upload(request, pk):
    require_business_role(request)
    assessment = _assessment(request, pk)
    require_writer(request, _("只读角色不能上传附件。"))
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, assessment, status=400, attachment_form=form, error=_("请选择要上传的文件。"))
    try:
        rules.store_attachment(
            assessment,
            form.cleaned_data["file"],
            request.user,
            dimension=form.cleaned_data["dimension"],
            request=request,
        )
    except rules.AssessmentError as exc:
        for message in exc.errors.values():
            form.add_error("file", message)
        return _refused(request, assessment, exc, attachment_form=form)
    messages.success(request, _("附件已上传。"))
    return redirect("assessments:assessment_detail", pk=assessment.pk)


def _attachment(request, pk) -> AssessmentAttachment:
    visible = PriorAssessment.objects.visible_to(request.user).values("pk")
    attachment = (
        AssessmentAttachment.objects.filter(pk=pk, assessment_id__in=visible)
        .select_related("assessment")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


@require_GET
def attachment_download(request, pk):
    require_business_role(request)
    attachment = _attachment(request, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@require_POST
def attachment_delete(request, pk):
    require_business_role(request)
    attachment = _attachment(request, pk)
    require_writer(request, _("只读角色不能删除附件。"))
    assessment = attachment.assessment
    try:
        rules.remove_attachment(attachment, request.user, request=request)
    except WorkflowError as exc:
        return _refused(request, assessment, exc)
    messages.success(request, _("附件已删除。"))
    return redirect("assessments:assessment_detail", pk=assessment.pk)


# --- experts ---------------------------------------------------------------------------------------


@require_POST
def assessment_assign(request, pk):
    """Finance assigns a pool expert; a conflict of interest is refused with the reason."""
    require_business_role(request)
    assessment = _assessment(request, pk)
    require_writer(request, _("只读角色不能指派专家。"))
    experts = User.objects.filter(pk__in=ex.pool_for(assessment).values("user_id"))
    form = AssignForm(request.POST, experts=experts)
    if not form.is_valid():
        return _render(request, assessment, status=400, assign_form=form, error=_("请选择专家库中的专家。"))
    try:
        ex.assign(
            assessment,
            form.cleaned_data["expert"],
            request.user,
            no_conflict_declared=form.cleaned_data["no_conflict_declared"],
            request=request,
        )
    except WorkflowError as exc:
        form.add_error("expert", exc.message)
        return _refused(request, assessment, exc, assign_form=form)
    messages.success(request, _("已指派专家：%(u)s") % {"u": form.cleaned_data["expert"].display_name})
    return redirect("assessments:assessment_detail", pk=assessment.pk)


@require_POST
def assignment_end(request, pk):
    require_business_role(request)
    visible = PriorAssessment.objects.visible_to(request.user).values("pk")
    assignment = (
        AssessmentExpertAssignment.objects.filter(pk=pk, assessment_id__in=visible)
        .select_related("assessment__project", "expert")
        .first()
    )
    if assignment is None:
        raise Http404
    require_writer(request, _("只读角色不能调整专家。"))
    try:
        ex.end_assignment(assignment, request.user, request=request)
    except WorkflowError as exc:
        return _refused(request, assignment.assessment, exc)
    messages.success(request, _("已结束专家%(u)s的指派。") % {"u": assignment.expert.display_name})
    return redirect("assessments:assessment_detail", pk=assignment.assessment_id)


@require_http_methods(["GET", "POST"])
def assessment_score(request, pk):
    """The expert's own scoring page (blind: only their own scores until every expert submitted)."""
    require_business_role(request)
    assessment = _assessment(request, pk)
    assignment = ex.my_assignment(assessment, request.user)
    if assignment is None:
        deny(request, _("只有被指派的专家可以评分。"), assessment)
    points = rules.points_of(assessment)
    own = list(assignment.scores.all())
    form = ScoreForm(request.POST or None, points=points, scores=own)
    status = 200
    error = None
    if request.method == "POST":
        status = 400
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                ex.save_scores(assignment, form.entries(), request.user, request=request)
                if submit:
                    ex.submit_scores(assignment, request.user, request=request)
            except rules.AssessmentError as exc:
                for dimension, message in exc.errors.items():
                    name = f"score_{dimension}"
                    form.add_error(name if name in form.fields else None, message)
                error = exc.message
                status = STATUS_CODES.get(exc.code, 400)
            else:
                messages.success(request, _("评分已提交。") if submit else _("评分已保存。"))
                return redirect("assessments:assessment_score", pk=assessment.pk)
        else:
            error = _("请修正标出的错误。")
    can, reason = ex.can_score(request.user, assignment)
    total = sum((s.score for s in own), 0) if own else None
    return render(
        request,
        "assessments/assessment_score.html",
        {
            "assessment": assessment,
            "project": assessment.project,
            "assignment": assignment,
            "form": form,
            "can_score": can,
            "reason": reason,
            "own": own,
            "total": total,
            "dimensions": _dimension_rows(assessment)[0],
            "needs": list(assessment.spending_needs.all()),
            "error": error,
        },
        status=status,
    )


# --- PDF -------------------------------------------------------------------------------------------


@require_GET
def assessment_pdf(request, pk):
    """事前绩效评估报告 as PDF (WeasyPrint, Noto CJK); scoped like the page and audited as EXPORT."""
    require_business_role(request)
    assessment = _assessment(request, pk)
    from assessments.documents import assessment_pdf as render_report

    content = render_report(assessment, request.user)
    audit.record(
        EventKind.EXPORT,
        request.user,
        assessment,
        summary=_("导出事前绩效评估报告：%(p)s") % {"p": assessment.project.name},
        data={"what": "assessments.report_pdf", "assessment": assessment.pk},
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=assessment-{assessment.pk}.pdf"
    return response


# --- joint review ----------------------------------------------------------------------------------


@require_GET
def joint_review_list(request):
    """联合会审 records; finance also sees the projects still waiting for one [000 #16]."""
    require_business_role(request)
    if scope_of(request.user).roles <= {Role.EXPERT}:
        deny(request, _("评审专家不能查看联合会审记录。"))
    data = request.GET.copy()
    data.pop("page", None)
    base = JointReview.objects.visible_to(request.user).for_list().order_by("-meeting_date", "-id")
    filterset = JointReviewFilter(data, queryset=base, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    finance = bool(scope_of(request.user).roles & {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER})
    pending = []
    cached = rules.RulesCache()
    if finance and not is_read_only(request.user):
        reviewed = JointReview.objects.values("project_id")
        for p in (
            Project.objects.visible_to(request.user)
            .filter(status__in=rules.BEFORE_ADMISSION)
            .exclude(pk__in=reviewed)
            .select_related("unit")
            .order_by("-total_amount")[:100]
        ):
            why = rules.needs_joint_review(p, cached(p))
            if why:
                pending.append({"project": p, "why": why})
    return render(
        request,
        "assessments/joint_review_list.html",
        {
            "filter": filterset,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": list(page.object_list),
            "pending": pending,
        },
    )


@require_http_methods(["GET", "POST"])
def joint_review_create(request, project_pk):
    """Record the committee's meeting, members, decision and conditions for one project."""
    require_business_role(request)
    project = get_visible_or_404(
        Project.objects.select_related("unit", "department"), request.user, pk=project_pk
    )
    require_writer(request, _("只读角色不能记录联合会审。"))
    ok, reason = rules.can_record_joint_review(request.user, project)
    if not ok:
        deny(request, reason, project)
    form = JointReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rules.record_joint_review(project, request.user, form.to_input(), request=request)
            except rules.AssessmentError as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
                if not exc.errors:
                    form.add_error(None, exc.message)
            else:
                messages.success(request, _("已记录联合会审结果。"))
                return redirect("budgets:project_detail", pk=project.pk)
    return render(
        request,
        "assessments/joint_review_form.html",
        {
            "form": form,
            "project": project,
            "why": rules.needs_joint_review(project),
            "assessment": rules.latest_assessment(project),
        },
        status=status,
    )
