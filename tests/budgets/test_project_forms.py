import pytest
from django.urls import reverse

from budgets.models import Project
from perfapp.models import AuditEvent, EventKind
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("budgets:project_create")


def form_data(**overrides):
    data = {
        "code": "",
        "name": "智慧校园建设",
        "category": "livelihood",
        "function_code": "2050202",
        "budget_type": "general",
        "fund_sources": ["local", "transfer"],
        "nature": "new",
        "start_year": "2026",
        "end_year": "2027",
        "total_amount": "1800000.00",
        "leader_name": "李四",
        "leader_phone": "0431-88886666",
        "description": "建设校园网和智慧教室。",
    }
    data.update(overrides)
    return data


def test_unit_officer_creates_a_draft_project_for_their_own_unit(personas, login):
    response = login(personas.officer_a).post(CREATE, form_data())
    project = Project.objects.get(name="智慧校园建设")
    assert response.status_code == 302
    assert project.unit == personas.unit_a
    assert project.department == personas.dept_d and project.region == personas.province
    assert project.status == Project.Status.DRAFT
    assert project.created_by == personas.officer_a
    assert project.fund_sources == ["local", "transfer"]
    assert project.code.startswith("2026A")
    assert AuditEvent.objects.filter(kind=EventKind.CREATED, object_id=str(project.pk)).exists()


def test_the_unit_cannot_be_chosen_through_the_form(personas, login):
    login(personas.officer_a).post(CREATE, form_data(unit=personas.unit_c.pk, department=personas.dept_e.pk))
    project = Project.objects.get(name="智慧校园建设")
    assert project.unit == personas.unit_a and project.department == personas.dept_d


@pytest.mark.parametrize(
    "who", ["leader", "auditor", "dept_d_officer", "finance_admin", "expert", "system_admin"]
)
def test_only_unit_officers_may_create_projects(personas, login, who):
    client = login(getattr(personas, who))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert not Project.objects.filter(name="智慧校园建设").exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"start_year": "2027", "end_year": "2026"}, "结束年度不能早于起始年度。"),
        ({"total_amount": "-1"}, "项目总金额不能为负数。"),
        ({"fund_sources": ["local", "lottery"]}, "“lottery”不是列表中的资金来源。"),
        ({"fund_sources": []}, "请至少选择一个资金来源。"),
        ({"name": ""}, "请填写项目名称。"),
    ],
)
def test_invalid_input_is_refused_in_chinese_and_kept(personas, login, overrides, message):
    data = form_data(**overrides, leader_name="王五保留")
    response = login(personas.officer_a).post(CREATE, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'value="王五保留"' in body
    assert not Project.objects.filter(leader_name="王五保留").exists()


def test_a_duplicate_code_is_refused(personas, login):
    ProjectFactory(unit=personas.unit_b, code="DUP-1")
    response = login(personas.officer_a).post(CREATE, form_data(code="DUP-1"))
    assert response.status_code == 400
    assert "项目编码已存在" in response.content.decode()


def edit_url(project):
    return reverse("budgets:project_edit", args=[project.pk])


def test_unit_officer_edits_a_draft_and_the_change_is_in_the_history(personas, library, login):
    client = login(personas.officer_a)
    form = client.get(edit_url(library.a)).context["form"]
    data = form_data(
        name="实验室改造（调整）", seen_version=form.initial["seen_version"], code=library.a.code
    )
    assert client.post(edit_url(library.a), data).status_code == 302
    library.a.refresh_from_db()
    assert library.a.name == "实验室改造（调整）"
    assert library.a.version == 2
    page = client.get(reverse("budgets:project_detail", args=[library.a.pk])).content.decode()
    assert "实验中学实验室改造" in page and "实验室改造（调整）" in page  # old → new in 修改记录


def test_a_stale_edit_form_is_refused_and_the_input_kept(personas, library, login):
    client = login(personas.officer_a)
    seen = library.a.version
    library.a.refresh_from_db()
    library.a.leader_name = "同事"
    library.a.version += 1
    library.a.save()
    response = client.post(edit_url(library.a), form_data(name="我刚输入的名称", seen_version=seen))
    assert response.status_code == 409
    body = response.content.decode()
    assert "该记录已被他人修改" in body and "我刚输入的名称" in body
    library.a.refresh_from_db()
    assert library.a.name == "实验中学实验室改造" and library.a.leader_name == "同事"


@pytest.mark.parametrize(
    "status", [Project.Status.SUBMITTED, Project.Status.ADMITTED, Project.Status.DEPT_APPROVED]
)
def test_a_project_under_review_or_admitted_cannot_be_edited(personas, login, status):
    project = ProjectFactory(unit=personas.unit_a, status=status)
    client = login(personas.officer_a)
    assert client.get(edit_url(project)).status_code == 403
    assert client.post(edit_url(project), form_data(seen_version=project.version)).status_code == 403


def test_a_returned_project_can_be_edited_again(personas, login):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.RETURNED)
    assert login(personas.officer_a).get(edit_url(project)).status_code == 200


def test_another_units_project_edit_is_404_and_the_department_may_not_edit(personas, library, login):
    assert login(personas.officer_b).get(edit_url(library.a)).status_code == 404
    assert login(personas.dept_d_officer).get(edit_url(library.a)).status_code == 403
    assert login(personas.leader).post(edit_url(library.a), form_data()).status_code == 403
