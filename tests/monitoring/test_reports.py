"""Monitoring reports: what a report must say, the review chain, the unit's form, scoping."""

import datetime
from decimal import Decimal

import pytest

from monitoring.models import IndicatorProgress, MonitoringReport
from monitoring.reports import ensure_progress, open_round, review_report, submission_errors
from perfapp.workflow import TransitionRefused, WorkflowError, perform
from tests.factories import ExpenditureFactory
from tests.monitoring.conftest import approved_target, fill_progress

pytestmark = pytest.mark.django_db
S = MonitoringReport.Status


def submitted(personas, report):
    fill_progress(report)
    return perform(report, "submit", personas.officer_a, seen_version=report.version)


def test_a_deviation_needs_its_category_a_reason_and_a_measure(report_a):
    fill_progress(report_a, 培训人次={"expected_value": Decimal("400"), "possibility": "possible"})
    errors = submission_errors(report_a)
    assert errors == [
        "“培训人次”存在偏差：请选择偏差原因分类。",
        "“培训人次”存在偏差：请说明偏差原因。",
        "“培训人次”存在偏差：请填写纠偏措施。",
    ]
    fill_progress(
        report_a,
        培训人次={
            "expected_value": Decimal("400"),
            "possibility": "possible",
            "deviation": "funding",
            "deviation_reason": "资金下达较晚",
            "measure": "加快培训进度",
        },
    )
    assert submission_errors(report_a) == []


def test_an_expected_value_below_the_target_is_a_deviation_even_when_certain(report_a):
    fill_progress(report_a, 培训人次={"expected_value": Decimal("499")})
    assert "“培训人次”存在偏差：请说明偏差原因。" in submission_errors(report_a)


def test_submission_is_refused_while_answers_are_missing(personas, report_a):
    ensure_progress(report_a)
    with pytest.raises(TransitionRefused, match="请填写预计全年执行数"):
        perform(report_a, "submit", personas.officer_a, seen_version=report_a.version)
    report_a.refresh_from_db()
    assert report_a.status == S.DRAFT


def test_submission_freezes_the_computed_execution(personas, report_a):
    ExpenditureFactory(project=report_a.project, date=datetime.date(2026, 5, 1), amount=Decimal("300000"))
    report = submitted(personas, report_a)
    assert (report.annual_budget, report.spent, report.execution_rate, report.time_progress) == (
        Decimal("1000000.00"),
        Decimal("300000.00"),
        Decimal("30.00"),
        Decimal("49.59"),
    )
    assert report.submitted_at is not None


def test_review_chain_department_then_finance_with_returns(personas, report_a):
    report = submitted(personas, report_a)
    with pytest.raises(WorkflowError):
        review_report(report, personas.dept_e_officer, approved=True)
    with pytest.raises(TransitionRefused, match="退回时请填写退回意见"):
        review_report(report, personas.dept_d_officer, approved=False)
    report = review_report(report, personas.dept_d_officer, approved=False, comment="数据有误")
    assert report.status == S.RETURNED
    report = perform(report, "submit", personas.officer_a, seen_version=report.version)
    report = review_report(report, personas.dept_d_officer, approved=True)
    assert report.status == S.DEPT_APPROVED
    report = review_report(report, personas.finance_reviewer, approved=False, comment="请补充措施")
    assert report.status == S.RETURNED
    report = perform(report, "submit", personas.officer_a, seen_version=report.version)
    report = review_report(report, personas.dept_d_officer, approved=True)
    report = review_report(report, personas.finance_reviewer, approved=True)
    assert report.status == S.ACCEPTED and not report.is_editable


def test_finance_must_record_a_conclusion_for_a_key_project(personas, report_a):
    MonitoringReport.objects.filter(pk=report_a.pk).update(is_key=True)
    report_a.refresh_from_db()
    report = submitted(personas, report_a)
    report = review_report(report, personas.dept_d_officer, approved=True)
    with pytest.raises(TransitionRefused, match="财政重点监控结论"):
        review_report(report, personas.finance_reviewer, approved=True)
    report = review_report(report, personas.finance_reviewer, approved=True, conclusion="执行正常，继续跟踪")
    report.refresh_from_db()
    assert report.status == S.ACCEPTED and report.finance_conclusion == "执行正常，继续跟踪"


# --- the unit's form ---------------------------------------------------------------------------


def form_data(client, report, **changes):
    """The form as the page renders it, with `changes` applied (field names without prefix for
    the report, "ind-<n>-<field>" for indicator rows)."""
    page = client.get(f"/monitoring/reports/{report.pk}/")
    assert page.status_code == 200
    form = page.context["form"]
    formset = page.context["formset"]
    data = {f"ind-{k}": v for k, v in formset.management_form.initial.items()}
    data["version"] = form.initial["version"]
    for f in formset.forms:
        data[f"{f.prefix}-id"] = f.instance.pk
        ind = f.instance.indicator
        data[f"{f.prefix}-possibility"] = "certain"
        data[f"{f.prefix}-expected_value"] = str(ind.target_value) if ind.target_value is not None else ""
    data["expected_full_year"] = "1000000"
    data.update(changes)
    return data


def test_unit_saves_then_submits_its_report_on_the_page(personas, login, report_a):
    client = login(personas.officer_a)
    data = form_data(client, report_a, overall_progress="按计划推进", action="save")
    r = client.post(f"/monitoring/reports/{report_a.pk}/", data)
    assert r.status_code == 302
    report_a.refresh_from_db()
    assert report_a.overall_progress == "按计划推进" and report_a.status == S.DRAFT
    r = client.post(
        f"/monitoring/reports/{report_a.pk}/", {**data, "version": report_a.version, "action": "submit"}
    )
    assert r.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == S.SUBMITTED


def test_a_deviation_without_reason_shows_errors_next_to_the_fields_and_keeps_the_input(
    personas, login, report_a
):
    client = login(personas.officer_a)
    data = form_data(
        client, report_a, action="submit", **{"ind-0-possibility": "possible", "ind-0-expected_value": "420"}
    )
    r = client.post(f"/monitoring/reports/{report_a.pk}/", data)
    assert r.status_code == 400
    row = r.context["formset"].forms[0]
    assert row.errors["deviation_reason"] == ["“培训人次”存在偏差：请说明偏差原因。"]
    assert row.errors["measure"] == ["“培训人次”存在偏差：请填写纠偏措施。"]
    assert 'value="420"' in r.content.decode()
    report_a.refresh_from_db()
    assert report_a.status == S.DRAFT
    assert IndicatorProgress.objects.filter(report=report_a, expected_value=420).count() == 0


def test_invalid_numbers_are_shown_with_the_input_kept(personas, login, report_a):
    client = login(personas.officer_a)
    data = form_data(client, report_a, action="save", expected_full_year="-5", expected_carryover="100")
    r = client.post(f"/monitoring/reports/{report_a.pk}/", data)
    assert r.status_code == 400
    assert r.context["form"].errors["expected_full_year"] == ["金额不能为负数。"]
    assert r.context["form"].errors["carryover_reason"] == ["预计有结转结余时请说明原因。"]
    assert 'value="-5"' in r.content.decode()


def test_a_stale_edit_is_refused(personas, login, report_a):
    client = login(personas.officer_a)
    data = form_data(client, report_a, action="save", overall_progress="旧页面")
    MonitoringReport.objects.filter(pk=report_a.pk).update(version=report_a.version + 1)
    r = client.post(f"/monitoring/reports/{report_a.pk}/", data)
    assert r.status_code == 409
    report_a.refresh_from_db()
    assert report_a.overall_progress == ""


def test_the_page_shows_the_computed_money_read_only(personas, login, report_a):
    ExpenditureFactory(project=report_a.project, date=datetime.date(2026, 6, 1), amount=Decimal("123456.78"))
    body = login(personas.officer_a).get(f"/monitoring/reports/{report_a.pk}/").content.decode()
    assert "123,456.78" in body and "12.35%" in body and "49.59%" in body
    assert 'name="spent"' not in body and 'name="execution_rate"' not in body


def test_department_and_finance_review_on_the_page(personas, login, report_a):
    submitted(personas, report_a)
    report_a.refresh_from_db()
    client = login(personas.dept_d_officer)
    url = f"/monitoring/reports/{report_a.pk}/review/"
    r = client.post(url, {"decision": "return", "comment": "", "version": report_a.version})
    assert r.status_code == 400 and "退回时请填写退回意见" in r.content.decode()
    assert client.post(url, {"decision": "approve", "version": report_a.version}).status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == S.DEPT_APPROVED
    MonitoringReport.objects.filter(pk=report_a.pk).update(is_key=True)
    client = login(personas.finance_reviewer)
    r = client.post(url, {"decision": "approve", "version": report_a.version})
    assert r.status_code == 400 and "财政重点监控项目须填写财政重点监控结论" in r.content.decode()
    r = client.post(url, {"decision": "approve", "conclusion": "按期完成", "version": report_a.version})
    assert r.status_code == 302
    report_a.refresh_from_db()
    assert (report_a.status, report_a.finance_conclusion) == (S.ACCEPTED, "按期完成")


# --- scoping ----------------------------------------------------------------------------------


def test_unit_sees_only_its_reports_and_another_units_is_not_found(personas, login, report_a):
    c = approved_target(
        personas, unit=personas.unit_c, officer=personas.officer_c, dept_officer=personas.dept_e_officer
    )
    open_round(report_a.round, personas.finance_admin)
    report_c = MonitoringReport.objects.get(target=c)
    client = login(personas.officer_a)
    assert [r.pk for r in client.get("/monitoring/").context["rows"]] == [report_a.pk]
    assert client.get(f"/monitoring/reports/{report_c.pk}/").status_code == 404
    assert client.post(f"/monitoring/reports/{report_c.pk}/", {"action": "save"}).status_code == 404
    assert login(personas.officer_b).get(f"/monitoring/reports/{report_a.pk}/").status_code == 404
    assert {r.pk for r in login(personas.leader).get("/monitoring/").context["rows"]} == {
        report_a.pk,
        report_c.pk,
    }


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_read_only_roles_see_reports_but_may_not_post(personas, login, report_a, who):
    client = login(getattr(personas, who))
    assert client.get(f"/monitoring/reports/{report_a.pk}/").status_code == 200
    assert client.post(f"/monitoring/reports/{report_a.pk}/", {"action": "save"}).status_code == 403
    assert (
        client.post(f"/monitoring/reports/{report_a.pk}/review/", {"decision": "approve"}).status_code == 403
    )


def test_department_officer_cannot_fill_a_units_report(personas, login, report_a):
    r = login(personas.dept_d_officer).post(f"/monitoring/reports/{report_a.pk}/", {"action": "save"})
    assert r.status_code == 403


@pytest.mark.parametrize("who", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_are_refused_reports(personas, login, api, report_a, who):
    user = getattr(personas, who)
    assert login(user).get(f"/monitoring/reports/{report_a.pk}/").status_code == 403
    assert api(user).get("/api/v1/monitoring-reports/").status_code == 403


def test_list_filters_by_status_key_and_text(personas, login, report_a):
    client = login(personas.finance_admin)
    assert len(client.get("/monitoring/?status=draft").context["rows"]) == 1
    assert len(client.get("/monitoring/?status=submitted").context["rows"]) == 0
    assert len(client.get("/monitoring/?is_key=true").context["rows"]) == 0
    assert len(client.get(f"/monitoring/?q={report_a.target.name[:4]}").context["rows"]) == 1
    assert len(client.get("/monitoring/?q=不存在的项目").context["rows"]) == 0
    assert (
        len(client.get(f"/monitoring/?round={report_a.round_id}&unit={personas.unit_a.pk}").context["rows"])
        == 1
    )


def test_todo_lists_the_units_report_to_fill(personas, report_a):
    from perfapp.todo import todo_for

    titles = [i.title for i in todo_for(personas.officer_a)]
    assert "绩效监控报告待填报" in titles
    assert "绩效监控报告待填报" not in [i.title for i in todo_for(personas.officer_c)]


def test_indicator_values_are_shown_as_typed_without_trailing_zeros(personas, login, report_a):
    """Stored as Decimal(18, 4): the form and the submitted page show "250", not "250.0000"."""
    client = login(personas.officer_a)
    data = form_data(client, report_a, action="save")
    data["ind-0-completed_value"] = "250"
    assert client.post(f"/monitoring/reports/{report_a.pk}/", data).status_code == 302
    body = client.get(f"/monitoring/reports/{report_a.pk}/").content.decode()
    assert 'value="250"' in body and "250.0000" not in body
    report_a.refresh_from_db()
    submitted(personas, report_a)
    body = client.get(f"/monitoring/reports/{report_a.pk}/").content.decode()
    assert ".0000" not in body
