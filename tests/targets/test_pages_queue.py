"""The reviewers' queues: what waits, filters (department, category, amount, hints, age), bulk
approval with a result per target, and a query count that does not grow with the queue."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from budgets.models import Project
from perfapp.models import TransitionLog
from targets.models import Target
from tests.targets.helpers import clean_indicators, make_target
from tests.targets.pages import at_finance, submitted

pytestmark = pytest.mark.django_db
QUEUE = reverse("targets:review_queue")


def names(response):
    return {row["target"].name for row in response.context["rows"]}


def test_finance_queue_lists_the_targets_waiting_for_finance(personas, login):
    waiting = at_finance(personas, name="待财政审核的目标")
    make_target(personas, name="填报中的目标")
    response = login(personas.finance_reviewer).get(QUEUE)
    assert response.status_code == 200
    assert names(response) == {waiting.name}


def test_a_division_sees_only_the_departments_it_manages(personas, login):
    at_finance(personas, name="教育厅目标")
    other = make_target(personas, unit=personas.unit_c, name="卫健委目标")
    Target.objects.filter(pk=other.pk).update(status=Target.Status.DEPT_APPROVED)
    assert names(login(personas.finance_reviewer).get(QUEUE)) == {"教育厅目标"}
    assert names(login(personas.finance_admin).get(QUEUE)) == {"教育厅目标", "卫健委目标"}


@pytest.mark.parametrize("who", ["officer_a", "dept_d_officer", "leader", "system_admin"])
def test_the_finance_queue_is_refused_to_other_roles(personas, login, who):
    assert login(getattr(personas, who)).get(QUEUE).status_code == 403


def test_department_queue_lists_submitted_targets(personas, login):
    waiting = submitted(personas, name="待初审的目标")
    at_finance(personas, name="已初审的目标")
    response = login(personas.dept_d_officer).get(reverse("targets:dept_queue"))
    assert names(response) == {waiting.name}
    assert login(personas.dept_e_officer).get(reverse("targets:dept_queue")).context["rows"] == []


def test_queue_filters_by_amount_hints_and_age(personas, login):
    clean = at_finance(personas, name="干净的目标", amount=Decimal("1000000"))
    rows = clean_indicators()
    rows[0]["last_year_actual"] = Decimal("900")
    hinted = at_finance(personas, name="有提示的目标", amount=Decimal("1050000"), indicators=rows)
    TransitionLog.objects.filter(object_id=clean.pk, target=Target.Status.DEPT_APPROVED).update(
        at=timezone.now() - datetime.timedelta(days=10)
    )
    client = login(personas.finance_reviewer)
    assert names(client.get(QUEUE, {"hints_min": 1})) == {hinted.name}
    assert names(client.get(QUEUE, {"hints_max": 0})) == {clean.name}
    assert names(client.get(QUEUE, {"amount_min": 102})) == {hinted.name}
    assert names(client.get(QUEUE, {"age_min": 7})) == {clean.name}
    ages = {row["target"].name: row["age"] for row in client.get(QUEUE).context["rows"]}
    assert ages == {clean.name: 10, hinted.name: 0}


def test_queue_query_count_does_not_grow_with_the_queue(personas, login):
    client = login(personas.finance_reviewer)

    def make(n):
        for i in range(n):
            target = make_target(personas, name=f"目标{i}")
            Target.objects.filter(pk=target.pk).update(status=Target.Status.DEPT_APPROVED)

    def count():
        client.get(QUEUE)  # warm caches (scope, policy) equally for both runs
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(QUEUE)
        return len(ctx.captured_queries), len(response.context["rows"])

    make(5)
    five, rows = count()
    assert rows == 5
    make(45)
    fifty, rows = count()
    assert rows == 50
    assert five == fifty


def test_bulk_approval_reports_each_target(personas, login):
    ok = at_finance(personas, name="可批复的目标")
    outside = at_finance(personas, name="项目未入库的目标", project_status=Project.Status.SUBMITTED)
    response = login(personas.finance_reviewer).post(
        reverse("targets:bulk_approve"), {"ids": [ok.pk, outside.pk], "comment": "同意"}, follow=True
    )
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["messages"])
    assert "已审核通过（优）1 个：可批复的目标" in text
    assert "“项目未入库的目标”未通过：项目尚未入库" in text
    ok.refresh_from_db()
    outside.refresh_from_db()
    assert (ok.status, ok.grade) == (Target.Status.APPROVED, "优")
    assert outside.status == Target.Status.DEPT_APPROVED


def test_bulk_approval_ignores_targets_the_reviewer_cannot_see(personas, login):
    other = make_target(personas, unit=personas.unit_c)
    Target.objects.filter(pk=other.pk).update(status=Target.Status.DEPT_APPROVED)
    login(personas.finance_reviewer).post(reverse("targets:bulk_approve"), {"ids": [other.pk]})
    other.refresh_from_db()
    assert other.status == Target.Status.DEPT_APPROVED


@pytest.mark.parametrize("who", ["leader", "auditor", "dept_d_officer", "officer_a"])
def test_bulk_approval_is_refused_to_other_roles(personas, login, who):
    target = at_finance(personas)
    response = login(getattr(personas, who)).post(reverse("targets:bulk_approve"), {"ids": [target.pk]})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.status == Target.Status.DEPT_APPROVED
