"""我的待办 shows every role what waits for it, with deadlines."""

import datetime

import pytest
import time_machine

from accounts.models import Role
from budgets.models import Deadline, Project
from tests.factories import ProjectFactory, make_user

pytestmark = pytest.mark.django_db


def titles(client):
    response = client.get("/")
    assert response.status_code == 200
    return [(item.title, item.due) for item in response.context["items"]]


@time_machine.travel(datetime.datetime(2026, 5, 10, 9, tzinfo=datetime.UTC))
def test_every_business_role_sees_the_coming_deadlines(personas, login):
    Deadline.objects.create(
        fiscal_year=personas.year,
        stage="self_evaluation",
        name="绩效自评截止",
        due=datetime.date(2026, 5, 31),
    )
    Deadline.objects.create(
        fiscal_year=personas.year,
        stage="fiscal_evaluation",
        name="财政重点评价截止",
        due=datetime.date(2026, 10, 31),
    )
    for user in (
        personas.officer_a,
        personas.dept_d_officer,
        personas.finance_reviewer,
        personas.leader,
        personas.auditor,
    ):
        items = titles(login(user))
        assert ("截止日期：吉林省 绩效自评截止", datetime.date(2026, 5, 31)) in items, user
        # Beyond the horizon: not yet on the list.
        assert all("财政重点评价" not in title for title, _due in items)


def test_unit_and_department_see_their_library_work(personas, login):
    ProjectFactory(unit=personas.unit_a, status=Project.Status.DRAFT)
    ProjectFactory(unit=personas.unit_b, status=Project.Status.SUBMITTED)
    assert any("储备项目待申报" in t for t, _ in titles(login(personas.officer_a)))
    assert any("待初审" in t for t, _ in titles(login(personas.dept_d_officer)))
    assert not any("待初审" in t for t, _ in titles(login(personas.dept_e_officer)))


def test_admins_see_their_own_duties(personas, login):
    make_user("newcomer", Role.UNIT_OFFICER, personas.unit_a, must_change_password=True)
    assert any("尚未修改初始密码" in t for t, _ in titles(login(personas.system_admin)))
    assert any("校验审计日志" in t for t, _ in titles(login(personas.audit_admin)))
    # No business deadlines for the 三员.
    Deadline.objects.create(fiscal_year=personas.year, stage="other", name="测试", due=datetime.date.today())
    assert not any("截止日期" in t for t, _ in titles(login(personas.security_admin)))
