"""Shared personas (STYLE.md Tests), built once per test, and test-environment guards.

Region 吉林省 (220000) → 长春市 (220100). Finance bureau 省财政厅 with division X (教科文科)
managing department D (教育厅) and division Y (社保科) managing department E (卫生健康委).
Units A and B under D, unit C under E.
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
from types import SimpleNamespace

import pytest

from accounts.models import Organization, Region, Role, RoleAssignment
from tests.factories import (
    TEST_PASSWORD,
    DivisionFactory,
    FiscalYearFactory,
    OrganizationFactory,
    RegionFactory,
    make_user,
)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str):
    """Skip outside CI with the reason printed; in CI a missing service is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI 环境缺少测试依赖：{reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request):
    """`make test` and CI set CELERY_BROKER_URL, and no worker runs beside the suite: tasks run in
    process, except in the real-worker tests (marker celery_worker), which configure Celery themselves."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    from perfapp.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def personas(db):
    province = RegionFactory(code="220000", name="吉林省", level=Region.Level.PROVINCE)
    city = RegionFactory(code="220100", name="长春市", level=Region.Level.CITY, parent=province)
    other_province = RegionFactory(code="210000", name="辽宁省", level=Region.Level.PROVINCE)
    bureau = OrganizationFactory(
        kind=Organization.Kind.FINANCE_BUREAU, code="FIN", name="吉林省财政厅", region=province
    )
    other_bureau = OrganizationFactory(
        kind=Organization.Kind.FINANCE_BUREAU, code="FIN-LN", name="辽宁省财政厅", region=other_province
    )
    division_x = DivisionFactory(bureau=bureau, name="教科文科")
    division_y = DivisionFactory(bureau=bureau, name="社会保障科")
    dept_d = OrganizationFactory(
        kind=Organization.Kind.DEPARTMENT,
        code="D",
        name="吉林省教育厅",
        region=province,
        parent=bureau,
        division=division_x,
    )
    dept_e = OrganizationFactory(
        kind=Organization.Kind.DEPARTMENT,
        code="E",
        name="吉林省卫生健康委员会",
        region=province,
        parent=bureau,
        division=division_y,
    )
    unit_a = OrganizationFactory(
        kind=Organization.Kind.UNIT, code="A", name="吉林省实验中学", region=province, parent=dept_d
    )
    unit_b = OrganizationFactory(
        kind=Organization.Kind.UNIT, code="B", name="吉林省教育考试院", region=province, parent=dept_d
    )
    unit_c = OrganizationFactory(
        kind=Organization.Kind.UNIT, code="C", name="吉林省人民医院", region=province, parent=dept_e
    )
    agency = OrganizationFactory(
        kind=Organization.Kind.AGENCY, code="AG", name="吉林正信绩效评价事务所", region=province
    )
    year = FiscalYearFactory(region=province, year=2026)
    ns = SimpleNamespace(
        province=province,
        city=city,
        other_province=other_province,
        bureau=bureau,
        other_bureau=other_bureau,
        division_x=division_x,
        division_y=division_y,
        dept_d=dept_d,
        dept_e=dept_e,
        unit_a=unit_a,
        unit_b=unit_b,
        unit_c=unit_c,
        agency=agency,
        year=year,
        password=TEST_PASSWORD,
    )
    ns.finance_admin = make_user("fin_admin", Role.FINANCE_ADMIN, bureau)
    ns.finance_reviewer = make_user("fin_reviewer_x", Role.FINANCE_REVIEWER, bureau, division=division_x)
    ns.officer_a = make_user("unit_a", Role.UNIT_OFFICER, unit_a)
    ns.officer_b = make_user("unit_b", Role.UNIT_OFFICER, unit_b)
    ns.officer_c = make_user("unit_c", Role.UNIT_OFFICER, unit_c)
    ns.dept_d_officer = make_user("dept_d", Role.DEPT_OFFICER, dept_d)
    ns.dept_e_officer = make_user("dept_e", Role.DEPT_OFFICER, dept_e)
    ns.leader = make_user("leader", Role.LEADER, bureau)
    ns.auditor = make_user("auditor", Role.AUDITOR, bureau)
    ns.expert = make_user("expert", Role.EXPERT, agency)
    ns.system_admin = make_user("sysadmin", Role.SYSTEM_ADMIN, bureau)
    ns.security_admin = make_user("secadmin", Role.SECURITY_ADMIN, bureau)
    ns.audit_admin = make_user("auditadmin", Role.AUDIT_ADMIN, bureau)
    ns.other_finance_admin = make_user("fin_admin_ln", Role.FINANCE_ADMIN, other_bureau)
    return ns


@pytest.fixture
def login(client):
    """login(user) → a Django test client logged in as `user`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api(db):
    """api(user) → a DRF APIClient authenticated as `user` (None: anonymous)."""
    from rest_framework.test import APIClient

    def _api(user=None):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c

    return _api


__all__ = ["RoleAssignment", "require"]
