"""/api/v1/fiscal-years/, its policy versions, and /api/v1/deadlines/."""

import datetime

import pytest

from budgets.models import Deadline, FiscalYear, Policy
from perfapp.models import AuditEvent, EventKind
from tests.api.conftest import API, ids
from tests.factories import FiscalYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(personas, library):
    city_year = FiscalYearFactory(region=personas.city, year=2026)
    return {"province": personas.year, "city": city_year, "other": library.other_year}


@pytest.mark.parametrize(
    "persona, visible",
    [
        ("finance_admin", {"province", "city"}),
        ("leader", {"province", "city"}),
        ("auditor", {"province", "city"}),
        ("finance_reviewer", {"province"}),
        ("dept_d_officer", {"province"}),
        ("officer_a", {"province"}),
        ("expert", {"province"}),
        ("other_finance_admin", {"other"}),
    ],
)
def test_business_roles_read_the_fiscal_years_of_their_regions(personas, years, api, persona, visible):
    client = api(getattr(personas, persona))

    assert ids(client.get(f"{API}/fiscal-years/")) == {years[k].pk for k in visible}
    for key, year in years.items():
        assert client.get(f"{API}/fiscal-years/{year.pk}/").status_code == (200 if key in visible else 404)


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_cannot_read_fiscal_years_policy_or_deadlines(personas, years, api, persona):
    client = api(getattr(personas, persona))
    pk = years["province"].pk

    for url in (
        f"{API}/fiscal-years/",
        f"{API}/fiscal-years/{pk}/",
        f"{API}/fiscal-years/{pk}/policy/",
        f"{API}/deadlines/",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(f"{API}/fiscal-years/{pk}/policy/", {"version": 1, "data": {}}, format="json").status_code
        == 403
    )


def test_fiscal_year_shows_its_policy_as_typed_json_with_defaults(personas, api):
    body = api(personas.officer_a).get(f"{API}/fiscal-years/{personas.year.pk}/").json()

    assert body["year"] == 2026
    assert body["region_name"] == "吉林省"
    assert body["policy_version"] == 1
    assert body["policy"]["project_library"]["major_threshold"] == "30000000"
    assert body["policy"]["self_evaluation"]["bands"][0] == {
        "grade": "excellent",
        "label": "优",
        "min_score": "90",
    }
    assert body["policy"]["deadlines"]["self_evaluation"] == "05-31"


def change(client, year, version, data, **extra):
    return client.post(
        f"{API}/fiscal-years/{year.pk}/policy/", {"version": version, "data": data, **extra}, format="json"
    )


def test_finance_admin_saves_a_new_policy_version_and_v1_is_kept(personas, api):
    year = personas.year
    client = api(personas.finance_admin)

    response = change(
        client,
        year,
        1,
        {"project_library": {"major_threshold": "50000000"}, "linkage": {"cut_rate_fair": 0.15}},
        comment="按省厅通知调整",
        effective_from="2026-07-01",
    )

    assert response.status_code == 201, response.content
    assert response.json()["version"] == 2
    assert response.json()["data"]["project_library"]["major_threshold"] == "50000000"
    # What was not sent keeps its value.
    assert response.json()["data"]["self_evaluation"]["output_weight"] == "50"
    assert list(year.policies.order_by("version").values_list("version", flat=True)) == [1, 2]
    assert Policy.objects.get(fiscal_year=year, version=1).data == {}
    fresh = FiscalYear.objects.get(pk=year.pk)
    assert str(fresh.policy.project_library.major_threshold) == "50000000"
    assert fresh.policy_at(datetime.date(2026, 3, 1)).project_library.major_threshold == 30000000
    event = AuditEvent.objects.filter(kind=EventKind.POLICY_CHANGED).last()
    assert event.actor_id == personas.finance_admin.pk
    assert {c["key"] for c in event.data["changes"]} == {
        "project_library.major_threshold",
        "linkage.cut_rate_fair",
    }

    overview = client.get(f"{API}/fiscal-years/{year.pk}/policy/").json()
    assert overview["current"]["version"] == 2
    assert overview["current"]["comment"] == "按省厅通知调整"
    assert [v["version"] for v in overview["versions"]] == [2, 1]
    v2_changes = {c["key"]: (c["old"], c["new"]) for c in overview["versions"][0]["changes"]}
    assert v2_changes["project_library.major_threshold"] == ("30000000", "50000000")
    assert overview["versions"][0]["changes"][0]["label"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"self_evaluation": {"output_weight": 60}}, "自评分值合计须为 100 分"),
        ({"evaluation": {"department_share": 1.5}}, "0 到 100%"),
        ({"no_such_section": {}}, "未知的政策参数"),
        ({"deadlines": {"self_evaluation": "13-45"}}, "日期格式"),
        ({"project_library": {"major_threshold": "很多"}}, "值无效"),
    ],
)
def test_an_invalid_policy_is_refused_in_chinese_and_v1_stays_current(personas, api, data, message):
    year = personas.year

    response = change(api(personas.finance_admin), year, 1, data)

    assert response.status_code == 400
    assert message in str(response.json()["data"])
    assert list(year.policies.values_list("version", flat=True)) == [1]
    assert not AuditEvent.objects.filter(kind=EventKind.POLICY_CHANGED).exists()


def test_a_policy_saved_over_a_newer_version_is_409(personas, api):
    client = api(personas.finance_admin)
    assert change(client, personas.year, 1, {"linkage": {"feedback_days": 20}}).status_code == 201

    response = change(client, personas.year, 1, {"linkage": {"feedback_days": 45}})

    assert response.status_code == 409
    assert FiscalYear.objects.get(pk=personas.year.pk).policy.linkage.feedback_days == 20


@pytest.mark.parametrize(
    "persona", ["leader", "auditor", "finance_reviewer", "dept_d_officer", "officer_a", "expert"]
)
def test_only_the_finance_admin_changes_the_policy(personas, api, persona):
    client = api(getattr(personas, persona))

    assert client.get(f"{API}/fiscal-years/{personas.year.pk}/policy/").status_code == 200
    assert change(client, personas.year, 1, {"linkage": {"feedback_days": 20}}).status_code == 403
    assert list(personas.year.policies.values_list("version", flat=True)) == [1]


def test_a_finance_admin_cannot_change_another_regions_policy(personas, years, api):
    # Another province's year is not even visible; a city's year below is visible but not theirs.
    other = change(
        api(personas.other_finance_admin), years["province"], 1, {"linkage": {"feedback_days": 20}}
    )
    city = change(api(personas.finance_admin), years["city"], 1, {"linkage": {"feedback_days": 20}})

    assert other.status_code == 404
    assert city.status_code == 403
    assert "财政绩效管理员" in city.json()["detail"]


def test_deadlines_are_read_by_business_roles_and_set_by_the_finance_admin(personas, years, api):
    mine = Deadline.objects.create(
        fiscal_year=years["province"],
        stage="self_evaluation",
        name="绩效自评",
        due=datetime.date(2027, 5, 31),
    )
    theirs = Deadline.objects.create(
        fiscal_year=years["other"], stage="self_evaluation", name="辽宁自评", due=datetime.date(2027, 5, 31)
    )

    assert ids(api(personas.officer_a).get(f"{API}/deadlines/")) == {mine.pk}
    assert api(personas.officer_a).get(f"{API}/deadlines/{theirs.pk}/").status_code == 404
    assert (
        api(personas.officer_a)
        .patch(f"{API}/deadlines/{mine.pk}/", {"name": "改"}, format="json")
        .status_code
        == 403
    )
    assert api(personas.leader).post(f"{API}/deadlines/", {}, format="json").status_code == 403

    admin = api(personas.finance_admin)
    created = admin.post(
        f"{API}/deadlines/",
        {
            "fiscal_year": years["province"].pk,
            "stage": "monitoring",
            "name": "第一轮监控",
            "due": "2026-07-15",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["stage_display"] == "绩效运行监控"
    assert admin.patch(f"{API}/deadlines/{mine.pk}/", {"due": "2027-05-20"}, format="json").status_code == 200
    mine.refresh_from_db()
    assert mine.due == datetime.date(2027, 5, 20)
    # Another province's year is "not found" to this admin, as is a city's year it may not configure.
    refused = admin.post(
        f"{API}/deadlines/",
        {"fiscal_year": years["other"].pk, "stage": "monitoring", "name": "越权", "due": "2026-07-15"},
        format="json",
    )
    assert refused.status_code == 400
    city = admin.post(
        f"{API}/deadlines/",
        {"fiscal_year": years["city"].pk, "stage": "monitoring", "name": "市级", "due": "2026-07-15"},
        format="json",
    )
    assert city.status_code == 403
    assert not Deadline.objects.filter(name__in=["越权", "市级"]).exists()
    assert ids(admin.get(f"{API}/deadlines/", {"fiscal_year": years["province"].pk})) == {
        mine.pk,
        created.json()["id"],
    }
