"""绩效问责 [004 第四十四—四十六条]: finance records a case — the organization or person, the facts
and the measure taken (不予安排预算, 收回资金, 减少下年度预算, 约谈整改, 通报批评 … [004 第四十六条]) —
linked to the project and evaluation it concerns.

Who: the finance staff of the case's region — the reviewer of the division that manages the
department (归口) or the region's finance admin (accounts.guards.finance_of). Units and departments
read their own cases; experts see none (AccountabilityCase has no expert path).

Consistency: the responsible unit, its department and region are derived from the evaluation, else
the project, else the chosen organization — never taken from input that contradicts them.

Suggestions: the system proposes candidates from its own data for finance to decide on
[004 第四十五条（一）（四）（五）]: a project with money in a year and no declared target, a monitoring
report not submitted after its round's due date, a finished evaluation graded 差, a rectification
item past its deadline and not closed. A suggestion turned into a case (`source`, `source_ref`) or
dismissed with a reason (AccountabilityDismissal) is not offered again. Each kind is one scoped
queryset, so a page of suggestions costs the same few queries however many rows there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.guards import finance_of
from accounts.models import Organization, Role
from accounts.scoping import scope_of
from budgets.models import Allocation, Project
from evaluation.models import Evaluation
from monitoring.models import MonitoringReport
from monitoring.warnings import NOT_SUBMITTED
from perfapp import audit
from perfapp.models import EventKind
from perfapp.workflow import WorkflowError, save_edit
from results.models import AccountabilityCase, AccountabilityDismissal, Rectification
from targets.models import Target

Case = AccountabilityCase.Case
Measure = AccountabilityCase.Measure

#: The kinds of suggestion, in the order the page shows them.
SUGGESTION_KINDS = (Case.NO_TARGET, Case.NO_MONITORING, Case.POOR_GRADE, Case.RECTIFICATION_OVERDUE)
#: The suggestion kinds as choices (forms, API; one enum in the OpenAPI schema).
SUGGESTION_CHOICES = [(k.value, k.label) for k in SUGGESTION_KINDS]
#: Finished evaluations whose grade counts (a spot check re-scores another evaluation: not itself).
GRADED_KINDS = (
    Evaluation.Kind.SELF,
    Evaluation.Kind.DEPARTMENT,
    Evaluation.Kind.FISCAL,
    Evaluation.Kind.RE_EVALUATION,
)
FINISHED = (Evaluation.Status.FINAL, Evaluation.Status.ACCEPTED)
POOR = Q(grade="poor") | Q(grade_label="差")

#: The fields a user edits; the scope keys and the suggestion source are derived.
EDITABLE = (
    "year",
    "case",
    "unit",
    "department",
    "region",
    "person",
    "project",
    "evaluation",
    "facts",
    "measure",
    "measure_note",
    "decided_on",
)


def refused(message: str, code: str = "invalid") -> WorkflowError:
    """A refusal with a Chinese message; perfapp.api maps the code (permission → 403, stale → 409)."""
    return WorkflowError(message, code=code)


def is_finance(user) -> bool:
    return bool(scope_of(user).roles & {Role.FINANCE_ADMIN, Role.FINANCE_REVIEWER})


# --- recording a case ------------------------------------------------------------------------------


@dataclass
class CaseData:
    """What a user enters for a case (the page form and the API serializer both build this)."""

    year: int
    case: str
    facts: str
    measure: str
    decided_on: datetime.date
    unit: Organization | None = None
    project: Project | None = None
    evaluation: Evaluation | None = None
    person: str = ""
    measure_note: str = ""

    @classmethod
    def from_values(cls, d: dict) -> CaseData:
        """From a form's cleaned_data or a serializer's validated_data."""
        return cls(
            year=d["year"],
            case=d["case"],
            facts=d["facts"],
            measure=d["measure"],
            decided_on=d["decided_on"],
            unit=d.get("unit"),
            project=d.get("project"),
            evaluation=d.get("evaluation"),
            person=d.get("person", ""),
            measure_note=d.get("measure_note", ""),
        )


def _owner(data: CaseData) -> tuple[Organization, int, int, Project | None]:
    """(responsible organization, department id, region id, project) derived from the evaluation,
    else the project, else the chosen organization; contradicting input is refused."""
    evaluation, project, unit = data.evaluation, data.project, data.unit
    if evaluation is not None:
        if evaluation.project_id and project is not None and project.pk != evaluation.project_id:
            raise refused(_("所选项目与绩效评价的项目不一致。"))
        project = evaluation.project if evaluation.project_id else project
        if project is not None and not evaluation.project_id and project.unit_id != evaluation.unit_id:
            raise refused(_("所选项目与绩效评价不属于同一单位。"))
        owner, department_id, region_id = evaluation.unit, evaluation.department_id, evaluation.region_id
    elif project is not None:
        owner, department_id, region_id = project.unit, project.department_id, project.region_id
    elif unit is not None:
        if unit.kind == Organization.Kind.DEPARTMENT:
            department_id = unit.pk
        elif unit.kind == Organization.Kind.UNIT and unit.parent_id:
            department_id = unit.parent_id
        else:
            raise refused(_("问责对象应为主管部门或预算单位。"))
        owner, region_id = unit, unit.region_id
    else:
        raise refused(_("请选择责任单位，或关联的项目、绩效评价。"))
    if unit is not None and unit.pk != owner.pk:
        raise refused(_("责任单位应为所关联项目（评价）的单位“%(name)s”。") % {"name": owner.name})
    return owner, department_id, region_id, project


def _check_content(data: CaseData, today: datetime.date) -> None:
    if data.case not in Case.values:
        raise refused(_("请选择问责情形。"))
    if data.measure not in Measure.values:
        raise refused(_("请选择处理措施。"))
    if not (data.facts or "").strip():
        raise refused(_("请填写问责事实。"))
    if data.decided_on > today:
        raise refused(_("决定日期不能晚于今天。"))


def _apply(obj: AccountabilityCase, data: CaseData, user, today: datetime.date) -> None:
    _check_content(data, today)
    owner, department_id, region_id, project = _owner(data)
    obj.year = data.year
    obj.case = data.case
    obj.unit = owner
    obj.department_id = department_id
    obj.region_id = region_id
    obj.project = project
    obj.evaluation = data.evaluation
    obj.person = (data.person or "").strip()
    obj.facts = data.facts.strip()
    obj.measure = data.measure
    obj.measure_note = (data.measure_note or "").strip()
    obj.decided_on = data.decided_on
    if not finance_of(obj, user):
        raise refused(
            _("只有该部门的财政业务科室或本地区财政绩效管理人员可以登记和修改问责记录。"),
            code="permission",
        )


def can_record(user, obj) -> bool:
    """Whether `user` may edit `obj` (the finance staff of its department or region)."""
    return finance_of(obj, user)


def create_case(
    user, data: CaseData, *, source: str = "", source_ref: int | None = None, today=None, request=None
) -> AccountabilityCase:
    """Record a case [004 第四十四—四十六条]; from a suggestion when `source` and `source_ref` are
    given (it must still be open: a suggestion is turned into one case only)."""
    today = today or timezone.localdate()
    obj = AccountabilityCase(created_by=user)
    _apply(obj, data, user, today)
    if source:
        if find_suggestion(user, source, source_ref, data.year, today=today) is None:
            raise refused(_("该问责线索已立案或已处理，或不在您的管理范围内。"), code="state")
        obj.source, obj.source_ref = source, source_ref
    with transaction.atomic():
        obj.save()
        audit.record(
            EventKind.CREATED,
            user,
            obj,
            summary=_("登记问责记录：%(obj)s") % {"obj": obj},
            data={"measure": obj.measure, "source": obj.source, "source_ref": obj.source_ref},
            request=request,
        )
    return obj


def update_case(
    obj: AccountabilityCase, user, data: CaseData, seen_version, *, today=None, request=None
) -> AccountabilityCase:
    """Edit a case unless someone else changed it since the form was loaded (StaleObject)."""
    today = today or timezone.localdate()
    if not finance_of(obj, user):
        raise refused(
            _("只有该部门的财政业务科室或本地区财政绩效管理人员可以修改问责记录。"), code="permission"
        )
    _apply(obj, data, user, today)
    return save_edit(obj, seen_version, user, list(EDITABLE), request=request)


# --- suggestions ----------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """One candidate for finance to decide on; carries the scope keys the guards read."""

    kind: str
    ref: int
    year: int
    unit: Organization
    unit_id: int
    department_id: int
    region_id: int
    facts: str
    project: Project | None = None
    evaluation: Evaluation | None = None

    @property
    def kind_label(self) -> str:
        return Case(self.kind).label

    @property
    def department(self):
        return self.unit.parent if self.unit.kind == Organization.Kind.UNIT else self.unit


def _not_handled(qs, kind: str, ref: str = "pk", year: str | None = None):
    """Leave out the rows already turned into a case or dismissed (two anti-joins, no per-row query)."""
    cases = AccountabilityCase.objects.filter(source=kind, source_ref=OuterRef(ref))
    dismissed = AccountabilityDismissal.objects.filter(source=kind, source_ref=OuterRef(ref))
    if year:
        cases = cases.filter(year=OuterRef(year))
        dismissed = dismissed.filter(year=OuterRef(year))
    return qs.exclude(Exists(cases)).exclude(Exists(dismissed))


def no_target_rows(user, year: int | None = None):
    """(project, year, money) of every visible project with money in a year and no target declared
    for it (nothing beyond 填报中) [004 第四十五条（一）不按规定编报绩效目标]."""
    declared = Target.objects.filter(project_id=OuterRef("project_id"), year=OuterRef("year")).exclude(
        status=Target.Status.DRAFT
    )
    qs = Allocation.objects.visible_to(user).exclude(Exists(declared))
    if year:
        qs = qs.filter(year=year)
    qs = _not_handled(qs, Case.NO_TARGET, ref="project_id", year="year")
    return (
        qs.values("project_id", "year")
        .annotate(amount=Sum("total_amount"))
        .filter(amount__gt=0)
        .order_by("-year", "project_id")
    )


def no_monitoring_rows(user, year: int | None = None, today=None):
    """Monitoring reports not submitted after their round's due date [004 第四十五条（四）未履行“双监控”职责]."""
    today = today or timezone.localdate()
    qs = MonitoringReport.objects.visible_to(user).filter(status__in=NOT_SUBMITTED, round__due__lt=today)
    if year:
        qs = qs.filter(year=year)
    return (
        _not_handled(qs, Case.NO_MONITORING)
        .select_related("round", "target", "project", "unit__parent")
        .order_by("round__due", "pk")
    )


def poor_grade_rows(user, year: int | None = None):
    """Finished evaluations graded 差 [004 第四十五条（五）绩效达不到预定目标且偏差较大]."""
    qs = Evaluation.objects.visible_to(user).filter(POOR, kind__in=GRADED_KINDS, status__in=FINISHED)
    if year:
        qs = qs.filter(year=year)
    return _not_handled(qs, Case.POOR_GRADE).select_related("project", "unit__parent").order_by("-year", "pk")


def rectification_overdue_rows(user, year: int | None = None, today=None):
    """Rectification items past their deadline and not closed [000 #17][004 第四十五条（六）]."""
    today = today or timezone.localdate()
    qs = (
        Rectification.objects.visible_to(user)
        .exclude(status=Rectification.Status.CLOSED)
        .filter(deadline__lt=today)
    )
    if year:
        qs = qs.filter(year=year)
    return (
        _not_handled(qs, Case.RECTIFICATION_OVERDUE)
        .select_related("project", "evaluation", "unit__parent")
        .order_by("deadline", "pk")
    )


def suggestion_rows(user, kind: str, year: int | None = None, today=None):
    """The queryset of one kind (paginate it, then pass the page to `build`)."""
    if kind == Case.NO_TARGET:
        return no_target_rows(user, year)
    if kind == Case.NO_MONITORING:
        return no_monitoring_rows(user, year, today)
    if kind == Case.POOR_GRADE:
        return poor_grade_rows(user, year)
    if kind == Case.RECTIFICATION_OVERDUE:
        return rectification_overdue_rows(user, year, today)
    raise refused(_("不支持的线索类型。"))


def counts(user, year: int | None = None, today=None) -> dict[str, int]:
    """How many open suggestions of each kind (one count query per kind)."""
    return {kind: suggestion_rows(user, kind, year, today).count() for kind in SUGGESTION_KINDS}


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _suggestion(kind: str, row, facts: str, *, year=None, project=None, evaluation=None) -> Suggestion:
    """A suggestion about `row` (any scoped object: its pk is the reference, its keys the scope)."""
    return Suggestion(
        kind=kind,
        ref=row.pk,
        year=row.year if year is None else year,
        unit=row.unit,
        unit_id=row.unit_id,
        department_id=row.department_id,
        region_id=row.region_id,
        facts=facts,
        project=project,
        evaluation=evaluation,
    )


def _no_target_facts(project: Project, r: dict, today) -> str:
    return _("项目“%(name)s”%(year)s年度安排预算%(amount)s元，未按规定申报绩效目标。") % {
        "name": project.name,
        "year": r["year"],
        "amount": _money(r["amount"]),
    }


def _no_monitoring_facts(r: MonitoringReport, today) -> str:
    return _("“%(name)s”%(round)s绩效监控报告应于%(due)s前报送，已逾期%(days)s天仍未报送。") % {
        "name": r.project.name if r.project_id else r.target.name,
        "round": r.round.name,
        "due": r.round.due.isoformat(),
        "days": (today - r.round.due).days,
    }


def _poor_grade_facts(r: Evaluation, today) -> str:
    score = "" if r.total_score is None else _("得分%(score)s，") % {"score": r.total_score}
    return _("%(kind)s“%(name)s”（%(year)s年度）%(score)s评价等级为“差”。") % {
        "kind": r.get_kind_display(),
        "name": r.name,
        "year": r.year,
        "score": score,
    }


def _rectification_facts(r: Rectification, today) -> str:
    return _("整改事项“%(problem)s”整改期限为%(deadline)s，已逾期%(days)s天未整改到位（%(status)s）。") % {
        "problem": r.problem[:60],
        "deadline": r.deadline.isoformat(),
        "days": (today - r.deadline).days,
        "status": r.get_status_display(),
    }


def build(kind: str, rows, today=None) -> list[Suggestion]:
    """Suggestions from one page of rows (one more query for the no-target kind's projects)."""
    today = today or timezone.localdate()
    rows = list(rows)
    if kind == Case.NO_TARGET:
        projects = Project.objects.select_related("unit__parent").in_bulk([r["project_id"] for r in rows])
        return [
            _suggestion(
                kind,
                projects[r["project_id"]],
                _no_target_facts(projects[r["project_id"]], r, today),
                year=r["year"],
                project=projects[r["project_id"]],
            )
            for r in rows
        ]
    if kind == Case.NO_MONITORING:
        return [_suggestion(kind, r, _no_monitoring_facts(r, today), project=r.project) for r in rows]
    if kind == Case.POOR_GRADE:
        return [
            _suggestion(kind, r, _poor_grade_facts(r, today), project=r.project, evaluation=r) for r in rows
        ]
    if kind == Case.RECTIFICATION_OVERDUE:
        return [
            _suggestion(kind, r, _rectification_facts(r, today), project=r.project, evaluation=r.evaluation)
            for r in rows
        ]
    return []


def find_suggestion(user, kind: str, ref, year: int | None = None, today=None) -> Suggestion | None:
    """The open suggestion `kind`/`ref` (and `year` for a project without target) `user` can see, or None."""
    if kind not in SUGGESTION_KINDS:
        return None
    try:
        ref = int(ref)
    except (TypeError, ValueError):
        return None
    rows = suggestion_rows(user, kind, None, today)
    if kind == Case.NO_TARGET:
        if not year:
            return None
        rows = rows.filter(project_id=ref, year=year)
    else:
        rows = rows.filter(pk=ref)
    found = build(kind, rows[:1], today)
    return found[0] if found else None


def dismiss(user, kind: str, ref, year, reason: str, *, today=None, request=None) -> AccountabilityDismissal:
    """Finance decides a suggestion needs no accountability; the reason is required and kept."""
    if not (reason or "").strip():
        raise refused(_("不予问责须填写理由。"))
    suggestion = find_suggestion(user, kind, ref, year, today)
    if suggestion is None:
        raise refused(_("该问责线索已立案或已处理，或不在您的管理范围内。"), code="state")
    if not finance_of(suggestion, user):
        raise refused(
            _("只有该部门的财政业务科室或本地区财政绩效管理人员可以处理问责线索。"), code="permission"
        )
    row = AccountabilityDismissal(
        source=kind,
        source_ref=suggestion.ref,
        year=suggestion.year,
        unit_id=suggestion.unit_id,
        department_id=suggestion.department_id,
        region_id=suggestion.region_id,
        reason=reason.strip(),
        dismissed_by=user,
    )
    try:
        with transaction.atomic():
            row.save()
            audit.record(
                EventKind.CREATED,
                user,
                row,
                summary=_("不予问责：%(facts)s") % {"facts": suggestion.facts[:120]},
                data={"source": kind, "source_ref": suggestion.ref, "reason": row.reason},
                request=request,
            )
    except IntegrityError as exc:
        raise refused(_("该问责线索已处理。"), code="state") from exc
    return row


def initial_from(suggestion: Suggestion) -> dict:
    """The case form's initial values for a suggestion (立案)."""
    return {
        "year": suggestion.year,
        "case": suggestion.kind,
        "unit": suggestion.unit_id,
        "project": suggestion.project.pk if suggestion.project else None,
        "evaluation": suggestion.evaluation.pk if suggestion.evaluation else None,
        "facts": suggestion.facts,
        "source": suggestion.kind,
        "source_ref": suggestion.ref,
    }


# --- export ---------------------------------------------------------------------------------------

EXPORT_HEADERS = (
    "序号",
    "年度",
    "问责情形",
    "主管部门",
    "责任单位",
    "责任人",
    "项目",
    "绩效评价",
    "问责事实",
    "处理措施",
    "处理说明",
    "决定日期",
    "登记人",
)
EXPORT_WIDTHS = (6, 6, 22, 20, 20, 10, 24, 24, 50, 16, 30, 12, 10)


def export_rows(qs):
    """Rows of the Excel export (the queryset carries its select_related; iterated in chunks)."""
    for n, c in enumerate(qs.iterator(chunk_size=500), start=1):
        yield (
            n,
            c.year,
            c.get_case_display(),
            c.department.name,
            c.unit.name,
            c.person,
            c.project.name if c.project_id else "",
            c.evaluation.name if c.evaluation_id else "",
            c.facts,
            c.get_measure_display(),
            c.measure_note,
            c.decided_on,
            str(c.created_by) if c.created_by_id else "",
        )
