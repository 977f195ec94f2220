"""Public portal of disclosed evaluation results [003][004 第四十三条]."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Region
from evaluation.models import Evaluation, EvaluationReport, SelfEvaluationRow
from evaluation.reports import store_pdf
from perfapp.documents import sha256_of
from results import disclosure
from tests.factories import OrganizationFactory, RegionFactory
from tests.results.linkage_data import evaluation_of, linked_project
from tests.targets.helpers import make_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

LIST = reverse("portal_results:result_list")
CSV = reverse("portal_results:result_csv")
JSON = reverse("portal_results:result_json")


@pytest.fixture
def data(personas):
    shown = linked_project(personas, "优", name="公开道路项目")
    hidden = linked_project(personas, "良", name="未公开项目")
    secret = linked_project(personas, "中", name="涉密项目")
    make_target(personas, project=secret, is_secret=True)
    disclosure.mark(evaluation_of(shown), personas.finance_admin)
    disclosure.mark(evaluation_of(secret), personas.finance_admin)
    return {"shown": evaluation_of(shown), "hidden": evaluation_of(hidden), "secret": evaluation_of(secret)}


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
        disclosure.mark(evaluation_of(project), personas.finance_admin)
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
    evaluation = evaluation_of(project)
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
    evaluation = evaluation_of(linked_project(personas, "良", name="接口公开项目"))
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


# --- the item page and its PDF -------------------------------------------------------------------


def _detail(pk):
    return reverse("portal_results:result_detail", args=[pk])


def _pdf(pk):
    return reverse("portal_results:result_pdf", args=[pk])


def _final_report(evaluation, **text):
    return EvaluationReport.objects.create(
        evaluation=evaluation,
        number=1,
        status=EvaluationReport.Status.FINAL,
        summary=text.get("summary", "项目按计划实施。"),
        findings=text.get("findings", "资金支付进度偏慢。"),
        recommendations=text.get("recommendations", "加快支付进度。"),
        total_score=evaluation.total_score,
        grade_label=evaluation.grade_label,
    )


def test_item_page_shows_the_disclosed_result_without_login(client, data):
    shown = data["shown"]
    _final_report(shown, findings="部分设备采购滞后。")
    response = client.get(_detail(shown.pk))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "公开道路项目",
        shown.unit.name,
        shown.department.name,
        "2025",
        "财政",
        "70.00",
        "优",
        "部分设备采购滞后。",
        "下载评价报告（PDF）",
    ):
        assert text in body, text
    # the list links to it
    assert _detail(shown.pk) in client.get(LIST).content.decode()


def test_item_page_and_pdf_404_for_secret_undisclosed_unfinished(client, data):
    unfinished = data["shown"]
    for evaluation in (data["hidden"], data["secret"]):
        _final_report(evaluation)
        assert client.get(_detail(evaluation.pk)).status_code == 404
        assert client.get(_pdf(evaluation.pk)).status_code == 404
    Evaluation.objects.filter(pk=unfinished.pk).update(status=Evaluation.Status.JOINT_REVIEW)
    assert client.get(_detail(unfinished.pk)).status_code == 404
    assert client.get(_pdf(unfinished.pk)).status_code == 404
    # withdrawn: gone again
    Evaluation.objects.filter(pk=unfinished.pk).update(status=Evaluation.Status.FINAL)
    assert client.get(_detail(unfinished.pk)).status_code == 200
    disclosure.mark(unfinished, data["shown"].disclosure.disclosed_by, disclosed=False)
    assert client.get(_detail(unfinished.pk)).status_code == 404


def test_pdf_is_the_stored_final_report(client, personas, data):
    shown = data["shown"]
    report = _final_report(shown)
    content = store_pdf(report, personas.finance_admin)
    report.refresh_from_db()
    response = client.get(_pdf(shown.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == content and sha256_of(response.content) == report.sha256
    assert "attachment" in response["Content-Disposition"]


def test_pdf_rendered_and_stored_on_first_public_download(client, data):
    shown = data["shown"]
    report = _final_report(shown)
    response = client.get(_pdf(shown.pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    report.refresh_from_db()
    assert report.sha256 == sha256_of(response.content)
    assert client.get(_pdf(shown.pk)).content == response.content


def test_pdf_of_a_correction_is_the_newest_final_version(client, data):
    shown = data["shown"]
    _final_report(shown, summary="第一版")
    second = EvaluationReport.objects.create(
        evaluation=shown,
        number=2,
        status=EvaluationReport.Status.FINAL,
        summary="更正后的第二版",
        reason="更正",
    )
    body = client.get(_detail(shown.pk)).content.decode()
    assert "更正后的第二版" in body and "第一版" not in body
    client.get(_pdf(shown.pk))
    second.refresh_from_db()
    assert second.sha256 and not EvaluationReport.objects.get(evaluation=shown, number=1).sha256


def test_no_report_means_no_download(client, data):
    shown = data["shown"]
    assert "暂无可下载的报告文件" in client.get(_detail(shown.pk)).content.decode()
    assert client.get(_pdf(shown.pk)).status_code == 404


def test_self_evaluation_item_serves_its_self_evaluation_form_pdf(client, personas):
    project = linked_project(personas, "良", kind=Evaluation.Kind.SELF, name="自评公开项目")
    evaluation = evaluation_of(project)
    SelfEvaluationRow.objects.create(
        evaluation=evaluation,
        level1="output",
        level2="数量指标",
        name="培训人次",
        comparator="gte",
        target_value=Decimal("500"),
        unit="人次",
        weight=Decimal("20"),
        actual_value=Decimal("520"),
        score=Decimal("20"),
    )
    disclosure.mark(evaluation, personas.finance_admin)
    body = client.get(_detail(evaluation.pk)).content.decode()
    assert "下载绩效自评表（PDF）" in body
    response = client.get(_pdf(evaluation.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert client.get(_pdf(evaluation.pk)).content == response.content


def test_item_page_query_count_is_constant(client, data, django_assert_max_num_queries):
    _final_report(data["shown"])
    with django_assert_max_num_queries(6):
        assert client.get(_detail(data["shown"].pk)).status_code == 200


# --- region and year selectors, search, the landing with both sections --------------------------


@pytest.fixture
def two_regions(personas):
    """Province results of 2025 and 2024 and a city's of 2025, all disclosed."""
    city_unit = OrganizationFactory(
        kind="unit", code="CITY-U", name="长春市第一中学", region=personas.city, parent=personas.dept_d
    )
    made = {}
    for key, unit, name in (
        ("province", personas.unit_a, "省级道路项目"),
        ("city", city_unit, "市级学校项目"),
        ("old", personas.unit_a, "往年项目"),
    ):
        evaluation = evaluation_of(linked_project(personas, "良", unit=unit, name=name))
        disclosure.mark(evaluation, personas.finance_admin)
        made[key] = evaluation
    Evaluation.objects.filter(pk=made["old"].pk).update(year=2024)
    Evaluation.objects.filter(pk=made["city"].pk).update(region=personas.city)
    return made


def _names(response):
    return [r["name"] for r in response.context["rows"]]


def test_selectors_default_to_the_latest_year_and_filter_by_region(client, personas, two_regions):
    RegionFactory(code="220200", name="吉林市", level=Region.Level.CITY, parent=personas.province)
    response = client.get(LIST)
    selection = response.context["selection"]
    assert selection.year == 2025 and selection.years == [2025, 2024]
    # only regions with something disclosed are offered
    assert [r.name for r in selection.regions] == ["吉林省", "长春市"]
    assert sorted(_names(response)) == ["市级学校项目评价", "省级道路项目评价"]
    assert _names(client.get(LIST, {"region": personas.city.pk})) == ["市级学校项目评价"]
    assert _names(client.get(LIST, {"year": 2024})) == ["往年项目评价"]
    assert len(_names(client.get(LIST, {"year": "all"}))) == 3
    assert _names(client.get(LIST, {"q": "长春市第一"})) == ["市级学校项目评价"]
    # an unknown region is ignored, not an error
    assert len(_names(client.get(LIST, {"region": 999999}))) == 2


def test_csv_and_json_match_the_page_for_every_selection(client, personas, two_regions):
    for params in (
        {},
        {"region": personas.city.pk},
        {"year": 2024},
        {"year": "all"},
        {"q": "道路"},
        {"region": personas.province.pk, "year": "all", "q": "项目"},
    ):
        page_ids = [r["id"] for r in client.get(LIST, params).context["rows"]]
        data = client.get(JSON, params).json()
        assert [r["id"] for r in data["results"]] == page_ids, params
        assert data["count"] == len(page_ids)
        rows = list(csv.reader(io.StringIO(client.get(CSV, params).content.decode("utf-8-sig"))))
        assert rows[0][:3] == ["ID", "年度", "地区"]
        assert [int(r[0]) for r in rows[1:]] == page_ids, params


def test_tabs_carry_the_selection_to_the_targets_section(client, personas, two_regions):
    response = client.get(LIST, {"region": personas.city.pk, "year": 2025})
    tabs = response.context["selection"].tabs()
    assert [str(t["label"]) for t in tabs] == ["绩效目标", "评价结果"]
    assert tabs[0]["url"] == f"/public/targets/?region={personas.city.pk}&year=2025"
    assert tabs[1]["active"]
    body = response.content.decode()
    assert "绩效目标" in body and f"/public/targets/?region={personas.city.pk}&amp;year=2025" in body


def test_list_query_count_does_not_grow(client, personas, django_assert_max_num_queries):
    for i in range(3):
        disclosure.mark(evaluation_of(linked_project(personas, "良", name=f"少{i}")), personas.finance_admin)
    with django_assert_max_num_queries(6):
        client.get(LIST)
    for i in range(30):
        disclosure.mark(evaluation_of(linked_project(personas, "良", name=f"多{i}")), personas.finance_admin)
    with django_assert_max_num_queries(6):
        assert len(client.get(LIST).context["rows"]) == 20


def test_targets_section_csv_and_json_match_its_page(client, personas):
    from tests.targets.test_portal import approve

    for i in range(3):
        approve(personas, make_target(personas, name=f"公开目标{i}"))
    approve(
        personas,
        make_target(personas, personas.unit_c, name="卫健委目标"),
        officer=personas.officer_c,
        dept=personas.dept_e_officer,
        fin=personas.finance_admin,
    )
    approve(personas, make_target(personas, name="涉密目标", is_secret=True))
    url = reverse("targets_public:list")
    for params in (
        {},
        {"q": "卫健委"},
        {"department": personas.dept_d.pk},
        {"region": personas.province.pk},
        {"year": "all"},
        {"year": 2025},
    ):
        response = client.get(url, params)
        page_ids = [t.pk for t in response.context["page"].object_list]
        data = client.get(reverse("targets_public:json"), params).json()
        assert [r["id"] for r in data["results"]] == page_ids, params
        rows = list(
            csv.reader(
                io.StringIO(client.get(reverse("targets_public:csv"), params).content.decode("utf-8-sig"))
            )
        )
        assert [int(r[0]) for r in rows[1:]] == page_ids, params
    assert len(client.get(url).context["page"].object_list) == 4
    assert [
        r["name"] for r in client.get(reverse("targets_public:json"), {"q": "卫健委"}).json()["results"]
    ] == ["卫健委目标"]
    data = client.get(reverse("targets_public:json")).json()
    assert "涉密目标" not in str(data) and data["results"][0]["indicators"]
    # the targets tab leads to the results tab with the same selection
    tabs = client.get(url, {"year": 2026}).context["selection"].tabs()
    assert tabs[1]["url"] == "/public/results/?year=2026" and tabs[0]["active"]


def test_portal_landing_opens_the_first_tab_with_the_selection(client, personas):
    response = client.get("/public/")
    assert response.status_code == 302 and response["Location"] == "/public/targets/"
    response = client.get("/public/", {"region": personas.city.pk, "year": 2025})
    assert response["Location"] == f"/public/targets/?region={personas.city.pk}&year=2025"
    assert client.post("/public/").status_code == 405
