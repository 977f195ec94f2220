"""Pages of self-evaluations (绩效自评) and of the scoring-scheme library.

Views are thin: they check access, call the rules in evaluation.selfeval and render. Every read goes
through visible_to(user) — another unit's self-evaluation or evidence file is a 404; a visible one
the user may not change is a 403.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.scoping import scope_of
from budgets.models import FiscalYear
from budgets.policy import PolicyData, describe
from evaluation import selfeval as se
from evaluation.forms_self import (
    ApplySchemeForm,
    CopyFromPolicyForm,
    CopySchemeForm,
    EvidenceForm,
    ImportSchemeForm,
    OpenSeasonForm,
    ReviewForm,
    RowFormSet,
    SchemeEditForm,
    SelfEvaluationFilter,
    SelfEvaluationForm,
    ViolationForm,
)
from evaluation.models import Attachment, Evaluation, Season, SelfEvaluationRow
from perfapp import audit
from perfapp.access import deny, is_read_only, require_business_role, require_writer
from perfapp.models import EventKind
from perfapp.workflow import WorkflowError, available_transitions, history_of

PAGE_SIZE = 20
PREFIX = "row"
STATUS_OF_CODE = {"stale": 409, "permission": 403}


def _status(exc: WorkflowError) -> int:
    return STATUS_OF_CODE.get(exc.code, 400)


# --- list and season ---------------------------------------------------------------------------------


def _admin_years(user):
    """The fiscal years of the finance admin's regions (others: none)."""
    scope = scope_of(user)
    if Role.FINANCE_ADMIN not in scope.roles or not scope.region_ids or is_read_only(user):
        return FiscalYear.objects.none()
    return FiscalYear.objects.filter(region_id__in=scope.region_ids).select_related("region")


@require_GET
def self_list(request):
    """绩效自评: the self-evaluations the user sees, with filters; the finance admin opens a season."""
    require_business_role(request)
    data = request.GET.copy()
    data.pop("page", None)
    years = FiscalYear.objects.visible_to(request.user).order_by("-is_current", "-year")
    latest = years.first()
    grades = [b.label for b in latest.policy.self_evaluation.bands] if latest else []
    base = (
        se.self_evaluations_visible_to(request.user)
        .for_list()
        # By the table's own columns (grouped by department, then unit), read in the order of the
        # index evaluation_evaluation_list_order: ordering by the joined codes sorted every row.
        .order_by("-year", "department_id", "unit_id", "pk")
    )
    filterset = SelfEvaluationFilter(data, queryset=base, request=request, grades=grades)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    admin_years = _admin_years(request.user)
    openable = admin_years.filter(self_evaluation_season__isnull=True).order_by("-is_current", "-year")
    open_form = OpenSeasonForm(years=openable) if openable.exists() else None
    seasons = (
        Season.objects.filter(fiscal_year__in=years)
        .select_related("fiscal_year__region", "deadline")
        .order_by("-fiscal_year__year")
    )
    return render(
        request,
        "evaluation/self/list.html",
        {
            "filter": filterset,
            "page": page,
            "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": list(page.object_list),
            "open_form": open_form,
            "seasons": list(seasons),
            "can_manage_schemes": se.can_manage_schemes(request.user) and not is_read_only(request.user),
        },
    )


@require_POST
def self_open_season(request):
    """开启自评: one self-evaluation per approved target of the year (idempotent)."""
    require_writer(request, _("只读角色不能开启绩效自评。"))
    form = OpenSeasonForm(request.POST, years=_admin_years(request.user))
    if not form.is_valid():
        deny(request, _("只有本地区财政绩效管理员可以开启绩效自评。"))
    fiscal_year = form.cleaned_data["fiscal_year"]
    try:
        season = se.open_season(fiscal_year, request.user, request=request)
    except WorkflowError as exc:
        deny(request, exc.message, fiscal_year)
    n = Evaluation.objects.filter(fiscal_year=fiscal_year, kind=Evaluation.Kind.SELF).count()
    messages.success(
        request,
        _("已开启%(year)s年度绩效自评（截止 %(due)s），共 %(n)s 份自评。")
        % {"year": fiscal_year.year, "due": f"{season.deadline.due:%Y-%m-%d}", "n": n},
    )
    return redirect(f"{reverse('evaluation:self_list')}?year={fiscal_year.year}")


# --- the form ------------------------------------------------------------------------------------------


def _evaluation(request, pk) -> Evaluation:
    require_business_role(request)
    return se.get_self_evaluation_for_user(request.user, pk)


def _rows_qs(evaluation):
    return SelfEvaluationRow.objects.filter(evaluation=evaluation).order_by("order", "pk")


def _context(
    request,
    evaluation,
    *,
    form=None,
    formset=None,
    review_form=None,
    violation_form=None,
    evidence_form=None,
    error=None,
    problems=None,
):
    user = request.user
    editable = se.can_edit(user, evaluation)[0]
    scheme = se.scheme_of(evaluation)
    money = se.money_of(evaluation)
    rows = list(_rows_qs(evaluation))
    if editable:
        form = form or SelfEvaluationForm(instance=evaluation)
        formset = formset or RowFormSet(queryset=_rows_qs(evaluation), prefix=PREFIX, scheme=scheme)
        forms_by_row = {f.instance.pk: f for f in formset.forms}
    else:
        form = formset = None
        forms_by_row = {}
    evidence = defaultdict(list)
    for a in Attachment.objects.filter(evaluation=evaluation, row__isnull=False).order_by(
        "uploaded_at", "pk"
    ):
        evidence[a.row_id].append(a)
    names = set() if is_read_only(user) else {t.name for t in available_transitions(evaluation, user)}
    step = se.REVIEW_STEPS.get(evaluation.status)
    can_review = bool(step and step[0] in names)
    can_violation = se.can_record_violation(user, evaluation)[0]
    bands = {b.key: b.label for b in scheme.qualitative_bands}
    try:
        live = se.score_of(evaluation, rows, money=money, scheme=scheme)
    except se.ScoringError:
        live = None
    return {
        "evaluation": evaluation,
        "money": money,
        "scheme": scheme,
        "bands": bands,
        "grade_bands": _grade_bands(scheme),
        "live": live,
        "stale_score": bool(
            live and evaluation.total_score is not None and editable and live.total != evaluation.total_score
        ),
        "below_line": money.execution_rate is not None
        and money.execution_rate < scheme.explanation_below_rate * 100,
        "line": scheme.explanation_below_rate * 100,
        "form": form,
        "formset": formset,
        "rows": [
            {
                "row": r,
                "form": forms_by_row.get(r.pk),
                "evidence": evidence.get(r.pk, []),
                "achievement": _share(r.achievement),
            }
            for r in rows
        ],
        "editable": editable,
        "can_review": can_review,
        "review_title": step[2] if step else "",
        "review_form": review_form or ReviewForm(initial={"version": evaluation.version}),
        "can_violation": can_violation,
        "violation_form": violation_form
        or ViolationForm(
            initial={
                "violation": evaluation.violation,
                "violation_note": evaluation.violation_note,
                "version": evaluation.version,
            }
        ),
        "evidence_form": evidence_form or (EvidenceForm(rows=rows) if editable else None),
        "evidence_limit_mb": se.evidence_max_bytes() // (1024 * 1024),
        "error": error,
        "problems": problems or [],
        "transitions": [
            {"log": log, "label": str(se.TRANSITION_LABELS.get(log.transition, log.transition))}
            for log in history_of(evaluation).order_by("-at", "-id")
        ],
    }


def _share(value) -> str:
    return "" if value is None else f"{(value * 100).quantize(Decimal('0.01')).normalize():f}%"


def _grade_bands(scheme) -> str:
    """优 ≥ 90、良 ≥ 80、中 ≥ 60、差 < 60 — the scheme's bands as the form prints them."""
    bands = sorted(scheme.bands, key=lambda b: b.min_score, reverse=True)
    parts = [f"{b.label} ≥ {b.min_score.normalize():f}" for b in bands[:-1]]
    if bands:
        last = bands[-2].min_score.normalize() if len(bands) > 1 else 0
        parts.append(f"{bands[-1].label} < {last:f}" if len(bands) > 1 else bands[-1].label)
    return "、".join(parts)


def _render(request, evaluation, status=200, **kwargs):
    return render(
        request, "evaluation/self/detail.html", _context(request, evaluation, **kwargs), status=status
    )


@require_http_methods(["GET", "POST"])
def self_detail(request, pk):
    """项目支出绩效自评表: read-only, or the declarer's form while editable.

    保存 writes the input and recomputes the score (scores are never typed); 保存并报送 checks the
    input first (evaluation.selfeval.submission_problems) and shows each gap beside its field with
    nothing saved. A stale version is refused with the input kept.
    """
    evaluation = _evaluation(request, pk)
    if request.method == "GET":
        return _render(request, evaluation)
    require_writer(request, _("只读角色不能填写绩效自评。"))
    ok, reason = se.can_edit(request.user, evaluation)
    if not ok:
        deny(request, reason, evaluation)
    scheme = se.scheme_of(evaluation)
    form = SelfEvaluationForm(request.POST, instance=evaluation)
    formset = RowFormSet(request.POST, queryset=_rows_qs(evaluation), prefix=PREFIX, scheme=scheme)
    submit = request.POST.get("action") == "submit"
    if not (form.is_valid() and formset.is_valid()):
        return _render(request, evaluation, 400, form=form, formset=formset, error=_("请修正标出的错误。"))
    if submit:
        by_row = {f.instance.pk: f for f in formset.forms}
        problems = se.submission_problems(form.instance, [f.instance for f in formset.forms])
        if problems:
            for row_id, field, message in problems:
                target = form if row_id is None else by_row.get(row_id)
                if target is not None and field in target.fields:
                    target.add_error(field, message)
                elif target is not None and field == "achievement" and "achievement_pct" in target.fields:
                    target.add_error("achievement_pct", message)
            return _render(
                request,
                evaluation,
                400,
                form=form,
                formset=formset,
                error=_("绩效自评还不完整，未报送。"),
                problems=[m for _r, _f, m in problems],
            )
    fields = {name: form.cleaned_data[name] for name in se.INPUT_FIELDS}
    rows = {f.instance.pk: f.values() for f in formset.forms}
    fresh = se.get_self_evaluation_for_user(request.user, pk)
    try:
        # Saved and submitted together, or neither (a refused submission keeps the input on screen).
        with transaction.atomic():
            fresh, problem = se.save_inputs(
                fresh,
                request.user,
                fields=fields,
                rows=rows,
                seen_version=form.cleaned_data["version"],
                request=request,
            )
            if submit:
                se.run_transition(fresh, "submit", request.user, seen_version=fresh.version, request=request)
    except WorkflowError as exc:
        if exc.code == "permission":
            deny(request, exc.message, evaluation)
        current = se.get_self_evaluation_for_user(request.user, pk)
        return _render(request, current, _status(exc), form=form, formset=formset, error=exc.message)
    if submit:
        messages.success(request, _("绩效自评已报送，得分已重新计算。"))
    elif problem:
        messages.warning(request, _("已保存，但暂不能计算得分：%(p)s") % {"p": problem})
    else:
        messages.success(request, _("已保存，得分已重新计算。"))
    return redirect("evaluation:self_detail", pk=pk)


@require_POST
def self_review(request, pk):
    """部门初审, 财政业务审核, 财政技术审核: approve, or return with a comment [003 三(一)]."""
    evaluation = _evaluation(request, pk)
    require_writer(request, _("只读角色不能审核绩效自评。"))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _render(request, evaluation, 400, review_form=form, error=_("请完成审核意见。"))
    d = form.cleaned_data
    try:
        se.review(
            evaluation,
            request.user,
            approved=d["decision"] == "approve",
            comment=d["comment"],
            seen_version=d["version"],
            request=request,
        )
    except WorkflowError as exc:
        if exc.code == "permission":
            deny(request, exc.message, evaluation)
        return _render(request, evaluation, _status(exc), review_form=form, error=exc.message)
    messages.success(request, _("审核已办理。"))
    return redirect("evaluation:self_detail", pk=pk)


@require_POST
def self_violation(request, pk):
    """Finance records a violation found (挤占、挪用 …): one band lower [003 二(四)]."""
    evaluation = _evaluation(request, pk)
    require_writer(request, _("只读角色不能认定违规问题。"))
    ok, reason = se.can_record_violation(request.user, evaluation)
    if not ok:
        deny(request, reason, evaluation)
    form = ViolationForm(request.POST)
    if not form.is_valid():
        return _render(request, evaluation, 400, violation_form=form, error=_("请修正标出的错误。"))
    d = form.cleaned_data
    try:
        se.record_violation(
            evaluation,
            request.user,
            violation=d["violation"],
            note=d["violation_note"],
            seen_version=d["version"],
            request=request,
        )
    except WorkflowError as exc:
        return _render(request, evaluation, _status(exc), violation_form=form, error=exc.message)
    messages.success(request, _("违规问题认定已保存，评价等级已重新计算。"))
    return redirect("evaluation:self_detail", pk=pk)


# --- evidence ----------------------------------------------------------------------------------------


@require_POST
def self_evidence_upload(request, pk):
    evaluation = _evaluation(request, pk)
    require_writer(request, _("只读角色不能上传佐证材料。"))
    ok, reason = se.can_edit(request.user, evaluation)
    if not ok:
        deny(request, reason, evaluation)
    form = EvidenceForm(request.POST, request.FILES, rows=list(_rows_qs(evaluation)))
    if not form.is_valid():
        return _render(request, evaluation, 400, evidence_form=form, error=_("请选择指标和文件。"))
    try:
        attachment = se.add_evidence(
            evaluation, form.cleaned_data["row"], form.cleaned_data["file"], request.user, request=request
        )
    except WorkflowError as exc:
        form.add_error("file", exc.message)
        return _render(request, evaluation, _status(exc), evidence_form=form, error=exc.message)
    messages.success(request, _("已上传佐证材料：%(n)s") % {"n": attachment.name})
    return redirect("evaluation:self_detail", pk=pk)


@require_GET
def self_evidence_download(request, pk):
    """An evidence file, for those who see its self-evaluation (others: 404)."""
    require_business_role(request)
    attachment = se.get_evidence_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@require_POST
def self_evidence_delete(request, pk):
    require_business_role(request)
    attachment = se.get_evidence_for_user(request.user, pk)
    require_writer(request, _("只读角色不能删除佐证材料。"))
    try:
        se.remove_evidence(attachment, request.user, request=request)
    except WorkflowError as exc:
        deny(request, exc.message, attachment.evaluation)
    messages.success(request, _("已删除佐证材料。"))
    return redirect("evaluation:self_detail", pk=attachment.evaluation_id)


# --- scoring schemes ---------------------------------------------------------------------------------


def _scheme_admin(request):
    require_business_role(request)
    if not se.can_manage_schemes(request.user) or is_read_only(request.user):
        deny(request, _("只有财政绩效管理员可以管理自评评分规则。"))


def _scheme_rows(scheme) -> list[dict]:
    sections = describe(PolicyData(self_evaluation=scheme))
    return next(s["rows"] for s in sections if s["key"] == "self_evaluation")


@require_http_methods(["GET", "POST"])
def scoring_scheme_list(request):
    """自评评分规则库: copy the year's scheme, import another bureau's JSON, then edit and apply."""
    _scheme_admin(request)
    years = _admin_years(request.user).order_by("-year")
    copy_form = CopyFromPolicyForm(years=years)
    import_form = ImportSchemeForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "copy_policy":
                copy_form = CopyFromPolicyForm(request.POST, years=years)
                if copy_form.is_valid():
                    obj = se.copy_policy_scheme(
                        request.user,
                        copy_form.cleaned_data["fiscal_year"],
                        name=copy_form.cleaned_data["name"],
                        request=request,
                    )
                    messages.success(request, _("已复制为评分规则：%(n)s") % {"n": obj.name})
                    return redirect("evaluation:scoring_scheme_detail", pk=obj.pk)
            elif action == "import":
                import_form = ImportSchemeForm(request.POST, request.FILES)
                if import_form.is_valid():
                    upload = import_form.cleaned_data["file"]
                    if upload.size > 1024 * 1024:
                        raise WorkflowError(_("评分规则文件不能超过 1 MB。"), code="invalid")
                    scheme = se.parse_scheme_json(upload.read())
                    obj = se.create_scoring_scheme(
                        request.user,
                        name=import_form.cleaned_data["name"],
                        scheme=scheme,
                        description=_("导入自 %(f)s") % {"f": upload.name},
                        request=request,
                    )
                    messages.success(request, _("已导入评分规则：%(n)s") % {"n": obj.name})
                    return redirect("evaluation:scoring_scheme_detail", pk=obj.pk)
            else:
                raise Http404
        except WorkflowError as exc:
            (copy_form if action == "copy_policy" else import_form).add_error(None, exc.message)
        status = 400
    schemes = se.scoring_schemes_visible_to(request.user).select_related("copied_from", "created_by")
    return render(
        request,
        "evaluation/self/scheme_list.html",
        {"schemes": schemes, "copy_form": copy_form, "import_form": import_form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def scoring_scheme_detail(request, pk):
    """One scheme: what it says, its JSON to edit, copy, export and apply to a year."""
    _scheme_admin(request)
    obj = se.get_scoring_scheme_for_user(request.user, pk)
    form = SchemeEditForm(
        initial={"name": obj.name, "description": obj.description, "data": se.scheme_json(obj)}
    )
    status = 200
    if request.method == "POST":
        form = SchemeEditForm(request.POST)
        if form.is_valid():
            try:
                scheme = se.parse_scheme_json(form.cleaned_data["data"])
                se.update_scoring_scheme(
                    obj,
                    request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    scheme=scheme,
                    request=request,
                )
            except WorkflowError as exc:
                form.add_error("data", exc.message)
            else:
                messages.success(request, _("评分规则已保存。"))
                return redirect("evaluation:scoring_scheme_detail", pk=obj.pk)
        status = 400
    years = _admin_years(request.user).order_by("-year")
    return render(
        request,
        "evaluation/self/scheme_detail.html",
        {
            "obj": obj,
            "rows": _scheme_rows(obj.scheme),
            "form": form,
            "copy_form": CopySchemeForm(initial={"name": _("%(n)s（副本）") % {"n": obj.name}}),
            "apply_form": ApplySchemeForm(years=years),
        },
        status=status,
    )


@require_POST
def scoring_scheme_copy(request, pk):
    _scheme_admin(request)
    obj = se.get_scoring_scheme_for_user(request.user, pk)
    form = CopySchemeForm(request.POST)
    if form.is_valid():
        try:
            copy = se.copy_scoring_scheme(obj, request.user, name=form.cleaned_data["name"], request=request)
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已复制为：%(n)s") % {"n": copy.name})
            return redirect("evaluation:scoring_scheme_detail", pk=copy.pk)
    else:
        messages.error(request, _("请填写新名称。"))
    return redirect("evaluation:scoring_scheme_detail", pk=obj.pk)


@require_POST
def scoring_scheme_apply(request, pk):
    """应用到年度: a new Policy version of the year with this self-evaluation section."""
    _scheme_admin(request)
    obj = se.get_scoring_scheme_for_user(request.user, pk)
    form = ApplySchemeForm(request.POST, years=_admin_years(request.user))
    if not form.is_valid():
        messages.error(request, _("请选择预算年度。"))
        return redirect("evaluation:scoring_scheme_detail", pk=obj.pk)
    fiscal_year = form.cleaned_data["fiscal_year"]
    try:
        row = se.apply_scoring_scheme(obj, fiscal_year, request.user, request=request)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已将“%(n)s”设为%(y)s年度的自评评分规则（政策参数第 %(v)s 版）。")
            % {"n": obj.name, "y": fiscal_year.year, "v": row.version},
        )
    return redirect("evaluation:scoring_scheme_detail", pk=obj.pk)


@require_POST
def scoring_scheme_delete(request, pk):
    _scheme_admin(request)
    obj = se.get_scoring_scheme_for_user(request.user, pk)
    name = obj.name
    try:
        se.delete_scoring_scheme(obj, request.user, request=request)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return redirect("evaluation:scoring_scheme_detail", pk=pk)
    messages.success(request, _("已删除评分规则：%(n)s") % {"n": name})
    return redirect("evaluation:scoring_scheme_list")


@require_GET
def scoring_scheme_export(request, pk):
    """The scheme as JSON, to hand to another bureau (an EXPORT audit event)."""
    _scheme_admin(request)
    obj = se.get_scoring_scheme_for_user(request.user, pk)
    audit.record(
        EventKind.EXPORT,
        request.user,
        obj,
        summary=_("导出自评评分规则：%(n)s") % {"n": obj.name},
        request=request,
    )
    response = HttpResponse(se.scheme_json(obj), content_type="application/json; charset=utf-8")
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, f"{obj.name}.json")
    return response
