"""The target list: scoped rows, filters, hint counts computed without per-row queries, and the
to-do items of the target workflow."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Deadline
from perfapp.todo import todo_for
from targets.models import Target
from tests.targets.helpers import clean_indicators, make_target
from tests.targets.pages import at_finance, submitted

pytestmark = pytest.mark.django_db
LIST = reverse("targets:target_list")


def names(response):
    return {row["target"].name for row in response.context["rows"]}


def test_a_unit_officer_sees_only_its_own_units_targets(personas, login):
    make_target(personas, name="甲单位目标")
    make_target(personas, unit=personas.unit_b, name="乙单位目标")
    response = login(personas.officer_a).get(LIST)
    assert response.status_code == 200
    assert names(response) == {"甲单位目标"}
    assert "申报项目绩效目标" in response.content.decode()


@pytest.mark.parametrize("who", ["leader", "auditor", "finance_admin"])
def test_region_wide_roles_see_every_target(personas, login, who):
    make_target(personas, name="甲单位目标")
    make_target(personas, unit=personas.unit_c, name="丙单位目标")
    assert names(login(getattr(personas, who)).get(LIST)) == {"甲单位目标", "丙单位目标"}


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_are_refused(personas, login, who):
    assert login(getattr(personas, who)).get(LIST).status_code == 403


def test_filters_narrow_the_list(personas, login):
    make_target(personas, name="甲单位目标", amount=Decimal("1000000"))
    rows = clean_indicators()
    rows[0]["last_year_actual"] = Decimal("900")
    make_target(personas, unit=personas.unit_c, name="丙单位目标", indicators=rows)
    client = login(personas.finance_admin)
    assert names(client.get(LIST, {"department": personas.dept_e.pk})) == {"丙单位目标"}
    assert names(client.get(LIST, {"unit": personas.unit_a.pk})) == {"甲单位目标"}
    assert names(client.get(LIST, {"q": "丙单位"})) == {"丙单位目标"}
    assert names(client.get(LIST, {"hints_min": 1})) == {"丙单位目标"}
    assert names(client.get(LIST, {"status": "approved"})) == set()
    assert names(client.get(LIST, {"year": 2026, "kind": "project"})) == {"甲单位目标", "丙单位目标"}
    counts = {row["target"].name: len(row["hints"]) for row in client.get(LIST).context["rows"]}
    assert counts == {"甲单位目标": 0, "丙单位目标": 1}


def test_superseded_versions_are_not_listed(personas, login):
    old = make_target(personas, name="原版本")
    Target.objects.filter(pk=old.pk).update(status=Target.Status.APPROVED)
    old.refresh_from_db()
    from targets.review import start_adjustment

    new = start_adjustment(old, personas.officer_a, reason="预算调整")
    Target.objects.filter(pk=new.pk).update(name="调整版本")
    assert names(login(personas.officer_a).get(LIST)) == {"调整版本"}


def test_list_queries_do_not_grow_with_the_page(personas, login, django_assert_max_num_queries):
    for i in range(25):
        make_target(personas, name=f"目标{i}")
    client = login(personas.finance_admin)
    client.get(LIST)
    with django_assert_max_num_queries(20):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 20


def test_todo_items_for_each_role_carry_the_declaration_deadline(personas):
    personas.year.is_current = True
    personas.year.save()
    Deadline.objects.create(
        fiscal_year=personas.year, stage=Deadline.Stage.TARGET_DECLARATION, name="目标申报", due="2026-03-31"
    )
    make_target(personas)
    submitted(personas)
    at_finance(personas)

    def items(user):
        return {(i.title, i.count, str(i.due)) for i in todo_for(user) if i.kind == "绩效目标"}

    assert ("填报中的绩效目标待申报", 1, "2026-03-31") in items(personas.officer_a)
    assert ("单位申报的绩效目标待初审", 1, "2026-03-31") in items(personas.dept_d_officer)
    assert ("初审通过的绩效目标待财政审核", 1, "2026-03-31") in items(personas.finance_reviewer)
    assert items(personas.officer_b) == set()
    assert items(personas.leader) == set()


def test_each_step_tells_the_next_person(personas):
    from perfapp.models import Notification

    target = at_finance(personas)
    assert Notification.objects.filter(
        recipient=personas.dept_d_officer, url__endswith=f"/{target.pk}/"
    ).exists()
    assert Notification.objects.filter(
        recipient=personas.finance_reviewer, title__contains="待财政审核"
    ).exists()
    assert not Notification.objects.filter(recipient=personas.dept_e_officer).exists()
