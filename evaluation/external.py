"""Rules of department and fiscal evaluations (部门评价 [003 三(二)], 财政重点评价 [003 三(三)]).

An evaluation is created by listing a project in a plan (evaluation.plans.add_project), status
已列入计划. The evaluator (the department, or finance for a fiscal one) assigns experts and a
scheme and starts it (评价中); experts score blind (evaluation.experts); the panel fixes the
agreed scores; the draft report goes to 联评联审 and back until it is final (定稿). Finalizing
requires an agreed score for every level-3 criterion and computes the total and the grade.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, RoleAssignment, User
from evaluation.experts import EXTERNAL_KINDS, evaluators_of, is_evaluator, result
from evaluation.models import Assignment, Evaluation, EvaluationPlan
from evaluation.schemes import scheme_errors, schemes_visible_to
from perfapp.models import EventKind
from perfapp.notify import notify
from perfapp.scoping import get_visible_or_404
from perfapp.workflow import TransitionRefused, WorkflowError, perform, save_edit

E = Evaluation.Status
TRANSITIONS = ("start", "to_joint_review", "back_to_work", "finalize")
TRANSITION_LABELS = {
    "start": gettext_lazy("开始评价"),
    "to_joint_review": gettext_lazy("提交联评联审"),
    "back_to_work": gettext_lazy("退回修改"),
    "finalize": gettext_lazy("定稿"),
}


def external_evaluations_visible_to(user):
    return Evaluation.objects.visible_to(user).filter(kind__in=EXTERNAL_KINDS)


def get_evaluation_for_user(user, pk) -> Evaluation:
    qs = Evaluation.objects.filter(kind__in=EXTERNAL_KINDS).select_related(
        "fiscal_year__region", "project", "unit", "department", "scheme", "plan", "target"
    )
    return get_visible_or_404(qs, user, pk=pk)


def _url(evaluation: Evaluation) -> str:
    try:
        return reverse("evaluation:evaluation_detail", args=[evaluation.pk])
    except NoReverseMatch:
        return ""


# --- the transitions' rules ------------------------------------------------------------------------


def start_blockers(evaluation: Evaluation) -> list[str]:
    """开始评价 needs a confirmed plan, a valid scheme and at least one assigned expert or agency."""
    problems = []
    if evaluation.plan_id and evaluation.plan.status != EvaluationPlan.Status.CONFIRMED:
        problems.append(_("评价计划尚未确定"))
    if evaluation.scheme_id is None:
        problems.append(_("尚未选择评价指标体系"))
    elif scheme_errors(evaluation.scheme, evaluation.fiscal_year.policy):
        problems.append(_("评价指标体系“%(s)s”不符合要求") % {"s": evaluation.scheme.name})
    if not Assignment.objects.filter(evaluation=evaluation, active=True).exists():
        problems.append(_("尚未指派专家或第三方机构"))
    return problems


def snapshot_money(evaluation: Evaluation) -> None:
    """The evaluated project's 年初预算数, 全年预算数, 全年执行数 and 执行率 of the year, computed from
    Allocation and Expenditure (never typed) and frozen in the final evaluation and its report."""
    from evaluation.selfeval import execution_of

    money = execution_of(evaluation)
    evaluation.initial_budget = money.initial_budget
    evaluation.annual_budget = money.budget
    evaluation.spent = money.spent
    evaluation.execution_rate = money.execution_rate


def before_finalize(evaluation: Evaluation, user) -> None:
    """定稿 [004 第四十四条 (二)]: every level-3 criterion has its agreed score; the total is their
    sum and the grade comes from the year's bands (one lower for a violation [003 二(四)])."""
    if evaluation.kind not in EXTERNAL_KINDS:
        return
    res = result(evaluation)
    if not res.complete:
        names = "、".join(c.name for c in res.missing) or _("（未选择评价指标体系）")
        raise TransitionRefused(
            _("以下指标尚未认定得分，不能定稿：%(names)s。") % {"names": names}, code="blocked"
        )
    snapshot_money(evaluation)
    evaluation.total_score = res.total
    evaluation.grade = res.grade
    evaluation.grade_label = res.grade_label
    evaluation.downgraded = res.downgraded
    evaluation.policy_version = evaluation.fiscal_year.policy_row.version or None
    evaluation.finalized_at = timezone.now()


def _unit_people(evaluation: Evaluation) -> list[User]:
    ids = RoleAssignment.objects.filter(
        role__in=[Role.UNIT_OFFICER, Role.DEPT_OFFICER],
        organization_id__in=[evaluation.unit_id, evaluation.department_id],
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _experts(evaluation: Evaluation) -> list[User]:
    ids = Assignment.objects.filter(evaluation=evaluation, active=True).values("expert_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def after_transition(evaluation: Evaluation, name: str, user, comment: str) -> None:
    """Notifications of department and fiscal evaluations (queued in the transition's transaction):
    开始评价 → the assigned experts; 联评联审 → the evaluated unit and department and the evaluator's
    side; 退回修改 → the experts; 定稿 → the evaluated unit and department, with the result."""
    if evaluation.kind not in EXTERNAL_KINDS:
        return
    evaluation._external_after_done = True
    url = _url(evaluation)
    if name == "start":
        recipients = _experts(evaluation)
        title = _("绩效评价已开始，请评分：%(e)s") % {"e": evaluation.name}
    elif name == "to_joint_review":
        recipients = _unit_people(evaluation) + evaluators_of(evaluation)
        title = _("评价报告初稿已提交联评联审：%(e)s") % {"e": evaluation.name}
    elif name == "back_to_work":
        recipients = _experts(evaluation) + evaluators_of(evaluation)
        title = _("联评联审意见已退回修改：%(e)s") % {"e": evaluation.name}
    elif name == "finalize":
        # Every way to 定稿 (page, API) also makes the report final and renders its PDF
        # [004 第四十四条 (二)]; finalize_report is idempotent for the page's own button.
        from evaluation.reports import finalize_report

        finalize_report(evaluation, user)
        recipients = _unit_people(evaluation)
        title = _("绩效评价已定稿：%(e)s，总分 %(total)s，等级 %(grade)s") % {
            "e": evaluation.name,
            "total": evaluation.total_score,
            "grade": evaluation.grade_label,
        }
    else:
        return
    seen = set()
    unique = [u for u in recipients if not (u.pk in seen or seen.add(u.pk))]
    notify(EventKind.TRANSITION, user, evaluation, unique, title=title, body=comment, url=url)


def run_transition(evaluation: Evaluation, name: str, user, *, comment="", seen_version=None, request=None):
    """The one entry of pages and API: the start check, then perfapp.workflow.perform; the
    notifications of after_transition run once (here when the model does not dispatch to it)."""
    if name not in TRANSITIONS:
        raise TransitionRefused(_("不存在的操作：%(name)s") % {"name": name}, code="unknown")
    with transaction.atomic():
        if name == "start" and evaluation.status == E.PLANNED and is_evaluator(user, evaluation):
            problems = start_blockers(evaluation)
            if problems:
                raise TransitionRefused(
                    _("不能开始评价：%(p)s。") % {"p": "；".join(problems)}, code="blocked"
                )
        done = perform(evaluation, name, user, comment=comment, seen_version=seen_version, request=request)
        if not getattr(done, "_external_after_done", False):
            after_transition(done, name, user, comment)
    return done


def panel_context(request, evaluation: Evaluation) -> dict:
    """The hook of the evaluation page (evaluation.views_reports): the context of
    templates/evaluation/external/_panel.html."""
    from evaluation.views_external import panel_context as build

    return build(request, evaluation)


# --- editing ---------------------------------------------------------------------------------------


EDITABLE_FIELDS = ("scheme", "violation", "violation_note", "findings", "recommendations")


def can_edit_evaluation(user, evaluation: Evaluation) -> tuple[bool, str]:
    if not is_evaluator(user, evaluation):
        return False, _("只有组织评价的部门或财政可以修改评价信息。")
    if evaluation.status == E.FINAL:
        return False, _("评价已定稿，不能修改。")
    return True, ""


def update_evaluation(evaluation: Evaluation, user, seen_version, *, request=None, **changes) -> Evaluation:
    """The evaluator changes the scheme (only before the evaluation starts), the violation found
    (挤占、挪用 …, which lowers the grade one band) and the findings and recommendations."""
    ok, reason = can_edit_evaluation(user, evaluation)
    if not ok:
        raise WorkflowError(reason, code="permission" if not is_evaluator(user, evaluation) else "state")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise WorkflowError(_("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))}, code="invalid")
    scheme = changes.get("scheme")
    if "scheme" in changes and scheme is not None and scheme.pk != evaluation.scheme_id:
        if evaluation.status != E.PLANNED:
            raise WorkflowError(_("评价已开始，不能更换评价指标体系。"), code="state")
        if not schemes_visible_to(user).filter(pk=scheme.pk, region_id=evaluation.region_id).exists():
            raise WorkflowError(_("请选择本地区的评价指标体系。"), code="invalid")
        errors = scheme_errors(scheme, evaluation.fiscal_year.policy)
        if errors:
            raise WorkflowError(
                _("该评价指标体系不符合要求：%(e)s") % {"e": "；".join(errors)}, code="invalid"
            )
    if (
        "violation" in changes
        and changes["violation"]
        and not (changes.get("violation_note") or evaluation.violation_note)
    ):
        raise WorkflowError(_("存在违规问题时须说明违规情况（挤占、挪用等）。"), code="invalid")
    for field, value in changes.items():
        setattr(evaluation, field, value)
    fields = list(changes)
    with transaction.atomic():
        evaluation = save_edit(evaluation, seen_version, user, fields=fields, request=request)
        if "violation" in changes:
            from evaluation.experts import store_result

            evaluation = store_result(evaluation)
    return evaluation


def schemes_for(evaluation: Evaluation, user):
    """The schemes the evaluator may choose: its region's, the evaluation's category first."""
    return schemes_visible_to(user).filter(region_id=evaluation.region_id).order_by("category", "name")
