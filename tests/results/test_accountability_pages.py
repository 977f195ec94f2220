"""Accountability pages: scoping per role (404 for another unit's case, read-only for units,
none for experts), the form (derived keys, input kept, stale refused), 立案 from a suggestion and
dismissal, the Excel export's cells, query counts that do not grow with the rows."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from perfapp.models import AuditEvent, EventKind
from results.models import AccountabilityCase, AccountabilityDismissal
from tests.results.accountability_data import (  # noqa: F401 - frozen is a fixture
    TODAY,
    evaluation,
    frozen,
    funded,
    make_case,
    rectification,
    report,
)

LIST = reverse("results:accountability_list")
NEW = reverse("results:accountability_create")
SUGGESTIONS = reverse("results:accountability_suggestions")
Case = AccountabilityCase.Case


pytestmark = pytest.mark.usefixtures("frozen")


def detail(obj):
    return reverse("results:accountability_detail", args=[obj.pk])


def edit(obj):
    return reverse("results:accountability_edit", args=[obj.pk])


def test_unit_sees_its_own_cases_read_only_and_another_units_is_404(personas, login):
    mine = make_case(personas)
    other = make_case(personas, personas.unit_c)
    client = login(personas.officer_a)
    page = client.get(LIST)
    assert [c.pk for c in page.context["rows"]] == [mine.pk]
    assert client.get(detail(other)).status_code == 404
    assert client.get(edit(other)).status_code == 404
    shown = client.get(detail(mine))
    assert shown.status_code == 200 and edit(mine) not in shown.content.decode()
    assert client.get(edit(mine)).status_code == 403
    assert client.get(NEW).status_code == 403


def test_department_sees_its_units_and_finance_reviewer_its_departments(personas, login):
    a = make_case(personas)
    b = make_case(personas, personas.unit_b)
    c = make_case(personas, personas.unit_c)
    rows = lambda user: sorted(r.pk for r in login(user).get(LIST).context["rows"])  # noqa: E731
    assert rows(personas.dept_d_officer) == sorted([a.pk, b.pk])
    assert rows(personas.dept_e_officer) == [c.pk]
    assert rows(personas.finance_reviewer) == sorted([a.pk, b.pk])
    assert rows(personas.leader) == sorted([a.pk, b.pk, c.pk])
    assert rows(personas.other_finance_admin) == []
    assert login(personas.other_finance_admin).get(detail(a)).status_code == 404


def test_experts_and_admins_are_refused(personas, login):
    make_case(personas)
    assert login(personas.expert).get(LIST).status_code == 403
    assert login(personas.system_admin).get(LIST).status_code == 403


def test_leader_reads_but_cannot_record(personas, login):
    case = make_case(personas)
    client = login(personas.leader)
    assert client.get(detail(case)).status_code == 200
    assert client.get(NEW).status_code == 403
    assert client.get(SUGGESTIONS).status_code == 403


def test_finance_records_a_case_by_project_code_and_keys_are_derived(personas, login):
    project = funded(personas, personas.unit_b)
    client = login(personas.finance_admin)
    r = client.post(
        NEW,
        {
            "year": 2026,
            "case": Case.OTHER,
            "project": project.code,
            "person": "王五",
            "facts": "未按规定报送绩效资料。",
            "measure": AccountabilityCase.Measure.CIRCULATE,
            "decided_on": "2026-08-30",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    case = AccountabilityCase.objects.get()
    assert (case.unit, case.department, case.project, case.created_by) == (
        personas.unit_b,
        personas.dept_d,
        project,
        personas.finance_admin,
    )
    assert r["Location"] == detail(case)


def test_the_form_keeps_the_input_and_explains_errors_in_chinese(personas, login):
    client = login(personas.finance_admin)
    r = client.post(
        NEW, {"year": 2026, "case": Case.OTHER, "person": "李四", "measure": "", "project": "NOPE"}
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert 'value="李四"' in body and 'value="NOPE"' in body
    assert "未找到该项目编码" in body and "该字段是必填项" in body
    assert not AccountabilityCase.objects.exists()


def test_reviewer_is_refused_for_a_department_it_does_not_manage(personas, login):
    client = login(personas.finance_reviewer)
    r = client.post(
        NEW,
        {
            "year": 2026,
            "case": Case.OTHER,
            "unit": personas.unit_c.pk,
            "facts": "x",
            "measure": "interview",
            "decided_on": "2026-08-30",
        },
    )
    # unit C is not even a choice for the reviewer of division X
    assert r.status_code == 200 and "选择一个有效的选项" in r.content.decode()
    assert not AccountabilityCase.objects.exists()


def test_stale_edit_is_refused_and_the_input_kept(personas, login):
    case = make_case(personas)
    client = login(personas.finance_admin)
    form = {
        "year": 2026,
        "case": Case.OTHER,
        "unit": personas.unit_a.pk,
        "facts": "第一次修改",
        "measure": "circulate",
        "decided_on": "2026-08-20",
        "version": case.version,
    }
    assert client.post(edit(case), form).status_code == 302
    r = client.post(edit(case), {**form, "facts": "过时的修改"})
    assert r.status_code == 409
    assert "已被他人修改" in r.content.decode() and "过时的修改" in r.content.decode()
    case.refresh_from_db()
    assert (case.facts, case.version) == ("第一次修改", 2)


def test_open_a_case_from_a_suggestion_in_one_click(personas, login):
    graded = evaluation(personas, funded(personas, name="农村校舍"))
    client = login(personas.finance_admin)
    page = client.get(SUGGESTIONS, {"kind": Case.POOR_GRADE})
    assert page.status_code == 200
    link = f"{NEW}?source={Case.POOR_GRADE}&amp;ref={graded.pk}&amp;year=2025"
    assert link in page.content.decode()
    form = client.get(NEW, {"source": Case.POOR_GRADE, "ref": graded.pk, "year": 2025})
    initial = form.context["form"].initial
    assert initial["case"] == Case.POOR_GRADE and initial["evaluation"] == graded.pk
    assert "农村校舍" in initial["facts"]
    r = client.post(
        NEW,
        {
            **{k: initial[k] for k in ("year", "case", "facts", "source", "source_ref")},
            "evaluation": graded.pk,
            "measure": "reduce",
            "decided_on": "2026-08-31",
        },
    )
    assert r.status_code == 302
    case = AccountabilityCase.objects.get()
    assert (case.source, case.source_ref, case.project) == (Case.POOR_GRADE, graded.pk, graded.project)
    assert client.get(SUGGESTIONS, {"kind": Case.POOR_GRADE}).context["rows"] == []
    # the evaluation's page and the project's page show the case
    assert (
        "绩效问责" in client.get(reverse("evaluation:evaluation_detail", args=[graded.pk])).content.decode()
    )
    # the project's page: the unit sees its case; unit C (another department) gets a 404
    assert detail(case) in project_page(login, personas.officer_a, graded.project)
    assert login(personas.officer_c).get(project_url(graded.project)).status_code == 404


def project_url(project):
    return reverse("budgets:project_detail", args=[project.pk])


def project_page(login, user, project):
    page = login(user).get(project_url(project))
    assert page.status_code == 200
    return page.content.decode()


def test_dismiss_a_suggestion_on_the_page(personas, login):
    item = rectification(funded(personas))
    client = login(personas.finance_admin)
    url = reverse("results:accountability_dismiss")
    body = {"kind": Case.RECTIFICATION_OVERDUE, "ref": item.pk, "year": 2025}
    client.post(url, {**body, "reason": ""})
    assert not AccountabilityDismissal.objects.exists()
    assert client.post(url, {**body, "reason": "整改已完成待核实"}).status_code == 302
    assert AccountabilityDismissal.objects.get().reason == "整改已完成待核实"
    assert client.get(SUGGESTIONS, {"kind": Case.RECTIFICATION_OVERDUE}).context["rows"] == []
    assert login(personas.officer_a).post(url, {**body, "reason": "x"}).status_code == 403


def test_suggestions_page_is_for_finance_only(personas, login):
    assert login(personas.officer_a).get(SUGGESTIONS).status_code == 403
    assert login(personas.dept_d_officer).get(SUGGESTIONS).status_code == 403
    assert login(personas.finance_reviewer).get(SUGGESTIONS).status_code == 200


def test_list_filters(personas, login):
    a = make_case(personas, case=Case.POOR_GRADE, measure="reduce", person="赵六")
    b = make_case(personas, personas.unit_c, year=2025)
    client = login(personas.finance_admin)

    def rows(**q):
        return [c.pk for c in client.get(LIST, q).context["rows"]]

    assert rows(case=Case.POOR_GRADE) == [a.pk]
    assert rows(measure="interview") == [b.pk]
    assert rows(year=2025) == [b.pk]
    assert rows(department=personas.dept_e.pk) == [b.pk]
    assert rows(unit=personas.unit_a.pk) == [a.pk]
    assert rows(q="赵六") == [a.pk]


def test_export_cells_are_scoped_and_audited(personas, login):
    project = funded(personas, name="=危险项目")
    make_case(personas, project=project, person="张三", facts="未申报目标")
    make_case(personas, personas.unit_c)
    r = login(personas.officer_a).get(reverse("results:accountability_export"))
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "年度", "问责情形", "主管部门", "责任单位")
    assert len(rows) == 2
    assert rows[1][:9] == (
        1,
        2026,
        "其他",
        "吉林省教育厅",
        "吉林省实验中学",
        "张三",
        "'=危险项目",
        None,
        "未申报目标",
    )
    assert rows[1][9] == "约谈整改"
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, summary="导出问责记录").count() == 1


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_export_query_counts_do_not_grow(personas, login, django_assert_max_num_queries):
    make_case(personas, project=funded(personas))
    client = login(personas.finance_admin)
    export = reverse("results:accountability_export")
    one, one_export = _queries(client, LIST), _queries(client, export)
    for i in range(15):
        make_case(personas, personas.unit_c if i % 2 else personas.unit_b, project=funded(personas))
    assert len(client.get(LIST).context["rows"]) == 16
    with django_assert_max_num_queries(one):
        client.get(LIST)
    with django_assert_max_num_queries(one_export):
        client.get(export)


@pytest.mark.parametrize(
    "kind", [Case.NO_TARGET, Case.NO_MONITORING, Case.POOR_GRADE, Case.RECTIFICATION_OVERDUE]
)
def test_suggestions_query_count_does_not_grow(personas, login, kind, django_assert_max_num_queries):
    def one_of_each(unit):
        funded(personas, unit)
        report(personas, funded(personas, unit))
        evaluation(personas, funded(personas, unit))
        rectification(funded(personas, unit))

    one_of_each(personas.unit_a)
    client = login(personas.finance_admin)
    first = _queries(client, SUGGESTIONS, {"kind": kind})
    for unit in [personas.unit_b, personas.unit_c] * 4:
        one_of_each(unit)
    page = client.get(SUGGESTIONS, {"kind": kind})
    assert len(page.context["rows"]) > 1
    with django_assert_max_num_queries(first):
        client.get(SUGGESTIONS, {"kind": kind})
    assert TODAY == datetime.date(2026, 9, 1)
