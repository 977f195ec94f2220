"""/api/v1/allocations/ and /api/v1/expenditures/: read-only, scoped like their projects."""

import pytest

from tests.api.conftest import API, ids
from tests.factories import AllocationFactory, ExpenditureFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SCOPES = {
    "officer_a": "a",
    "officer_b": "b",
    "officer_c": "c",
    "dept_d_officer": "ab",
    "dept_e_officer": "c",
    "finance_reviewer": "ab",
    "finance_admin": "abc",
    "leader": "abc",
    "auditor": "abc",
    "expert": "b",
    "other_finance_admin": "x",
}


@pytest.mark.parametrize("kind, prefix", [("allocations", "alloc"), ("expenditures", "spend")])
@pytest.mark.parametrize("persona", sorted(SCOPES))
def test_each_persona_reads_exactly_the_money_rows_of_its_projects(
    personas, library, api, persona, kind, prefix
):
    client = api(getattr(personas, persona))
    rows = {key: getattr(library, f"{prefix}_{key}") for key in "abcx"}
    expected = {rows[key].pk for key in SCOPES[persona]}

    assert ids(client.get(f"{API}/{kind}/")) == expected
    for row in rows.values():
        assert client.get(f"{API}/{kind}/{row.pk}/").status_code == (200 if row.pk in expected else 404)


@pytest.mark.parametrize("kind", ["allocations", "expenditures"])
@pytest.mark.parametrize("persona", ["finance_admin", "officer_a", "leader"])
def test_money_rows_cannot_be_written_through_the_api(personas, library, api, persona, kind):
    client = api(getattr(personas, persona))
    row = library.alloc_a if kind == "allocations" else library.spend_a

    assert client.post(f"{API}/{kind}/", {"project": library.a.pk}, format="json").status_code in (403, 405)
    assert client.patch(f"{API}/{kind}/{row.pk}/", {"year": 2030}, format="json").status_code in (403, 405)
    assert client.delete(f"{API}/{kind}/{row.pk}/").status_code in (403, 405)
    row.refresh_from_db()
    assert row.year == 2026


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_cannot_read_money_rows(personas, library, api, persona):
    client = api(getattr(personas, persona))

    assert client.get(f"{API}/allocations/").status_code == 403
    assert client.get(f"{API}/expenditures/{library.spend_a.pk}/").status_code == 403


def test_money_rows_filter_by_project_and_year(personas, library, api):
    later = AllocationFactory(project=library.a, year=2027)
    later_spend = ExpenditureFactory(project=library.a, year=2027)
    client = api(personas.finance_admin)

    assert ids(client.get(f"{API}/allocations/", {"project": library.a.pk})) == {library.alloc_a.pk, later.pk}
    assert ids(client.get(f"{API}/allocations/", {"year": 2027})) == {later.pk}
    assert ids(client.get(f"{API}/expenditures/", {"project": library.a.pk, "year": 2027})) == {
        later_spend.pk
    }
    body = client.get(f"{API}/allocations/{later.pk}/").json()
    assert body["project_code"] == library.a.code
    assert body["total_amount"] == "1000000.00"


@pytest.mark.parametrize(
    "kind, factory", [("allocations", AllocationFactory), ("expenditures", ExpenditureFactory)]
)
@pytest.mark.parametrize("count", [5, 50])
def test_money_lists_do_not_query_per_row(personas, api, django_assert_max_num_queries, kind, factory, count):
    for _ in range(count):
        factory(project=ProjectFactory(unit=personas.unit_a))
    client = api(personas.finance_admin)
    client.get(f"{API}/{kind}/")  # the user's scope is computed once per request: warm it

    with django_assert_max_num_queries(2):
        response = client.get(f"{API}/{kind}/")

    assert response.json()["count"] == count
