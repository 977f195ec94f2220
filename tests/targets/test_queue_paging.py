"""The review queue paged in SQL (make bench, issue 7): pages in waiting order, the total, an
out-of-range page, hints of the page's rows against comparable targets off the page, and the
target list's order by the table's own columns."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from targets.hints import hints_for
from targets.models import Target
from targets.views import QUEUE_PAGE_SIZE
from tests.targets.helpers import clean_indicators, make_target

pytestmark = pytest.mark.django_db
QUEUE = reverse("targets:review_queue")


def waiting(personas, n, **fields):
    made = []
    for i in range(n):
        target = make_target(personas, name=f"目标{i:02d}", **fields)
        Target.objects.filter(pk=target.pk).update(status=Target.Status.DEPT_APPROVED)
        made.append(target)
    return made


def names(response):
    return [row["target"].name for row in response.context["rows"]]


def test_queue_pages_in_waiting_order_with_the_total(personas, login):
    made = waiting(personas, QUEUE_PAGE_SIZE + 3)
    now = timezone.now()
    for days, target in enumerate(reversed(made)):  # the first made waits longest
        Target.objects.filter(pk=target.pk).update(updated_at=now - datetime.timedelta(days=days + 1))
    client = login(personas.finance_reviewer)
    first = client.get(QUEUE)
    second = client.get(QUEUE, {"page": 2})
    assert first.context["page"].paginator.count == QUEUE_PAGE_SIZE + 3
    assert "共 53 个待审核" in first.content.decode()
    shown = names(first) + names(second)
    assert shown == [t.name for t in made]
    assert [row["age"] for row in first.context["rows"]][:2] == [len(made), len(made) - 1]
    # Past the last page: the last page (as Paginator.get_page); not a number: the first.
    assert names(client.get(QUEUE, {"page": 9})) == names(second)
    assert names(client.get(QUEUE, {"page": "x"})) == names(first)


def test_an_empty_queue_has_one_empty_page(personas, login):
    response = login(personas.finance_reviewer).get(QUEUE, {"page": 3})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["page"].paginator.count == 0


def test_page_hints_compare_unit_costs_with_targets_off_the_page(personas, login):
    """The unit-cost median counts every comparable target of the year, not only the page's."""
    cheap = []
    for i in range(4):  # approved comparables: 200 元 per 人次, not waiting in the queue
        target = make_target(personas, name=f"已批复{i}", amount=Decimal("100000.00"))
        Target.objects.filter(pk=target.pk).update(status=Target.Status.APPROVED)
        cheap.append(target)
    (dear,) = waiting(personas, 1)  # 1,000,000 元 / 500 人次 = 2,000 元 per 人次
    row = login(personas.finance_reviewer).get(QUEUE).context["rows"][0]
    assert row["target"].pk == dear.pk
    codes = {h.code for h in row["hints"]}
    assert "unit_cost_outlier" in codes
    dear.refresh_from_db()
    expected = hints_for(dear, list(dear.indicators.all()), [Decimal("200")] * 4 + [Decimal("2000")])
    assert [h.message for h in row["hints"]] == [h.message for h in expected]


def test_page_hints_read_the_policy_in_force(personas, login):
    from budgets.models import Policy

    waiting(personas, 1, amount=Decimal("3000000.00"))  # 500 × 2,000 元 ≠ 3,000,000 元
    client = login(personas.finance_reviewer)
    assert "budget_mismatch" in {h.code for h in client.get(QUEUE).context["rows"][0]["hints"]}
    Policy.objects.create(
        fiscal_year=personas.year, version=2, data={"targets": {"budget_match_tolerance": "5"}}
    )
    assert "budget_mismatch" not in {h.code for h in client.get(QUEUE).context["rows"][0]["hints"]}


def test_hint_filter_still_counts_every_waiting_target(personas, login):
    rows = clean_indicators()
    rows[0]["last_year_actual"] = Decimal("900")
    waiting(personas, 3)
    hinted = make_target(personas, name="有提示的目标", indicators=rows)
    Target.objects.filter(pk=hinted.pk).update(status=Target.Status.DEPT_APPROVED)
    response = login(personas.finance_reviewer).get(QUEUE, {"hints_min": 1})
    assert names(response) == ["有提示的目标"]
    assert response.context["page"].paginator.count == 1


def test_target_list_is_ordered_by_year_department_and_unit(personas, login):
    b = make_target(personas, unit=personas.unit_b, name="乙单位目标")
    c = make_target(personas, unit=personas.unit_c, name="丙单位目标")
    a = make_target(personas, name="甲单位目标")
    rows = login(personas.finance_admin).get(reverse("targets:target_list")).context["rows"]
    shown = [row["target"].pk for row in rows]
    expected = sorted([a, b, c], key=lambda t: (-t.year, t.department_id, t.unit_id, t.pk))
    assert shown == [t.pk for t in expected]
