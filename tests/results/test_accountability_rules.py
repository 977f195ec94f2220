"""Accountability rules [004 第四十四—四十六条]: suggestions from crafted data (one per kind and a
near miss each), who may record a case, derived scope keys, stale edits, audit events."""

from __future__ import annotations

import datetime

import pytest

from monitoring.models import MonitoringReport
from perfapp.models import AuditEvent, EventKind
from perfapp.workflow import StaleObject, WorkflowError
from results import accountability as rules
from results.models import AccountabilityCase, AccountabilityDismissal, Rectification
from targets.models import Target
from tests.factories import OrganizationFactory, ProjectFactory
from tests.results.accountability_data import (
    TODAY,
    case_data,
    evaluation,
    funded,
    make_case,
    rectification,
    report,
    target_of,
)

Case = AccountabilityCase.Case


def suggested(user, kind, year=None):
    return rules.build(kind, rules.suggestion_rows(user, kind, year, TODAY), TODAY)


def refs(user, kind, year=None):
    return sorted(s.ref for s in suggested(user, kind, year))


def test_project_with_money_and_no_declared_target_is_suggested(personas):
    bare = funded(personas, name="校舍维修")
    draft_only = funded(personas)
    target_of(personas, draft_only, status=Target.Status.DRAFT)
    declared = funded(personas)
    target_of(personas, declared, status=Target.Status.SUBMITTED)
    approved = funded(personas)
    target_of(personas, approved)
    funded(personas, amount="0")  # no money: nothing to account for

    found = suggested(personas.finance_admin, Case.NO_TARGET)

    assert sorted(s.ref for s in found) == sorted([bare.pk, draft_only.pk])
    first = next(s for s in found if s.ref == bare.pk)
    assert first.year == 2026 and first.unit == personas.unit_a and first.project == bare
    assert "校舍维修" in first.facts and "500,000.00" in first.facts and "未按规定申报绩效目标" in first.facts
    assert refs(personas.finance_admin, Case.NO_TARGET, 2025) == []


def test_overdue_unsubmitted_monitoring_report_is_suggested(personas):
    late = report(personas, funded(personas, name="智慧校园"))
    report(personas, funded(personas), status=MonitoringReport.Status.SUBMITTED)
    report(personas, funded(personas), due=datetime.date(2026, 9, 15))  # not due yet

    found = suggested(personas.finance_admin, Case.NO_MONITORING)

    assert [s.ref for s in found] == [late.pk]
    assert "智慧校园" in found[0].facts and "已逾期48天" in found[0].facts
    assert found[0].project == late.project


def test_final_evaluation_graded_poor_is_suggested(personas):
    poor = evaluation(personas, funded(personas, name="乡村学校"))
    evaluation(personas, funded(personas), grade_label="良")
    from evaluation.models import Evaluation

    evaluation(personas, funded(personas), status=Evaluation.Status.JOINT_REVIEW)  # not final yet

    found = suggested(personas.finance_admin, Case.POOR_GRADE)

    assert [s.ref for s in found] == [poor.pk]
    assert found[0].evaluation == poor and found[0].project == poor.project
    assert "乡村学校" in found[0].facts and "差" in found[0].facts and "52.5" in found[0].facts


def test_rectification_overdue_and_not_closed_is_suggested(personas):
    late = rectification(funded(personas))
    rectification(funded(personas), status=Rectification.Status.CLOSED)
    rectification(funded(personas), deadline=datetime.date(2026, 12, 31))

    found = suggested(personas.finance_admin, Case.RECTIFICATION_OVERDUE)

    assert [s.ref for s in found] == [late.pk]
    assert "资金支付进度滞后" in found[0].facts and "已逾期63天" in found[0].facts


def test_suggestions_are_scoped_to_what_the_user_sees(personas):
    a = funded(personas)
    c = funded(personas, personas.unit_c)
    assert refs(personas.finance_admin, Case.NO_TARGET) == sorted([a.pk, c.pk])
    assert refs(personas.finance_reviewer, Case.NO_TARGET) == [a.pk]  # division X manages D only
    assert refs(personas.other_finance_admin, Case.NO_TARGET) == []
    assert rules.counts(personas.finance_reviewer, None, TODAY)[Case.NO_TARGET] == 1


def test_a_suggestion_turned_into_a_case_is_not_suggested_again(personas):
    project = funded(personas)
    s = suggested(personas.finance_admin, Case.NO_TARGET)[0]
    data = case_data(case=Case.NO_TARGET, project=project, facts=s.facts)

    made = rules.create_case(personas.finance_admin, data, source=s.kind, source_ref=s.ref, today=TODAY)

    assert (made.source, made.source_ref) == (Case.NO_TARGET, project.pk)
    assert refs(personas.finance_admin, Case.NO_TARGET) == []
    with pytest.raises(WorkflowError) as refused:
        rules.create_case(personas.finance_admin, data, source=s.kind, source_ref=s.ref, today=TODAY)
    assert "已立案或已处理" in refused.value.message
    # the same project's next year is a new suggestion
    from tests.factories import AllocationFactory

    AllocationFactory(project=project, year=2027)
    assert [(x.ref, x.year) for x in suggested(personas.finance_admin, Case.NO_TARGET)] == [
        (project.pk, 2027)
    ]


def test_a_dismissed_suggestion_needs_a_reason_and_is_not_suggested_again(personas):
    item = rectification(funded(personas))
    with pytest.raises(WorkflowError, match="理由"):
        rules.dismiss(personas.finance_admin, Case.RECTIFICATION_OVERDUE, item.pk, 2025, " ", today=TODAY)
    with pytest.raises(WorkflowError) as other:
        rules.dismiss(
            personas.other_finance_admin, Case.RECTIFICATION_OVERDUE, item.pk, 2025, "x", today=TODAY
        )
    assert other.value.code == "state"  # not in their scope: as if it did not exist

    rules.dismiss(
        personas.finance_admin, Case.RECTIFICATION_OVERDUE, item.pk, 2025, "已整改完毕", today=TODAY
    )

    assert AccountabilityDismissal.objects.get().reason == "已整改完毕"
    assert refs(personas.finance_admin, Case.RECTIFICATION_OVERDUE) == []
    assert AuditEvent.objects.filter(kind=EventKind.CREATED, summary__startswith="不予问责").exists()


@pytest.mark.parametrize("who", ["officer_a", "dept_d_officer", "leader", "other_finance_admin"])
def test_only_finance_of_the_region_records_a_case(personas, who):
    with pytest.raises(WorkflowError) as refused:
        rules.create_case(getattr(personas, who), case_data(unit=personas.unit_a), today=TODAY)
    assert refused.value.code == "permission"
    assert not AccountabilityCase.objects.exists()


def test_finance_reviewer_records_cases_of_the_departments_it_manages_only(personas):
    made = rules.create_case(personas.finance_reviewer, case_data(unit=personas.unit_a), today=TODAY)
    assert (made.department, made.region) == (personas.dept_d, personas.province)
    with pytest.raises(WorkflowError) as refused:
        rules.create_case(personas.finance_reviewer, case_data(unit=personas.unit_c), today=TODAY)
    assert refused.value.code == "permission"


def test_finance_admin_cannot_record_a_case_of_another_region(personas):
    foreign_dept = OrganizationFactory(
        kind="department", region=personas.other_province, parent=personas.other_bureau
    )
    foreign = OrganizationFactory(kind="unit", region=personas.other_province, parent=foreign_dept)
    with pytest.raises(WorkflowError) as refused:
        rules.create_case(personas.finance_admin, case_data(unit=foreign), today=TODAY)
    assert refused.value.code == "permission"
    made = rules.create_case(personas.other_finance_admin, case_data(unit=foreign), today=TODAY)
    assert made.department == foreign_dept


def test_scope_keys_come_from_the_project_or_evaluation_not_the_input(personas):
    project = funded(personas, personas.unit_b)
    made = rules.create_case(personas.finance_admin, case_data(project=project), today=TODAY)
    assert (made.unit, made.department, made.region) == (personas.unit_b, personas.dept_d, personas.province)

    graded = evaluation(personas, funded(personas, personas.unit_c))
    made = rules.create_case(personas.finance_admin, case_data(evaluation=graded), today=TODAY)
    assert (made.unit, made.project) == (personas.unit_c, graded.project)

    with pytest.raises(WorkflowError, match="责任单位应为"):
        rules.create_case(
            personas.finance_admin, case_data(project=project, unit=personas.unit_a), today=TODAY
        )
    with pytest.raises(WorkflowError, match="不一致"):
        rules.create_case(personas.finance_admin, case_data(evaluation=graded, project=project), today=TODAY)
    with pytest.raises(WorkflowError, match="请选择责任单位"):
        rules.create_case(personas.finance_admin, case_data(), today=TODAY)


def test_a_department_itself_may_be_held_accountable(personas):
    made = rules.create_case(personas.finance_admin, case_data(unit=personas.dept_e), today=TODAY)
    assert (made.unit, made.department) == (personas.dept_e, personas.dept_e)


def test_content_is_checked_in_chinese(personas):
    with pytest.raises(WorkflowError, match="问责事实"):
        rules.create_case(personas.finance_admin, case_data(unit=personas.unit_a, facts="  "), today=TODAY)
    with pytest.raises(WorkflowError, match="决定日期"):
        rules.create_case(
            personas.finance_admin,
            case_data(unit=personas.unit_a, decided_on=TODAY + datetime.timedelta(days=1)),
            today=TODAY,
        )
    with pytest.raises(WorkflowError, match="处理措施"):
        rules.create_case(
            personas.finance_admin, case_data(unit=personas.unit_a, measure="fine"), today=TODAY
        )


def test_edit_is_audited_and_a_stale_edit_refused(personas):
    made = rules.create_case(personas.finance_admin, case_data(unit=personas.unit_a), today=TODAY)
    assert AuditEvent.objects.filter(kind=EventKind.CREATED, summary__startswith="登记问责记录").exists()
    seen = made.version
    rules.update_case(
        made, personas.finance_admin, case_data(unit=personas.unit_a, measure="circulate"), seen, today=TODAY
    )
    made.refresh_from_db()
    assert (made.measure, made.version) == ("circulate", seen + 1)
    assert AuditEvent.objects.filter(kind=EventKind.UPDATED).exists()

    stale = AccountabilityCase.objects.get(pk=made.pk)
    with pytest.raises(StaleObject):
        rules.update_case(
            stale, personas.finance_admin, case_data(unit=personas.unit_a, facts="改"), seen, today=TODAY
        )
    made.refresh_from_db()
    assert made.facts != "改"


def test_edit_refused_for_a_unit_officer_and_for_moving_a_case_out_of_scope(personas):
    made = make_case(personas)
    with pytest.raises(WorkflowError) as refused:
        rules.update_case(
            made, personas.officer_a, case_data(unit=personas.unit_a), made.version, today=TODAY
        )
    assert refused.value.code == "permission"
    with pytest.raises(WorkflowError) as moved:
        rules.update_case(
            made, personas.finance_reviewer, case_data(unit=personas.unit_c), made.version, today=TODAY
        )
    assert moved.value.code == "permission"


def test_project_without_region_scope_cannot_be_linked_by_other_region(personas):
    foreign_dept = OrganizationFactory(
        kind="department", region=personas.other_province, parent=personas.other_bureau
    )
    foreign_unit = OrganizationFactory(kind="unit", region=personas.other_province, parent=foreign_dept)
    project = ProjectFactory(unit=foreign_unit)
    with pytest.raises(WorkflowError) as refused:
        rules.create_case(personas.finance_admin, case_data(project=project), today=TODAY)
    assert refused.value.code == "permission"


def test_open_suggestions_are_in_finances_todo_list(personas):
    from perfapp.todo import todo_for

    evaluation(personas, funded(personas, name="乡村学校"))
    evaluation(personas, funded(personas, personas.unit_c))

    def items(user):
        return {i.title: i.count for i in todo_for(user) if i.kind == "问责"}

    assert items(personas.finance_admin) == {
        "问责线索待处理：绩效评价结果为差": 2,
        "问责线索待处理：未按要求设定绩效目标": 2,
    }
    # the reviewer of division X sees department D's only; units and departments get none
    assert items(personas.finance_reviewer) == {
        "问责线索待处理：绩效评价结果为差": 1,
        "问责线索待处理：未按要求设定绩效目标": 1,
    }
    assert items(personas.officer_a) == {} and items(personas.dept_d_officer) == {}
