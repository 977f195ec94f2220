"""Who sees and who configures scorecards, on the pages and the API [000 #1 #2; DESIGN §4 scoping]."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from dashboards import scorecards as rules
from dashboards.models_scorecards import Scorecard, ScoreEntry, ScoreResult
from perfapp.models import AuditEvent, EventKind
from tests.dashboards.scorecard_data import E, build, counties, indicator
from tests.factories import make_user

TODAY = datetime.date(2027, 3, 1)


@pytest.fixture
def card(personas):
    card, _ = build(personas)
    rules.compute(card, personas.finance_admin, today=TODAY)
    return card


@pytest.fixture
def region_card(personas):
    """The province's 市县评价 of counties: 农安县 and 德惠市 (长春市), 永吉县 (吉林市); published."""
    c = counties(personas)
    card = Scorecard.objects.create(
        kind=Scorecard.Kind.REGION,
        year=2026,
        region=personas.province,
        subject_level="county",
        name="县域评价",
    )
    ind = indicator(
        card, "地方自主财力", 10, source=E, unit="%", rule={"type": "linear", "full": 60, "zero": 20}
    )
    for s, value in zip(rules.subjects_and_context(card)[0], ("60", "40", "20"), strict=True):
        rules.set_entry(ind, s, personas.finance_admin, value=value)
    rules.publish(card, personas.finance_admin, today=TODAY)
    card.refresh_from_db()
    return card, c


def _names(response):
    return (
        [r["subject_name"] for r in response.json()["results"]]
        if "results" in response.json()
        else [r["subject_name"] for r in response.json()]
    )


def test_the_finance_admin_sees_every_department_on_the_ranking_page(personas, login, card):
    response = login(personas.finance_admin).get(reverse("dashboards:scorecard_detail", args=[card.pk]))
    assert response.status_code == 200
    assert [r.result.department_id for r in response.context["rows"]] == [
        personas.dept_d.pk,
        personas.dept_e.pk,
    ]
    assert "vendor/echarts/echarts.min.js" in response.content.decode()


def test_a_department_officer_sees_only_its_own_departments_result(personas, login, api, card):
    p = personas
    rules.publish(card, p.finance_admin, today=TODAY)
    client = login(p.dept_e_officer)
    response = client.get(reverse("dashboards:scorecard_detail", args=[card.pk]))
    assert [r.result.department_id for r in response.context["rows"]] == [p.dept_e.pk]
    d_result = ScoreResult.objects.get(scorecard=card, department=p.dept_d)
    assert client.get(reverse("dashboards:scorecard_subject", args=[card.pk, d_result.pk])).status_code == 404
    data = api(p.dept_e_officer).get("/api/v1/scorecard-results/", {"scorecard": card.pk}).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["department"] for r in rows] == [p.dept_e.pk]


def test_a_draft_is_invisible_to_the_departments_it_scores(personas, login, api, card):
    assert (
        login(personas.dept_d_officer).get(reverse("dashboards:scorecard_detail", args=[card.pk])).status_code
        == 404
    )
    assert api(personas.dept_d_officer).get(f"/api/v1/scorecards/{card.pk}/").status_code == 404
    assert api(personas.dept_d_officer).get("/api/v1/scorecard-results/").json() in (
        [],
        {"count": 0, "next": None, "previous": None, "results": []},
    )


def test_another_provinces_finance_and_a_unit_officer_get_404(personas, login, card):
    for user in (personas.other_finance_admin, personas.officer_a):
        assert login(user).get(reverse("dashboards:scorecard_detail", args=[card.pk])).status_code == 404
        assert login(user).get(reverse("dashboards:scorecard_export_xlsx", args=[card.pk])).status_code == 404


def test_system_admins_see_no_scorecards(personas, login):
    assert login(personas.system_admin).get(reverse("dashboards:scorecard_list")).status_code == 403


def test_a_citys_finance_sees_only_its_counties(personas, login, api, region_card):
    card, c = region_card
    client = login(c["city_admin"])
    rows = client.get(reverse("dashboards:scorecard_detail", args=[card.pk])).context["rows"]
    assert [r.result.subject_name for r in rows] == ["农安县", "德惠市"]
    assert [r.result.rank for r in rows] == [1, 2]
    data = api(c["city_admin"]).get("/api/v1/scorecard-results/", {"scorecard": card.pk}).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert sorted(r["subject_name"] for r in rows) == ["农安县", "德惠市"]
    province_rows = (
        login(personas.finance_admin)
        .get(reverse("dashboards:scorecard_detail", args=[card.pk]))
        .context["rows"]
    )
    assert len(province_rows) == 3


def test_a_published_scorecard_refuses_edits_on_the_page_and_the_api(personas, login, api, card):
    p = personas
    rules.publish(card, p.finance_admin, today=TODAY)
    ind = card.indicators.first()
    client = login(p.finance_admin)
    response = client.post(
        reverse("dashboards:scorecard_indicator_edit", args=[card.pk, ind.pk]),
        {
            "name": "改名",
            "points": "30",
            "kind": "positive",
            "source": "entered",
            "rule_type": "threshold",
            "at": "1",
            "compare": "gte",
            "missing": "zero",
            "order": 1,
        },
    )
    assert response.status_code == 403
    assert client.post(reverse("dashboards:scorecard_action", args=[card.pk, "compute"])).status_code == 403
    response = api(p.finance_admin).patch(
        f"/api/v1/scorecard-indicators/{ind.pk}/", {"points": "30"}, format="json"
    )
    assert response.status_code == 403
    assert api(p.finance_admin).delete(f"/api/v1/scorecard-indicators/{ind.pk}/").status_code == 403
    entered = card.indicators.get(name="政府采购")
    response = api(p.finance_admin).post(
        "/api/v1/scorecard-entries/",
        {"indicator": entered.pk, "subject_region": p.province.pk, "department": p.dept_e.pk, "value": "99"},
        format="json",
    )
    assert response.status_code == 403
    ind.refresh_from_db()
    assert ind.points != Decimal("30") and ind.name != "改名"
    assert ScoreEntry.objects.get(indicator=entered, department=p.dept_e).value == Decimal("80")
    assert AuditEvent.objects.filter(kind=EventKind.ACCESS_DENIED).exists()


def test_a_published_scorecard_changes_through_a_new_draft_version(personas, login, card):
    p = personas
    rules.publish(card, p.finance_admin, today=TODAY)
    client = login(p.finance_admin)
    response = client.post(reverse("dashboards:scorecard_action", args=[card.pk, "copy"]))
    new = Scorecard.objects.exclude(pk=card.pk).get()
    assert response.status_code == 302 and new.number == 2 and new.is_draft and new.copied_from == card
    assert new.indicators.count() == card.indicators.count() == 4
    assert ScoreEntry.objects.filter(scorecard=new).count() == 3
    ind = new.indicators.get(name="政府采购")
    response = client.post(
        reverse("dashboards:scorecard_indicator_edit", args=[new.pk, ind.pk]),
        {
            "name": "政府采购",
            "points": "8",
            "kind": "positive",
            "source": "entered",
            "rule_type": "threshold",
            "at": "90",
            "compare": "gte",
            "missing": "zero",
            "order": 3,
        },
    )
    assert response.status_code == 302
    client.post(reverse("dashboards:scorecard_action", args=[new.pk, "publish"]), {"version": new.version})
    card.refresh_from_db()
    new.refresh_from_db()
    assert (card.status, new.status) == (Scorecard.Status.SUPERSEDED, Scorecard.Status.PUBLISHED)
    assert ScoreResult.objects.get(scorecard=new, department=p.dept_d).total == Decimal("19.00")
    assert card.indicators.get(name="政府采购").points == Decimal("5")


@pytest.mark.parametrize("who", ["finance_reviewer", "dept_d_officer", "leader", "auditor"])
def test_only_the_finance_admin_configures(personas, login, api, card, who):
    user = getattr(personas, who)
    client = login(user)
    assert client.post(reverse("dashboards:scorecard_indicator_create", args=[card.pk])).status_code in (
        403,
        404,
    )
    assert client.get(reverse("dashboards:scorecard_create")).status_code == 403
    response = api(user).post(
        "/api/v1/scorecard-indicators/",
        {
            "scorecard": card.pk,
            "name": "x",
            "points": "5",
            "source": "entered",
            "rule": {"type": "threshold", "at": 1},
        },
        format="json",
    )
    assert response.status_code in (403, 404)
    assert api(user).post(f"/api/v1/scorecards/{card.pk}/publish/").status_code in (403, 404)
    assert card.indicators.count() == 4


def test_the_finance_admin_builds_a_scorecard_through_the_api(personas, api):
    p = personas
    client = api(p.finance_admin)
    response = client.post(
        "/api/v1/scorecards/", {"kind": "department", "year": 2026, "name": "部门评价"}, format="json"
    )
    assert response.status_code == 201, response.json()
    card_id = response.json()["id"]
    assert response.json()["region"] == p.province.pk
    response = client.post(
        "/api/v1/scorecard-indicators/",
        {
            "scorecard": card_id,
            "name": "资产管理",
            "points": "10",
            "source": "entered",
            "unit": "分",
            "rule": {"type": "linear", "full": 100, "zero": 0},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    ind_id = response.json()["id"]
    bad = client.post(
        "/api/v1/scorecard-indicators/",
        {
            "scorecard": card_id,
            "name": "坏规则",
            "points": "10",
            "source": "entered",
            "rule": {"type": "linear", "full": 1, "zero": 1},
        },
        format="json",
    )
    assert bad.status_code == 400
    response = client.post(
        "/api/v1/scorecard-entries/",
        {
            "indicator": ind_id,
            "subject_region": p.province.pk,
            "department": p.dept_d.pk,
            "value": "75",
            "note": "年报",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    outside = client.post(
        "/api/v1/scorecard-entries/",
        {"indicator": ind_id, "subject_region": p.city.pk, "value": "75"},
        format="json",
    )
    assert outside.status_code == 400
    assert client.post(f"/api/v1/scorecards/{card_id}/publish/").status_code == 200
    data = client.get("/api/v1/scorecard-results/", {"scorecard": card_id}).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert {(r["subject_name"], r["total"], r["rank"]) for r in rows} == {
        ("吉林省教育厅", "7.50", 1),
        ("吉林省卫生健康委员会", "0.00", 2),
    }
    assert other_admin_cannot_see(api, p, card_id)


def other_admin_cannot_see(api, p, card_id):
    return api(p.other_finance_admin).get(f"/api/v1/scorecards/{card_id}/").status_code == 404


def test_an_entry_with_evidence_is_saved_from_the_page(personas, login, card, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    p = personas
    ind = card.indicators.get(name="资产报告质量")
    client = login(p.finance_admin)
    url = reverse("dashboards:scorecard_entries", args=[card.pk, ind.pk])
    assert client.get(url).status_code == 200
    evidence = SimpleUploadedFile("资产报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        url,
        {
            "region": p.province.pk,
            "department": p.dept_e.pk,
            "value": "92",
            "note": "年报",
            "evidence": evidence,
        },
    )
    assert response.status_code == 302
    entry = ScoreEntry.objects.get(indicator=ind, department=p.dept_e)
    assert (
        entry.value == Decimal("92")
        and entry.evidence.name.endswith(".pdf")
        and entry.entered_by == p.finance_admin
    )
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        url, {"region": p.province.pk, "department": p.dept_d.pk, "value": "1", "evidence": bad}
    )
    assert response.status_code == 200 and "不支持的文件类型" in response.content.decode()
    assert ScoreEntry.objects.get(indicator=ind, department=p.dept_d).value == Decimal("85")
    assert login(p.dept_d_officer).get(url).status_code == 404
    download = reverse("dashboards:scorecard_evidence", args=[card.pk, entry.pk])
    assert b"".join(login(p.finance_admin).get(download).streaming_content) == b"%PDF-1.4 test"
    assert login(p.dept_e_officer).get(download).status_code == 404  # a draft: not yet visible
    rules.publish(card, p.finance_admin, today=TODAY)
    assert login(p.dept_e_officer).get(download).status_code == 200
    assert login(p.dept_d_officer).get(download).status_code == 404


def test_the_ranking_page_takes_the_same_queries_for_few_or_many_departments(
    personas, login, card, django_assert_max_num_queries
):
    from accounts.models import Organization
    from tests.factories import OrganizationFactory

    client = login(personas.finance_admin)
    url = reverse("dashboards:scorecard_detail", args=[card.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        OrganizationFactory(
            kind=Organization.Kind.DEPARTMENT, code=f"Y{n}", region=personas.province, parent=personas.bureau
        )
    rules.compute(card, personas.finance_admin, today=TODAY)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 10
    assert len(many) == len(few)


def test_a_finance_admin_creates_a_scorecard_copying_last_years_indicators(personas, login, card):
    client = login(personas.finance_admin)
    response = client.post(
        reverse("dashboards:scorecard_create"),
        {"kind": "department", "year": 2027, "name": "2027 部门评价", "template": card.pk},
    )
    assert response.status_code == 302
    new = Scorecard.objects.get(year=2027)
    assert [i.name for i in new.indicators.all()] == [i.name for i in card.indicators.all()]
    assert not ScoreEntry.objects.filter(scorecard=new).exists()


def test_a_leader_reads_the_ranking_but_cannot_compute(personas, login, card):
    client = login(personas.leader)
    assert client.get(reverse("dashboards:scorecard_detail", args=[card.pk])).status_code == 200
    assert client.post(reverse("dashboards:scorecard_action", args=[card.pk, "compute"])).status_code == 403


def test_a_finance_admin_creates_scorecards_only_for_its_own_regions(personas):
    p = personas
    second = make_user("fin_admin_2", Role.FINANCE_ADMIN, p.bureau)
    assert rules.can_create(second, p.province)[0]
    assert rules.can_create(second, p.city)[0]  # a region below its own
    assert not rules.can_create(second, p.other_province)[0]
    assert not rules.can_create(p.officer_a, p.province)[0]
    assert not rules.can_create(p.leader, p.province)[0]
