"""factory_boy factories with sensible defaults."""

import datetime
from decimal import Decimal

import factory

from accounts.models import Division, Organization, Region, RoleAssignment, User
from budgets.models import Allocation, Category, Expenditure, FiscalYear, Policy, Project

TEST_PASSWORD = "Perf-Test-2026!x"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"22{n:04d}")
    name = factory.Sequence(lambda n: f"测试区{n}")
    level = Region.Level.PROVINCE


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.UNIT
    code = factory.Sequence(lambda n: f"ORG{n:05d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    region = factory.SubFactory(RegionFactory)


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    bureau = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.FINANCE_BUREAU)
    name = factory.Sequence(lambda n: f"业务{n}科")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.django.Password(TEST_PASSWORD)


def make_user(username, role, organization, division=None, **kwargs) -> User:
    """A user of `organization` holding `role` (and more roles later through RoleAssignment)."""
    user = UserFactory(username=username, organization=organization, **kwargs)
    RoleAssignment.objects.create(user=user, role=role, organization=organization, division=division)
    return user


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ("region", "year")
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    year = 2026
    is_current = True

    @factory.post_generation
    def policy(obj, create, extracted, **kwargs):
        if create and not obj.policies.exists():
            Policy.objects.create(
                fiscal_year=obj, version=1, data=extracted or {}, effective_from=datetime.date(obj.year, 1, 1)
            )


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"P2026{n:06d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    unit = factory.SubFactory(OrganizationFactory)
    category = Category.LIVELIHOOD
    function_code = "2050201"
    fund_sources = factory.LazyFunction(lambda: ["local"])
    start_year = 2026
    end_year = 2026
    total_amount = Decimal("1000000.00")
    leader_name = "张三"


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    fund_source = "local"
    initial_amount = Decimal("1000000.00")


class ExpenditureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expenditure

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    date = datetime.date(2026, 3, 15)
    amount = Decimal("100000.00")
    voucher = factory.Sequence(lambda n: f"V{n:08d}")
