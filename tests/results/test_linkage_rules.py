"""三个挂钩 [002 三(五)][000 #21][004 第四十条]: proposals per grade and state, confirmation into
next year's Allocation, overrides with a reason, finance only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.library import allocation_notices
from budgets.models import Allocation, FiscalYear, Policy
from budgets.policy import PolicyData, PolicyError
from evaluation.models import Evaluation
from monitoring.models import FundAction, Warning
from perfapp.models import AuditEvent
from results import linkage
from results.models import LinkageProposal, Rectification
from tests.results.linkage_data import EVALUATED, grade_of, linked_project, open_rectification

Action = LinkageProposal.Action


def proposal_of(project):
    return LinkageProposal.objects.get(project=project)


@pytest.mark.parametrize(
    ("grade", "action", "change"),
    [
        ("优", Action.PRIORITY, "0.00"),
        ("良", Action.NORMAL, "0.00"),
        ("中", Action.CUT, "-100000.00"),  # cut_rate_fair 10 %
        ("低", Action.CUT, "-200000.00"),  # cut_rate_low 20 %
        ("差", Action.CANCEL, "-1000000.00"),
    ],
)
def test_a_proposal_for_each_grade(personas, grade, action, change):
    project = linked_project(personas, grade)
    linkage.propose(personas.year, personas.finance_admin)
    p = proposal_of(project)
    assert (p.proposed_action, p.proposed_change, p.base_amount) == (
        action,
        Decimal(change),
        Decimal("1000000.00"),
    )
    assert (p.year, p.evaluated_year, p.grade_label, p.status) == (2026, EVALUATED, grade, "proposed")
    assert f"评价等级为“{grade}”" in p.reasons[0]
    assert (p.unit, p.department, p.region) == (personas.unit_a, personas.dept_d, personas.province)


def test_no_grade_is_normal(personas):
    project = linked_project(personas, grade=None)
    linkage.propose(personas.year, personas.finance_admin)
    p = proposal_of(project)
    assert (p.proposed_action, p.proposed_change, p.evaluation) == (Action.NORMAL, 0, None)
    assert "无已定稿或已审核的评价结果" in p.reasons[0]


def test_fiscal_grade_wins_over_department_and_self(personas):
    project = linked_project(personas, "优", kind=Evaluation.Kind.SELF)
    grade_of(personas, project, "中", kind=Evaluation.Kind.DEPARTMENT)
    linkage.propose(personas.year, personas.finance_admin)
    assert proposal_of(project).grade_label == "中"
    fiscal = grade_of(personas, project, "差", kind=Evaluation.Kind.FISCAL)
    linkage.propose(personas.year, personas.finance_admin)
    assert (proposal_of(project).grade_label, proposal_of(project).evaluation) == ("差", fiscal)
    # a self-evaluation not yet accepted does not count
    other = linked_project(personas, grade=None)
    ev = grade_of(personas, other, "差", kind=Evaluation.Kind.SELF)
    ev.status = Evaluation.Status.SUBMITTED
    ev.save()
    linkage.propose(personas.year, personas.finance_admin)
    assert proposal_of(other).grade_label == ""


def test_policy_table_and_rates_come_from_the_year(personas):
    Policy.objects.create(
        fiscal_year=personas.year,
        version=2,
        data={
            "linkage": {
                "cut_rate_fair": "0.15",
                "rules": [
                    {"grade_label": "良", "action": "cut", "rate": "0.02"},
                    {"grade_label": "中", "action": "cut"},
                ],
            }
        },
        effective_from=personas.year.policy_row.effective_from,
    )
    good, fair = linked_project(personas, "良"), linked_project(personas, "中")
    linkage.propose(FiscalYear.objects.get(pk=personas.year.pk), personas.finance_admin)
    assert proposal_of(good).proposed_change == Decimal("-20000.00")
    assert proposal_of(fair).proposed_change == Decimal("-150000.00")


def test_policy_validation_of_rates():
    with pytest.raises(PolicyError, match="整改未销号的追加压减比例须在 0 到 100% 之间"):
        PolicyData.from_dict({"linkage": {"unrectified_extra_cut": "1.5"}}).validate()
    with pytest.raises(PolicyError, match="评价等级与预算挂钩措施"):
        PolicyData.from_dict(
            {"linkage": {"rules": [{"grade_label": "中", "action": "cut", "rate": "-0.1"}]}}
        ).validate()
    with pytest.raises(PolicyError, match="措施只能是"):
        PolicyData.from_dict({"linkage": {"rules": [{"grade_label": "中", "action": "boom"}]}}).validate()


def test_unrectified_items_add_a_cut(personas):
    good = linked_project(personas, "良")
    fair = linked_project(personas, "中")
    closed = linked_project(personas, "良")
    open_rectification(good, Rectification.Status.SUBMITTED)
    open_rectification(fair)
    open_rectification(closed, Rectification.Status.CLOSED)
    linkage.propose(personas.year, personas.finance_admin)
    p = proposal_of(good)
    assert (p.proposed_action, p.proposed_change) == (Action.CUT, Decimal("-50000.00"))
    assert "有1项整改事项未销号，追加压减5%" in p.reasons[1]
    assert proposal_of(fair).proposed_change == Decimal("-150000.00")
    assert (proposal_of(closed).proposed_action, proposal_of(closed).proposed_change) == (Action.NORMAL, 0)


def test_recalled_and_idle_money_not_regranted(personas):
    recalled = linked_project(personas, "优")
    FundAction.objects.create(
        kind=FundAction.Kind.RECALL, project=recalled, year=EVALUATED, amount=Decimal("300000")
    )
    FundAction.objects.create(kind=FundAction.Kind.RECALL, project=recalled, year=2024, amount=Decimal("9"))
    idle = linked_project(personas, "良")
    for carry, status in (
        ("120000", Warning.Status.RESOLVED),
        ("80000", Warning.Status.RESOLVED),
        ("999", "open"),
    ):
        Warning.objects.create(
            key=f"idle-{carry}",
            rule=Warning.Rule.IDLE_FUNDS,
            year=EVALUATED,
            project=idle,
            unit=idle.unit,
            department=idle.department,
            region=idle.region,
            message="资金沉淀",
            numbers={"expected_carryover": carry},
            status=status,
            measure=Warning.Measure.CONTINUE if status == "resolved" else "",
        )
    linkage.propose(personas.year, personas.finance_admin)
    p = proposal_of(recalled)
    assert (p.proposed_action, p.proposed_change) == (Action.NO_REGRANT, Decimal("-300000.00"))
    assert "评价年度收回资金300,000.00元，不再安排" in p.reasons
    q = proposal_of(idle)
    assert (q.proposed_action, q.proposed_change) == (Action.NO_REGRANT, Decimal("-120000.00"))
    assert "资金沉淀120,000.00元" in q.reasons[1]


def test_cut_never_exceeds_the_base(personas):
    project = linked_project(personas, "低", base="100000")
    open_rectification(project)
    FundAction.objects.create(
        kind=FundAction.Kind.RECALL, project=project, year=EVALUATED, amount=Decimal("90000")
    )
    linkage.propose(personas.year, personas.finance_admin)
    assert proposal_of(project).proposed_change == Decimal("-100000.00")


def test_propose_is_idempotent_and_keeps_confirmed(personas):
    a, b = linked_project(personas, "中"), linked_project(personas, "良")
    linkage.propose(personas.year, personas.finance_admin)
    linkage.confirm([proposal_of(a)], personas.finance_admin)
    grade_of(personas, a, "差", kind=Evaluation.Kind.FISCAL)
    grade_of(personas, b, "差", kind=Evaluation.Kind.FISCAL)
    touched = linkage.propose(personas.year, personas.finance_admin)
    assert LinkageProposal.objects.count() == 2
    assert [p.project for p in touched] == [b]
    assert proposal_of(a).proposed_action == Action.CUT  # confirmed: not touched
    assert proposal_of(b).proposed_action == Action.CANCEL


def test_only_finance_admin_generates(personas):
    linked_project(personas, "中")
    for user in (personas.officer_a, personas.dept_d_officer, personas.other_finance_admin):
        with pytest.raises(linkage.LinkageRefused):
            linkage.propose(personas.year, user)
    assert not LinkageProposal.objects.exists()


def test_confirmed_proposal_changes_next_years_allocation(personas):
    project = linked_project(personas, "中")
    linkage.propose(personas.year, personas.finance_admin)
    (p,) = linkage.confirm([proposal_of(project)], personas.finance_reviewer)
    p.refresh_from_db()
    allocation = Allocation.objects.get(project=project, year=2026)
    assert (allocation.initial_amount, allocation.adjustment, allocation.total_amount) == (
        Decimal("1000000.00"),
        Decimal("-100000.00"),
        Decimal("900000.00"),
    )
    assert (p.status, p.action, p.change, p.allocation, p.confirmed_by) == (
        "confirmed",
        Action.CUT,
        Decimal("-100000.00"),
        allocation,
        personas.finance_reviewer,
    )
    assert AuditEvent.objects.filter(object_id=str(p.pk), summary__contains="确认2026年度预算挂钩").exists()
    assert allocation_notices(project, 2026) == ["2026年预算挂钩：压减 100,000.00 元（评价等级中）"]
    with pytest.raises(linkage.LinkageError, match="已确认，不能重复确认"):
        linkage.confirm([p], personas.finance_admin)


def test_an_existing_next_year_allocation_keeps_its_amounts(personas):
    project = linked_project(personas, "中")
    Allocation.objects.create(
        project=project, year=2026, initial_amount=Decimal("800000"), adjustment=Decimal("5000")
    )
    linkage.propose(personas.year, personas.finance_admin)
    linkage.confirm([proposal_of(project)], personas.finance_admin)
    allocation = Allocation.objects.get(project=project, year=2026)
    assert (allocation.adjustment, allocation.total_amount) == (Decimal("-95000.00"), Decimal("705000.00"))
    # overriding the confirmed proposal replaces its change, not adds to it
    linkage.override(proposal_of(project), personas.finance_admin, "cut", "-40000", "年中复核后调整")
    allocation.refresh_from_db()
    assert (allocation.adjustment, allocation.total_amount) == (Decimal("-35000.00"), Decimal("765000.00"))


def test_bulk_confirmation_all_or_nothing(personas):
    a, b = linked_project(personas, "中"), linked_project(personas, "优")
    c = linked_project(personas, "低", unit=personas.unit_c)  # department E: not reviewer X's
    linkage.propose(personas.year, personas.finance_admin)
    with pytest.raises(linkage.LinkageRefused, match="只有财政部门可以确认"):
        linkage.confirm([proposal_of(a), proposal_of(c)], personas.finance_reviewer)
    assert not LinkageProposal.objects.exclude(status="proposed").exists()
    done = linkage.confirm([proposal_of(a), proposal_of(b), proposal_of(c)], personas.finance_admin)
    assert len(done) == 3
    assert Allocation.objects.filter(year=2026).count() == 3


@pytest.mark.parametrize("who", ["officer_a", "dept_d_officer", "leader", "auditor", "other_finance_admin"])
def test_only_finance_may_confirm(personas, who):
    project = linked_project(personas, "中")
    linkage.propose(personas.year, personas.finance_admin)
    with pytest.raises(linkage.LinkageRefused):
        linkage.confirm([proposal_of(project)], getattr(personas, who))
    with pytest.raises(linkage.LinkageRefused):
        linkage.override(proposal_of(project), getattr(personas, who), Action.NORMAL, 0, "理由")
    assert not Allocation.objects.filter(year=2026).exists()


def test_override_needs_a_reason(personas):
    project = linked_project(personas, "中")
    linkage.propose(personas.year, personas.finance_admin)
    p = proposal_of(project)
    with pytest.raises(linkage.LinkageError, match="必须填写调整理由"):
        linkage.override(p, personas.finance_admin, Action.NORMAL, 0, "  ")
    with pytest.raises(linkage.LinkageError, match="压减额不能超过基数"):
        linkage.override(p, personas.finance_admin, Action.CUT, "-2000000", "重大民生")
    p = linkage.override(p, personas.finance_admin, Action.CUT, "-50000", "省委决定保障基本运转")
    assert (p.status, p.action, p.change, p.override_reason) == (
        "overridden",
        Action.CUT,
        Decimal("-50000.00"),
        "省委决定保障基本运转",
    )
    assert Allocation.objects.get(project=project, year=2026).total_amount == Decimal("950000.00")


def test_scoping_of_proposals(personas):
    a, c = linked_project(personas, "中"), linked_project(personas, "良", unit=personas.unit_c)
    linkage.propose(personas.year, personas.finance_admin)
    visible = lambda user: set(LinkageProposal.objects.visible_to(user).values_list("project", flat=True))  # noqa: E731
    assert visible(personas.finance_admin) == {a.pk, c.pk}
    assert visible(personas.officer_a) == {a.pk}
    assert visible(personas.dept_e_officer) == {c.pk}
    assert visible(personas.other_finance_admin) == set()


def test_summary_by_grade_and_department(personas):
    linked_project(personas, "中")
    linked_project(personas, "差", base="500000")
    linked_project(personas, "中", unit=personas.unit_c)
    linkage.propose(personas.year, personas.finance_admin)
    s = linkage.summary(LinkageProposal.objects.all())
    assert [(g["label"], g["count"], g["change"]) for g in s["by_grade"]] == [
        ("中", 2, Decimal("-200000.00")),
        ("差", 1, Decimal("-500000.00")),
    ]
    assert {d["label"]: d["change"] for d in s["by_department"]} == {
        personas.dept_d.name: Decimal("-600000.00"),
        personas.dept_e.name: Decimal("-100000.00"),
    }
    assert (s["total"]["count"], s["total"]["base"], s["total"]["change"]) == (
        3,
        Decimal("2500000.00"),
        Decimal("-700000.00"),
    )


def test_generating_costs_the_same_queries_for_5_and_20_projects(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        LinkageProposal.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            linkage.propose(personas.year, personas.finance_admin)
        return len(ctx.captured_queries)

    for _i in range(5):
        linked_project(personas, "中")
    queries()  # warm the one-time caches (the year's policy, content types)
    few = queries()
    for _i in range(15):
        linked_project(personas, "良")
    # one insert per new proposal; everything else is a fixed number of queries
    assert queries() - 20 == few - 5
