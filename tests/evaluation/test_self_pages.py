"""The self-evaluation pages: the list (filters, the finance admin's 开启自评, a query count that
does not grow), the 自评表 form with computed money and each score's formula, saving and
submitting, the review, evidence files, and scoping (another unit's self-evaluation is a 404)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation import selfeval as se
from evaluation.models import Attachment, Evaluation
from perfapp.workflow import perform
from tests.evaluation.self_helpers import D, fill, funded_target, self_evaluation_a, submitted, walk
from tests.monitoring.conftest import quick_approved_target

pytestmark = pytest.mark.django_db
S = Evaluation.Status


def form_data(e, actuals=None, reasons=None, action="save", version=None, **fields):
    """The POST of the 自评表 form as the page renders it."""
    actuals, reasons = actuals or {}, reasons or {}
    rows = list(e.rows.order_by("order", "pk"))
    data = {
        "version": e.version if version is None else version,
        "goal_actual": fields.get("goal_actual", "完成全省教师培训。"),
        "execution_explanation": fields.get("execution_explanation", ""),
        "row-TOTAL_FORMS": len(rows),
        "row-INITIAL_FORMS": len(rows),
        "action": action,
    }
    for n, row in enumerate(rows):
        data[f"row-{n}-id"] = row.pk
        default = "" if row.target_value is None else str(row.target_value.normalize())
        data[f"row-{n}-actual_value"] = actuals.get(row.name, default)
        data[f"row-{n}-actual_text"] = ""
        data[f"row-{n}-deviation_reason"] = reasons.get(row.name, "")
    return data


# --- the list ---------------------------------------------------------------------------------------


def _count(fetch):
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("surface", ["page", "api"])
def test_list_query_count_is_the_same_for_5_and_50_self_evaluations(
    personas, login, api, surface, django_assert_max_num_queries
):
    if surface == "page":
        client = login(personas.finance_admin)
        fetch = lambda: client.get("/evaluation/self/?page=1")  # noqa: E731
    else:
        client = api(personas.finance_admin)
        fetch = lambda: client.get("/api/v1/self-evaluations/?page_size=50")  # noqa: E731
    for n in range(5):
        quick_approved_target(personas, unit=personas.unit_a if n % 2 else personas.unit_b)
    se.open_season(personas.year, personas.finance_admin)
    fill(
        Evaluation.objects.first(),
        personas.officer_a if Evaluation.objects.first().unit == personas.unit_a else personas.officer_b,
    )
    fetch()
    small = _count(fetch)
    for _n in range(45):
        quick_approved_target(personas, unit=personas.unit_a)
    se.open_season(personas.year, personas.finance_admin)
    assert Evaluation.objects.count() == 50
    large = _count(fetch)
    assert small == large
    with django_assert_max_num_queries(small):
        fetch()


def test_the_list_filters_by_status_kind_grade_and_text(personas, login):
    from tests.evaluation.test_self_season import department_target

    a = funded_target(personas)
    b = funded_target(personas, unit=personas.unit_b, quick=True, name="考试院标准化考场建设")
    department_target(personas)
    se.open_season(personas.year, personas.finance_admin)
    ea = Evaluation.objects.get(target=a)
    submitted(personas, ea)
    client = login(personas.finance_admin)

    def names(query):
        response = client.get(f"/evaluation/self/?{query}")
        assert response.status_code == 200
        return [e.name for e in response.context["rows"]]

    assert set(names("")) == {a.name, b.name, "吉林省教育厅2026年度部门整体支出绩效目标"}
    assert names("status=submitted") == [a.name]
    assert names("kind=department") == ["吉林省教育厅2026年度部门整体支出绩效目标"]
    assert names("grade=优") == [a.name]
    assert names("q=标准化考场") == [b.name]
    assert names("year=2025") == []
    assert set(names(f"department={personas.dept_d.pk}")) == {
        a.name,
        b.name,
        "吉林省教育厅2026年度部门整体支出绩效目标",
    }


def test_the_finance_admin_opens_the_season_from_the_list(personas, login):
    target = quick_approved_target(personas)
    client = login(personas.finance_admin)
    page = client.get("/evaluation/self/").content.decode()
    assert "开启自评" in page
    response = client.post("/evaluation/self/open/", {"fiscal_year": personas.year.pk}, follow=True)
    assert "已开启2026年度绩效自评（截止 2027-05-31），共 1 份自评。" in response.content.decode()
    assert Evaluation.objects.get().target == target
    assert "开启自评" not in client.get("/evaluation/self/").content.decode()


@pytest.mark.parametrize("who", ["finance_reviewer", "dept_d_officer", "officer_a", "leader"])
def test_others_neither_see_nor_may_use_the_open_button(personas, login, who):
    client = login(getattr(personas, who))
    assert "开启自评" not in client.get("/evaluation/self/").content.decode()
    assert client.post("/evaluation/self/open/", {"fiscal_year": personas.year.pk}).status_code == 403
    assert not Evaluation.objects.exists()


# --- the form ---------------------------------------------------------------------------------------


def test_the_form_shows_computed_money_and_each_scores_formula_and_rule(personas, login):
    e = fill(self_evaluation_a(personas), personas.officer_a, actuals={"培训人次": D("450")})
    page = login(personas.officer_a).get(f"/evaluation/self/{e.pk}/").content.decode()
    assert "项目支出绩效自评表" in page
    for text in ("100.00", "95.00", "95.00%", "9.50 = 10 × 950000 / 1000000"):
        assert text in page
    assert "15.00 = 16.67 × 450 / 500" in page
    assert "[财预〔2020〕10号] 正向指标：得分 = 分值 × min(实际值 / 目标值, 1)" in page
    assert "97.83" in page and "优" in page
    # Money and scores are never inputs.
    for name in ("annual_budget", "spent", "execution_rate", "total_score", "score", "points"):
        assert f'name="{name}"' not in page and f'-{name}"' not in page
    assert 'name="row-0-actual_value"' in page


def test_saving_recomputes_and_submitting_sends_it_to_the_department(personas, login):
    e = self_evaluation_a(personas)
    client = login(personas.officer_a)
    response = client.post(
        f"/evaluation/self/{e.pk}/",
        form_data(e, actuals={"培训人次": "450"}, reasons={"培训人次": "报名不足"}),
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.status, e.total_score) == (S.DRAFT, D("97.83"))
    response = client.post(
        f"/evaluation/self/{e.pk}/",
        form_data(e, actuals={"培训人次": "450"}, reasons={"培训人次": "报名不足"}, action="submit"),
        follow=True,
    )
    assert "绩效自评已报送" in response.content.decode()
    e.refresh_from_db()
    assert e.status == S.SUBMITTED and e.policy_version == 1


def test_an_incomplete_submission_shows_each_gap_beside_its_field_and_saves_nothing(personas, login):
    e = self_evaluation_a(personas)
    data = form_data(e, actuals={"培训人次": "450"}, action="submit", goal_actual="")
    response = login(personas.officer_a).post(f"/evaluation/self/{e.pk}/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "绩效自评还不完整，未报送" in page
    assert "请填写年度总体目标实际完成情况。" in page
    assert "“培训人次”未完全达成（得分 15.00 / 16.67）：请填写偏差原因分析及改进措施。" in page
    assert 'value="450"' in page  # the input is kept
    e.refresh_from_db()
    assert (
        e.status == S.DRAFT
        and e.total_score is None
        and e.rows.filter(actual_value__isnull=False).count() == 0
    )


def test_a_stale_edit_is_refused_with_the_input_kept(personas, login):
    e = self_evaluation_a(personas)
    seen = e.version
    fill(e, personas.officer_a)  # someone else saved meanwhile
    response = login(personas.officer_a).post(
        f"/evaluation/self/{e.pk}/",
        form_data(e, actuals={"培训人次": "321"}, version=seen, goal_actual="我的说明"),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "该记录已被他人修改" in page and 'value="321"' in page and "我的说明" in page
    assert e.rows.get(name="培训人次").actual_value == D("500")


def test_a_negative_actual_value_is_refused_beside_its_field(personas, login):
    e = self_evaluation_a(personas)
    response = login(personas.officer_a).post(
        f"/evaluation/self/{e.pk}/", form_data(e, actuals={"培训人次": "-5"})
    )
    assert response.status_code == 400
    assert "实际完成值不能为负数。" in response.content.decode()


@pytest.mark.parametrize("who", ["officer_b", "officer_c", "dept_e_officer", "expert", "other_finance_admin"])
def test_another_units_self_evaluation_is_a_404(personas, login, api, who):
    e = fill(self_evaluation_a(personas), personas.officer_a)
    row = e.rows.first()
    attachment = se.add_evidence(e, row.pk, SimpleUploadedFile("佐证.pdf", b"%PDF-1.4 x"), personas.officer_a)
    user = getattr(personas, who)
    client = login(user)
    assert client.get(f"/evaluation/self/{e.pk}/").status_code == 404
    assert client.post(f"/evaluation/self/{e.pk}/", form_data(e)).status_code == 404
    assert client.get(f"/evaluation/self/evidence/{attachment.pk}/").status_code == 404
    assert (
        client.post(
            f"/evaluation/self/{e.pk}/review/", {"decision": "approve", "version": e.version}
        ).status_code
        == 404
    )
    assert api(user).get(f"/api/v1/self-evaluations/{e.pk}/").status_code == 404
    assert api(user).get("/api/v1/self-evaluations/").json()["count"] == 0
    assert list(client.get("/evaluation/self/").context["rows"]) == []


def test_the_department_and_finance_see_it_and_readers_cannot_change_it(personas, login):
    e = fill(self_evaluation_a(personas), personas.officer_a)
    for who in ("dept_d_officer", "finance_reviewer", "finance_admin", "leader", "auditor"):
        assert login(getattr(personas, who)).get(f"/evaluation/self/{e.pk}/").status_code == 200
    assert login(personas.leader).post(f"/evaluation/self/{e.pk}/", form_data(e)).status_code == 403
    assert login(personas.dept_d_officer).post(f"/evaluation/self/{e.pk}/", form_data(e)).status_code == 403
    assert login(personas.system_admin).get(f"/evaluation/self/{e.pk}/").status_code == 403


def test_the_review_steps_by_role_with_a_comment_required_on_return(personas, login):
    e = submitted(personas, self_evaluation_a(personas))
    page = login(personas.dept_d_officer).get(f"/evaluation/self/{e.pk}/").content.decode()
    assert "部门初审" in page
    response = login(personas.dept_d_officer).post(
        f"/evaluation/self/{e.pk}/review/", {"decision": "return", "comment": "", "version": e.version}
    )
    assert response.status_code == 400 and "退回时请填写退回意见。" in response.content.decode()
    response = login(personas.dept_d_officer).post(
        f"/evaluation/self/{e.pk}/review/", {"decision": "approve", "comment": "同意", "version": e.version}
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.status == S.DEPT_APPROVED
    assert (
        "财政业务审核" in login(personas.finance_reviewer).get(f"/evaluation/self/{e.pk}/").content.decode()
    )
    # The department cannot take the finance step.
    response = login(personas.dept_d_officer).post(
        f"/evaluation/self/{e.pk}/review/", {"decision": "approve", "version": e.version}
    )
    assert response.status_code == 403
    response = login(personas.finance_reviewer).post(
        f"/evaluation/self/{e.pk}/review/", {"decision": "approve", "version": e.version}
    )
    assert response.status_code == 302
    e.refresh_from_db()
    page = login(personas.finance_admin).get(f"/evaluation/self/{e.pk}/").content.decode()
    assert "财政技术审核" in page and "财政业务审核通过" in page and "部门初审通过（同意）" in page


def test_finance_records_a_violation_on_the_page(personas, login):
    e = walk(personas, self_evaluation_a(personas), S.BUSINESS_APPROVED)
    client = login(personas.finance_admin)
    response = client.post(
        f"/evaluation/self/{e.pk}/violation/", {"violation": "on", "violation_note": "", "version": e.version}
    )
    assert response.status_code == 400 and "请说明违规问题" in response.content.decode()
    response = client.post(
        f"/evaluation/self/{e.pk}/violation/",
        {"violation": "on", "violation_note": "挤占项目资金", "version": e.version},
        follow=True,
    )
    page = response.content.decode()
    assert "已认定存在违规问题：挤占项目资金" in page and "降档" in page
    e.refresh_from_db()
    assert (e.grade_label, e.downgraded) == ("良", True)
    assert (
        login(personas.officer_a)
        .post(f"/evaluation/self/{e.pk}/violation/", {"version": e.version})
        .status_code
        == 403
    )


# --- evidence ---------------------------------------------------------------------------------------


def test_evidence_is_kept_with_its_sha256_and_downloaded_by_those_who_see_it(personas, login):
    e = self_evaluation_a(personas)
    row = e.rows.get(name="培训人次")
    content = b"%PDF-1.4 training sign-in sheets"
    response = login(personas.officer_a).post(
        f"/evaluation/self/{e.pk}/evidence/",
        {"row": row.pk, "file": SimpleUploadedFile("签到表.pdf", content)},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(row=row)
    assert (attachment.name, attachment.size, attachment.sha256) == (
        "签到表.pdf",
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert "签到表.pdf" in login(personas.officer_a).get(f"/evaluation/self/{e.pk}/").content.decode()
    download = login(personas.dept_d_officer).get(f"/evaluation/self/evidence/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    # Deleted while editable; not once submitted.
    assert (
        login(personas.officer_a).post(f"/evaluation/self/evidence/{attachment.pk}/delete/").status_code
        == 302
    )
    assert not Attachment.objects.exists()


def test_evidence_above_the_limit_or_of_another_type_is_refused(personas, login, settings):
    settings.EVALUATION_FILE_MAX_BYTES = 10
    e = self_evaluation_a(personas)
    row = e.rows.first()
    client = login(personas.officer_a)
    response = client.post(
        f"/evaluation/self/{e.pk}/evidence/", {"row": row.pk, "file": SimpleUploadedFile("a.pdf", b"x" * 11)}
    )
    assert response.status_code == 400 and "超过" in response.content.decode()
    response = client.post(
        f"/evaluation/self/{e.pk}/evidence/", {"row": row.pk, "file": SimpleUploadedFile("a.exe", b"x")}
    )
    assert response.status_code == 400 and "不支持的文件类型“.exe”" in response.content.decode()
    assert not Attachment.objects.exists()


def test_evidence_cannot_be_added_once_submitted_or_by_another_role(personas, login):
    e = submitted(personas, self_evaluation_a(personas))
    row = e.rows.first()
    for user in (personas.officer_a, personas.dept_d_officer):
        response = login(user).post(
            f"/evaluation/self/{e.pk}/evidence/", {"row": row.pk, "file": SimpleUploadedFile("a.pdf", b"x")}
        )
        assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_a_returned_self_evaluation_shows_the_form_again(personas, login):
    e = submitted(personas, self_evaluation_a(personas))
    e = perform(e, "dept_return", personas.dept_d_officer, comment="请补充佐证", seen_version=e.version)
    page = login(personas.officer_a).get(f"/evaluation/self/{e.pk}/").content.decode()
    assert "保存并报送" in page and "部门初审退回（请补充佐证）" in page


def test_a_qualitative_row_takes_a_band_and_an_achievement_in_percent(personas, login):
    from targets.models import Comparator, Indicator, Level1

    target = funded_target(personas)
    Indicator.objects.create(
        target=target,
        level1=Level1.OUTCOME,
        level2="社会效益指标",
        name="家长认可度",
        comparator=Comparator.QUALITATIVE,
        qualitative_value="好",
        order=9,
    )
    se.open_season(personas.year, personas.finance_admin)
    e = Evaluation.objects.get(target=target)
    client = login(personas.officer_a)
    page = client.get(f"/evaluation/self/{e.pk}/").content.decode()
    assert "部分达成（80%–60%）" in page and 'name="row-5-achievement_pct"' in page
    assert 'name="row-5-actual_value"' not in page
    data = form_data(e)
    data |= {"row-5-band": "partial", "row-5-achievement_pct": "90", "row-5-actual_text": "基本认可"}
    data.pop("row-5-actual_value")
    response = client.post(f"/evaluation/self/{e.pk}/", data)
    assert response.status_code == 400
    assert "“家长认可度”的完成程度须在“部分达成”档次的 60%–80% 之间。" in response.content.decode()
    data["row-5-achievement_pct"] = "70"
    assert client.post(f"/evaluation/self/{e.pk}/", data).status_code == 302
    row = e.rows.get(name="家长认可度")
    assert (row.band, row.achievement, row.score, row.formula) == (
        "partial",
        D("0.7000"),
        D("10.50"),
        "10.50 = 15 × 70%（部分达成）",
    )
    page = client.get(f"/evaluation/self/{e.pk}/").content.decode()
    assert 'value="70"' in page and "10.50 = 15 × 70%（部分达成）" in page
