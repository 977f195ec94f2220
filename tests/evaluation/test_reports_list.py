"""The list of department, fiscal and re-evaluations (filters, scoping, constant query count) and
the shared evaluation page (the plan/expert/scoring panel included when that template exists)."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import Evaluation
from tests.evaluation.reports_data import assign, make_evaluation, media_root  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def list_url(**query):
    from urllib.parse import urlencode

    url = reverse("evaluation:evaluation_list")
    return f"{url}?{urlencode(query)}" if query else url


def names(response) -> list[str]:
    return [e.name for e in response.context["rows"]]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _many(personas, n, start=0):
    for i in range(start, start + n):
        make_evaluation(
            personas,
            kind=Evaluation.Kind.DEPARTMENT if i % 2 else Evaluation.Kind.FISCAL,
            unit=personas.unit_b if i % 3 else personas.unit_a,
            project_name=f"项目{i:03d}",
            money=False,
        )


def test_the_list_costs_the_same_queries_for_5_and_50_evaluations(
    personas, login, django_assert_max_num_queries
):
    _many(personas, 5)
    client = login(personas.finance_admin)
    client.get(list_url())  # warm up (session, content types)
    few = _queries(client, list_url())
    _many(personas, 45, start=5)
    assert Evaluation.objects.count() == 50
    assert _queries(client, list_url()) == few
    with django_assert_max_num_queries(few):
        response = client.get(list_url(page=2))
    assert len(response.context["rows"]) == 20 and response.context["page"].paginator.count == 50


def test_the_list_filters_by_year_kind_department_status_and_grade(personas, login):
    p = personas
    fiscal = make_evaluation(p, project_name="甲项目", status=Evaluation.Status.FINAL)
    dept = make_evaluation(
        p, kind=Evaluation.Kind.DEPARTMENT, unit=p.unit_b, project_name="乙项目", scored=False
    )
    other = make_evaluation(p, unit=p.unit_c, project_name="丙项目")
    Evaluation.objects.filter(pk=other.pk).update(grade_label="优", total_score=92)
    old = make_evaluation(p, project_name="丁项目", year=2025)
    client = login(p.finance_admin)
    assert set(names(client.get(list_url()))) == {fiscal.name, dept.name, other.name, old.name}
    assert set(names(client.get(list_url(year=2025)))) == {old.name}
    assert set(names(client.get(list_url(kind="department")))) == {dept.name}
    assert set(names(client.get(list_url(department=p.dept_e.pk)))) == {other.name}
    assert set(names(client.get(list_url(status="final")))) == {fiscal.name}
    assert set(names(client.get(list_url(grade="优")))) == {other.name}
    assert set(names(client.get(list_url(q="乙项目")))) == {dept.name}
    html = client.get(list_url(status="final")).content.decode()
    assert "已定稿" in html


def test_the_list_is_scoped_to_what_the_user_sees(personas, login):
    p = personas
    a = make_evaluation(p, project_name="甲项目")
    c = make_evaluation(p, unit=p.unit_c, project_name="丙项目")
    Evaluation.objects.create(
        kind=Evaluation.Kind.SELF,
        fiscal_year=p.year,
        year=2026,
        name="自评不在此列",
        unit=p.unit_a,
        department=p.dept_d,
        region=p.province,
    )
    assert set(names(login(p.dept_d_officer).get(list_url()))) == {a.name}
    assert set(names(login(p.officer_c).get(list_url()))) == {c.name}
    assert set(names(login(p.auditor).get(list_url()))) == {a.name, c.name}
    assert names(login(p.expert).get(list_url())) == []
    assign(c, p.expert)
    assert names(login(p.expert).get(list_url())) == [c.name]
    assert login(p.audit_admin).get(list_url()).status_code == 403


def test_the_detail_page_is_404_for_others_and_for_self_evaluations(personas, login):
    p = personas
    evaluation = make_evaluation(p)
    url = reverse("evaluation:evaluation_detail", args=[evaluation.pk])
    assert login(p.dept_e_officer).get(url).status_code == 404
    assert login(p.officer_a).get(url).status_code == 200
    own = Evaluation.objects.create(
        kind=Evaluation.Kind.SELF,
        fiscal_year=p.year,
        year=2026,
        name="自评",
        unit=p.unit_a,
        department=p.dept_d,
        region=p.province,
    )
    assert (
        login(p.finance_admin).get(reverse("evaluation:evaluation_detail", args=[own.pk])).status_code == 404
    )


def test_the_detail_page_includes_the_external_panel_when_it_exists(personas, login, settings, tmp_path):
    evaluation = make_evaluation(personas)
    url = reverse("evaluation:evaluation_detail", args=[evaluation.pk])
    panel = tmp_path / "evaluation" / "external" / "_panel.html"
    panel.parent.mkdir(parents=True)
    panel.write_text('<div id="external-panel">专家评分面板：{{ evaluation.name }}</div>', encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(tmp_path), *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    html = login(personas.finance_reviewer).get(url).content.decode()
    assert f"专家评分面板：{evaluation.name}" in html
    assert 'id="records"' in html and 'id="reports"' in html


def test_the_detail_page_offers_the_evaluator_its_forms_and_the_auditor_none(personas, login):
    evaluation = make_evaluation(personas)
    url = reverse("evaluation:evaluation_detail", args=[evaluation.pk])
    html = login(personas.finance_reviewer).get(url).content.decode()
    assert 'id="record-form"' in html and 'id="draft-form"' in html and 'id="finalize-form"' in html
    html = login(personas.auditor).get(url).content.decode()
    assert (
        'id="record-form"' not in html and 'id="draft-form"' not in html and 'id="finalize-form"' not in html
    )
    assert "导出评分表" in html
