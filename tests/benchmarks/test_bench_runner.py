"""The bench runner's checks on a tiny data set (no timing): the query-count check compares
list pages at two sizes, the plan check reads EXPLAIN, the form reader posts what a browser would."""

import io

import pytest
from django.core.management import call_command

from benchmarks import harness, ops
from budgets.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench(db):
    call_command("seed_demo", "--scale", "small", "--year", "2026", "--seed", "7", stdout=io.StringIO())
    return ops.make_bench("small", rounds=1)


def test_same_count_check_passes_equal_counts_within_the_budget_and_fails_otherwise():
    assert harness.same_count_check("x", {"10 rows": 5, "50 rows": 5}, 6).passed
    assert not harness.same_count_check("x", {"10 rows": 5, "50 rows": 9}, None).passed
    assert not harness.same_count_check("x", {"10 rows": 7, "50 rows": 7}, 6).passed
    overhead = harness.Queries(total=12, page=5)
    assert harness.same_count_check("x", {"10 rows": overhead, "50 rows": overhead}, 6).passed


def test_project_list_query_check_compares_a_short_and_a_full_page(bench):
    filters = ops._project_filters(bench)
    few, many = (
        Project.objects.filter(department_id=f["department"], category=f["category"]).count()
        for f in (filters["few"], filters["many"])
    )
    assert few < many

    results = ops.list_query_checks(bench)

    assert [r.name for r in results] == ["project list page: queries", "project list API: queries"]
    for result in results:
        assert len(result.details["counts"]) == 2
        assert isinstance(result.passed, bool)
        assert result.details["same"], result.details


def test_plan_check_reports_a_sequential_scan_of_a_big_table(bench):
    _, queries = harness.captured(lambda: list(Project.objects.filter(name__contains="学校")))

    result = harness.plan_check("projects by name", queries)

    assert result.passed is False
    assert "budgets_project" in result.value


def test_form_data_reads_the_self_evaluation_form_as_a_browser_posts_it():
    html = """<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t">
    <input name="row-TOTAL_FORMS" value="2"><input type="checkbox" name="row-0-not_applicable">
    <select name="row-0-band"><option value="">-</option><option value="good" selected>好</option></select>
    <textarea name="goal_actual">
已完成</textarea><button name="action" value="submit">报送</button></form>"""

    data = harness.form_data(html, containing="row-TOTAL_FORMS")

    assert data == [
        ("csrfmiddlewaretoken", "t"),
        ("row-TOTAL_FORMS", "2"),
        ("row-0-band", "good"),
        ("goal_actual", "已完成"),
    ]
