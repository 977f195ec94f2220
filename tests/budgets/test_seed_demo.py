"""manage.py seed_demo: deterministic, loaded once, every role can log in and has work waiting."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from accounts.models import Organization, Role, User
from budgets import demo
from budgets.models import Allocation, Category, Deadline, Expenditure, FiscalYear, Project

pytestmark = pytest.mark.django_db

YEAR = 2026


def seed_demo(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--scale", "small", "--year", str(YEAR), *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "projects": list(
            Project.objects.order_by("code").values_list(
                "code", "name", "unit__name", "category", "status", "total_amount", "leader_name"
            )
        ),
        "allocations": list(
            Allocation.objects.order_by("project__code", "year", "fund_source").values_list(
                "project__code", "year", "fund_source", "initial_amount", "adjustment", "total_amount"
            )
        ),
        "expenditures": list(
            Expenditure.objects.order_by("voucher").values_list("project__code", "voucher", "date", "amount")
        ),
    }


@pytest.fixture
def seeded(db):
    seed_demo("--seed", "7")


def account(username) -> User:
    return User.objects.select_related("organization").get(username=username)


def test_the_same_seed_gives_the_same_codes_names_and_amounts():
    seed_demo("--seed", "7")
    first = snapshot()
    assert first["projects"] and first["allocations"] and first["expenditures"]

    seed_demo("--seed", "7", "--reset")

    assert snapshot() == first


def test_another_seed_gives_other_amounts():
    seed_demo("--seed", "7")
    first = snapshot()

    seed_demo("--seed", "8", "--reset")

    assert snapshot()["projects"] != first["projects"]


def test_a_second_run_says_the_demo_is_there_and_duplicates_nothing(seeded):
    before = (Project.objects.count(), Allocation.objects.count(), Expenditure.objects.count())
    users = User.objects.count()

    out = seed_demo("--seed", "7")

    assert "演示数据已存在" in out
    assert (Project.objects.count(), Allocation.objects.count(), Expenditure.objects.count()) == before
    assert User.objects.count() == users


def test_reset_reloads_without_duplicating_accounts_or_organizations(seeded):
    organizations, users = Organization.objects.count(), User.objects.count()

    seed_demo("--seed", "7", "--reset")

    assert Organization.objects.count() == organizations
    assert User.objects.count() == users
    assert account("unit_school1").organization.name == "长春市第一中学"


def test_every_role_has_a_demo_account_that_can_log_in_with_the_demo_password(seeded, client):
    roles = set()
    for spec in demo.ACCOUNTS:
        user = account(spec.username)
        assert not user.must_change_password
        roles |= user.roles
        response = client.post(
            reverse("accounts:login"), {"username": spec.username, "password": demo.DEMO_PASSWORD}
        )
        assert response.status_code == 302, spec.username
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()
    assert roles == set(Role.values)


def test_demo_accounts_sit_in_the_changchun_bureau_and_its_departments(seeded):
    assert account("fin_admin").organization.name == "长春市财政局"
    assert account("dept_edu").organization.name == "长春市教育局"
    hospital = account("unit_hospital").organization
    assert hospital.name == "长春市人民医院"
    assert hospital.parent.name == "长春市卫生健康委员会"
    assert account("expert").organization.kind == Organization.Kind.AGENCY
    reviewer = account("fin_reviewer").role_assignments.get()
    assert reviewer.division.name == "教科文科"
    assert account("dept_edu").organization.division == reviewer.division


def test_small_scale_has_projects_in_every_category_and_some_major_ones(seeded):
    assert set(Project.objects.values_list("category", flat=True)) == set(Category.values)
    threshold = FiscalYear.objects.get(region__code=demo.DEMO_CITY, year=YEAR).policy.project_library
    majors = Project.objects.filter(is_major=True)
    assert majors.exists()
    assert all(p.total_amount >= threshold.major_threshold for p in majors)
    assert not Project.objects.filter(is_major=False, total_amount__gte=threshold.major_threshold).exists()
    assert 40 <= Project.objects.count() <= 80


def test_amounts_are_decimals_with_two_places(seeded):
    values = list(Project.objects.values_list("total_amount", flat=True))
    for row in Allocation.objects.values_list("initial_amount", "adjustment", "total_amount"):
        values.extend(row)
    values.extend(Expenditure.objects.values_list("amount", flat=True))
    assert values
    for value in values:
        assert isinstance(value, Decimal)
        assert value.as_tuple().exponent == -2


def test_allocations_add_up_and_spending_stays_within_the_budget(seeded):
    for a in Allocation.objects.all():
        assert a.total_amount == a.initial_amount + a.adjustment
        assert a.unit_id == a.project.unit_id and a.region_id == a.project.region_id
    budgets = {
        (r["project_id"], r["year"]): r["total"]
        for r in Allocation.objects.values("project_id", "year").annotate(total=Sum("total_amount"))
    }
    spent = Expenditure.objects.values("project_id", "year").annotate(total=Sum("amount"))
    assert spent
    for row in spent:
        assert 0 < row["total"] <= budgets[(row["project_id"], row["year"])]
    assert not Expenditure.objects.filter(voucher="").exists()


def test_each_demo_unit_has_a_project_in_every_library_status(seeded):
    wanted = {
        Project.Status.DRAFT,
        Project.Status.SUBMITTED,
        Project.Status.DEPT_APPROVED,
        Project.Status.ADMITTED,
        Project.Status.IN_PROGRESS,
    }
    for username in ("unit_school1", "unit_school2", "unit_hospital"):
        unit = account(username).organization
        assert wanted <= set(Project.objects.filter(unit=unit).values_list("status", flat=True)), username


def test_every_library_role_has_something_waiting(seeded):
    for username in ("unit_school1", "unit_hospital", "dept_edu", "fin_reviewer", "fin_admin"):
        assert Project.objects.awaiting(account(username)).exists(), username


def test_unit_officer_sees_only_its_own_units_projects(seeded, client):
    officer = account("unit_school1")
    visible = Project.objects.visible_to(officer)
    assert visible.exists()
    assert set(visible.values_list("unit_id", flat=True)) == {officer.organization_id}
    assert visible.count() == Project.objects.filter(unit=officer.organization).count()

    client.force_login(officer)
    own = visible.first()
    other = Project.objects.filter(department=officer.organization.parent).exclude(unit=officer.organization)
    assert client.get(reverse("budgets:project_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("budgets:project_detail", args=[other.first().pk])).status_code == 404


def test_finance_reviewer_sees_the_departments_of_its_division(seeded):
    reviewer = account("fin_reviewer")
    departments = set(Project.objects.visible_to(reviewer).values_list("department__name", flat=True))
    assert departments == {"长春市教育局"}


def test_expert_sees_only_assigned_projects(seeded):
    expert = account("expert")
    visible = set(Project.objects.visible_to(expert).values_list("pk", flat=True))
    assert visible
    assert visible == set(expert.expert_assignments.values_list("project_id", flat=True))


def test_fiscal_years_carry_policy_v1_and_the_policys_deadlines(seeded):
    for code in ("220000", demo.DEMO_CITY):
        fy = FiscalYear.objects.get(region__code=code, year=YEAR)
        assert fy.is_current
        assert list(fy.policies.values_list("version", flat=True)) == [1]
        dues = {d.stage: d.due for d in fy.deadlines.all()}
        assert (
            dues[Deadline.Stage.SELF_EVALUATION].isoformat()
            == f"{YEAR + 1}-{fy.policy.deadlines.self_evaluation}"  # the year's spending, evaluated next year
        )
    assert not FiscalYear.objects.filter(year=YEAR + 1).exists()
    assert FiscalYear.objects.filter(region__code=demo.DEMO_CITY, year=YEAR - 1, is_current=False).exists()


def test_regions_and_organizations_use_real_codes_and_names(seeded):
    assert Organization.objects.get(code="220100101").name == "长春市教育局"
    changchun = FiscalYear.objects.get(region__code="220100", year=YEAR).region
    assert changchun.name == "长春市" and changchun.parent.code == "220000"
    assert set(changchun.children.values_list("code", flat=True)) >= {"220102", "220122", "220182", "220183"}


def test_plans_reach_the_sizes_of_each_scale():
    def per_year(scale):
        return sum(p.projects_per_year for p in demo.plan_for(scale))

    assert per_year("small") < 100
    assert 900 <= per_year("county") <= 1_100
    assert 14_000 <= per_year("city") <= 16_000
    assert 190_000 <= per_year("province") <= 210_000
