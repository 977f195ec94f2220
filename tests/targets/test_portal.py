"""Public portal: disclosed approved targets with budget and indicators, no login, nothing 涉密,
nothing private."""

from decimal import Decimal

import pytest

from perfapp.workflow import perform
from targets.models import Target
from targets.review import Opinions, review_by_department, review_by_finance, start_adjustment
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db
URL = "/public/targets/"


def approve(personas, target, officer=None, dept=None, fin=None):
    target = perform(target, "submit", officer or personas.officer_a, seen_version=target.version)
    target = review_by_department(target, dept or personas.dept_d_officer, approved=True, opinions=Opinions())
    return review_by_finance(target, fin or personas.finance_reviewer, grade="优", opinions=Opinions())


@pytest.fixture
def published(personas):
    public = approve(personas, make_target(personas, name="公开的目标", amount=Decimal("2345678.00")))
    secret = approve(personas, make_target(personas, name="涉密的目标", is_secret=True))
    hidden = approve(personas, make_target(personas, name="不公开的目标", disclose=False))
    draft = make_target(personas, name="草稿目标")
    return {"public": public, "secret": secret, "hidden": hidden, "draft": draft}


def test_anonymous_visitor_sees_disclosed_targets_with_budget_and_indicators(client, published):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "公开的目标" in html
    assert "2,345,678.00" in html
    assert "培训人次" in html and "≥500人次" in html


def test_nothing_secret_undisclosed_or_unapproved_appears(client, published):
    html = client.get(URL).content.decode()
    for name in ("涉密的目标", "不公开的目标", "草稿目标"):
        assert name not in html
    assert client.get(f"{URL}{published['secret'].pk}/").status_code == 404
    assert client.get(f"{URL}{published['draft'].pk}/").status_code == 404


def test_no_private_data_is_shown(client, personas, published):
    public = published["public"]
    html = client.get(f"{URL}{public.pk}/").content.decode() + client.get(URL).content.decode()
    assert "公开的目标" in html
    for private in (
        public.project.leader_name,
        personas.officer_a.display_name,
        personas.finance_reviewer.display_name,
    ):
        assert private and private not in html


def test_filter_by_year_and_department(client, personas, published):
    other = approve(
        personas,
        make_target(personas, personas.unit_c, name="卫健委目标"),
        officer=personas.officer_c,
        dept=personas.dept_e_officer,
        fin=personas.finance_admin,
    )
    html = client.get(URL, {"department": personas.dept_e.pk}).content.decode()
    assert other.name in html and "公开的目标" not in html
    html = client.get(URL, {"year": 2025}).content.decode()
    assert "公开的目标" not in html and "卫健委目标" not in html
    assert "公开的目标" in client.get(URL, {"year": 2026, "department": "x"}).content.decode()


def test_an_adjusted_target_shows_only_its_approved_latest_version(client, personas, published):
    old = published["public"]
    new = start_adjustment(old, personas.officer_a, reason="预算调整")
    Target.objects.filter(pk=new.pk).update(name="调整后的目标")
    html = client.get(URL).content.decode()
    assert "公开的目标" in html and "调整后的目标" not in html  # the new draft is not approved yet
    new.refresh_from_db()
    approve(personas, new)
    html = client.get(URL).content.decode()
    assert "调整后的目标" in html and "公开的目标" not in html


def test_list_query_count_does_not_grow_with_targets(
    client, personas, published, django_assert_max_num_queries
):
    for n in range(5):
        approve(personas, make_target(personas, name=f"批量{n}"))
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
