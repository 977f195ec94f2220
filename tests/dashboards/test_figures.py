"""Each dashboard figure against the hand-computed data set of tests/dashboards/data.py."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from dashboards import figures, summary
from dashboards.figures import Filters
from dashboards.models import ProjectYearSummary
from tests.dashboards.data import AS_OF, YEAR, build
from tests.factories import AllocationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(personas):
    d = build(personas)
    summary.refresh(YEAR)
    return d


def test_summary_rows_carry_the_stages_grade_warnings_and_money(personas, data):
    rows = {r.project_id: r for r in ProjectYearSummary.objects.filter(year=YEAR)}
    p1, p2, p3 = rows[data.p1.pk], rows[data.p2.pk], rows[data.p3.pk]
    assert (p1.budget, p1.executed) == (Decimal("1000000.00"), Decimal("600000.00"))
    assert (p1.target_approved, p1.monitored, p1.fiscal_evaluated, p1.grade) == (True, True, True, "优")
    assert (p1.warn_red, p1.rect_open, p1.rect_overdue) == (0, 1, 0)
    assert (p2.target_approved, p2.monitored, p2.grade, p2.warn_red) == (True, False, "", 1)
    assert (p2.rect_open, p2.rect_overdue, p2.rect_closed, p2.moved_cut) == (1, 1, 1, Decimal("200000.00"))
    assert (p3.target_approved, p3.dept_evaluated, p3.grade, p3.warn_yellow) == (False, True, "中", 1)
    assert (p3.moved_recall, p3.suspended, p3.moved_suspend) == (
        Decimal("100000.00"),
        True,
        Decimal("500000.00"),
    )
    assert (p1.region_level, p2.budget_type, p3.category) == ("province", "government_fund", "other")


def test_totals_and_execution_against_time_progress(personas, data):
    f = figures.compute(personas.leader, YEAR, today=AS_OF)
    t = f["totals"]
    assert (t["projects"], t["budget"], t["executed"]) == (3, Decimal("3500000.00"), Decimal("800000.00"))
    assert t["execution_rate"] == Decimal("22.86")
    # 序时进度 on 30 June: 181 of 365 days.
    assert f["time_progress"] == Decimal("49.59")
    assert t["gap"] == Decimal("-26.73")
    # Behind the line by more than 10 points: P2 (10 %) and P3 (0 %); P1 (60 %) is ahead.
    assert t["lagging"] == 2
    months = {m["month"]: m for m in f["execution_by_month"]}
    assert months[2]["executed"] == Decimal("0") and months[3]["executed"] == Decimal("800000.00")
    assert months[6]["rate"] == Decimal("22.86") and months[7]["executed"] is None


def test_coverage_of_each_stage_against_the_policy_shares(personas, data):
    f = figures.compute(personas.leader, YEAR, today=AS_OF)
    c = {row["stage"]: row for row in f["coverage"]}
    assert (c["target_approved"]["count"], c["target_approved"]["count_share"]) == (2, Decimal("66.67"))
    assert c["target_approved"]["money_share"] == Decimal("85.71")
    assert (c["target_approved"]["required"], c["target_approved"]["meets"]) == (Decimal("100.00"), False)
    assert (c["monitored"]["count"], c["monitored"]["money"]) == (1, Decimal("1000000.00"))
    assert c["self_evaluated"]["count"] == 0
    # 部门评价: 20 % by count or by money [003 三(二)] — one of three projects meets it.
    assert (c["dept_evaluated"]["count_share"], c["dept_evaluated"]["meets"]) == (Decimal("33.33"), True)
    # 财政重点评价: 10 % of the money [003 三(三)] — 1,000,000 of 3,500,000.
    assert (c["fiscal_evaluated"]["money_share"], c["fiscal_evaluated"]["meets"]) == (Decimal("28.57"), True)


def test_grade_distribution_warnings_rectification_and_money_moved(personas, data):
    f = figures.compute(personas.leader, YEAR, today=AS_OF)
    grades = {g["label"]: (g["count"], g["money"]) for g in f["grades"]}
    assert grades == {
        "优": (1, Decimal("1000000.00")),
        "良": (0, Decimal("0")),
        "中": (1, Decimal("500000.00")),
        "差": (0, Decimal("0")),
        "未评价": (1, Decimal("2000000.00")),
    }
    levels = {lv["level"]: (lv["warnings"], lv["projects"]) for lv in f["warnings"]["levels"]}
    assert levels == {"red": (1, 1), "orange": (0, 0), "yellow": (1, 1)}
    assert {a["band"]: a["projects"] for a in f["warnings"]["ages"]} == {"d30": 1, "d90": 0, "older": 1}
    r = f["rectification"]
    assert (r["open"], r["overdue"], r["closed"], r["total"], r["closed_rate"]) == (
        2,
        1,
        1,
        3,
        Decimal("33.33"),
    )
    moved = {m["kind"]: m["amount"] for m in f["moved"]}
    assert moved == {
        "cut": Decimal("200000.00"),
        "cancel": Decimal("0"),
        "recall": Decimal("100000.00"),
        "suspend": Decimal("500000.00"),
    }
    assert f["moved_total"] == Decimal("800000.00")


def test_breakdowns_by_department_category_budget_type_and_level(personas, data):
    b = figures.compute(personas.leader, YEAR, today=AS_OF)["breakdowns"]
    dept = {r["label"]: r for r in b["department"]}
    assert (dept["吉林省教育厅"]["projects"], dept["吉林省教育厅"]["budget"]) == (2, Decimal("3000000.00"))
    assert dept["吉林省教育厅"]["stages"]["target_approved"]["share"] == Decimal("100.00")
    assert dept["吉林省卫生健康委员会"]["grades"]["中"] == 1
    assert {r["key"]: r["projects"] for r in b["category"]} == {
        "high_quality": 1,
        "livelihood": 1,
        "other": 1,
    }
    assert {r["key"]: r["budget"] for r in b["budget_type"]} == {
        "general": Decimal("1500000.00"),
        "government_fund": Decimal("2000000.00"),
    }
    assert [(r["label"], r["projects"]) for r in b["region_level"]] == [("省", 3)]


def test_filters_narrow_every_figure(personas, data):
    f = figures.compute(personas.leader, YEAR, Filters(department=personas.dept_d.pk), today=AS_OF)
    assert (f["totals"]["projects"], f["totals"]["budget"]) == (2, Decimal("3000000.00"))
    f = figures.compute(personas.leader, YEAR, Filters(budget_type="government_fund"), today=AS_OF)
    assert f["totals"]["projects"] == 1 and f["moved_total"] == Decimal("200000.00")
    assert Filters.from_query({"department": "x", "category": "nonsense", "region_level": "city"}) == Filters(
        region_level="city"
    )


def test_department_officer_sees_only_its_department(personas, data):
    f = figures.compute(personas.dept_e_officer, YEAR, today=AS_OF)
    assert (f["totals"]["projects"], f["totals"]["budget"]) == (1, Decimal("500000.00"))
    assert [r["label"] for r in f["breakdowns"]["department"]] == ["吉林省卫生健康委员会"]
    reviewer = figures.compute(personas.finance_reviewer, YEAR, today=AS_OF)  # division X manages D
    assert reviewer["totals"]["projects"] == 2
    assert figures.compute(personas.officer_a, YEAR, today=AS_OF)["totals"]["projects"] == 1
    assert figures.compute(personas.expert, YEAR, today=AS_OF)["totals"]["projects"] == 0


def test_query_count_does_not_grow_with_the_data(personas, data):
    # A fresh user object each time, so both runs compute the scope alike.
    leader = User.objects.get(pk=personas.leader.pk)
    with CaptureQueriesContext(connection) as small:
        figures.compute(leader, YEAR, today=AS_OF)
    for i in range(25):
        project = ProjectFactory(unit=[personas.unit_a, personas.unit_c][i % 2], category="emergency")
        AllocationFactory(project=project, initial_amount=Decimal("1000.00") * (i + 1))
    summary.refresh(YEAR)
    leader = User.objects.get(pk=personas.leader.pk)
    with CaptureQueriesContext(connection) as large:
        f = figures.compute(leader, YEAR, today=AS_OF)
    assert f["totals"]["projects"] == 28
    assert len(large) == len(small) <= 15
