"""The prior-assessment pages: the list (filters, constant query count), the unit's form (input
kept on error, stale edit refused), finance's review, attachments with SHA-256, the block on the
project page and in the target review, and scoping per role on page, API and PDF."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import rules
from assessments.models import AssessmentAttachment, PriorAssessment
from budgets.models import Project
from tests.api.conftest import API
from tests.assessments.conftest import ARGUMENTS, MEETING, concluded, filled, make_project, submitted

pytestmark = pytest.mark.django_db


def detail_url(assessment):
    return reverse("assessments:assessment_detail", args=[assessment.pk])


def form_data(assessment, **overrides):
    data = {"version": assessment.version, "summary": "概述", "action": "save"}
    for dimension, text in ARGUMENTS.items():
        data[f"argument_{dimension}"] = text
    for year in range(assessment.project.start_year, assessment.project.end_year + 1):
        data[f"need_{year}"] = "15000000"
        data[f"need_note_{year}"] = "按工程量清单测算"
    data.update(overrides)
    return data


# --- list --------------------------------------------------------------------------------------------


def _many(personas, n):
    for i in range(n):
        unit = personas.unit_a if i % 2 else personas.unit_b
        project = make_project(unit, "31000000", name=f"重大项目{i}", status=Project.Status.SUBMITTED)
        assessment = rules.create_assessment(project, personas.dept_d_officer)
        if i % 3 == 0:
            PriorAssessment.objects.filter(pk=assessment.pk).update(status="concluded", conclusion="support")


def test_the_list_costs_the_same_queries_for_5_and_50_assessments(
    personas, login, django_assert_max_num_queries
):
    client = login(personas.finance_admin)
    url = reverse("assessments:assessment_list")
    _many(personas, 5)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    _many(personas, 45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 50


def test_the_api_list_costs_the_same_queries_for_5_and_50(personas, api, django_assert_max_num_queries):
    client = api(personas.finance_admin)
    _many(personas, 5)
    with django_assert_max_num_queries(30) as few:
        assert client.get(f"{API}/prior-assessments/").status_code == 200
    _many(personas, 45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"{API}/prior-assessments/").json()["count"] == 50


def test_the_list_filters_by_status_conclusion_and_text(personas, login):
    p = personas
    done = concluded(make_project(p.unit_a, "30000000", name="校舍抗震加固"), p.officer_a, p.finance_admin)
    draft = rules.create_assessment(make_project(p.unit_b, "40000000", name="考务指挥平台"), p.officer_b)
    client = login(p.dept_d_officer)
    url = reverse("assessments:assessment_list")
    ids = lambda r: [a.pk for a in r.context["rows"]]  # noqa: E731
    assert set(ids(client.get(url))) == {done.pk, draft.pk}
    assert ids(client.get(url, {"status": "draft"})) == [draft.pk]
    assert ids(client.get(url, {"conclusion": "support"})) == [done.pk]
    assert ids(client.get(url, {"q": "考务"})) == [draft.pk]
    body = client.get(url).content.decode()
    assert "校舍抗震加固" in body and "予以支持" in body


# --- the unit's form ---------------------------------------------------------------------------------


def test_the_unit_starts_an_assessment_from_the_create_page(personas, major, login):
    client = login(personas.officer_a)
    page = client.get(reverse("assessments:assessment_create"))
    assert "校舍抗震加固工程" in page.content.decode() and "不低于重大项目标准" in page.content.decode()
    response = client.post(reverse("assessments:assessment_create"), {"project": major.pk})
    assessment = PriorAssessment.objects.get(project=major)
    assert response.status_code == 302 and response["Location"] == detail_url(assessment)
    assert assessment.dimensions.count() == 5
    assert list(assessment.spending_needs.values_list("year", flat=True)) == [2026, 2027]
    assert assessment.scheme["points"]["necessity"] == "20"
    # A second one while the first is open is refused.
    response = client.post(reverse("assessments:assessment_create"), {"project": major.pk})
    assert response.status_code == 400


def test_another_units_officer_cannot_start_one(personas, major, login, api):
    assert (
        login(personas.officer_b)
        .post(reverse("assessments:assessment_create"), {"project": major.pk})
        .status_code
        == 400
    )
    response = api(personas.officer_c).post(f"{API}/prior-assessments/", {"project": major.pk}, format="json")
    assert response.status_code == 404
    assert not PriorAssessment.objects.exists()


def test_submitting_an_incomplete_assessment_keeps_the_input_and_saves_nothing(personas, major, login):
    assessment = rules.create_assessment(major, personas.officer_a)
    client = login(personas.officer_a)
    data = form_data(assessment, argument_financing="", action="submit", need_2026="0", need_2027="0")
    data["argument_necessity"] = "我刚写的必要性论证"
    response = client.post(detail_url(assessment), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "事前绩效评估还不完整，未报送" in body
    assert "请填写“筹资合规性”的论证情况。" in body
    assert "请填写分年度支出需求" in body
    assert "我刚写的必要性论证" in body
    assessment.refresh_from_db()
    assert assessment.status == "draft" and assessment.version == 1
    assert assessment.dimensions.get(dimension="necessity").argument == ""


def test_the_unit_saves_then_submits(personas, major, login):
    assessment = rules.create_assessment(major, personas.officer_a)
    client = login(personas.officer_a)
    assert client.post(detail_url(assessment), form_data(assessment)).status_code == 302
    assessment.refresh_from_db()
    assert (
        assessment.version == 2
        and assessment.dimensions.get(dimension="economy").argument == ARGUMENTS["economy"]
    )
    response = client.post(detail_url(assessment), form_data(assessment, action="submit"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.submitted_at is not None
    # No longer editable: a POST is refused.
    assert client.post(detail_url(assessment), form_data(assessment)).status_code == 403


def test_a_stale_edit_is_refused_and_the_input_kept(personas, major, login):
    assessment = rules.create_assessment(major, personas.officer_a)
    seen = assessment.version
    rules.save_assessment(assessment, personas.dept_d_officer, seen_version=seen, summary="部门先改过")
    response = login(personas.officer_a).post(
        detail_url(assessment), form_data(assessment, version=seen, summary="我的概述")
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "该记录已被他人修改" in body and "我的概述" in body
    assessment.refresh_from_db()
    assert assessment.summary == "部门先改过"


def test_a_leader_reads_but_cannot_edit(personas, major, login):
    assessment = rules.create_assessment(major, personas.officer_a)
    client = login(personas.leader)
    assert client.get(detail_url(assessment)).status_code == 200
    assert client.post(detail_url(assessment), form_data(assessment)).status_code == 403


def test_attachments_are_kept_with_their_sha256(personas, major, login):
    assessment = rules.create_assessment(major, personas.officer_a)
    client = login(personas.officer_a)
    content = "可行性研究报告".encode()
    upload = SimpleUploadedFile("可研报告.pdf", content, content_type="application/pdf")
    url = reverse("assessments:attachment_upload", args=[assessment.pk])
    assert client.post(url, {"dimension": "feasibility", "file": upload}).status_code == 302
    attachment = AssessmentAttachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.dimension == "feasibility" and attachment.size == len(content)
    download = client.get(reverse("assessments:attachment_download", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == content
    assert (
        login(personas.officer_b)
        .get(reverse("assessments:attachment_download", args=[attachment.pk]))
        .status_code
        == 404
    )
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = login(personas.officer_a).post(url, {"file": bad})
    assert response.status_code == 400 and "不支持的文件类型" in response.content.decode()


# --- finance's review --------------------------------------------------------------------------------


def test_finance_returns_with_a_reason_and_commissions_a_reassessment(personas, major, login):
    assessment = submitted(major, personas.officer_a)
    client = login(personas.finance_reviewer)
    url = reverse("assessments:assessment_transition", args=[assessment.pk, "finance_return"])
    response = client.post(url, {"version": assessment.version, "comment": ""})
    assert response.status_code == 400 and "退回时请填写退回意见" in response.content.decode()
    url = reverse("assessments:assessment_transition", args=[assessment.pk, "commission"])
    response = client.post(url, {"version": assessment.version, "comment": "", "agency": personas.agency.pk})
    assert response.status_code == 400 and "委托再评估须说明事由" in response.content.decode()
    response = client.post(
        url, {"version": assessment.version, "comment": "金额大", "agency": personas.agency.pk}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "reassessment" and assessment.agency == personas.agency
    assert assessment.reassessment_reason == "金额大"


def test_finance_concludes_on_the_page_and_the_input_is_kept_on_error(personas, major, login):
    from tests.assessments.conftest import under_review

    assessment = under_review(major, personas.officer_a, personas.finance_admin)
    client = login(personas.finance_admin)
    url = reverse("assessments:assessment_conclude", args=[assessment.pk])
    data = {
        "version": assessment.version,
        "conclusion": "support_with_changes",
        "reasons": "总体可行，我的理由",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "须写明调整完善要求" in body and "总体可行，我的理由" in body
    data["required_changes"] = "压减设备购置费"
    data["approved_2026"] = "12000000"
    assert client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert (
        assessment.conclusion == "support_with_changes" and assessment.concluded_by == personas.finance_admin
    )
    assert str(assessment.spending_needs.get(year=2026).approved_amount) == "12000000.00"


def test_a_unit_officer_cannot_conclude(personas, major, login):
    from tests.assessments.conftest import under_review

    assessment = under_review(major, personas.officer_a, personas.finance_admin)
    response = login(personas.officer_a).post(
        reverse("assessments:assessment_conclude", args=[assessment.pk]),
        {"version": assessment.version, "conclusion": "support", "reasons": "自己同意"},
    )
    assert response.status_code == 403


# --- the project page and the target review ---------------------------------------------------------


def test_the_project_page_shows_the_assessment_and_its_conclusion(personas, major, login):
    concluded(major, personas.officer_a, personas.finance_admin, "support_with_changes", "压减 300 万元")
    body = login(personas.officer_a).get(reverse("budgets:project_detail", args=[major.pk])).content.decode()
    assert 'id="prior-assessment"' in body
    assert "调整完善后予以支持" in body and "压减 300 万元" in body
    assert "尚未经预算（资金）管理委员会联合会审" in body


def test_a_small_project_page_shows_no_assessment_block(personas, login):
    project = make_project(personas.unit_a, "100000")
    body = (
        login(personas.officer_a).get(reverse("budgets:project_detail", args=[project.pk])).content.decode()
    )
    assert 'id="prior-assessment"' not in body


def test_the_target_review_shows_the_assessment(personas, major, login):
    from tests.targets.helpers import make_target

    concluded(major, personas.officer_a, personas.finance_admin)
    target = make_target(personas, project=major)
    body = (
        login(personas.finance_reviewer)
        .get(reverse("targets:target_detail", args=[target.pk]))
        .content.decode()
    )
    assert 'id="prior-assessment"' in body and "予以支持" in body and "立项依据充分" in body


# --- scoping ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_b", "officer_c", "dept_e_officer", "other_finance_admin", "expert"])
def test_another_units_assessment_is_a_404_on_page_api_and_pdf(personas, major, login, api, who):
    assessment = filled(major, personas.officer_a)
    user = getattr(personas, who)
    client = login(user)
    assert client.get(detail_url(assessment)).status_code == 404
    assert client.get(reverse("assessments:assessment_pdf", args=[assessment.pk])).status_code == 404
    assert api(user).get(f"{API}/prior-assessments/{assessment.pk}/").status_code == 404
    assert assessment.pk not in [
        a["id"] for a in api(user).get(f"{API}/prior-assessments/").json()["results"]
    ]


@pytest.mark.parametrize(
    "who", ["officer_a", "dept_d_officer", "finance_reviewer", "finance_admin", "leader", "auditor"]
)
def test_the_assessment_is_visible_to_its_unit_department_finance_and_read_only_roles(
    personas, major, login, api, who
):
    assessment = filled(major, personas.officer_a)
    user = getattr(personas, who)
    assert login(user).get(detail_url(assessment)).status_code == 200
    assert api(user).get(f"{API}/prior-assessments/{assessment.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_see_no_assessments(personas, major, login, api, who):
    assessment = filled(major, personas.officer_a)
    user = getattr(personas, who)
    assert login(user).get(reverse("assessments:assessment_list")).status_code == 403
    assert api(user).get(f"{API}/prior-assessments/{assessment.pk}/").status_code == 403


def test_finance_of_another_division_does_not_see_it(personas, major, api):
    from accounts.models import Role
    from tests.factories import make_user

    reviewer_y = make_user(
        "fin_reviewer_y", Role.FINANCE_REVIEWER, personas.bureau, division=personas.division_y
    )
    assessment = filled(major, personas.officer_a)
    assert api(reviewer_y).get(f"{API}/prior-assessments/{assessment.pk}/").status_code == 404


def test_api_update_by_the_unit_with_nested_dimensions_and_needs(personas, major, api):
    assessment = rules.create_assessment(major, personas.officer_a)
    client = api(personas.officer_a)
    payload = {
        "version": 1,
        "summary": "接口填报",
        "dimensions": [{"dimension": d, "argument": t} for d, t in ARGUMENTS.items()],
        "spending_needs": [
            {"year": 2026, "amount": "20000000", "note": "一期"},
            {"year": 2027, "amount": "10000000"},
        ],
    }
    response = client.patch(f"{API}/prior-assessments/{assessment.pk}/", payload, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2 and body["summary"] == "接口填报"
    assert [(n["year"], n["amount"]) for n in body["spending_needs"]] == [
        (2026, "20000000.00"),
        (2027, "10000000.00"),
    ]
    # Stale version → 409; a year outside the period → 400.
    assert (
        client.patch(f"{API}/prior-assessments/{assessment.pk}/", payload, format="json").status_code == 409
    )
    payload["version"] = 2
    payload["spending_needs"] = [{"year": 2030, "amount": "1"}]
    response = client.patch(f"{API}/prior-assessments/{assessment.pk}/", payload, format="json")
    assert response.status_code == 400 and "不在项目期间" in response.json()["detail"]
    response = client.post(
        f"{API}/prior-assessments/{assessment.pk}/transitions/",
        {"name": "submit", "version": 2},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert (
        api(personas.officer_b)
        .patch(f"{API}/prior-assessments/{assessment.pk}/", payload, format="json")
        .status_code
        == 404
    )
    assert (
        api(personas.leader)
        .patch(f"{API}/prior-assessments/{assessment.pk}/", payload, format="json")
        .status_code
        == 403
    )


# --- joint review pages -----------------------------------------------------------------------------


def test_finance_records_a_joint_review_on_the_page_and_the_input_is_kept_on_error(personas, major, login):
    client = login(personas.finance_admin)
    listing = client.get(reverse("assessments:joint_review_list"))
    assert [row["project"].pk for row in listing.context["pending"]] == [major.pk]
    url = reverse("assessments:joint_review_create", args=[major.pk])
    data = {
        "meeting_date": MEETING.isoformat(),
        "committee": "省财政厅预算（资金）管理委员会",
        "members": "厅长 王某\n副厅长 李某",
        "decision": "conditional",
        "conditions": "",
        "minutes": "我的会审意见",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "须写明附加条件" in body and "我的会审意见" in body
    data["conditions"] = "首年按审定金额的 60% 安排"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse(
        "budgets:project_detail", args=[major.pk]
    )
    review = major.joint_reviews.get()
    assert review.get_decision_display() == "有条件同意" and review.recorded_by == personas.finance_admin
    listing = client.get(reverse("assessments:joint_review_list"))
    assert listing.context["pending"] == [] and [r.pk for r in listing.context["rows"]] == [review.pk]
    # The unit reads it; another unit does not; the unit cannot record one.
    assert [
        r.pk for r in login(personas.officer_a).get(reverse("assessments:joint_review_list")).context["rows"]
    ] == [review.pk]
    assert login(personas.officer_b).get(reverse("assessments:joint_review_list")).context["rows"] == []
    assert login(personas.officer_a).post(url, data).status_code == 403
    assert login(personas.officer_c).get(url).status_code == 404


def test_experts_do_not_open_the_joint_review_list(personas, login, api):
    assert login(personas.expert).get(reverse("assessments:joint_review_list")).status_code == 403
    assert api(personas.expert).get(f"{API}/joint-reviews/").status_code == 403
