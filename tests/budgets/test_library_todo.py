import datetime

import pytest
import time_machine

from budgets.models import Deadline, Project
from perfapp.todo import todo_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def library_items(user):
    return {item.title: item for item in todo_for(user) if item.kind == "项目库"}


@time_machine.travel(datetime.date(2026, 8, 1))
def test_each_role_sees_what_waits_for_it_in_the_library_with_the_declaration_deadline(personas):
    p = personas
    Deadline.objects.create(
        fiscal_year=p.year, stage="project_declaration", name="项目申报", due=datetime.date(2026, 9, 30)
    )
    ProjectFactory.create_batch(2, unit=p.unit_a)
    ProjectFactory(unit=p.unit_a, status=Project.Status.RETURNED)
    ProjectFactory(unit=p.unit_b, status=Project.Status.SUBMITTED)
    ProjectFactory(unit=p.unit_c, status=Project.Status.DEPT_APPROVED)

    unit = library_items(p.officer_a)
    assert unit["储备项目待申报"].count == 2
    assert unit["被退回的项目待修改后重新申报"].count == 1
    assert unit["储备项目待申报"].due == datetime.date(2026, 9, 30)
    assert set(library_items(p.dept_d_officer)) == {"单位申报的项目待初审"}
    assert library_items(p.dept_e_officer) == {}
    assert library_items(p.finance_admin)["初审通过的项目待入库审核"].count == 1
    assert library_items(p.finance_reviewer) == {}  # unit C's department is not in division X
    assert library_items(p.leader) == {} and library_items(p.officer_b) == {}


def test_home_page_lists_the_library_todo(personas, login):
    ProjectFactory(unit=personas.unit_a)
    body = login(personas.officer_a).get("/").content.decode()
    assert "储备项目待申报" in body
