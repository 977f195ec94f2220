"""API of targets: scoping per persona, declaring, editing (stale, frozen), reviews, transitions,
bulk approval, versions and their diff."""

from decimal import Decimal

import pytest

from budgets.models import Project
from perfapp.models import AuditEvent, EventKind
from perfapp.workflow import perform
from targets.models import IndicatorTemplate, Target, TargetReview
from targets.review import Opinions, review_by_department, review_by_finance
from tests.factories import ProjectFactory
from tests.targets.helpers import clean_indicators, make_target

pytestmark = pytest.mark.django_db
URL = "/api/v1/targets/"


def ids(response):
    assert response.status_code == 200, response.content
    return (
        {row["id"] for row in response.json()["results"]}
        if "results" in response.json()
        else {row["id"] for row in response.json()}
    )


@pytest.fixture
def three(personas):
    return {
        "a": make_target(personas, personas.unit_a),
        "b": make_target(personas, personas.unit_b),
        "c": make_target(personas, personas.unit_c),
    }


def approved_target(personas, **kwargs):
    target = make_target(personas, **kwargs)
    target = perform(target, "submit", personas.officer_a, seen_version=target.version)
    target = review_by_department(target, personas.dept_d_officer, approved=True, opinions=Opinions())
    return review_by_finance(target, personas.finance_reviewer, grade="优", opinions=Opinions())


def payload(personas, project, **extra):
    return {
        "fiscal_year": personas.year.pk,
        "project": project.pk,
        "overall_goal": "完成500人次教师培训。",
        "amount": "1000000.00",
        "indicators": [
            {k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.items()}
            for row in clean_indicators()
        ],
        **extra,
    }


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("officer_a", {"a"}),
        ("officer_b", {"b"}),
        ("officer_c", {"c"}),
        ("dept_d_officer", {"a", "b"}),
        ("dept_e_officer", {"c"}),
        ("finance_reviewer", {"a", "b"}),
        ("finance_admin", {"a", "b", "c"}),
        ("leader", {"a", "b", "c"}),
        ("auditor", {"a", "b", "c"}),
        ("expert", set()),
        ("other_finance_admin", set()),
    ],
)
def test_each_persona_sees_exactly_the_targets_in_its_scope(personas, api, three, persona, visible):
    response = api(getattr(personas, persona)).get(URL)
    assert ids(response) == {three[k].pk for k in visible}


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_are_refused_business_data(personas, api, three, persona):
    assert api(getattr(personas, persona)).get(URL).status_code == 403
    assert api(getattr(personas, persona)).get("/api/v1/indicator-templates/").status_code == 403


def test_another_units_target_is_not_found(personas, api, three):
    client = api(personas.officer_a)
    assert client.get(f"{URL}{three['b'].pk}/").status_code == 404
    assert client.get(f"{URL}{three['b'].pk}/form.xlsx/").status_code == 404
    assert (
        client.patch(f"{URL}{three['b'].pk}/", {"name": "x", "version": 1}, format="json").status_code == 404
    )


def test_anonymous_gets_no_targets(api, three):
    assert api().get(URL).status_code in (401, 403)


def test_detail_shows_indicators_with_few_queries(personas, api, three, django_assert_max_num_queries):
    client = api(personas.finance_admin)
    with django_assert_max_num_queries(12):
        response = client.get(f"{URL}{three['a'].pk}/")
    assert [i["name"] for i in response.json()["indicators"]][0] == "培训人次"
    with django_assert_max_num_queries(12):
        client.get(URL)


@pytest.mark.parametrize("persona", ["leader", "auditor"])
def test_read_only_roles_cannot_write(personas, api, three, persona):
    client = api(getattr(personas, persona))
    target = three["a"]
    assert client.patch(f"{URL}{target.pk}/", {"name": "x", "version": 1}, format="json").status_code == 403
    assert client.post(f"{URL}{target.pk}/transitions/", {"name": "submit", "version": 1}).status_code == 403
    assert client.post(URL, payload(personas, target.project), format="json").status_code == 403


def test_unit_officer_declares_a_target_for_own_project(personas, api):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.ADMITTED)
    response = api(personas.officer_a).post(
        URL, payload(personas, project, unit=personas.unit_c.pk), format="json"
    )
    assert response.status_code == 201, response.content
    target = Target.objects.get(pk=response.json()["id"])
    # Scope keys, state and author come from the user and the project, never from the request.
    assert (target.unit, target.department, target.status) == (personas.unit_a, personas.dept_d, "draft")
    assert target.created_by == personas.officer_a
    assert target.year == 2026 and target.indicators.count() == 5


def test_declaring_for_another_units_project_is_refused(personas, api):
    project = ProjectFactory(unit=personas.unit_b, status=Project.Status.ADMITTED)
    response = api(personas.officer_a).post(URL, payload(personas, project), format="json")
    assert response.status_code in (400, 403)
    assert not Target.objects.exists()


def test_department_officer_cannot_declare_a_project_target(personas, api):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.ADMITTED)
    response = api(personas.dept_d_officer).post(URL, payload(personas, project), format="json")
    assert response.status_code == 403


def test_invalid_indicators_are_reported_next_to_the_field_in_chinese(personas, api):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.ADMITTED)
    data = payload(personas, project)
    data["indicators"] = [data["indicators"][0] | {"unit": ""}]
    response = api(personas.officer_a).post(URL, data, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["indicators"][0]["unit"] == ["定量指标须填写计量单位。"]
    assert "至少需要一个效益指标。" in body["non_field_errors"]
    assert not Target.objects.exists()


def test_edit_with_the_seen_version_replaces_the_indicators(personas, api, three):
    target = three["a"]
    data = {
        "version": target.version,
        "overall_goal": "新目标",
        "indicators": payload(personas, target.project)["indicators"][:4],
    }
    response = api(personas.officer_a).patch(f"{URL}{target.pk}/", data, format="json")
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert (target.overall_goal, target.indicators.count(), target.version) == ("新目标", 4, 2)
    assert len(response.json()["indicators"]) == 4


def test_stale_edit_is_refused_with_409(personas, api, three):
    target = three["a"]
    client = api(personas.officer_a)
    assert client.patch(f"{URL}{target.pk}/", {"name": "一", "version": 1}, format="json").status_code == 200
    response = client.patch(f"{URL}{target.pk}/", {"name": "二", "version": 1}, format="json")
    assert response.status_code == 409
    assert "已被他人修改" in response.json()["detail"]
    target.refresh_from_db()
    assert target.name == "一"


def test_approved_target_is_immutable_through_the_api(personas, api):
    target = approved_target(personas)
    response = api(personas.officer_a).patch(
        f"{URL}{target.pk}/", {"name": "改", "version": target.version}, format="json"
    )
    assert response.status_code == 400
    assert "已批复的绩效目标不能修改" in response.json()["detail"]
    target.refresh_from_db()
    assert target.name != "改"


def test_department_officer_may_not_edit_a_units_target(personas, api, three):
    target = three["a"]
    response = api(personas.dept_d_officer).patch(
        f"{URL}{target.pk}/", {"name": "x", "version": 1}, format="json"
    )
    assert response.status_code == 403


def test_declare_review_and_approve_through_the_api(personas, api, three):
    target = three["a"]
    unit, dept, fin = api(personas.officer_a), api(personas.dept_d_officer), api(personas.finance_reviewer)
    r = unit.post(f"{URL}{target.pk}/transitions/", {"name": "submit", "version": 1})
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    # The unit cannot review its own target; a review must be sent with opinions.
    assert unit.post(f"{URL}{target.pk}/reviews/", {"approved": True, "version": 2}).status_code == 403
    r = dept.post(f"{URL}{target.pk}/reviews/", {"approved": True, "completeness": "完整", "version": 2})
    assert r.status_code == 201 and r.json()["status"] == "dept_approved"
    r = fin.post(f"{URL}{target.pk}/reviews/", {"grade": "优", "version": 3})
    assert r.status_code == 201 and r.json()["status"] == "approved" and r.json()["grade"] == "优"
    reviews = fin.get(f"{URL}{target.pk}/reviews/").json()
    assert [(x["stage"], x["approved"]) for x in reviews] == [("department", True), ("finance", True)]
    assert reviews[0]["completeness"] == "完整"
    history = fin.get(f"{URL}{target.pk}/transitions/").json()["history"]
    assert [h["transition"] for h in history] == ["submit", "dept_approve", "approve"]


def test_finance_grade_zhong_returns_and_needs_a_comment(personas, api, three):
    target = three["a"]
    perform(target, "submit", personas.officer_a, seen_version=1)
    api(personas.dept_d_officer).post(f"{URL}{target.pk}/reviews/", {"approved": True, "version": 2})
    fin = api(personas.finance_reviewer)
    r = fin.post(f"{URL}{target.pk}/reviews/", {"grade": "中", "version": 3})
    assert r.status_code == 400 and "须填写审核意见" in r.json()["detail"]
    r = fin.post(f"{URL}{target.pk}/reviews/", {"grade": "中", "comment": "指标不可衡量", "version": 3})
    assert r.json()["status"] == "returned"


def test_review_transitions_are_not_run_directly(personas, api, three):
    target = three["a"]
    perform(target, "submit", personas.officer_a, seen_version=1)
    r = api(personas.dept_d_officer).post(
        f"{URL}{target.pk}/transitions/", {"name": "dept_approve", "version": 2}
    )
    assert r.status_code == 400
    assert not TargetReview.objects.exists()


def test_other_departments_officer_cannot_review(personas, api, three):
    target = three["a"]
    perform(target, "submit", personas.officer_a, seen_version=1)
    # Department E cannot even see department D's target.
    assert (
        api(personas.dept_e_officer)
        .post(f"{URL}{target.pk}/reviews/", {"approved": True, "version": 2})
        .status_code
        == 404
    )


def test_bulk_approval_by_finance(personas, api):
    targets = []
    for _ in range(3):
        t = make_target(personas)
        t = perform(t, "submit", personas.officer_a, seen_version=t.version)
        targets.append(review_by_department(t, personas.dept_d_officer, approved=True, opinions=Opinions()))
    draft = make_target(personas)
    other = make_target(personas, personas.unit_c)
    ask = {"ids": [t.pk for t in targets] + [draft.pk, other.pk]}
    response = api(personas.finance_reviewer).post(f"{URL}bulk-approve/", ask, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["approved"] == 3
    failed = {r["id"]: r["message"] for r in body["results"] if not r["ok"]}
    assert set(failed) == {draft.pk, other.pk}
    assert failed[other.pk] == "未找到该绩效目标。"
    assert Target.objects.filter(status="approved").count() == 3


@pytest.mark.parametrize("persona", ["officer_a", "dept_d_officer", "leader"])
def test_bulk_approval_is_for_finance_only(personas, api, three, persona):
    r = api(getattr(personas, persona)).post(f"{URL}bulk-approve/", {"ids": [three["a"].pk]}, format="json")
    assert r.status_code == 403


def test_adjustment_versions_and_diff(personas, api):
    target = approved_target(personas)
    unit = api(personas.officer_a)
    r = unit.post(f"{URL}{target.pk}/adjust/", {"reason": "预算调整减少50万元"}, format="json")
    assert r.status_code == 201, r.content
    new = r.json()
    assert new["adjustment_no"] == 1 and new["status"] == "draft"
    indicators = new["indicators"]
    indicators[0]["target_value"] = "600"
    r = unit.patch(
        f"{URL}{new['id']}/",
        {"version": new["version"], "amount": "500000.00", "indicators": indicators},
        format="json",
    )
    assert r.status_code == 200, r.content
    versions = unit.get(f"{URL}{target.pk}/versions/").json()
    assert [v["id"] for v in versions] == [target.pk, new["id"]]
    changes = unit.get(f"{URL}{new['id']}/diff/", {"other": target.pk}).json()["changes"]
    fields = {(c["where"], c["field"]): (c["old"], c["new"]) for c in changes}
    assert fields[("培训人次", "指标值")] == ("500.0000", "600.0000")
    assert ("目标", "年度资金总额（元）") in fields
    assert unit.get(f"{URL}{new['id']}/diff/", {"other": make_target(personas).pk}).status_code == 400


def test_only_the_declaring_unit_may_adjust(personas, api):
    target = approved_target(personas)
    r = api(personas.finance_reviewer).post(f"{URL}{target.pk}/adjust/", {"reason": "调整"}, format="json")
    assert r.status_code == 403


def test_library_search_and_finance_admin_keeps_it(personas, api):
    client = api(personas.officer_a)
    rows = client.get("/api/v1/indicator-templates/", {"search": "培训"}).json()["results"]
    assert rows and all("培训" in r["name"] + r["level2"] + r["definition"] for r in rows)
    rows = client.get("/api/v1/indicator-templates/", {"level1": "satisfaction"}).json()["results"]
    assert rows and {r["level1"] for r in rows} == {"satisfaction"}
    new = {"level1": "output", "level2": "数量指标", "name": "测试指标", "unit": "个", "comparator": "gte"}
    assert client.post("/api/v1/indicator-templates/", new, format="json").status_code == 403
    assert api(personas.leader).post("/api/v1/indicator-templates/", new, format="json").status_code == 403
    response = api(personas.finance_admin).post("/api/v1/indicator-templates/", new, format="json")
    assert response.status_code == 201
    assert AuditEvent.objects.filter(kind=EventKind.CREATED, summary__contains="测试指标").exists()


def test_unconfirmed_library_entries_are_hidden_from_others(personas, api):
    proposed = IndicatorTemplate.objects.create(
        level1="output", level2="数量指标", name="待确认指标", status=IndicatorTemplate.Status.PROPOSED
    )
    url = f"/api/v1/indicator-templates/{proposed.pk}/"
    assert api(personas.officer_a).get(url).status_code == 404
    assert api(personas.finance_admin).get(url).status_code == 200


def test_department_proposes_and_finance_confirms_or_rejects(personas, api):
    new = {"level1": "output", "level2": "数量指标", "name": "新增学位数", "unit": "个", "comparator": "gte"}
    dept = api(personas.dept_d_officer)
    r = dept.post("/api/v1/indicator-templates/", {**new, "status": "confirmed"}, format="json")
    assert r.status_code == 201
    proposal = IndicatorTemplate.objects.get(pk=r.json()["id"])
    assert (proposal.status, proposal.proposed_by) == ("proposed", personas.dept_d)
    # The proposal is not in the library for units yet; its department sees it.
    assert api(personas.officer_a).get(f"/api/v1/indicator-templates/{proposal.pk}/").status_code == 404
    assert dept.get(f"/api/v1/indicator-templates/{proposal.pk}/").status_code == 200
    decide = f"/api/v1/indicator-templates/{proposal.pk}/decide/"
    assert dept.post(decide, {"decision": "confirm"}).status_code == 403
    assert dept.patch(f"/api/v1/indicator-templates/{proposal.pk}/", {"name": "x"}).status_code == 403
    admin = api(personas.finance_admin)
    r = admin.post(decide, {"decision": "reject"})
    assert r.status_code == 400 and "理由" in str(r.json())
    r = admin.post(decide, {"decision": "confirm"})
    assert r.json()["status"] == "confirmed"
    assert api(personas.officer_a).get(f"/api/v1/indicator-templates/{proposal.pk}/").status_code == 200
    assert admin.post(decide, {"decision": "reject", "reason": "重复"}).status_code == 400


def test_unit_officer_cannot_propose_library_entries(personas, api):
    new = {"level1": "output", "level2": "数量指标", "name": "单位指标", "unit": "个", "comparator": "gte"}
    assert api(personas.officer_a).post("/api/v1/indicator-templates/", new, format="json").status_code == 403


def test_indicators_endpoint_is_scoped(personas, api, three):
    rows = api(personas.officer_a).get("/api/v1/indicators/", {"page_size": 100}).json()["results"]
    assert {r["target"] for r in rows} == {three["a"].pk}
    assert (
        api(personas.officer_a).get("/api/v1/indicators/", {"target": three["b"].pk}).json()["results"] == []
    )
