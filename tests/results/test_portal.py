"""Public portal of disclosed evaluation results [003][004 第四十三条]."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from evaluation.models import Evaluation
from results import disclosure
from tests.results.linkage_data import linked_project
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db

LIST = reverse("portal_results:result_list")
CSV = reverse("portal_results:result_csv")
JSON = reverse("portal_results:result_json")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _evaluation(project):
    return Evaluation.objects.get(project=project)


@pytest.fixture
def data(personas):
    shown = linked_project(personas, "优", name="公开道路项目")
    hidden = linked_project(personas, "良", name="未公开项目")
    secret = linked_project(personas, "中", name="涉密项目")
    make_target(personas, project=secret, is_secret=True)
    disclosure.mark(_evaluation(shown), personas.finance_admin)
    disclosure.mark(_evaluation(secret), personas.finance_admin)
    return {"shown": _evaluation(shown), "hidden": _evaluation(hidden), "secret": _evaluation(secret)}


def test_anonymous_sees_only_disclosed_non_secret(client, data):
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "公开道路项目" in body
    assert "未公开项目" not in body
    assert "涉密项目" not in body


def test_secret_target_evaluation_never_in_query(data):
    ids = set(disclosure.public_evaluations().values_list("pk", flat=True))
    assert ids == {data["shown"].pk}


def test_csv_and_json_match_page_rows(client, personas):
    for i in range(25):
        project = linked_project(personas, "良", name=f"项目{i:02d}")
        disclosure.mark(_evaluation(project), personas.finance_admin)
    for params in ({}, {"page": 2}, {"q": "项目1"}):
        page = client.get(LIST, params)
        page_ids = [r["id"] for r in page.context["rows"]]
        data = client.get(JSON, params).json()
        assert [r["id"] for r in data["results"]] == page_ids
        rows = list(csv.reader(io.StringIO(client.get(CSV, params).content.decode("utf-8-sig"))))
        assert [int(r[0]) for r in rows[1:]] == page_ids
    assert len(client.get(LIST).context["rows"]) == 20
    assert len(client.get(LIST, {"page": 2}).context["rows"]) == 5
    assert len(client.get(LIST, {"q": "项目1"}).context["rows"]) == 10


def test_post_refused(client, data):
    for url in (LIST, CSV, JSON):
        assert client.post(url).status_code == 405


@override_settings(PORTAL_RESULTS_RATE_LIMIT=3)
def test_rate_limit_429(client, data):
    for _ in range(3):
        assert client.get(LIST).status_code == 200
    response = client.get(LIST)
    assert response.status_code == 429
    assert "访问过于频繁" in response.content.decode()


def test_mark_requires_finished(personas):
    project = linked_project(personas, "良")
    evaluation = _evaluation(project)
    evaluation.status = Evaluation.Status.IN_PROGRESS
    evaluation.save()
    with pytest.raises(ValueError):
        disclosure.mark(evaluation, personas.finance_admin)


def test_demo_marks_most_finished_evaluations(personas):
    from results import demo_accountability

    for i in range(10):
        linked_project(personas, "良", name=f"演示项目{i}")
    region_ids = [personas.unit_a.region_id]
    counts = demo_accountability.seed(region_ids, 2026, seed=1, log=lambda *_: None)
    assert 0 < counts["disclosures"] <= 10
    assert disclosure.public_evaluations().count() == counts["disclosures"]
    assert demo_accountability.reset(region_ids)["disclosures"] == counts["disclosures"]


def test_api_finance_admin_marks_officer_refused(api, personas, client):
    evaluation = _evaluation(linked_project(personas, "良", name="接口公开项目"))
    assert client.get(LIST).content.decode().count("接口公开项目") == 0
    r = api(personas.officer_a).post("/api/v1/disclosures/", {"evaluation": evaluation.pk}, format="json")
    assert r.status_code in (403, 404)
    r = api(personas.finance_admin).post("/api/v1/disclosures/", {"evaluation": evaluation.pk}, format="json")
    assert r.status_code == 201, r.content
    assert "接口公开项目" in client.get(LIST).content.decode()
    r = api(personas.finance_admin).post(
        "/api/v1/disclosures/", {"evaluation": evaluation.pk, "disclosed": False}, format="json"
    )
    assert r.status_code == 201
    assert "接口公开项目" not in client.get(LIST).content.decode()
