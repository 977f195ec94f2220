"""Declaring and editing a target through the pages: errors next to the field with the input kept,
nothing saved on error, stale edits refused, approved targets frozen."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Project
from targets.models import Indicator, IndicatorTemplate, Level1, Target
from tests.factories import AllocationFactory, ProjectFactory
from tests.targets.helpers import clean_indicators, make_target
from tests.targets.pages import approved, form_data

pytestmark = pytest.mark.django_db
CREATE = reverse("targets:target_create")


def test_unit_officer_declares_a_project_target_with_its_indicators(personas, login):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.ADMITTED)
    response = login(personas.officer_a).post(CREATE, form_data(project, personas.year))
    target = Target.objects.get(project=project)
    assert response.status_code == 302
    assert response["Location"] == reverse("targets:target_detail", args=[target.pk])
    assert (target.unit, target.year, target.status) == (personas.unit_a, 2026, Target.Status.DRAFT)
    assert target.indicators.count() == len(clean_indicators())
    assert target.category == project.category


def test_the_amount_defaults_to_the_projects_budget_for_the_year(personas, login):
    project = ProjectFactory(
        unit=personas.unit_a, status=Project.Status.ADMITTED, start_year=2026, end_year=2026
    )
    AllocationFactory(project=project, year=2026, initial_amount=Decimal("300000"), adjustment=Decimal("0"))
    response = login(personas.officer_a).get(CREATE, {"project": project.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["amount"] == Decimal("300000")


def test_bad_indicators_are_shown_next_to_their_field_and_nothing_is_saved(personas, login):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.ADMITTED)
    rows = clean_indicators()
    rows[0]["unit"] = ""  # quantitative without a unit
    rows[1]["target_value"] = None  # quantitative without a number
    rows = [r for r in rows if r["level1"] != Level1.OUTCOME]  # no 效益 indicator
    response = login(personas.officer_a).post(CREATE, form_data(project, personas.year, indicators=rows))
    assert response.status_code == 400
    assert not Target.objects.exists()
    forms = response.context["formset"].forms
    assert "定量指标须填写计量单位。" in forms[0].errors["unit"]
    assert "定量指标须填写数值。" in forms[1].errors["target_value"]
    assert "至少需要一个效益指标。" in response.context["formset"].general_errors
    body = response.content.decode()
    assert "培训人次" in body and "人均培训成本" in body  # the input is kept


def test_weights_that_do_not_add_up_are_refused_on_the_first_row_of_the_group(personas, login):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.ADMITTED)
    rows = clean_indicators()
    for row in rows:
        row["weight"] = Decimal("5")
    response = login(personas.officer_a).post(CREATE, form_data(project, personas.year, indicators=rows))
    assert response.status_code == 400
    assert "分值合计应为" in response.context["formset"].forms[0].errors["weight"][0]
    assert not Target.objects.exists()


def test_a_second_target_for_the_same_project_year_is_refused(personas, login):
    target = make_target(personas)
    response = login(personas.officer_a).post(CREATE, form_data(target.project, personas.year))
    assert response.status_code == 400
    assert Target.objects.filter(project=target.project).count() == 1


def test_another_units_project_cannot_be_chosen(personas, login):
    project = ProjectFactory(unit=personas.unit_b, status=Project.Status.ADMITTED)
    response = login(personas.officer_a).post(CREATE, form_data(project, personas.year))
    assert response.status_code == 400
    assert "project" in response.context["form"].errors
    assert not Target.objects.exists()


@pytest.mark.parametrize("who", ["dept_d_officer", "finance_admin", "leader", "auditor", "system_admin"])
def test_only_a_unit_officer_declares_project_targets(personas, login, who):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.ADMITTED)
    response = login(getattr(personas, who)).post(CREATE, form_data(project, personas.year))
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_department_officer_declares_the_departments_overall_target(personas, login):
    url = reverse("targets:target_create_department")
    response = login(personas.dept_d_officer).post(url, form_data(fiscal_year=personas.year))
    target = Target.objects.get()
    assert response.status_code == 302
    assert (target.kind, target.unit, target.department) == (
        Target.Kind.DEPARTMENT,
        personas.dept_d,
        personas.dept_d,
    )
    assert login(personas.officer_a).get(url).status_code == 403


def test_adding_a_row_or_a_library_template_keeps_the_input_and_saves_nothing(personas, login):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.ADMITTED)
    template = IndicatorTemplate.objects.create(
        level1=Level1.OUTPUT, level2="数量指标", name="测试购置数量", unit="台", comparator="gte"
    )
    client = login(personas.officer_a)
    data = form_data(project, personas.year, overall_goal="保留我填写的目标")
    data["action"] = f"add_template:{template.pk}"
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert not Target.objects.exists()
    formset = response.context["formset"]
    assert len(formset.forms) == len(clean_indicators()) + 1
    last = formset.forms[-1]
    assert (last["name"].value(), last["unit"].value(), last["template"].value()) == (
        "测试购置数量",
        "台",
        str(template.pk),
    )
    assert "保留我填写的目标" in response.content.decode()
    data["action"] = "add_row"
    assert len(client.post(CREATE, data).context["formset"].forms) == len(clean_indicators()) + 1


def test_library_search_offers_confirmed_templates_only(personas, login):
    IndicatorTemplate.objects.create(
        level1=Level1.OUTPUT, level2="数量指标", name="甲设备购置数量", unit="台"
    )
    IndicatorTemplate.objects.create(
        level1=Level1.OUTPUT, level2="数量指标", name="甲设备提议数量", unit="台", status="proposed"
    )
    response = login(personas.officer_a).get(reverse("targets:library_search"), {"lib_q": "甲设备"})
    body = response.content.decode()
    assert "甲设备购置数量" in body and "甲设备提议数量" not in body


def test_unit_officer_edits_a_draft_and_the_indicators_are_replaced(personas, login):
    target = make_target(personas)
    rows = clean_indicators()
    rows[0]["target_value"] = Decimal("600")
    data = form_data(indicators=rows, version=target.version, overall_goal="新的年度目标")
    response = login(personas.officer_a).post(reverse("targets:target_edit", args=[target.pk]), data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.overall_goal == "新的年度目标"
    assert target.version == 2
    assert Indicator.objects.get(target=target, name="培训人次").target_value == Decimal("600")
    assert target.indicators.count() == len(rows)


def test_a_stale_edit_is_refused_with_the_input_kept(personas, login):
    target = make_target(personas)
    seen = target.version
    Target.objects.filter(pk=target.pk).update(version=seen + 1, overall_goal="别人先保存的目标")
    data = form_data(version=seen, overall_goal="我后保存的目标")
    response = login(personas.officer_a).post(reverse("targets:target_edit", args=[target.pk]), data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "已被他人修改" in body and "我后保存的目标" in body
    target.refresh_from_db()
    assert target.overall_goal == "别人先保存的目标"
    assert target.indicators.count() == len(clean_indicators())


def test_an_approved_target_cannot_be_edited_through_the_page(personas, login):
    target = approved(personas)
    url = reverse("targets:target_edit", args=[target.pk])
    client = login(personas.officer_a)
    assert client.get(url).status_code == 403
    response = client.post(url, form_data(version=target.version, overall_goal="偷偷修改", indicators=[]))
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.overall_goal != "偷偷修改"
    assert target.indicators.count() == len(clean_indicators())


@pytest.mark.parametrize(("who", "status"), [("officer_b", 404), ("officer_c", 404), ("leader", 403)])
def test_others_cannot_edit_a_units_target(personas, login, who, status):
    target = make_target(personas)
    url = reverse("targets:target_edit", args=[target.pk])
    response = login(getattr(personas, who)).post(url, form_data(version=target.version, overall_goal="改"))
    assert response.status_code == status
    target.refresh_from_db()
    assert target.overall_goal != "改"
