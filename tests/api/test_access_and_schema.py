"""The API as a whole: no anonymous access anywhere under /api/, token auth, OpenAPI schema and docs."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from tests.api.conftest import API, ids
from tests.factories import FiscalYearFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix=""):
    for pattern in patterns:
        regex = prefix + _regex_of(pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, regex)
        elif isinstance(pattern, URLPattern):
            yield regex


def _regex_of(pattern) -> str:
    p = pattern.pattern
    if hasattr(p, "_route"):  # path(): turn <int:pk> converters into a sample value
        route = re.sub(r"<drf_format_suffix\w*:format>", ".json", str(p._route))
        return re.sub(r"<(?:\w+:)?\w+>", "1", route)
    return str(p._regex).lstrip("^").rstrip("$")


def _sample_path(regex: str) -> str:
    path = re.sub(r"\(\?P<format>[^)]*\)", "json", regex)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    path = path.replace("\\.", ".").replace("/?", "/").replace("^", "").replace("$", "")
    return "/" + path


def api_paths() -> list[str]:
    return sorted(
        {p for p in (_sample_path(r) for r in _walk(get_resolver().url_patterns)) if p.startswith("/api/")}
    )


def test_the_walk_finds_every_budgets_endpoint():
    paths = api_paths()
    for expected in (
        "/api/v1/projects/",
        "/api/v1/projects/1/transitions/",
        "/api/v1/fiscal-years/1/policy/",
        "/api/v1/deadlines/1/",
        "/api/v1/allocations/",
        "/api/v1/expenditures/1/",
        "/api/schema/",
        "/api/docs/",
    ):
        assert expected in paths


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_anonymous_requests_to_every_api_url_are_refused(personas, api, method):
    client = api()
    for path in api_paths():
        response = getattr(client, method)(path)
        assert response.status_code in (401, 403), f"{method.upper()} {path} → {response.status_code}"


def test_token_authentication_works_and_keeps_the_users_scope(personas, library, api):
    token = Token.objects.create(user=personas.officer_a)
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert ids(client.get(f"{API}/projects/")) == {library.a.pk}
    assert client.get(f"{API}/projects/{library.b.pk}/").status_code == 404
    response = client.post(
        f"{API}/projects/{library.a.pk}/transitions/", {"name": "submit", "version": 1}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_a_wrong_token_is_refused(personas, library, api):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    assert client.get(f"{API}/projects/").status_code in (401, 403)


def test_a_disabled_users_token_is_refused(personas, library, api):
    token = Token.objects.create(user=personas.officer_a)
    personas.officer_a.is_active = False
    personas.officer_a.save()
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.get(f"{API}/projects/").status_code in (401, 403)


def test_a_user_who_must_change_the_initial_password_cannot_use_the_api_yet(personas, library, api):
    personas.officer_a.must_change_password = True
    personas.officer_a.save()

    response = api(personas.officer_a).get(f"{API}/projects/")

    assert response.status_code == 403
    assert "修改初始密码" in response.json()["detail"]


def test_openapi_schema_is_served_to_logged_in_users_with_every_budgets_path(personas, login):
    response = login(personas.officer_a).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    for path in (
        "/api/v1/fiscal-years/",
        "/api/v1/fiscal-years/{id}/policy/",
        "/api/v1/deadlines/",
        "/api/v1/projects/",
        "/api/v1/projects/{id}/",
        "/api/v1/projects/{id}/transitions/",
        "/api/v1/allocations/",
        "/api/v1/expenditures/",
    ):
        assert path in schema["paths"], path
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/projects/{id}/transitions/"])
    project_filters = {p["name"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {
        "year",
        "department",
        "unit",
        "category",
        "budget_type",
        "status",
        "min_amount",
        "max_amount",
        "search",
    } <= (project_filters)
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_schema_of_the_budgets_api_generates_without_warnings_or_errors(settings):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)
    problems = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if "budgets" in message or "perfapp/api" in message or "Enum" in message
    ]
    GENERATOR_STATS.reset()

    assert problems == []


def test_api_docs_render_for_logged_in_users_only(personas, login, client):
    assert client.get("/api/docs/").status_code in (401, 403)

    response = login(personas.leader).get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_fiscal_year_list_does_not_query_per_year(personas, api, django_assert_max_num_queries):
    for year in range(2020, 2026):
        FiscalYearFactory(region=personas.province, year=year)
    for code in range(5):
        FiscalYearFactory(region=RegionFactory(code=f"2201{code:02d}", parent=personas.province), year=2026)
    client = api(personas.finance_admin)
    client.get(f"{API}/fiscal-years/")

    with django_assert_max_num_queries(3):
        response = client.get(f"{API}/fiscal-years/")

    assert response.json()["count"] == 12
