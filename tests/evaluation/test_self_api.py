"""The self-evaluation API: scoped lists with nested rows (分值, 得分, formula, rule), the unit's
PATCH with the version seen, transitions, opening the season, and the scoring-scheme library with
JSON export and import."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.models import Policy
from evaluation import selfeval as se
from evaluation.models import Evaluation, ScoringScheme
from tests.evaluation.self_helpers import D, fill, self_evaluation_a, submitted
from tests.monitoring.conftest import quick_approved_target

pytestmark = pytest.mark.django_db
S = Evaluation.Status
URL = "/api/v1/self-evaluations/"


def test_list_and_retrieve_nest_the_rows_with_their_formulas(personas, api):
    e = fill(self_evaluation_a(personas), personas.officer_a, actuals={"培训人次": D("450")})
    data = api(personas.dept_d_officer).get(URL).json()
    assert data["count"] == 1
    item = data["results"][0]
    assert (item["id"], item["total_score"], item["grade_label"], item["execution_rate"]) == (
        e.pk,
        "97.83",
        "优",
        "95.00",
    )
    row = next(r for r in item["rows"] if r["name"] == "培训人次")
    assert (row["points"], row["score"], row["formula"]) == ("16.67", "15.00", "15.00 = 16.67 × 450 / 500")
    assert row["rule"].startswith("[财预〔2020〕10号]")
    detail = api(personas.finance_reviewer).get(f"{URL}{e.pk}/").json()
    assert len(detail["rows"]) == 5 and detail["version"] == e.version


def test_list_filters(personas, api):
    e = submitted(personas, self_evaluation_a(personas))
    quick_approved_target(personas, unit=personas.unit_b)
    se.open_season(personas.year, personas.finance_admin)
    client = api(personas.finance_admin)
    assert [r["id"] for r in client.get(f"{URL}?status=submitted").json()["results"]] == [e.pk]
    assert client.get(f"{URL}?grade=优").json()["count"] == 1
    assert client.get(f"{URL}?kind=department").json()["count"] == 0
    assert client.get(f"{URL}?unit={personas.unit_b.pk}").json()["count"] == 1


def test_the_unit_patches_its_input_with_the_version_it_saw(personas, api):
    e = self_evaluation_a(personas)
    row = e.rows.get(name="培训合格率")
    client = api(personas.officer_a)
    response = client.patch(
        f"{URL}{e.pk}/",
        {
            "version": e.version,
            "goal_actual": "完成",
            "rows": [{"id": row.pk, "actual_value": "90", "deviation_reason": "考核从严"}],
        },
        format="json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == e.version + 1 and data["goal_actual"] == "完成"
    assert data["score_problem"] == ""
    got = next(r for r in data["rows"] if r["id"] == row.pk)
    assert (got["score"], got["deviation_reason"]) == ("15.79", "考核从严")
    stale = client.patch(f"{URL}{e.pk}/", {"version": e.version, "goal_actual": "旧"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    other = client.patch(
        f"{URL}{e.pk}/",
        {"version": data["version"], "rows": [{"id": 999999, "actual_value": "1"}]},
        format="json",
    )
    assert other.status_code == 400


@pytest.mark.parametrize("who", ["dept_d_officer", "finance_admin", "leader", "auditor"])
def test_only_the_declarer_patches(personas, api, who):
    e = self_evaluation_a(personas)
    response = api(getattr(personas, who)).patch(
        f"{URL}{e.pk}/", {"version": e.version, "goal_actual": "x"}, format="json"
    )
    assert response.status_code == 403


def test_transitions_through_the_api(personas, api):
    e = fill(self_evaluation_a(personas), personas.officer_a)
    info = api(personas.officer_a).get(f"{URL}{e.pk}/transitions/").json()
    assert [t["name"] for t in info["available"]] == ["submit"]
    done = api(personas.officer_a).post(
        f"{URL}{e.pk}/transitions/", {"name": "submit", "version": e.version}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == S.SUBMITTED
    version = done.json()["version"]
    refused = api(personas.dept_d_officer).post(
        f"{URL}{e.pk}/transitions/", {"name": "dept_return", "version": version}, format="json"
    )
    assert refused.status_code == 400 and "退回时请填写退回意见" in refused.json()["detail"]
    wrong = api(personas.finance_admin).post(
        f"{URL}{e.pk}/transitions/", {"name": "accept", "version": version}, format="json"
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "state"
    nope = api(personas.finance_reviewer).post(
        f"{URL}{e.pk}/transitions/", {"name": "dept_approve", "version": version}, format="json"
    )
    assert nope.status_code == 403
    ok = api(personas.dept_d_officer).post(
        f"{URL}{e.pk}/transitions/",
        {"name": "dept_approve", "version": version, "comment": "同意"},
        format="json",
    )
    assert ok.json()["status"] == S.DEPT_APPROVED
    history = api(personas.officer_a).get(f"{URL}{e.pk}/transitions/").json()["history"]
    assert [h["transition"] for h in history] == ["submit", "dept_approve"]


def test_an_incomplete_submission_is_refused_with_the_gaps(personas, api):
    e = self_evaluation_a(personas)
    response = api(personas.officer_a).post(
        f"{URL}{e.pk}/transitions/", {"name": "submit", "version": e.version}, format="json"
    )
    assert response.status_code == 400
    assert (
        response.json()["code"] == "invalid" and "“培训人次”：请填写实际完成值。" in response.json()["detail"]
    )


def test_finance_records_a_violation_through_the_api(personas, api):
    e = submitted(personas, self_evaluation_a(personas))
    response = api(personas.finance_reviewer).post(
        f"{URL}{e.pk}/violation/",
        {"violation": True, "note": "挪用资金", "version": e.version},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["grade_label"], response.json()["downgraded"]) == ("良", True)


def test_evidence_upload_through_the_api(personas, api):
    e = self_evaluation_a(personas)
    row = e.rows.first()
    response = api(personas.officer_a).post(
        f"{URL}{e.pk}/evidence/",
        {"row": row.pk, "file": SimpleUploadedFile("验收报告.pdf", b"%PDF x")},
        format="multipart",
    )
    assert response.status_code == 201 and response.json()["name"] == "验收报告.pdf"
    listed = api(personas.dept_d_officer).get(f"{URL}{e.pk}/").json()
    assert (
        next(r for r in listed["rows"] if r["id"] == row.pk)["evidence"][0]["sha256"]
        == response.json()["sha256"]
    )


def test_an_expert_and_the_admins_see_no_self_evaluations(personas, api):
    self_evaluation_a(personas)
    assert api(personas.expert).get(URL).json()["count"] == 0
    assert api(personas.system_admin).get(URL).status_code == 403


# --- the season ---------------------------------------------------------------------------------------


def test_the_finance_admin_opens_the_season_through_the_api(personas, api):
    quick_approved_target(personas)
    response = api(personas.finance_admin).post(
        "/api/v1/self-evaluation-seasons/", {"fiscal_year": personas.year.pk}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["due"], response.json()["self_evaluations"]) == ("2027-05-31", 1)
    again = api(personas.finance_admin).post(
        "/api/v1/self-evaluation-seasons/", {"fiscal_year": personas.year.pk}, format="json"
    )
    assert again.status_code == 201 and again.json()["id"] == response.json()["id"]
    assert api(personas.officer_a).get("/api/v1/self-evaluation-seasons/").json()["count"] == 1


@pytest.mark.parametrize("who", ["finance_reviewer", "dept_d_officer", "officer_a"])
def test_others_cannot_open_the_season(personas, api, who):
    response = api(getattr(personas, who)).post(
        "/api/v1/self-evaluation-seasons/", {"fiscal_year": personas.year.pk}, format="json"
    )
    assert response.status_code == 403


def test_another_regions_admin_cannot_open_this_regions_season(personas, api):
    response = api(personas.other_finance_admin).post(
        "/api/v1/self-evaluation-seasons/", {"fiscal_year": personas.year.pk}, format="json"
    )
    assert response.status_code == 404


# --- scoring schemes ------------------------------------------------------------------------------------


SCHEMES = "/api/v1/scoring-schemes/"


def test_a_scheme_is_copied_from_the_policy_edited_exported_imported_and_applied(personas, api):
    client = api(personas.finance_admin)
    copied = client.post(
        f"{SCHEMES}copy-from-policy/", {"fiscal_year": personas.year.pk, "name": "本省标准"}, format="json"
    )
    assert copied.status_code == 201 and copied.json()["data"]["execution_weight"] == "10"
    pk = copied.json()["id"]
    data = dict(copied.json()["data"], execution_weight="20", output_weight="40", rounding="half_up")
    edited = client.patch(f"{SCHEMES}{pk}/", {"data": data}, format="json")
    assert edited.status_code == 200 and edited.json()["data"]["rounding"] == "half_up"
    bad = client.patch(f"{SCHEMES}{pk}/", {"data": dict(data, output_weight="45")}, format="json")
    assert bad.status_code == 400 and "自评分值合计须为 100 分" in json.dumps(bad.json(), ensure_ascii=False)

    exported = client.get(f"{SCHEMES}{pk}/export/")
    assert exported.status_code == 200
    document = json.loads(exported.content)
    assert (
        document["format"] == "perfapp.self_evaluation_scheme"
        and document["scheme"]["execution_weight"] == "20"
    )

    imported = client.post(
        f"{SCHEMES}import/",
        {"name": "外省规则", "file": SimpleUploadedFile("rules.json", exported.content)},
        format="multipart",
    )
    assert imported.status_code == 201 and imported.json()["data"] == edited.json()["data"]
    refused = client.post(f"{SCHEMES}import/", {"name": "坏文件", "scheme": {"format": "x"}}, format="json")
    assert refused.status_code == 400

    applied = client.post(f"{SCHEMES}{pk}/apply/", {"fiscal_year": personas.year.pk}, format="json")
    assert applied.status_code == 200 and applied.json()["policy_version"] == 2
    policy = Policy.objects.get(fiscal_year=personas.year, version=2)
    assert policy.rules.self_evaluation.execution_weight == D("20")
    assert policy.rules.deadlines == Policy.objects.get(fiscal_year=personas.year, version=1).rules.deadlines
    stale = client.post(
        f"{SCHEMES}{pk}/apply/", {"fiscal_year": personas.year.pk, "policy_version": 1}, format="json"
    )
    assert stale.status_code == 409

    dup = client.post(f"{SCHEMES}{pk}/copy/", {"name": "外省规则"}, format="json")
    assert dup.status_code == 400 and "已有同名" in dup.json()["detail"]
    assert client.delete(f"{SCHEMES}{pk}/").status_code == 204
    assert ScoringScheme.objects.count() == 1


@pytest.mark.parametrize("who", ["finance_reviewer", "dept_d_officer", "officer_a", "leader"])
def test_only_the_finance_admin_keeps_schemes(personas, api, who):
    client = api(getattr(personas, who))
    assert client.get(SCHEMES).status_code == 403
    assert (
        client.post(
            f"{SCHEMES}copy-from-policy/", {"fiscal_year": personas.year.pk, "name": "x"}, format="json"
        ).status_code
        == 403
    )


def test_another_regions_scheme_is_a_404(personas, api):
    scheme = se.copy_policy_scheme(personas.finance_admin, personas.year, name="吉林标准")
    assert api(personas.other_finance_admin).get(f"{SCHEMES}{scheme.pk}/").status_code == 404
    assert api(personas.other_finance_admin).get(SCHEMES).json()["count"] == 0
